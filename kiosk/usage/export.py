"""Export the figures per month and procedure as CSV, with small counts suppressed.

Any count from 1 to 4 is written ``<5`` (the rule for published anonymous counts),
so no row can point at one person.
"""

from __future__ import annotations

import csv
import glob
import io
import os
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from . import store

HEADER = ("mois", "parcours", "titre", "themes_cra", "visites", "terminees", "aide_demandee")
DEFAULT_MOUNT_GLOBS = ("/media/*/*", "/run/media/*/*")


@dataclass(frozen=True)
class ExportRow:
    month: str
    flow: str
    title: str
    themes: tuple[str, ...]
    visits: int  # visits that started this procedure
    finished: int
    help_asked: int


def shown(count: int) -> str:
    """A count as published: 1 to 4 become "<5"."""
    return "<5" if 1 <= count <= 4 else str(count)


def export_rows(conn: sqlite3.Connection, start: date, end: date) -> list[ExportRow]:
    """Per month and procedure, from ``start`` to ``end`` (both days included)."""
    bounds = (start.isoformat(), (end + timedelta(days=1)).isoformat())
    counts: dict[tuple[str, str], list[int]] = {}
    queries = (
        (0, "SELECT substr(at, 1, 7) AS m, flow, COUNT(DISTINCT visit) "
            "FROM events INDEXED BY events_by_kind WHERE kind = 'procedure_started' "
            "AND at >= ? AND at < ? GROUP BY m, flow"),
        (1, "SELECT substr(at, 1, 7) AS m, flow, COUNT(*) FROM events INDEXED BY events_by_kind "
            "WHERE kind = 'procedure_ended' AND at >= ? AND at < ? GROUP BY m, flow"),
        (2, "SELECT substr(at, 1, 7) AS m, flow, COUNT(*) FROM events INDEXED BY events_by_kind "
            "WHERE kind = 'help_asked' AND flow IS NOT NULL AND at >= ? AND at < ? "
            "GROUP BY m, flow"),
    )
    for column, sql in queries:
        for month, flow_id, count in conn.execute(sql, bounds):
            counts.setdefault((month, flow_id), [0, 0, 0])[column] = count
    known = store.flow_themes(conn)
    rows = []
    for (month, flow_id), (visits, finished, helped) in sorted(counts.items()):
        themes, title = known.get(flow_id, ((), flow_id))
        rows.append(ExportRow(month, flow_id, title, themes, visits, finished, helped))
    return rows


def export_csv(conn: sqlite3.Connection, start: date, end: date) -> str:
    """The CSV text (comma-separated, UTF-8, one header line)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in export_rows(conn, start, end):
        writer.writerow((row.month, row.flow, row.title, " ; ".join(row.themes),
                         shown(row.visits), shown(row.finished), shown(row.help_asked)))
    return out.getvalue()


def write_export(db_path: Path, start: date, end: date, out: Path) -> int:
    """Write the CSV file; returns the number of data rows."""
    conn = store.read_connection(db_path)
    try:
        text = export_csv(conn, start, end)
    finally:
        conn.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out)
    return text.count("\n") - 1


def find_usb_sticks(mount_root: Path | str | None = None) -> list[Path]:
    """Mounted removable drives: folders under ``mount_root`` if given, else the usual
    Linux mount points (/media/USER/NAME, /run/media/USER/NAME)."""
    if mount_root:
        root = Path(mount_root)
        found = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    else:
        found = sorted(Path(p) for pattern in DEFAULT_MOUNT_GLOBS for p in glob.glob(pattern)
                       if os.path.ismount(p))
    return [p for p in found if os.access(p, os.W_OK)]


def export_to_usb(db_path: Path, *, mount_root: Path | str | None = None,
                  start: date | None = None, end: date | None = None,
                  now: datetime | None = None) -> str:
    """Write the export on the first USB stick found; returns a French message to show."""
    now = now or datetime.now()
    end = end or now.date()
    start = start or store.months_before(now, store.RETENTION_MONTHS).date()
    sticks = find_usb_sticks(mount_root)
    if not sticks:
        return "Aucune clé USB trouvée. Branchez une clé USB, attendez quelques secondes, " \
               "puis réessayez."
    target = sticks[0] / f"borne-statistiques-{now.strftime('%Y-%m-%d')}.csv"
    try:
        rows = write_export(db_path, start, end, target)
    except (OSError, sqlite3.Error) as error:
        return f"L'export n'a pas pu être écrit sur la clé USB ({store.french_reason(error)})."
    return (f"Les statistiques ont été copiées sur la clé USB « {sticks[0].name} » : fichier "
            f"{target.name} ({rows} lignes). Vous pouvez retirer la clé.")
