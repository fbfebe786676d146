"""The usage log: exact events, the whitelist, privacy, retention, migrations, the writer."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.flows.engine import Walker
from kiosk.flows.model import Answer, EndOutcome, Flow, Step, StepKind, Text
from kiosk.usage import EventRefused, UsageLog, UsageRecorder, new_visit_id, store
from kiosk.usage.events import check_event

T0 = datetime(2025, 3, 10, 14, 0, 0)


class FakeClock:
    """Wall time and monotonic time that move only when told."""

    def __init__(self, start: datetime = T0) -> None:
        self.at = start
        self.mono = 1000.0

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
        self.mono += seconds

    def now(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return self.mono


def small_flow() -> Flow:
    steps = (
        Step("bienvenue", StepKind.INFORMATION, Text.of("Bienvenue"), Text.of("Bonjour."),
             next="question"),
        Step("question", StepKind.QUESTION, Text.of("Avez-vous un e-mail ?"),
             answers=(Answer(Text.of("Oui"), "essai"), Answer(Text.of("Non"), "fin"))),
        Step("essai", StepKind.INFORMATION, Text.of("Essai"), Text.of("Essayez."), next="fin"),
        Step("fin", StepKind.END, Text.of("Bravo"), Text.of("Fini."), outcome=EndOutcome.SUCCESS),
    )
    return Flow("mini-parcours", Text.of("Mini parcours"), Text.of("Mini"), Text.of("Pour tester."),
                ("e-mail", "aide aux démarches administratives"), "débutant", 5,
                "pictos/email.png", steps)


def rows(db_path: Path) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT at, visit, kind, flow, step, number, seconds, value "
                            "FROM events ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def usage_log(tmp_path: Path, clock: FakeClock):
    log = UsageLog(tmp_path / "usage.db", now=clock.now)
    yield log
    log.close()


def test_a_scripted_visit_gives_exactly_these_rows(tmp_path, clock, usage_log):
    recorder = UsageRecorder(usage_log, now=clock.now, monotonic=clock.monotonic)
    visit = recorder.visit_started()
    clock.advance(3)
    recorder.text_size_changed(2)
    walker = Walker(small_flow())
    recorder.watch(walker)
    clock.advance(4)
    walker.start()
    clock.advance(30)
    recorder.repeat()
    clock.advance(10)
    walker.next()                      # question, 40 s on "bienvenue"
    clock.advance(12)
    walker.answer(0)                   # essai, 12 s on "question"
    clock.advance(5)
    recorder.help_asked()
    recorder.practice_tried(False)
    recorder.practice_tried(True)
    clock.advance(20)
    walker.back()                      # back to "question"
    clock.advance(6)
    walker.answer(1)                   # fin, 6 s on "question"
    clock.advance(9)
    recorder.speech_toggled(False)
    recorder.contrast_changed(True)
    recorder.language_changed("en")
    recorder.visit_ended("finished")
    assert usage_log.flush()

    def at(seconds: int) -> str:
        return (T0 + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")

    f = "mini-parcours"
    assert rows(tmp_path / "usage.db") == [
        (at(0), visit, "visit_started", None, None, None, None, None),
        (at(3), visit, "text_size_changed", None, None, 2, None, None),
        (at(7), visit, "procedure_started", f, None, None, None, None),
        (at(7), visit, "step_shown", f, "bienvenue", 1, 0, "first"),
        (at(37), visit, "repeat", f, "bienvenue", None, None, None),
        (at(47), visit, "step_shown", f, "question", 2, 40, "first"),
        (at(59), visit, "step_shown", f, "essai", 3, 12, "first"),
        (at(64), visit, "help_asked", f, "essai", None, None, None),
        (at(64), visit, "practice_tried", f, "essai", None, None, "failure"),
        (at(64), visit, "practice_tried", f, "essai", None, None, "success"),
        (at(84), visit, "back", f, "question", None, None, None),
        (at(90), visit, "step_shown", f, "fin", 3, 6, "first"),
        (at(90), visit, "procedure_ended", f, "fin", None, 83, "reussite"),
        (at(99), visit, "speech_changed", None, None, None, None, "off"),
        (at(99), visit, "contrast_changed", None, None, None, None, "on"),
        (at(99), visit, "language_changed", None, None, None, None, "en"),
        # one outcome per visit of a flow: the end reached, 83 s guided (start to end)
        (at(99), visit, "procedure_outcome", f, "fin", None, 83, "reussite"),
        (at(99), visit, "visit_ended", None, None, None, None, "finished"),
    ]
    conn = sqlite3.connect(tmp_path / "usage.db")
    assert conn.execute("SELECT id, title, themes FROM flows").fetchall() == [
        (f, "Mini", '["e-mail", "aide aux démarches administratives"]')]
    conn.close()
    assert recorder.refused == 0


def test_each_visit_gets_a_new_random_id(clock, usage_log):
    recorder = UsageRecorder(usage_log, now=clock.now, monotonic=clock.monotonic)
    ids = set()
    for _ in range(50):
        ids.add(recorder.visit_started())
        recorder.visit_ended("idle")
    assert len(ids) == 50
    assert all(len(i) == 16 for i in ids)


@pytest.mark.parametrize(("kind", "fields"), [
    ("typed_text", {}),
    ("visit_started", {"text": "jean.dupont@example.com"}),
    ("step_shown", {"flow": "mini", "step": "essai", "number": 1, "seconds": 1,
                    "first": True, "typed": "secret"}),
    ("step_shown", {"flow": "Jean Dupont", "step": "essai", "number": 1, "seconds": 1}),
    ("step_shown", {"flow": "mini", "step": "a@b.fr", "number": 1, "seconds": 1}),
    ("step_shown", {"flow": "mini", "step": "essai", "number": "1", "seconds": 1}),
    ("step_shown", {"flow": "mini", "step": "essai", "number": 1, "seconds": -5}),
    ("step_shown", {"flow": "mini", "step": "essai", "number": 1}),
    ("visit_ended", {"reason": "il est parti fâché"}),
    ("language_changed", {"language": "klingon"}),
    ("text_size_changed", {"size": 9}),
    ("text_size_changed", {"size": True}),
    ("practice_tried", {"flow": "mini", "step": "essai", "success": "oui"}),
    ("help_asked", {"address": "12 rue des Lilas"}),
])
def test_validation_refuses_what_is_not_whitelisted(usage_log, kind, fields):
    with pytest.raises(EventRefused):
        usage_log.record(kind, new_visit_id(), **fields)
    assert usage_log.flush()
    assert usage_log.health().recorded == 0


@pytest.mark.parametrize("visit", ["Jean", "", "a" * 40, "12 rue des lilas"])
def test_visit_id_must_look_like_one(visit):
    with pytest.raises(EventRefused):
        check_event("visit_started", visit, {})


def test_refused_events_are_never_written(tmp_path, clock, usage_log):
    visit = new_visit_id()
    usage_log.record("visit_started", visit)
    with pytest.raises(EventRefused):
        usage_log.record("help_asked", visit, flow="mini", note="Mme Martin")
    usage_log.record("visit_ended", visit, reason="home")
    assert usage_log.flush()
    assert [r[2] for r in rows(tmp_path / "usage.db")] == ["visit_started", "visit_ended"]


def test_text_typed_during_a_visit_is_never_on_disk(tmp_path, clock):
    """A person types an address and a password in a practice step: none of it is kept."""
    typed = ["marcelle.dupuis1948@orange.fr", "Chaton-Bleu-1948!", "06 12 34 56 78"]
    log = UsageLog(tmp_path / "usage.db", now=clock.now)
    recorder = UsageRecorder(log, now=clock.now, monotonic=clock.monotonic)
    recorder.visit_started()
    walker = Walker(small_flow())
    recorder.watch(walker)
    walker.start()
    walker.next()
    walker.answer(0)
    for text in typed:  # what the screen would hand over if it tried to log the typing
        with pytest.raises(EventRefused):
            log.record("practice_tried", recorder.visit or "", flow="mini-parcours",
                       step="essai", success=True, text=text)
        with pytest.raises(EventRefused):
            log.record("help_asked", recorder.visit or "", flow=text)
        recorder.practice_tried(text.startswith("m"))
    recorder.visit_ended("gave-up")
    assert log.flush()
    before_close = _files_bytes(tmp_path)
    log.close()
    after_close = _files_bytes(tmp_path)
    assert b"practice_tried" in before_close + after_close  # the search does see events
    for text in typed:
        for encoded in (text.encode("utf-8"), text.encode("utf-16-le")):
            assert encoded not in before_close
            assert encoded not in after_close


def _files_bytes(folder: Path) -> bytes:
    """Every byte of the database, its WAL and journal files."""
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


def test_retention_purge_with_an_injected_now(tmp_path):
    clock = FakeClock(datetime(2027, 6, 15, 12, 0, 0))
    log = UsageLog(tmp_path / "usage.db", now=clock.now)
    visit = new_visit_id()
    stamps = [datetime(2025, 5, 31, 23, 59, 59),  # May 2025 is partly over 25 months: goes
              datetime(2025, 6, 1, 0, 0, 0),      # whole months kept: June 2025 on
              datetime(2026, 1, 1, 9, 0, 0),
              datetime(2027, 6, 15, 11, 0, 0)]
    for stamp in stamps:
        log.record("visit_started", visit, at=stamp)
    assert log.flush()
    assert log.purge() == 1
    assert [r[0] for r in rows(tmp_path / "usage.db")] == [
        "2025-06-01 00:00:00", "2026-01-01 09:00:00", "2027-06-15 11:00:00"]
    clock.advance(15 * 24 * 3600)  # 2027-06-30: June 2025 is still whole and 25 months old
    assert log.purge() == 0
    clock.advance(2 * 24 * 3600)  # 2027-07-02: June 2025 goes, all of it
    assert log.purge() == 1
    assert log.purge() == 0
    log.close()
    assert [r[0] for r in rows(tmp_path / "usage.db")] == [
        "2026-01-01 09:00:00", "2027-06-15 11:00:00"]


def test_purge_runs_when_the_log_opens(tmp_path):
    db, _ = store.open_db(tmp_path / "usage.db")
    old = ("2020-01-01 10:00:00", "visit_started", new_visit_id(), None, None, None, None, None)
    new = ("2025-01-01 10:00:00", "visit_started", new_visit_id(), None, None, None, None, None)
    store.write(db, [old, new])
    db.close()
    log = UsageLog(tmp_path / "usage.db", now=lambda: datetime(2025, 2, 1))
    assert log.flush()  # the first pass of the writer purges
    log.close()
    assert [r[0] for r in rows(tmp_path / "usage.db")] == ["2025-01-01 10:00:00"]


@pytest.mark.parametrize(("now", "months", "expected"), [
    (datetime(2027, 6, 15), 25, datetime(2025, 5, 15)),
    (datetime(2027, 3, 31), 1, datetime(2027, 2, 28)),
    (datetime(2028, 3, 31), 1, datetime(2028, 2, 29)),
    (datetime(2027, 1, 10), 13, datetime(2025, 12, 10)),
])
def test_months_before(now, months, expected):
    assert store.months_before(now, months) == expected


@pytest.mark.parametrize(("now", "expected"), [
    (datetime(2027, 6, 15, 12), datetime(2025, 6, 1)),
    (datetime(2027, 6, 1, 0, 0), datetime(2025, 5, 1)),
    (datetime(2027, 6, 1, 0, 1), datetime(2025, 6, 1)),
    (datetime(2027, 1, 31), datetime(2025, 1, 1)),
])
def test_purge_keeps_whole_months_only(now, expected):
    assert store.purge_cutoff(now) == expected


def test_a_version_1_database_is_upgraded_and_keeps_its_data(tmp_path):
    path = tmp_path / "usage.db"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE [events] ([id] INTEGER PRIMARY KEY, [at] TEXT NOT NULL,
            [visit] TEXT NOT NULL, [kind] TEXT NOT NULL, [flow] TEXT, [step] TEXT,
            [number] INTEGER, [seconds] INTEGER, [value] TEXT);
        CREATE TABLE [_sqlite_migrations] ([id] INTEGER PRIMARY KEY, [migration_set] TEXT,
            [name] TEXT, [applied_at] TEXT);
        CREATE UNIQUE INDEX idx_m ON _sqlite_migrations (migration_set, name);
        INSERT INTO _sqlite_migrations (migration_set, name, applied_at)
            VALUES ('kiosk-usage', 'm001_events', '2025-01-01 00:00:00+00:00');
        INSERT INTO events (at, visit, kind, flow, step, number, seconds, value) VALUES
            ('2025-01-02 10:00:00', 'aaaaaaaaaaaaaaaa', 'visit_started', NULL, NULL, NULL,
             NULL, NULL),
            ('2025-01-02 10:00:05', 'aaaaaaaaaaaaaaaa', 'procedure_started', 'mini', NULL,
             NULL, NULL, NULL),
            ('2025-01-02 10:00:05', 'aaaaaaaaaaaaaaaa', 'step_shown', 'mini', 'a', 1, 0, NULL),
            ('2025-01-02 10:00:09', 'aaaaaaaaaaaaaaaa', 'step_shown', 'mini', 'b', 2, 4, NULL),
            ('2025-01-02 10:00:15', 'aaaaaaaaaaaaaaaa', 'step_shown', 'mini', 'a', 1, 6, NULL),
            ('2025-01-02 10:00:40', 'aaaaaaaaaaaaaaaa', 'visit_ended', NULL, NULL, NULL,
             NULL, 'home');
    """)
    conn.commit()
    conn.close()
    db, moved = store.open_db(path, check=True)
    assert moved is None
    assert store.applied_migrations(db) == ["m001_events", "m002_flows_and_indexes",
                                            "m003_views", "m004_funnel", "m005_outcomes"]
    assert len(store.applied_migrations(db)) == store.SCHEMA_VERSION
    assert {"flows", "events"} <= set(db.table_names())
    assert set(store.VIEWS) <= set(db.view_names())
    assert {i.name for i in db["events"].indexes} >= {"events_by_kind", "events_by_flow"}
    assert db.execute("SELECT kind, flow, step, value FROM events ORDER BY id").fetchall() == [
        ("visit_started", None, None, None), ("procedure_started", "mini", None, None),
        ("step_shown", "mini", "a", "first"), ("step_shown", "mini", "b", "first"),
        ("step_shown", "mini", "a", "again"), ("visit_ended", None, None, "home"),
        ("procedure_outcome", "mini", "a", "accueil")]  # computed from the visit's events
    assert db.execute("SELECT at, seconds FROM events WHERE kind = 'procedure_outcome'"
                      ).fetchall() == [("2025-01-02 10:00:40", 10)]
    assert db.execute("SELECT * FROM visites_par_jour").fetchall() == [("2025-01-02", 1)]
    db.close()
    db, _ = store.open_db(path)  # opening again applies nothing twice
    assert len(store.applied_migrations(db)) == store.SCHEMA_VERSION
    db.close()


