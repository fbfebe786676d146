"""The "Chiffres" tab of the counsellor's space: period, totals, charts, procedures.

Figures come from :func:`kiosk.usage.figures.figures_for`, computed off the interface's
thread by ``CounsellorSpace`` (``space.py``); this module only lays them out.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.i18n import french, french_n
from kiosk.ui.screens.counsellor.charts import BarChart
from kiosk.ui.screens.counsellor.state import biggest_drop, duration_text, move_day, percent_text
from kiosk.ui.widgets.common import BigButton, BodyText, SmallText, TitleText, WarningBox
from kiosk.usage import figures as usage_figures

PERIOD_BUTTONS = (("today", french("Aujourd'hui")), ("week", french("Cette semaine")),
                  ("month", french("Ce mois")), ("custom", french("Choisir les dates")))
DAY_NAMES = (french("lun."), french("mar."), french("mer."), french("jeu."), french("ven."),
             french("sam."), french("dim."))
TABLE_HEADER = (french("Parcours"), french("Commencés"), french("Terminés"), french("Taux"),
                french("Durée médiane"))
TABLE_WEIGHTS = (0.36, 0.16, 0.15, 0.12, 0.21)


class NumberCard(BoxLayout):
    """One big number with what it counts under it."""

    number = StringProperty("0")
    caption = StringProperty("")


class TableRow(BoxLayout):
    """One row of the procedures table; as tall as its tallest cell."""

    shaded = BooleanProperty(False)

    def __init__(self, cells: tuple[str, ...], header: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cells = []
        for index, (text, weight) in enumerate(zip(cells, TABLE_WEIGHTS)):
            cell = SmallText(text=text, size_hint_x=weight, bold=header,
                             halign="left" if index == 0 else "right")
            cell.bind(height=self._fit)
            self.cells.append(cell)
            self.add_widget(cell)
        self._fit()

    def _fit(self, *_args: object) -> None:
        self.height = max(c.height for c in self.cells) + self.padding[1] * 2


def build(space: Any, content: BoxLayout) -> None:
    content.add_widget(_period_buttons(space))
    if space.period == "custom":
        content.add_widget(_date_stepper(space, french("Du"), "start"))
        content.add_widget(_date_stepper(space, french("Au"), "end"))
    period = space.current_period()
    content.add_widget(BodyText(text=french("Du {start:%d/%m/%Y} au {end:%d/%m/%Y}",
                                            start=period.start, end=period.end), bold=True))
    health = space.app.usage_log.health()
    if not health.ok:
        content.add_widget(WarningBox(text=health.message))
    if space.loading:
        content.add_widget(BodyText(text=french("Calcul des chiffres…")))
        return
    if space.figures is None:
        content.add_widget(WarningBox(text=space.figures_error or french("Pas de chiffres.")))
        return
    fig = space.figures
    _totals(content, fig.totals)
    if not fig.totals.visits and not fig.procedures:
        content.add_widget(BodyText(text=french("Aucune visite sur cette période.")))
        return
    content.add_widget(TitleText(text=french("Quand la borne sert")))
    content.add_widget(SmallText(text=french("Visites selon l'heure d'arrivée :")))
    content.add_widget(BarChart(values=list(fig.by_hour),
                                labels=[french("{hour} h", hour=h) for h in range(24)],
                                label_every=2))
    content.add_widget(SmallText(text=french("Visites selon le jour de la semaine :")))
    content.add_widget(BarChart(values=list(fig.by_weekday), labels=list(DAY_NAMES)))
    content.add_widget(TitleText(text=french("Thèmes du CRA")))
    content.add_widget(SmallText(text=french("Parcours commencés par thème (commencés / "
                                             "terminés) :")))
    content.add_widget(BarChart(rows=True, values=[t.started for t in fig.by_theme],
                                labels=[t.theme for t in fig.by_theme],
                                notes=[f"{t.started} / {t.finished}" for t in fig.by_theme]))
    _procedures(space, content, fig.procedures)


def _period_buttons(space: Any) -> BoxLayout:
    row = BoxLayout(size_hint_y=None, spacing=space.app.theme.gap)
    for name, text in PERIOD_BUTTONS:
        button = BigButton(text=text, role="selected" if space.period == name else "secondary",
                           font_px=space.app.theme.bar_text)
        button.bind(on_release=lambda _b, n=name: space.choose_period(n))
        row.add_widget(button)
    row.height = max(b.height for b in row.children)
    for button in row.children:
        button.bind(height=lambda *_a, r=row: setattr(
            r, "height", max(c.height for c in r.children)))
    return row


def _date_stepper(space: Any, word: str, which: str) -> BoxLayout:
    """"Du [−1 mois] [−1 jour] 01/11/2026 [+1 jour] [+1 mois]": big buttons, no keyboard."""
    theme = space.app.theme
    today = space.app.wall_clock().date()
    day = space.custom_start if which == "start" else space.custom_end
    row = BoxLayout(size_hint_y=None, spacing=theme.gap)
    row.add_widget(BodyText(text=word, bold=True, size_hint_x=0.35, valign="middle"))

    def move(days: int = 0, months: int = 0) -> None:
        start, end = space.custom_start, space.custom_end
        if which == "start":
            start = move_day(start, days, months, latest=today)
            end = max(end, start)
        else:
            end = move_day(end, days, months, latest=today)
            start = min(start, end)
        space.set_custom(start, end)

    buttons = ((french("−1 mois"), 0, -1), (french("−1 jour"), -1, 0), None,
               (french("+1 jour"), 1, 0), (french("+1 mois"), 0, 1))
    for item in buttons:
        if item is None:
            row.add_widget(BodyText(text=f"{day:%d/%m/%Y}", bold=True, halign="center",
                                    size_hint_x=1.3))
            continue
        text, days, months = item
        button = BigButton(text=text, role="secondary", font_px=theme.bar_text)
        button.bind(on_release=lambda _b, d=days, m=months: move(d, m))
        row.add_widget(button)
    row.height = max(theme.target, *(c.height for c in row.children))
    for child in row.children:
        child.pos_hint = {"center_y": 0.5}
    return row


def _totals(content: BoxLayout, totals: usage_figures.Totals) -> None:
    grid = GridLayout(cols=4, size_hint_y=None, spacing=content.spacing)
    cards = [NumberCard(number=str(totals.visits),
                        caption=french_n("visite", "visites", totals.visits)),
             NumberCard(number=str(totals.procedures_started),
                        caption=french_n("parcours commencé", "parcours commencés",
                                         totals.procedures_started)),
             NumberCard(number=str(totals.procedures_finished),
                        caption=french_n("parcours terminé", "parcours terminés",
                                         totals.procedures_finished)),
             NumberCard(number=str(totals.help_requests),
                        caption=french_n("demande d'aide", "demandes d'aide",
                                         totals.help_requests))]
    for card in cards:
        grid.add_widget(card)
        card.bind(height=lambda *_a: setattr(grid, "height", max(c.height for c in cards)))
    grid.height = max(c.height for c in cards)
    content.add_widget(grid)


def _procedures(space: Any, content: BoxLayout,
                procedures: tuple[usage_figures.ProcedureFigures, ...]) -> None:
    content.add_widget(TitleText(text=french("Parcours")))
    table = BoxLayout(orientation="vertical", size_hint_y=None)
    table.bind(minimum_height=table.setter("height"))
    table.add_widget(TableRow(TABLE_HEADER, header=True, shaded=True))
    for index, p in enumerate(procedures):
        table.add_widget(TableRow((p.title, str(p.started), str(p.finished),
                                   percent_text(p.completion_rate),
                                   duration_text(p.median_seconds)), shaded=index % 2 == 1))
    content.add_widget(table)
    content.add_widget(TitleText(text=french("Jusqu'où les personnes vont")))
    content.add_widget(SmallText(text=french("Pour chaque parcours : combien de visites ont "
                                             "atteint chaque étape. La barre rouge montre "
                                             "l'étape où le plus de personnes s'arrêtent.")))
    flows = space.app.flowset.flows
    for p in procedures:
        if not p.funnel:
            continue
        flow = flows.get(p.flow)
        titles = {s.id: s.title.get("fr") for s in flow.steps} if flow else {}
        reached = [s.visits for s in p.funnel]
        where = biggest_drop(reached)
        content.add_widget(BodyText(text=p.title, bold=True))
        content.add_widget(BarChart(
            rows=True, values=reached, highlight=where,
            labels=[f"{i + 1}. {titles.get(s.step, s.step)}" for i, s in enumerate(p.funnel)]))
        content.add_widget(SmallText(text=_drop_words(p, titles, where)))
        content.add_widget(Widget(size_hint_y=None, height=space.app.theme.pad))


def _drop_words(p: usage_figures.ProcedureFigures, titles: dict[str, str], where: int) -> str:
    if where < 0:
        return french("Personne ne s'est arrêté en route.")
    step = p.funnel[where]
    fewer = step.visits - p.funnel[where + 1].visits
    name = titles.get(step.step, step.step)
    return french_n("Le plus d'abandons : après l'étape {number} « {name} » ({fewer} visite "
                    "de moins à l'étape suivante).",
                    "Le plus d'abandons : après l'étape {number} « {name} » ({fewer} visites "
                    "de moins à l'étape suivante).", fewer, number=where + 1, name=name,
                    fewer=fewer)
