"""What the « Chiffres » tab shows, as plain data (no Kivy): one month that is over, as
published everywhere else (:mod:`kiosk.usage.monthly`: the report, ``kiosk stats``, the
export), beside the month before and the same month a year before.

Every count is the published one, written ``s`` when hidden (secret statistique); a bar
whose count is hidden has no length. :func:`load` runs off the interface's thread;
:mod:`kiosk.ui.screens.counsellor.figures` only lays out what it returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.flows.model import Flow
from kiosk.flows.vocabulary import theme_label
from kiosk.i18n import french
from kiosk.usage import monthly, privacy, store
from kiosk.usage.monthly import Month, Published

# The counsellor's space is in French: its words come from the French "counsellor" catalogue.
DAY_NAMES = (french("lun."), french("mar."), french("mer."), french("jeu."), french("ven."),
             french("sam."), french("dim."))
CARDS = (("visites", french("visites")), ("parcours", french("démarches suivies")),
         (("issue", "reussite"), french("réussies")),
         (("issue", "conseiller"), french("orientées vers un conseiller")),
         ("aide", french("demandes d'aide")))
COMPARED = ((french("Visites"), "visites"), (french("Démarches suivies"), "parcours"),
            (french("… réussies"), ("issue", "reussite")),
            (french("… orientées vers un conseiller"), ("issue", "conseiller")),
            (french("Demandes d'aide"), "aide"))
FLOW_HEADER = (french("Démarche"), french("Visites"), french("Réussies"), french("Conseiller"),
               french("Réussite"), french("Aide"))
LEGEND = french("« s » : secret statistique (un nombre de 1 à 4, ou caché pour qu'un petit "
                "nombre ne puisse pas être retrouvé par différence). Les mêmes nombres que le "
                "rapport du mois, « kiosk stats » et l'export.")
NO_MONTH = french("Aucun mois terminé pour l'instant. Les chiffres d'un mois s'affichent à "
                  "partir du 1er du mois suivant.")


@dataclass(frozen=True)
class Bars:
    """One bar chart: a label, a length and the text written by each bar."""

    labels: tuple[str, ...]
    values: tuple[int, ...]
    """The published counts; 0 for a hidden one (its bar has no length)."""
    notes: tuple[str, ...]
    """What is written by each bar: the published count, ``s`` when hidden."""


@dataclass(frozen=True)
class FlowView:
    flow: str
    title: str
    row: tuple[str, ...]
    """The line of the table: FLOW_HEADER's columns."""
    outcomes: Bars
    sentences: tuple[str, ...]
    """Time guided, where people leave, where they ask for help."""


@dataclass(frozen=True)
class MonthView:
    month: Month
    months: tuple[Month, ...]
    """Every month that can be chosen: over, and still kept."""
    cards: tuple[tuple[str, str], ...]
    """(number, what it counts)."""
    compared_header: tuple[str, ...]
    compared: tuple[tuple[str, ...], ...]
    outcomes: Bars
    hours: Bars
    weekdays: Bars
    choices: Bars
    themes: Bars
    flows: tuple[FlowView, ...]

    @property
    def dates(self) -> str:
        return french("Du {start} au {end}", start=self.month.start.strftime("%d/%m/%Y"),
                      end=self.month.end.strftime("%d/%m/%Y"))

    @property
    def earlier(self) -> Month | None:
        index = self.months.index(self.month)
        return self.months[index - 1] if index > 0 else None

    @property
    def later(self) -> Month | None:
        index = self.months.index(self.month)
        return self.months[index + 1] if index + 1 < len(self.months) else None


def load(db_path: Path, chosen: Month | None, now: datetime,
         flows: Mapping[str, Flow] | None = None) -> MonthView | None:
    """The view of ``chosen`` (the last month that is over when None, or when it is no
    longer kept); None when no month is over yet."""
    conn = store.read_connection(db_path)
    try:
        months = monthly.closed_months(conn, now)
        if not months:
            return None
        month = chosen if chosen in months else months[-1]
        pubs = [monthly.publish(conn, m, flows) for m in (month, month.plus(-1),
                                                           month.plus(-12))]
    finally:
        conn.close()
    return view(*pubs, months)