def test_the_database_is_in_wal_mode(tmp_path, usage_log):
    usage_log.record("visit_started", new_visit_id())
    assert usage_log.flush()
    conn = sqlite3.connect(tmp_path / "usage.db")
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


def test_a_burst_of_ten_thousand_events_is_all_on_disk(tmp_path, clock):
    log = UsageLog(tmp_path / "usage.db", now=clock.now)
    visit = new_visit_id()
    for number in range(10_000):
        log.record("step_shown", visit, flow="mini", step="essai", number=number % 999 + 1,
                   seconds=number % 60, first=number == 0)
    log.close()
    conn = sqlite3.connect(tmp_path / "usage.db")
    assert conn.execute("SELECT COUNT(*), SUM(seconds) FROM events").fetchone() == (
        10_000, sum(n % 60 for n in range(10_000)))
    conn.close()
    health = log.health()
    assert (health.recorded, health.waiting, health.lost) == (10_000, 0, 0)


def test_a_damaged_database_is_set_aside_and_a_new_one_started(tmp_path, clock):
    path = tmp_path / "usage.db"
    path.write_bytes(b"this is not a database at all " * 200)
    log = UsageLog(path, now=clock.now)
    log.record("visit_started", new_visit_id())
    assert log.flush()
    health = log.health()
    log.close()
    moved = tmp_path / "usage.corrompu-20250310-140000.db"
    assert moved.read_bytes() == b"this is not a database at all " * 200
    assert health.set_aside == (moved,)
    assert "mis de côté" in health.message
    assert [r[2] for r in rows(path)] == ["visit_started"]


