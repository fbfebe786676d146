"""One calendar month of use, as published: the figures of the screen, ``kiosk stats``, the
monthly report and the export all come from :func:`publish`.

Only whole calendar months that are over are published (:func:`closed_months`): a month
still going, or a period of a few days, would let two looks a day apart give that day's
count. Each month is protected on its own (:mod:`kiosk.usage.privacy`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from kiosk.flows.model import Flow

from . import privacy, store

MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre")
SHORT_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                "oct.", "nov.", "déc.")
OUTCOMES = ("reussite", "conseiller", "fin", "accueil", "inactivite", "abandon")
OUTCOME_WORDS = {
    "reussite": "réussi", "conseiller": "orienté vers un conseiller",
    "fin": "arrivé à la fin", "accueil": "parti avec « Accueil »",
    "inactivite": "écran effacé (inactivité)", "abandon": "abandon",
}
LEFT = ("accueil", "inactivite", "abandon")  # no end reached: where did they leave?
CHOICES = {
    "texte": ("texte agrandi", "SELECT COUNT(DISTINCT visit) FROM events WHERE "
              "kind = 'text_size_changed' AND number > 1 AND at >= ? AND at < ?"),
    "contraste": ("contraste renforcé", "SELECT COUNT(DISTINCT visit) FROM events WHERE "
                  "kind = 'contrast_changed' AND value = 'on' AND at >= ? AND at < ?"),
    "langue": ("autre langue que le français", "SELECT COUNT(DISTINCT visit) FROM events "
               "WHERE kind = 'language_changed' AND value != 'fr' AND at >= ? AND at < ?"),
    "voix": ("voix coupée", "SELECT COUNT(DISTINCT visit) FROM events WHERE "
             "kind = 'speech_changed' AND value = 'off' AND at >= ? AND at < ?"),
}
NO_STEP = ""  # help asked, or a visit left, before the first step


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """``2026-11``; ValueError otherwise."""
        year, _, month = text.strip().partition("-")
        if len(year) != 4 or len(month) != 2 or not (year + month).isdigit():
            raise ValueError(text)
        value = cls(int(year), int(month))
        if not 1 <= value.month <= 12:
            raise ValueError(text)
        return value

    @classmethod
    def of(cls, day: date | datetime) -> Month:
        return cls(day.year, day.month)

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        """The last day."""
        return self.plus(1).start - timedelta(days=1)

    def bounds(self) -> tuple[str, str]:
        return self.start.isoformat(), self.plus(1).start.isoformat()

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    @property
    def short_label(self) -> str:
        """« nov. 2026 »."""
        return f"{SHORT_MONTHS[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def last_closed(now: datetime) -> Month:
    """The last month that is over."""
    return Month.of(now).plus(-1)


def closed_months(conn: sqlite3.Connection, now: datetime) -> list[Month]:
    """Months that are over and that the database holds, oldest first."""
    first = conn.execute("SELECT MIN(at) FROM events").fetchone()[0]
    if not first:
        return []
    start = max(Month.parse(first[:7]), Month.of(store.purge_cutoff(now)))
    months, month = [], start
    while month <= last_closed(now):
        months.append(month)
        month = month.plus(1)
    return months


@dataclass
class FlowMonth:
    """One flow in one month (true counts, before protection)."""

    flow: str
    title: str
    themes: tuple[str, ...]
    outcomes: dict[str, int] = field(default_factory=dict)
    seconds: int = 0
    help: int = 0
    help_steps: dict[str, int] = field(default_factory=dict)
    leave_steps: dict[str, int] = field(default_factory=dict)

    @property
    def visits(self) -> int:
        return sum(self.outcomes.values())


@dataclass
class MonthFigures:
    """Everything counted in one month (true counts, before protection)."""

    month: Month
    visits: int
    by_hour: tuple[int, ...]
    by_weekday: tuple[int, ...]
    choices: dict[str, int]
    flows: list[FlowMonth]
    help_outside: int
    loaded: Mapping[str, Flow] | None = None
    """The flows as loaded, for the titles of their steps (None: step ids are shown)."""

    def step_title(self, flow: str, step: str) -> str:
        f = (self.loaded or {}).get(flow)
        titles = {s.id: s.title.fr for s in f.steps} if f is not None else {}
        return titles.get(step, step)

    @property
    def procedure_visits(self) -> int:
        return sum(f.visits for f in self.flows)

    @property
    def seconds(self) -> int:
        return sum(f.seconds for f in self.flows)

    @property
    def help(self) -> int:
        return sum(f.help for f in self.flows) + self.help_outside

    def outcome(self, name: str) -> int:
        return sum(f.outcomes.get(name, 0) for f in self.flows)

    def themes(self) -> dict[str, list[str]]:
        """theme -> flows tagged with it."""
        result: dict[str, list[str]] = {}
        for f in self.flows:
            for theme in f.themes:
                result.setdefault(theme, []).append(f.flow)
        return result


def month_figures(conn: sqlite3.Connection, month: Month,
                  flows: Mapping[str, Flow] | None = None) -> MonthFigures:
    start, end = month.bounds()
    bounds = (start, end)
    visits = conn.execute("SELECT COUNT(*) FROM events INDEXED BY events_by_kind WHERE "
                          "kind = 'visit_started' AND at >= ? AND at < ?", bounds).fetchone()[0]
    hours = [0] * 24
    days = [0] * 7
    for day_hour, count in conn.execute(  # "2026-11-03 14": the weekday is Python's
            "SELECT substr(at, 1, 13), COUNT(*) FROM events INDEXED BY events_by_kind "
            "WHERE kind = 'visit_started' AND at >= ? AND at < ? GROUP BY 1", bounds):
        hours[int(day_hour[11:13])] += count
        days[date.fromisoformat(day_hour[:10]).weekday()] += count
    known = store.flow_themes(conn)
    by_flow: dict[str, FlowMonth] = {}

    def flow_month(flow_id: str) -> FlowMonth:
        if flow_id not in by_flow:
            themes, title = _describe(flow_id, known, flows)
            by_flow[flow_id] = FlowMonth(flow_id, title, themes)
        return by_flow[flow_id]

    for flow_id, outcome, step, count, seconds in conn.execute(
            "SELECT flow, value, step, COUNT(*), SUM(seconds) "
            "FROM events INDEXED BY events_outcomes WHERE kind = 'procedure_outcome' "
            "AND at >= ? AND at < ? GROUP BY flow, value, step", bounds):
        f = flow_month(flow_id)
        f.outcomes[outcome] = f.outcomes.get(outcome, 0) + count
        f.seconds += seconds or 0
        if outcome in LEFT:
            key = step or NO_STEP
            f.leave_steps[key] = f.leave_steps.get(key, 0) + count
    outside = 0
    for flow_id, step, count in conn.execute(
            "SELECT flow, step, COUNT(*) FROM events INDEXED BY events_by_kind "
            "WHERE kind = 'help_asked' AND at >= ? AND at < ? GROUP BY flow, step", bounds):
        if flow_id is None:
            outside += count
            continue
        f = flow_month(flow_id)
        f.help += count
        key = step or NO_STEP
        f.help_steps[key] = f.help_steps.get(key, 0) + count
    choices = {name: conn.execute(sql, bounds).fetchone()[0]
               for name, (_words, sql) in CHOICES.items()}
    ordered = sorted(by_flow.values(), key=lambda f: (-f.visits, f.title, f.flow))
    return MonthFigures(month, visits, tuple(hours), tuple(days), choices, ordered, outside,
                        flows)


def _describe(flow_id: str, known: Mapping[str, tuple[tuple[str, ...], str]],
              flows: Mapping[str, Flow] | None) -> tuple[tuple[str, ...], str]:
    flow = (flows or {}).get(flow_id)
    if flow is not None:
        return flow.themes, flow.short_title.fr
    return known.get(flow_id, ((), flow_id))


def table(fig: MonthFigures) -> privacy.Table:
    """Every count the month publishes, and how they add up."""
    t = privacy.Table()
    t.cell("visites", fig.visits)
    t.equal([t.cell(("heure", h), n) for h, n in enumerate(fig.by_hour)], ["visites"])
    t.equal([t.cell(("jour", d), n) for d, n in enumerate(fig.by_weekday)], ["visites"])
    for name, count in fig.choices.items():
        t.cell(("choix", name), count)
    t.cell("parcours", fig.procedure_visits)
    t.equal([t.cell(("parcours", f.flow), f.visits) for f in fig.flows], ["parcours"])
    for outcome in OUTCOMES:
        t.cell(("issue", outcome), fig.outcome(outcome))
    t.equal([("issue", o) for o in OUTCOMES], ["parcours"])
    for f in fig.flows:
        cells = [t.cell(("issue", f.flow, o), f.outcomes.get(o, 0)) for o in OUTCOMES]
        t.equal(cells, [("parcours", f.flow)])
        t.cell(("aide", f.flow), f.help)
    for outcome in OUTCOMES:
        t.equal([("issue", f.flow, outcome) for f in fig.flows], [("issue", outcome)])
    t.cell("aide", fig.help)
    t.cell(("aide", None), fig.help_outside)
    t.equal([("aide", f.flow) for f in fig.flows] + [("aide", None)], ["aide"])
    # Themes are not cells of their own: a theme's figure is the sum of its flows' published
    # counts (Published.theme), so it tells nothing that they do not.
    return t


@dataclass
class Published:
    """A month as it may be shown: :meth:`count` is the number, or ``None`` when hidden."""

    figures: MonthFigures
    hidden: frozenset
    values: dict

    @property
    def month(self) -> Month:
        return self.figures.month

    def count(self, key: object) -> int | None:
        return None if key in self.hidden else self.values.get(key, 0)

    def text(self, key: object) -> str:
        value = self.count(key)
        return privacy.HIDDEN_MARK if value is None else str(value)

    def rate(self, part: object, whole: object) -> float | None:
        """part / whole, only when both are shown (a rate gives its count back)."""
        a, b = self.count(part), self.count(whole)
        return None if a is None or not b else a / b

    def hours(self, flow: str | None = None) -> float | None:
        """Time guided in hours (one decimal): the month's, or a flow's when its visits
        are shown."""
        if flow is None:
            return round(self.figures.seconds / 3600, 1)
        if self.count(("parcours", flow)) is None:
            return None
        f = next((f for f in self.figures.flows if f.flow == flow), None)
        return round(f.seconds / 3600, 1) if f else 0.0

    def themes(self) -> list[tuple[str, int, bool]]:
        """(theme, visits of its flows that are shown, whether all of them are), busiest
        first."""
        result = []
        for theme, flow_ids in self.figures.themes().items():
            counts = [self.count(("parcours", f)) for f in flow_ids]
            result.append((theme, sum(c or 0 for c in counts), None not in counts))
        result.sort(key=lambda r: (-r[1], r[0]))
        return result

    def step_title(self, flow: str, step: str) -> str:
        if step == NO_STEP:
            return "avant la première étape"
        return self.figures.step_title(flow, step)

    @property
    def flows(self) -> list[FlowMonth]:
        """The month's flows in an order that tells nothing of a hidden count: those whose
        visits are shown, most first, then the hidden ones by title. (Ranked by the true
        counts, a hidden row between a 12 and a 10 would be 10 to 12, and one after every
        shown row would say it is small.)"""

        def rank(f: FlowMonth) -> tuple:
            shown = self.count(("parcours", f.flow))
            return (shown is None, -(shown or 0), f.title, f.flow)

        return sorted(self.figures.flows, key=rank)

    def top_step(self, flow: str, kind: str) -> str | None:
        """The step with the most ``kind`` ("sortie": visits that left after it without
        reaching an end; "aide": help asked there), when at least 5 did; else None. Only
        its name is published, never a count by step: no count to subtract. Named only when
        the flow's visits (help requests) are shown: a name says « 5 or more », which a
        hidden count must not."""
        whole = ("parcours", flow) if kind == "sortie" else ("aide", flow)
        if self.count(whole) is None:
            return None
        f = next((f for f in self.figures.flows if f.flow == flow), None)
        steps = (f.leave_steps if kind == "sortie" else f.help_steps) if f else {}
        if not steps:
            return None
        step, count = max(steps.items(), key=lambda item: (item[1], item[0]))
        return step if count >= privacy.THRESHOLD else None


def publish(conn: sqlite3.Connection, month: Month,
            flows: Mapping[str, Flow] | None = None) -> Published:
    fig = month_figures(conn, month, flows)
    t = table(fig)
    return Published(fig, privacy.protect(t), dict(t.values))


def publish_file(db_path, month: Month, flows: Mapping[str, Flow] | None = None
                 ) -> Published:
    conn = store.read_connection(db_path)
    try:
        return publish(conn, month, flows)
    finally:
        conn.close()


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)} %"


def hours_text(hours: float | None) -> str:
    if hours is None:
        return privacy.HIDDEN_MARK
    return f"{hours:.1f} h".replace(".", ",")
