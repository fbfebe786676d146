"""Figures, views, the CSV export ("<5"), the USB export and the commands that print them."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.flows.model import EndOutcome, Flow, Step, StepKind, Text
from kiosk.usage import demo, figures, store
from kiosk.usage.events import check_event

WHOLE = figures.Period(date(2025, 1, 1), date(2025, 12, 31))


class Builder:
    """Writes checked events with explicit times, visit by visit."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.count = 0

    def visit(self, at: str, flow: str | None, steps: list[str], *, finished: bool = False,
              seconds: int = 0, help_asked: int = 0, hour_of_end: str | None = None) -> None:
        self.count += 1
        visit = f"{self.count:016x}"
        self.add(at, "visit_started", visit)
        if flow:
            self.add(at, "procedure_started", visit, flow=flow)
            for number, step in enumerate(steps, start=1):
                self.add(at, "step_shown", visit, flow=flow, step=step, number=number,
                         seconds=5, first=step not in steps[:number - 1])
            for _ in range(help_asked):
                self.add(at, "help_asked", visit, flow=flow, step=steps[-1])
            if finished:
                self.add(at, "procedure_ended", visit, flow=flow, step=steps[-1],
                         outcome="reussite", seconds=seconds)
        self.add(hour_of_end or at, "visit_ended", visit,
                 reason="finished" if finished else "gave-up")

    def add(self, at: str, kind: str, visit: str, **fields) -> None:
        self.rows.append((at, *check_event(kind, visit, fields)))

    def save(self, path: Path, flows=()) -> Path:
        db, _ = store.open_db(path)
        store.write(db, self.rows, flows)
        db.close()
        return path


def flow(flow_id: str, step_ids: list[str], themes: tuple[str, ...]) -> Flow:
    steps = [Step(s, StepKind.INFORMATION, Text.of(s), Text.of("."), next=n)
             for s, n in zip(step_ids, step_ids[1:] + ["fin"])]
    steps.append(Step("fin", StepKind.END, Text.of("Fin"), Text.of("."),
                      outcome=EndOutcome.SUCCESS))
    return Flow(flow_id, Text.of(flow_id), Text.of(flow_id.upper()), Text.of("."), themes,
                "débutant", 5, "pictos/email.png", tuple(steps))


@pytest.fixture
def sample(tmp_path) -> Path:
    b = Builder()
    # Monday 3 March 2025 and Tuesday 4 March, then April.
    b.visit("2025-03-03 09:15:00", "mail", ["a", "b", "fin"], finished=True, seconds=300)
    b.visit("2025-03-03 10:20:00", "mail", ["a", "b", "fin"], finished=True, seconds=500)
    b.visit("2025-03-03 10:40:00", "mail", ["a"], help_asked=2)
    b.visit("2025-03-04 14:05:00", "mail", ["a", "b", "a", "b"])  # went back once
    b.visit("2025-03-04 14:30:00", "caf", ["x"], help_asked=1)
    b.visit("2025-03-04 15:00:00", None, [])
    for minute in range(6):  # six finished "caf" in April: above the "<5" threshold
        b.visit(f"2025-04-07 11:{minute:02d}:00", "caf", ["x", "fin"], finished=True,
                seconds=100 + minute)
    return b.save(tmp_path / "usage.db", [("mail", "Mail", ("e-mail",)),
                                          ("caf", "CAF", ("social/santé", "e-mail"))])


def test_totals(sample):
    conn = store.read_connection(sample)
    assert figures.totals(conn, WHOLE) == figures.Totals(12, 11, 8, 3)
    assert figures.totals(conn, figures.Period(date(2025, 3, 4), date(2025, 3, 4))) == \
        figures.Totals(3, 2, 0, 1)
    assert figures.totals(conn, figures.today(datetime(2025, 3, 3, 18))) == \
        figures.Totals(3, 3, 2, 2)
    assert figures.totals(conn, figures.this_week(datetime(2025, 3, 5))) == \
        figures.Totals(6, 5, 2, 3)
    assert figures.totals(conn, figures.this_month(datetime(2025, 4, 30))) == \
        figures.Totals(6, 6, 6, 0)