def test_an_unusable_folder_never_reaches_the_caller(tmp_path, clock):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    log = UsageLog(blocker / "usage.db", now=clock.now)
    visit = new_visit_id()
    for _ in range(3):
        log.record("visit_started", visit)  # does not raise
    assert log.flush() is False
    health = log.health()
    assert not health.ok
    assert health.waiting == 3
    assert health.message.startswith("Les statistiques ne s'enregistrent pas : ")
    log.close()
    assert log.health().lost == 3
    assert "3 événements n'ont pas pu être enregistrés" in log.health().message


def test_a_locked_database_keeps_events_waiting_then_writes_them(tmp_path, clock):
    path = tmp_path / "usage.db"
    log = UsageLog(path, now=clock.now, busy_ms=50)
    visit = new_visit_id()
    log.record("visit_started", visit)
    assert log.flush()
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    for _ in range(5):
        log.record("repeat", visit)
    assert log.flush() is False
    health = log.health()
    assert (health.ok, health.waiting, health.lost) == (False, 5, 0)
    assert "occupée" in health.message
    other.execute("COMMIT")
    other.close()
    assert log.flush() is True
    log.close()
    assert [r[2] for r in rows(path)] == ["visit_started"] + ["repeat"] * 5
    assert log.health().ok


def test_events_after_close_are_counted_as_lost(tmp_path, clock):
    log = UsageLog(tmp_path / "usage.db", now=clock.now)
    log.close()
    log.record("visit_started", new_visit_id())
    assert log.health().lost == 1


