"""The usage database: the one module that creates, changes, writes and purges it.

Schema changes happen only through the versioned migrations below (sqlite-utils
``Migrations``): add a new function at the end, never edit one already shipped.
Times are stored as local time text ``YYYY-MM-DD HH:MM:SS`` so that the views and
the figures can group by day, hour and month with plain SQL.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

DB_NAME = "usage.db"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
RETENTION_MONTHS = 25
FULL_BELOW_BYTES = 256 * 1024  # less free space than this: the disk counts as full

migrations = Migrations("kiosk-usage")


@migrations(name="m001_events")
def m001_events(db: Database) -> None:
    db["events"].create(
        {"id": int, "at": str, "visit": str, "kind": str, "flow": str, "step": str,
         "number": int, "seconds": int, "value": str},
        pk="id", not_null={"at", "visit", "kind"},
    )


@migrations(name="m002_flows_and_indexes")
def m002_flows_and_indexes(db: Database) -> None:
    db["flows"].create({"id": str, "title": str, "themes": str}, pk="id")
    # Covering indexes: each figure reads one index range, never the table.
    db["events"].create_index(["kind", "at", "flow", "seconds", "visit"],
                              index_name="events_by_kind")
    db["events"].create_index(["kind", "flow", "at", "step", "visit"],
                              index_name="events_by_flow")
    db["events"].create_index(["at"], index_name="events_by_time")


VIEWS = {
    "visites_par_jour": """
        SELECT substr(at, 1, 10) AS jour, COUNT(*) AS visites
        FROM events WHERE kind = 'visit_started' GROUP BY jour ORDER BY jour""",
    "visites_par_mois": """
        SELECT substr(at, 1, 7) AS mois, COUNT(*) AS visites
        FROM events WHERE kind = 'visit_started' GROUP BY mois ORDER BY mois""",
    "usage_par_heure": """
        SELECT CAST(substr(at, 12, 2) AS INTEGER) AS heure, COUNT(*) AS visites
        FROM events WHERE kind = 'visit_started' GROUP BY heure ORDER BY heure""",
    "usage_par_jour_semaine": """
        SELECT CASE strftime('%w', at) WHEN '1' THEN '1 lundi' WHEN '2' THEN '2 mardi'
               WHEN '3' THEN '3 mercredi' WHEN '4' THEN '4 jeudi' WHEN '5' THEN '5 vendredi'
               WHEN '6' THEN '6 samedi' ELSE '7 dimanche' END AS jour, COUNT(*) AS visites
        FROM events WHERE kind = 'visit_started' GROUP BY jour ORDER BY jour""",
    "parcours_resume": """
        SELECT e.flow AS parcours, f.title AS titre, f.themes AS themes_cra,
               SUM(e.kind = 'procedure_started') AS commences,
               SUM(e.kind = 'procedure_ended') AS termines,
               ROUND(100.0 * SUM(e.kind = 'procedure_ended')
                     / MAX(SUM(e.kind = 'procedure_started'), 1), 1) AS taux_termine_pourcent,
               SUM(e.kind = 'help_asked') AS demandes_aide
        FROM events e LEFT JOIN flows f ON f.id = e.flow
        WHERE e.kind IN ('procedure_started', 'procedure_ended', 'help_asked')
              AND e.flow IS NOT NULL
        GROUP BY e.flow ORDER BY commences DESC""",
    "etapes_atteintes": """
        SELECT flow AS parcours, step AS etape, COUNT(DISTINCT visit) AS visites,
               MIN(number) AS numero
        FROM events WHERE kind = 'step_shown' GROUP BY flow, step ORDER BY flow, numero""",
    "fins_de_visite": """
        SELECT CASE value WHEN 'finished' THEN 'terminée' WHEN 'gave-up' THEN 'abandon'
               WHEN 'idle' THEN 'inactivité' WHEN 'home' THEN 'bouton Accueil' END AS raison,
               COUNT(*) AS visites
        FROM events WHERE kind = 'visit_ended' GROUP BY raison ORDER BY visites DESC""",
    "demandes_aide_par_jour": """
        SELECT substr(at, 1, 10) AS jour, COUNT(*) AS demandes
        FROM events WHERE kind = 'help_asked' GROUP BY jour ORDER BY jour""",
}


@migrations(name="m003_views")
def m003_views(db: Database) -> None:
    for name, sql in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {sql.strip()}")


@migrations(name="m004_funnel")
def m004_funnel(db: Database) -> None:
    # Step events now say whether the visit reaches the step for the first time, so the
    # funnel counts rows in index order instead of distinct visits. Older rows get it here.
    db.execute("UPDATE events SET value = CASE WHEN id IN (SELECT MIN(id) FROM events "
               "WHERE kind = 'step_shown' GROUP BY visit, flow, step) THEN 'first' "
               "ELSE 'again' END WHERE kind = 'step_shown'")
    db["events"].create_index(["kind", "flow", "value", "step", "at"],
                              index_name="events_funnel")


@migrations(name="m005_outcomes")
def m005_outcomes(db: Database) -> None:
    # One "procedure_outcome" per visit and flow (written by the recorder when the visit
    # ends); older visits get theirs here, from their own events.
    db.conn.executemany(INSERT_EVENT, list(backfill_outcomes(db.conn)))
    db["events"].create_index(["kind", "at", "flow", "value", "seconds", "step"],
                              index_name="events_outcomes")


LEFT_OUTCOME = {"home": "accueil", "idle": "inactivite"}


def backfill_outcomes(conn: sqlite3.Connection) -> Iterable[tuple]:
    """The ``procedure_outcome`` rows of every ended visit that has none, computed from
    its events as :class:`~kiosk.usage.recorder.UsageRecorder` does."""
    done = {v for (v,) in conn.execute(
        "SELECT DISTINCT visit FROM events WHERE kind = 'procedure_outcome'")}
    rows = conn.execute(
        "SELECT visit, kind, at, flow, step, value FROM events WHERE kind IN "
        "('procedure_started', 'step_shown', 'back', 'procedure_ended', 'help_asked', "
        "'repeat', 'practice_tried', 'visit_ended') ORDER BY visit, id")
    visit_now = None
    runs: dict[str, list] = {}  # flow -> [started, last, step, outcome]
    current: str | None = None
    for visit, kind, at, flow, step, value in rows:
        if visit != visit_now:
            visit_now, runs, current = visit, {}, None
        if visit in done:
            continue
        moment = datetime.strptime(at, TIME_FORMAT).timestamp()
        if kind == "visit_ended":
            for flow_id, (started, last, last_step, outcome) in runs.items():
                yield (at, "procedure_outcome", visit, flow_id, last_step, None,
                       max(0, min(int(round(last - started)), 24 * 3600)),
                       outcome or LEFT_OUTCOME.get(value, "abandon"))
            runs, current = {}, None
            continue
        if kind == "procedure_started":
            runs.setdefault(flow, [moment, moment, None, None])
            current = flow
        elif flow in runs and kind in ("step_shown", "back", "procedure_ended"):
            run = runs[flow]
            run[1], run[2] = moment, step
            if kind == "procedure_ended":
                run[3] = value
            current = flow
        elif current in runs and kind in ("help_asked", "repeat", "practice_tried"):
            runs[current][1] = moment


SCHEMA_VERSION = len(migrations._migrations)


log = logging.getLogger("kiosk.usage")


class UsageDbError(Exception):
    """The usage database cannot be opened or used; the message is in French."""


def is_corruption(error: BaseException) -> bool:
    """True for a damaged file, False for a full disk, a lock or a read-only folder."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    text = str(error).lower()
    return "malformed" in text or "not a database" in text or (
        not isinstance(error, sqlite3.OperationalError) and "corrupt" in text)