def test_procedures_with_funnels_in_flow_order_and_first_seen_order(sample):
    conn = store.read_connection(sample)
    loaded = {"mail": flow("mail", ["b", "a"], ("e-mail",))}  # flow order: b before a
    result = figures.procedures(conn, WHOLE, loaded, with_funnel=True)
    assert result == (
        figures.ProcedureFigures("caf", "CAF", ("social / santé", "e-mail"), 7, 6, 0.8571, 102,
                                 (figures.StepReach("x", 7), figures.StepReach("fin", 6))),
        figures.ProcedureFigures("mail", "Mail", ("e-mail",), 4, 2, 0.5, 400,
                                 (figures.StepReach("b", 3), figures.StepReach("a", 4),
                                  figures.StepReach("fin", 2))),
    )
    assert figures.funnel(conn, WHOLE, "mail") == (
        figures.StepReach("a", 4), figures.StepReach("b", 3), figures.StepReach("fin", 2))


def test_by_hour_weekday_and_theme(sample):
    conn = store.read_connection(sample)
    hours = [0] * 24
    hours[9], hours[10], hours[11], hours[14], hours[15] = 1, 2, 6, 2, 1
    assert figures.by_hour(conn, WHOLE) == tuple(hours)
    assert figures.by_weekday(conn, WHOLE) == (9, 3, 0, 0, 0, 0, 0)
    assert figures.by_theme(conn, WHOLE) == (
        figures.ThemeFigures("e-mail", 11, 8), figures.ThemeFigures("social / santé", 7, 6))


def test_views_give_the_main_figures_by_name(sample):
    conn = sqlite3.connect(sample)
    assert conn.execute("SELECT * FROM visites_par_jour").fetchall() == [
        ("2025-03-03", 3), ("2025-03-04", 3), ("2025-04-07", 6)]
    assert conn.execute("SELECT * FROM usage_par_heure").fetchall() == [
        (9, 1), (10, 2), (11, 6), (14, 2), (15, 1)]
    assert conn.execute("SELECT parcours, commences, termines, taux_termine_pourcent, "
                        "demandes_aide FROM parcours_resume").fetchall() == [
        ("caf", 7, 6, 85.7, 1), ("mail", 4, 2, 50.0, 2)]
    assert conn.execute("SELECT * FROM usage_par_jour_semaine").fetchall() == [
        ("1 lundi", 9), ("2 mardi", 3)]
    conn.close()


def test_kiosk_purge_command(tmp_path, capsys):
    b = Builder()
    b.visit("2001-01-01 10:00:00", None, [])
    b.visit(datetime.now().strftime("%Y-%m-%d 10:00:00"), None, [])
    path = b.save(tmp_path / "usage.db")
    assert main(["purge", "--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "2 événements de plus de 25 mois effacés.\n"
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone() == (2,)
    conn.close()


def test_demo_data_is_realistic(tmp_path, flows_dir, assets_dir):
    from kiosk.flows.loader import load_flows

    loaded = load_flows(flows_dir, assets_dir).flows
    path = tmp_path / "usage.db"
    end = datetime(2025, 6, 30, 20, 0)
    assert demo.generate(path, 5000, loaded, seed=7, end=end) == 5000
    conn = store.read_connection(path)
    period = figures.Period(date(2023, 1, 1), date(2025, 6, 30))
    fig = figures.figures(conn, period, loaded)
    assert fig.totals.visits > 200
    assert 0 < fig.totals.procedures_finished < fig.totals.procedures_started
    assert fig.totals.help_requests > 0
    assert set(range(9, 18)) >= {h for h, n in enumerate(fig.by_hour) if n}
    assert fig.by_weekday[6] == 0  # closed on Sundays
    assert {p.flow for p in fig.procedures} <= set(loaded)
    first, last = conn.execute("SELECT MIN(at), MAX(at) FROM events").fetchone()
    assert first < "2023-08-01" and last > "2025-06-01"
    reasons = {r for (r,) in conn.execute(
        "SELECT DISTINCT value FROM events WHERE kind = 'visit_ended'")}
    assert {"finished", "gave-up", "idle"} <= reasons
    conn.close()
    again = tmp_path / "again.db"
    demo.generate(again, 5000, loaded, seed=7, end=end)
    keep = "SELECT at, kind, flow, step, number, seconds, value FROM events ORDER BY id"
    assert sqlite3.connect(path).execute(keep).fetchall() == \
        sqlite3.connect(again).execute(keep).fetchall()
