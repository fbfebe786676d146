"""The figures of the counsellor's space and of ``kiosk stats``: plain dataclasses.

Each function reads one covering index range of the usage database (see
``store.m002_flows_and_indexes``). ``figures()`` gathers them all for one period.
"""

from __future__ import annotations

import sqlite3
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.flows.model import Flow

from . import store

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date
    label: str = ""

    def bounds(self) -> tuple[str, str]:
        return self.start.isoformat(), (self.end + timedelta(days=1)).isoformat()


def today(now: datetime | None = None) -> Period:
    day = (now or datetime.now()).date()
    return Period(day, day, "aujourd'hui")


def this_week(now: datetime | None = None) -> Period:
    day = (now or datetime.now()).date()
    return Period(day - timedelta(days=day.weekday()), day, "cette semaine")


def this_month(now: datetime | None = None) -> Period:
    day = (now or datetime.now()).date()
    return Period(day.replace(day=1), day, "ce mois-ci")


@dataclass(frozen=True)
class Totals:
    visits: int
    procedures_started: int
    procedures_finished: int
    help_requests: int


@dataclass(frozen=True)
class StepReach:
    step: str
    visits: int  # visits that reached this step at least once


@dataclass(frozen=True)
class ProcedureFigures:
    flow: str
    title: str
    themes: tuple[str, ...]
    started: int
    finished: int
    completion_rate: float  # finished / started, 0.0 to 1.0
    median_seconds: int | None  # median time from start to end, over finished ones
    funnel: tuple[StepReach, ...] = ()


@dataclass(frozen=True)
class ThemeFigures:
    theme: str
    started: int
    finished: int


@dataclass(frozen=True)
class Figures:
    period: Period
    totals: Totals
    procedures: tuple[ProcedureFigures, ...]
    by_hour: tuple[int, ...]  # 24 visit counts, 0h to 23h
    by_weekday: tuple[int, ...]  # 7 visit counts, Monday first
    by_theme: tuple[ThemeFigures, ...]


def totals(conn: sqlite3.Connection, period: Period) -> Totals:
    start, end = period.bounds()
    counts = dict(conn.execute(
        "SELECT kind, COUNT(*) FROM events INDEXED BY events_by_kind "
        "WHERE kind IN ('visit_started', 'procedure_started', 'procedure_ended', 'help_asked') "
        "AND at >= ? AND at < ? GROUP BY kind", (start, end)))
    return Totals(counts.get("visit_started", 0), counts.get("procedure_started", 0),
                  counts.get("procedure_ended", 0), counts.get("help_asked", 0))


def procedures(conn: sqlite3.Connection, period: Period,
               flows: Mapping[str, Flow] | None = None, with_funnel: bool = False
               ) -> tuple[ProcedureFigures, ...]:
    """Started, finished, completion rate and median time of each procedure, busiest first."""
    start, end = period.bounds()
    started = dict(conn.execute(
        "SELECT flow, COUNT(*) FROM events INDEXED BY events_by_kind "
        "WHERE kind = 'procedure_started' AND at >= ? AND at < ? GROUP BY flow", (start, end)))
    durations: dict[str, list[int]] = {}
    for flow_id, seconds in conn.execute(
            "SELECT flow, seconds FROM events INDEXED BY events_by_kind "
            "WHERE kind = 'procedure_ended' AND at >= ? AND at < ?", (start, end)):
        durations.setdefault(flow_id, []).append(seconds or 0)
    known = store.flow_themes(conn)
    result = []
    for flow_id in set(started) | set(durations):
        themes, title = _describe(flow_id, known, flows)
        begun, ended = started.get(flow_id, 0), len(durations.get(flow_id, ()))
        times = durations.get(flow_id)
        result.append(ProcedureFigures(
            flow_id, title, themes, begun, ended,
            round(ended / begun, 4) if begun else 0.0,
            int(statistics.median(times)) if times else None,
            funnel(conn, period, flow_id, flows) if with_funnel else ()))
    result.sort(key=lambda p: (-p.started, p.flow))
    return tuple(result)


