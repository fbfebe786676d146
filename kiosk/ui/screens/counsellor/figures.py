"""The "Chiffres" tab of the counsellor's space: one month that is over, as published.

What it shows comes from :func:`kiosk.ui.screens.counsellor.month.load` (the same
published month as the report, ``kiosk stats`` and the export), computed off the
interface's thread by ``CounsellorSpace`` (``space.py``); this module only lays it out.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.i18n import french
from kiosk.ui.screens.counsellor.charts import BarChart
from kiosk.ui.screens.counsellor.month import FLOW_HEADER, LEGEND, NO_MONTH, Bars, MonthView
from kiosk.ui.widgets.common import BigButton, BodyText, SmallText, TitleText, WarningBox

FLOW_WEIGHTS = (0.34, 0.13, 0.13, 0.15, 0.13, 0.12)
COMPARED_WEIGHTS = (0.4, 0.2, 0.2, 0.2)


class NumberCard(BoxLayout):
    """One big number with what it counts under it."""

    number = StringProperty("0")
    caption = StringProperty("")


class TableRow(BoxLayout):
    """One row of a table; as tall as its tallest cell."""

    shaded = BooleanProperty(False)

    def __init__(self, cells: tuple[str, ...], weights: tuple[float, ...],
                 header: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cells = []
        for index, (text, weight) in enumerate(zip(cells, weights)):
            cell = SmallText(text=text, size_hint_x=weight, bold=header,
                             halign="left" if index == 0 else "right")
            cell.bind(height=self._fit)
            self.cells.append(cell)
            self.add_widget(cell)
        self._fit()

    def _fit(self, *_args: object) -> None:
        self.height = max(c.height for c in self.cells) + self.padding[1] * 2


def build(space: Any, content: BoxLayout) -> None:
    view: MonthView | None = space.figures
    content.add_widget(_month_picker(space, view))
    health = space.app.usage_log.health()
    if not health.ok:
        content.add_widget(WarningBox(text=health.message))
    if space.loading:
        content.add_widget(BodyText(text=french("Calcul des chiffres…")))
        return
    if view is None:
        content.add_widget(WarningBox(text=space.figures_error or NO_MONTH))
        return
    content.add_widget(SmallText(text=LEGEND))
    _cards(content, view.cards)
    content.add_widget(TitleText(text=french("Ce mois, le mois d'avant, il y a un an")))
    content.add_widget(_table(view.compared_header, view.compared, COMPARED_WEIGHTS))
    content.add_widget(TitleText(text=french("Comment les démarches se sont terminées")))
    content.add_widget(SmallText(text=french(
        "Une issue par visite et par démarche : réussie (une fin marquée « réussite »), orientée "
        "vers un conseiller, ou partie sans arriver à une fin.")))
    content.add_widget(_chart(view.outcomes))
    content.add_widget(TitleText(text=french("Quand la borne sert")))
    content.add_widget(SmallText(text=french(
        "Visites selon l'heure d'arrivée :")))
    content.add_widget(_chart(view.hours, rows=False, label_every=2))
    content.add_widget(SmallText(text=french(
        "Visites selon le jour de la semaine :")))
    content.add_widget(_chart(view.weekdays, rows=False))
    content.add_widget(TitleText(text=french("Réglages choisis par les visiteurs")))
    content.add_widget(SmallText(text=french(
        "Visites qui ont changé l'affichage ou la voix (part des visites) :")))
    content.add_widget(_chart(view.choices))
    content.add_widget(TitleText(text=french("Thématiques du CRA")))
    content.add_widget(SmallText(text=french(
        "Démarches suivies par thème (une démarche compte pour chacun de ses thèmes ; « ≥ » : au "
        "moins, une démarche du thème étant cachée) :")))
    content.add_widget(_chart(view.themes))
    _flows(space, content, view)


def _month_picker(space: Any, view: MonthView | None) -> BoxLayout:
    """« ‹ Mois d'avant » novembre 2026 « Mois d'après › »: months that are over only."""
    theme = space.app.theme
    row = BoxLayout(size_hint_y=None, spacing=theme.gap)
    earlier = BigButton(text=french("‹ Mois d'avant"), role="secondary", font_px=theme.bar_text,
                        disabled=view is None or view.earlier is None or space.loading)
    later = BigButton(text=french("Mois d'après ›"), role="secondary", font_px=theme.bar_text,
                      disabled=view is None or view.later is None or space.loading)
    if view is not None:
        earlier.bind(on_release=lambda _b: space.choose_month(view.earlier))
        later.bind(on_release=lambda _b: space.choose_month(view.later))
    words = f"{view.month.label}\n{view.dates}" if view is not None else french("Chiffres du mois")
    label = BodyText(text=words, bold=True, halign="center", valign="middle",
                     size_hint_x=1.4)
    for child in (earlier, label, later):
        row.add_widget(child)
    row.height = max(theme.target, *(c.height for c in row.children))
    for child in row.children:
        child.pos_hint = {"center_y": 0.5}
        child.bind(height=lambda *_a, r=row: setattr(
            r, "height", max(theme.target, *(c.height for c in r.children))))
    return row


def _cards(content: BoxLayout, cards: tuple[tuple[str, str], ...]) -> None:
    grid = GridLayout(cols=3, size_hint_y=None, spacing=content.spacing)
    made = [NumberCard(number=number, caption=caption) for number, caption in cards]

    def fit(*_args: object) -> None:
        rows = -(-len(made) // grid.cols)
        grid.height = max(c.height for c in made) * rows + grid.spacing[1] * (rows - 1)

    for card in made:
        grid.add_widget(card)
        card.bind(height=fit)
    fit()
    content.add_widget(grid)


def _table(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
           weights: tuple[float, ...]) -> BoxLayout:
    table = BoxLayout(orientation="vertical", size_hint_y=None)
    table.bind(minimum_height=table.setter("height"))
    table.add_widget(TableRow(header, weights, header=True, shaded=True))
    for index, cells in enumerate(rows):
        table.add_widget(TableRow(cells, weights, shaded=index % 2 == 1))
    return table


def _chart(bars: Bars, rows: bool = True, label_every: int = 1) -> BarChart:
    return BarChart(rows=rows, values=list(bars.values), labels=list(bars.labels),
                    notes=list(bars.notes), label_every=label_every)


def _flows(space: Any, content: BoxLayout, view: MonthView) -> None:
    content.add_widget(TitleText(text=french("Démarches")))
    if not view.flows:
        content.add_widget(BodyText(text=french("Aucune démarche suivie ce mois-ci.")))
        return
    content.add_widget(_table(FLOW_HEADER, tuple(f.row for f in view.flows), FLOW_WEIGHTS))
    content.add_widget(TitleText(text=french("Où les personnes s'arrêtent")))
    content.add_widget(SmallText(text=french(
        "Pour chaque démarche : comment les visites se sont terminées, et l'étape après laquelle "
        "le plus de visites se sont arrêtées sans arriver à une fin (5 au moins ; une question où "
        "l'on prend l'autre chemin n'est pas un abandon).")))
    for f in view.flows:
        content.add_widget(BodyText(text=f.title, bold=True))
        content.add_widget(_chart(f.outcomes))
        for sentence in f.sentences:
            content.add_widget(SmallText(text=sentence))
        content.add_widget(Widget(size_hint_y=None, height=space.app.theme.pad))