def french_reason(error: BaseException, folder: Path | None = None) -> str:
    """What went wrong, in words a counsellor understands. ``folder``: where the database
    is, to tell a full disk behind SQLite's vaguer "disk I/O error"."""
    text = str(error).lower()
    if "full" in text or "no space" in text or ("i/o" in text and _disk_full(folder)):
        return "le disque est plein"
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "le dossier des données est en lecture seule"
    if "locked" in text or "busy" in text:
        return "la base est occupée par un autre programme"
    if is_corruption(error):
        return "le fichier des statistiques est abîmé"
    if "unable to open" in text or isinstance(error, OSError):
        return "le dossier des données est introuvable ou inaccessible"
    return f"erreur de la base ({error})"


def _disk_full(folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW_BYTES
    except OSError:
        return False


def _connect(path: Path, busy_ms: int) -> Database:
    conn = sqlite3.connect(str(path), timeout=busy_ms / 1000)
    db = Database(conn, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def set_aside(path: Path, now: datetime) -> Path:
    """Move a damaged database (and its WAL) out of the way; return its new name."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.corrompu-{stamp}{path.suffix}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.stem}.corrompu-{stamp}-{number}{path.suffix}")
    path.rename(target)
    for extra in ("-wal", "-shm", "-journal"):
        side = Path(str(path) + extra)
        if side.exists():
            side.rename(Path(str(target) + extra))
    return target


SQLITE_HEADER = b"SQLite format 3\x00"
FileIdentity = tuple[int, int]


def file_identity(path: Path) -> FileIdentity | None:
    """(device, inode) of the database file, to notice it being replaced; None if gone."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def still_ours(path: Path, identity: FileIdentity | None) -> bool:
    """True while the file at ``path`` is the one we opened and still starts like a
    SQLite database. An open connection does not notice a file deleted, replaced or
    overwritten under it (in WAL mode it keeps writing to the WAL): this does, with one
    stat and a 16-byte read."""
    if identity is None or file_identity(path) != identity:
        return False
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def open_db(path: Path, *, now: datetime | None = None, check: bool = False,
            busy_ms: int = 5000) -> tuple[Database, Path | None]:
    """Open (creating or upgrading) the database at ``path``.

    With ``check``, a damaged file is set aside (renamed with a timestamp) and a new
    one started; the second value is then the set-aside file's path. Other
    errors (read-only, disk full, missing folder) raise :class:`sqlite3.Error` / OSError.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = _connect(path, busy_ms)
        try:
            if check:
                result = db.execute("PRAGMA quick_check").fetchone()
                if not result or result[0] != "ok":
                    raise sqlite3.DatabaseError(f"database disk image is malformed: {result}")
            migrate(db)
        except BaseException:
            db.close()
            raise
        return db, None
    except sqlite3.DatabaseError as error:
        if not (check and is_corruption(error)):
            raise
    moved = set_aside(path, now or datetime.now())
    db = _connect(path, busy_ms)
    migrate(db)
    recovered = recover_rows(moved, db)
    log.warning("usage database damaged: set aside as %s, %d rows recovered", moved.name,
                recovered)
    return db, moved


RECOVERED_TABLES = ("events", "flows")
MAX_SKIPS = 12  # look past a damaged page up to 10**12 row ids further


def recover_rows(damaged: Path, db: Database) -> int:
    """Copy every row still readable in the set-aside file ``damaged`` into ``db`` (the new
    file); returns how many. Reads each table in row-id order and, where a damaged page
    stops the reading, starts again past it (1, 10, 100... ids further): every row of an
    undamaged page is kept. Never raises."""
    try:
        source = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    copied = 0
    try:
        for table in RECOVERED_TABLES:
            columns = _common_columns(source, db, table)
            if columns:
                copied += _copy_table(source, db, table, columns)
    finally:
        source.close()
    return copied


def _common_columns(source: sqlite3.Connection, db: Database, table: str) -> list[str]:
    try:
        theirs = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
    except sqlite3.Error:
        return []
    ours = {column.name for column in db[table].columns} if db[table].exists() else set()
    return [name for name in theirs if name in ours]


def _copy_table(source: sqlite3.Connection, db: Database, table: str,
                columns: list[str]) -> int:
    # Names from RECOVERED_TABLES and our own schema only (the intersection above).
    names = ", ".join(columns)
    insert = (f"INSERT OR IGNORE INTO {table} ({names}) "  # noqa: S608
              f"VALUES ({', '.join('?' * len(columns))})")
    read = f"SELECT rowid, {names} FROM {table} WHERE rowid > ? ORDER BY rowid"  # noqa: S608
    after, copied, skip = -(2**63), 0, 0
    while skip <= MAX_SKIPS:
        batch: list[tuple] = []
        try:
            for row in source.execute(read, (after,)):
                after = row[0]
                batch.append(row[1:])
                if len(batch) >= 1000:
                    copied += _insert(db, insert, batch)
                    batch = []
            copied += _insert(db, insert, batch)
            return copied
        except sqlite3.DatabaseError:
            copied += _insert(db, insert, batch)
            after += 10 ** skip  # past the damaged page
            skip += 1
    return copied


def _insert(db: Database, insert: str, rows: list[tuple]) -> int:
    if not rows:
        return 0
    try:
        with db.atomic():
            db.conn.executemany(insert, rows)
    except sqlite3.Error:
        return 0
    return len(rows)


def migrate(db: Database) -> None:
    """Apply every pending migration, each in its own transaction."""
    if migrations.pending(db):
        migrations.apply(db)


def applied_migrations(db: Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


INSERT_EVENT = ("INSERT INTO events (at, kind, visit, flow, step, number, seconds, value) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
UPSERT_FLOW = ("INSERT INTO flows (id, title, themes) VALUES (?, ?, ?) "
               "ON CONFLICT(id) DO UPDATE SET title = excluded.title, themes = excluded.themes")


def write(db: Database, events: Sequence[tuple], flows: Iterable[tuple[str, str, tuple]] = ()
          ) -> None:
    """Write checked events ``(at, kind, visit, flow, step, number, seconds, value)`` and
    flow descriptions ``(id, title, themes)`` in one transaction."""
    with db.atomic():
        db.conn.executemany(UPSERT_FLOW, [(i, t, json.dumps(list(th), ensure_ascii=False))
                                          for i, t, th in flows])
        db.conn.executemany(INSERT_EVENT, events)


def months_before(now: datetime, months: int) -> datetime:
    """``now`` minus a number of calendar months (the day is kept, or the month's last)."""
    index = now.year * 12 + (now.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    day = now.day
    while day > 28:
        try:
            return now.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1
    return now.replace(year=year, month=month, day=day)


def purge_cutoff(now: datetime, months: int = RETENTION_MONTHS) -> datetime:
    """The first moment kept: the first day of the first whole calendar month that is no
    more than ``months`` months old. Whole months only, so that the oldest month kept
    never shrinks day after day (its figures would then tell one day's count)."""
    oldest = months_before(now, min(int(months), RETENTION_MONTHS))
    if oldest.day == 1 and oldest.time() == datetime.min.time():
        return oldest
    index = oldest.year * 12 + oldest.month  # the month after
    return datetime(index // 12, index % 12 + 1, 1)


def purge(db: Database, now: datetime, months: int = RETENTION_MONTHS) -> int:
    """Delete every event before :func:`purge_cutoff`; returns how many were deleted."""
    cutoff = purge_cutoff(now, months).strftime(TIME_FORMAT)
    with db.atomic():
        cursor = db.conn.execute("DELETE FROM events WHERE at < ?", (cutoff,))
    return cursor.rowcount


def read_connection(path: Path) -> sqlite3.Connection:
    """A connection for the figures and the export (creates an empty database if none)."""
    db, _ = open_db(path)
    return db.conn


def flow_themes(conn: sqlite3.Connection) -> dict[str, tuple[tuple[str, ...], str]]:
    """flow id -> (CRA themes, title), as recorded (older theme names mapped to today's)."""
    from kiosk.flows.vocabulary import current_theme

    result = {}
    for flow_id, title, themes in conn.execute("SELECT id, title, themes FROM flows"):
        names = tuple(dict.fromkeys(current_theme(t) for t in json.loads(themes or "[]")))
        result[flow_id] = (names, title or flow_id)
    return result