def funnel(conn: sqlite3.Connection, period: Period, flow_id: str,
           flows: Mapping[str, Flow] | None = None) -> tuple[StepReach, ...]:
    """How many visits reached each step of one procedure, in the flow's step order."""
    start, end = period.bounds()
    rows = conn.execute(
        "SELECT step, COUNT(*), MIN(id) FROM events INDEXED BY events_funnel "
        "WHERE kind = 'step_shown' AND flow = ? AND value = 'first' AND at >= ? AND at < ? "
        "GROUP BY step",
        (flow_id, start, end)).fetchall()
    flow = (flows or {}).get(flow_id)
    if flow is not None:
        order = {step.id: index for index, step in enumerate(flow.steps)}
        rows.sort(key=lambda r: (order.get(r[0], len(order)), r[2]))
    else:
        rows.sort(key=lambda r: r[2])
    return tuple(StepReach(step, visits) for step, visits, _first in rows)


def by_hour(conn: sqlite3.Connection, period: Period) -> tuple[int, ...]:
    start, end = period.bounds()
    hours = [0] * 24
    for hour, count in conn.execute(
            "SELECT CAST(substr(at, 12, 2) AS INTEGER) AS h, COUNT(*) "
            "FROM events INDEXED BY events_by_kind "
            "WHERE kind = 'visit_started' AND at >= ? AND at < ? GROUP BY h", (start, end)):
        hours[hour] = count
    return tuple(hours)


def by_weekday(conn: sqlite3.Connection, period: Period) -> tuple[int, ...]:
    start, end = period.bounds()
    days = [0] * 7
    for day, count in conn.execute(
            "SELECT CAST(strftime('%w', substr(at, 1, 10)) AS INTEGER) AS d, COUNT(*) "
            "FROM events INDEXED BY events_by_kind "
            "WHERE kind = 'visit_started' AND at >= ? AND at < ? GROUP BY d", (start, end)):
        days[(day - 1) % 7] = count  # SQLite: 0 is Sunday
    return tuple(days)


def by_theme(conn: sqlite3.Connection, period: Period,
             flows: Mapping[str, Flow] | None = None) -> tuple[ThemeFigures, ...]:
    """Procedures started and finished, by CRA theme (a procedure counts for each theme)."""
    start, end = period.bounds()
    known = store.flow_themes(conn)
    started: dict[str, int] = {}
    finished: dict[str, int] = {}
    for kind, target in (("procedure_started", started), ("procedure_ended", finished)):
        for flow_id, count in conn.execute(
                "SELECT flow, COUNT(*) FROM events INDEXED BY events_by_kind "
                "WHERE kind = ? AND at >= ? AND at < ? GROUP BY flow", (kind, start, end)):
            themes, _title = _describe(flow_id, known, flows)
            for theme in themes or ("(sans thème)",):
                target[theme] = target.get(theme, 0) + count
    names = sorted(set(started) | set(finished), key=lambda t: (-started.get(t, 0), t))
    return tuple(ThemeFigures(t, started.get(t, 0), finished.get(t, 0)) for t in names)


def figures(conn: sqlite3.Connection, period: Period,
            flows: Mapping[str, Flow] | None = None) -> Figures:
    """Every figure for one period (what ``kiosk stats`` prints)."""
    return Figures(period, totals(conn, period), procedures(conn, period, flows, True),
                   by_hour(conn, period), by_weekday(conn, period),
                   by_theme(conn, period, flows))


def figures_for(db_path: Path, period: Period, flows: Mapping[str, Flow] | None = None
                ) -> Figures:
    conn = store.read_connection(db_path)
    try:
        return figures(conn, period, flows)
    finally:
        conn.close()


def _describe(flow_id: str, known: Mapping[str, tuple[tuple[str, ...], str]],
              flows: Mapping[str, Flow] | None) -> tuple[tuple[str, ...], str]:
    """A flow's CRA themes and title: as recorded, else from the loaded flows."""
    if flow_id in known:
        return known[flow_id]
    flow = (flows or {}).get(flow_id)
    if flow is not None:
        return flow.themes, flow.short_title.fr
    return (), flow_id