def test_register_flow_refuses_unknown_themes(usage_log):
    with pytest.raises(EventRefused):
        usage_log.register_flow("mini", "Mini", ["mes voisins"])
    with pytest.raises(EventRefused):
        usage_log.register_flow("Mini Parcours", "Mini", ["e-mail"])


def test_a_step_seen_again_after_going_back_is_marked_again(tmp_path, clock, usage_log):
    recorder = UsageRecorder(usage_log, now=clock.now, monotonic=clock.monotonic)
    walker = Walker(small_flow())
    recorder.watch(walker)
    walker.start()          # implicitly starts a visit
    walker.next()
    walker.back()
    walker.next()
    recorder.visit_ended("home")
    walker.start()          # a new visit: first again
    assert usage_log.flush()
    assert [(r[2], r[4], r[7]) for r in rows(tmp_path / "usage.db")
            if r[2] in ("step_shown", "back", "visit_started")] == [
        ("visit_started", None, None),
        ("step_shown", "bienvenue", "first"), ("step_shown", "question", "first"),
        ("back", "bienvenue", None), ("step_shown", "question", "again"),
        ("visit_started", None, None), ("step_shown", "bienvenue", "first")]


def test_a_flow_left_by_accueil_is_recorded_as_such_when_the_visit_ends(tmp_path, clock,
                                                                       usage_log):
    """« Accueil » leaves the flow but not the visit (kiosk/visit.py): the flow's outcome says
    « accueil » even if the visit ends later by the idle wipe; opened again, it does not."""
    from kiosk.settings import load_settings
    from kiosk.usage.subscriber import UsageSubscriber
    from kiosk.visit import VisitController

    (tmp_path / "kiosk.toml").write_text(f'data_dir = "{tmp_path}"\n', encoding="utf-8")
    controller = VisitController(load_settings(tmp_path / "kiosk.toml"), now=clock.monotonic)
    recorder = UsageRecorder(usage_log, now=clock.now, monotonic=clock.monotonic)
    controller.subscribe(UsageSubscriber(recorder, sound_on=True))
    flow = small_flow()
    other = dataclasses.replace(flow, id="autre-parcours")
    controller.open_flow(flow)
    controller.next()
    controller.home()
    controller.open_flow(other)
    controller.next()
    clock.advance(500)
    controller.tick()  # far past the warning: the wipe
    usage_log.flush()
    outcomes = [(kind, flow_id, value) for _at, _visit, kind, flow_id, _s, _n, _sec, value
                in rows(tmp_path / "usage.db") if kind in ("procedure_outcome", "visit_ended")]
    assert outcomes == [("procedure_outcome", "mini-parcours", "accueil"),
                        ("procedure_outcome", "autre-parcours", "inactivite"),
                        ("visit_ended", None, "idle")]
    assert len({visit for _at, visit, *_rest in rows(tmp_path / "usage.db")}) == 1
