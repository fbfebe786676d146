"""A month counted from hand-made events, the views, the purge command and the demo data."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.flows.model import EndOutcome, Flow, Step, StepKind, Text
from kiosk.usage import demo, monthly, store
from kiosk.usage.events import check_event


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


def test_a_month_counted_by_hour_weekday_and_flow(sample):
    conn = store.read_connection(sample)
    fig = monthly.month_figures(conn, monthly.Month(2025, 3))
    hours = [0] * 24
    hours[9], hours[10], hours[14], hours[15] = 1, 2, 2, 1
    assert (fig.visits, fig.by_hour, fig.by_weekday) == (6, tuple(hours), (3, 3, 0, 0, 0, 0, 0))
    assert {f.flow: (f.help, f.help_steps) for f in fig.flows} == {
        "mail": (2, {"a": 2}), "caf": (1, {"x": 1})}
    assert fig.help == 3 and fig.help_outside == 0
    assert fig.themes() == {"e-mail": ["caf", "mail"], "social / santé": ["caf"]}
    april = monthly.month_figures(conn, monthly.Month(2025, 4))
    assert (april.visits, april.by_weekday[0], april.help) == (6, 6, 0)
    conn.close()


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
    figs = [monthly.month_figures(conn, m, loaded)
            for m in monthly.closed_months(conn, end)]
    assert sum(f.visits for f in figs) > 200
    succeeded = sum(f.outcome("reussite") for f in figs)
    assert 0 < succeeded < sum(f.procedure_visits for f in figs)
    assert sum(f.help for f in figs) > 0
    assert set(range(9, 18)) >= {h for f in figs for h, n in enumerate(f.by_hour) if n}
    assert sum(f.by_weekday[6] for f in figs) == 0  # closed on Sundays
    assert {p.flow for f in figs for p in f.flows} <= set(loaded)
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