def view(pub: Published, previous: Published, year_before: Published,
         months: Sequence[Month]) -> MonthView:
    cards = tuple((pub.text(key), words) for key, words in CARDS)
    cards += ((monthly.hours_text(pub.hours()).removesuffix(" h"),
               french("heures de guidage")),)
    trio = (pub, previous, year_before)
    compared = tuple((words, *(p.text(key) for p in trio)) for words, key in COMPARED)
    compared += ((french("Temps guidé"), *(monthly.hours_text(p.hours()) for p in trio)),)
    hours = bars(pub, [french("{hour} h", hour=h) for h in range(24)],
                 [("heure", h) for h in range(24)],
                 numbers_only=True)
    weekdays = bars(pub, list(DAY_NAMES), [("jour", d) for d in range(7)],
                    numbers_only=True)
    choices = Bars(tuple(words for words, _sql in monthly.CHOICES.values()),
                   tuple(pub.count(("choix", n)) or 0 for n in monthly.CHOICES),
                   tuple(_with_share(pub, ("choix", n), "visites") for n in monthly.CHOICES))
    themes = pub.themes()
    return MonthView(
        pub.month, tuple(months), cards,
        ("", *(p.month.short_label for p in trio)), compared,
        outcome_bars(pub, None), hours, weekdays, choices,
        Bars(tuple(theme_label(t) for t, _n, _whole in themes),
             tuple(n for _t, n, _whole in themes),
             tuple(str(n) if whole else f"≥ {n}" for _t, n, whole in themes)),
        tuple(flow_view(pub, f) for f in pub.flows))


def bars(pub: Published, labels: Sequence[str], keys: Sequence[object], *,
         numbers_only: bool = False) -> Bars:
    """Bars of published counts. ``numbers_only``: a shown count is written by the chart
    itself (no note), a hidden one ``s``."""
    counts = [pub.count(k) for k in keys]
    notes = [pub.text(k) for k in keys]
    if numbers_only:
        notes = ["" if c is not None else n for c, n in zip(counts, notes)]
    return Bars(tuple(labels), tuple(c or 0 for c in counts), tuple(notes))


def outcome_bars(pub: Published, flow: str | None) -> Bars:
    """How the visits of a flow (of every flow when None) ended: one bar per outcome, with
    its share of the visits when both are shown. « Arrivé à la fin » (an end marked
    neither success nor counsellor) only when it is not a published 0."""
    whole = "parcours" if flow is None else ("parcours", flow)
    keys = [("issue", o) if flow is None else ("issue", flow, o) for o in monthly.OUTCOMES]
    kept = [(o, k) for o, k in zip(monthly.OUTCOMES, keys)
            if o != "fin" or pub.count(k) != 0]
    return Bars(tuple(monthly.OUTCOME_WORDS[o] for o, _k in kept),
                tuple(pub.count(k) or 0 for _o, k in kept),
                tuple(_with_share(pub, k, whole) for _o, k in kept))


def flow_view(pub: Published, f: monthly.FlowMonth) -> FlowView:
    visits = ("parcours", f.flow)
    row = (f.title, pub.text(visits), pub.text(("issue", f.flow, "reussite")),
           pub.text(("issue", f.flow, "conseiller")),
           monthly.percent(pub.rate(("issue", f.flow, "reussite"), visits)),
           pub.text(("aide", f.flow)))
    sentences = [french("Temps guidé : {hours}.", hours=monthly.hours_text(pub.hours(f.flow)))]
    leave = pub.top_step(f.flow, "sortie")
    if leave is not None:
        sentences.append(french("On s'arrête le plus (sans arriver à une fin) après l'étape "
                                "« {step} ».", step=pub.step_title(f.flow, leave)))
    helped = pub.top_step(f.flow, "aide")
    if helped is not None:
        sentences.append(french("L'aide est demandée le plus à l'étape « {step} ».",
                                step=pub.step_title(f.flow, helped)))
    return FlowView(f.flow, f.title, row, outcome_bars(pub, f.flow), tuple(sentences))


def _with_share(pub: Published, part: object, whole: object) -> str:
    """« 759 (27 %) »; « s » alone when the count is hidden."""
    if pub.count(part) is None:
        return privacy.HIDDEN_MARK
    rate = pub.rate(part, whole)
    return pub.text(part) if rate is None else f"{pub.text(part)} ({monthly.percent(rate)})"
