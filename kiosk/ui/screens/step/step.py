"""The step screen: one step of a flow, whatever its kind, with Retour / Répéter / Suivant."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.engine import Walker
from kiosk.flows.languages import lacks_language, language_note
from kiosk.flows.model import EndOutcome, Mark, MarkShape, Step, StepKind
from kiosk.ui import kv
from kiosk.ui.host import StepHost
from kiosk.ui.screens.practice.practice import PracticeController
from kiosk.ui.screens.step import layout
from kiosk.ui.screens.step.layout import Blocks, Plan
from kiosk.ui.theme import THEME
from kiosk.ui.widgets.common import BigButton, BodyText, CheckRow, SmallText, TitleText, WarningBox

QR_MIN_MM = 25.0


class PictureFrame(AnchorLayout):
    """A picture of the flow on a white card, so it shows in both themes."""

    source = StringProperty("")
    tint = ColorProperty([1, 1, 1, 1])
    """Colour multiplied into the picture: white keeps it as is; pictograms get the theme's."""
    mark = ObjectProperty(None, allownone=True)
    """Where to tap on the picture (:class:`kiosk.flows.model.Mark`); step.kv draws it over
    the picture in the primary role's two colours (a thick ring with a contrasting edge), so
    that it shows on any screenshot and in high contrast."""
    mark_box = ListProperty([0, 0, 0, 0])
    """The mark's box on screen (x, y, width, height); zero-sized when there is no mark."""
    mark_circle = BooleanProperty(False)

    def on_kv_post(self, base_widget: object) -> None:
        image = self.ids.image
        image.bind(pos=self.place_mark, size=self.place_mark, norm_image_size=self.place_mark)
        self.bind(mark=self.place_mark)
        self.place_mark()

    def place_mark(self, *_args: object) -> None:
        mark: Mark | None = self.mark
        if mark is None:
            self.mark_box = [0, 0, 0, 0]
            return
        image = self.ids.image
        shown_w, shown_h = image.norm_image_size
        left = image.center_x - shown_w / 2 + mark.x * shown_w
        top = image.center_y + shown_h / 2 - mark.y * shown_h
        self.mark_circle = mark.shape is MarkShape.CIRCLE
        self.mark_box = [left, top - mark.height * shown_h, mark.width * shown_w,
                         mark.height * shown_h]


class QrCode(AnchorLayout):
    """The QR code of a web address, to continue on one's own phone."""

    texture = ObjectProperty(None, allownone=True)
    min_mm = NumericProperty(QR_MIN_MM)
    """Its smallest side on the physical screen, quiet zone included: a phone held at
    arm's length reads it from there."""


class AddressText(Label):
    """A web address: one long word that must show whole. In the title's size when it fits
    the width, else as large as fits, never under the small text's size."""

    @staticmethod
    def fitted(largest: float, smallest: float, width: float, text: str) -> float:
        """The font size that shows ``text`` on one line of ``width`` (see the class)."""
        if width <= 1 or not text:
            return largest
        size = float(largest)
        while size > smallest:
            if CoreLabel(font_size=size, bold=True).get_extents(text)[0] <= width:
                return size
            size -= 1.0
        return float(smallest)


class StepScreen(Screen):
    flow_title = StringProperty("")
    number = NumericProperty(1)
    total = NumericProperty(1)
    can_back = BooleanProperty(False)
    can_next = BooleanProperty(True)
    is_end = BooleanProperty(False)
    page = NumericProperty(0)
    """The page of the step shown (0 first) when its explanation is longer than a screen."""
    pages = NumericProperty(1)
    fits = BooleanProperty(True)
    """False when even the step's last page is taller than the screen (see the validator)."""
    typing = BooleanProperty(False)
    """True while the keyboard of a practice step covers the step."""
    practice_feedback = StringProperty("")
    """The words of the last practice feedback that quote nothing typed, for the voice
    ("" when there is none, or when it quotes a typed sign: then it was said privately)."""

    def __init__(self, host: StepHost, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.host = host
        self.practice: PracticeController | None = None
        self._practice_key: tuple[int, int, str] | None = None
        self._shown: tuple[Walker, str] | None = None
        self._blocks: Blocks | None = None
        self._plan: Plan | None = None
        self._relayout = Clock.create_trigger(lambda _dt: self.lay_out(keep_page=True))

    def on_kv_post(self, base_widget: object) -> None:
        self.ids.area.bind(size=lambda *_a: self._relayout())
        THEME.bind(level=lambda *_a: self._relayout())

    # -- building a step --------------------------------------------------------------------
    def show(self, walker: Walker, language: str, to_acts: bool = False) -> None:
        """Show the walker's step; ``to_acts``: on its last page, where it is acted on."""
        step = walker.step
        key = (id(walker), walker.number, step.id)
        typing = self.practice is not None and self.practice.typing_open
        same_step = key == self._practice_key
        if not same_step:
            self.leave_practice()  # the step changed: wipe what was typed
        elif self.practice is not None:
            self.practice.close_typing()
            self.practice.set_language(language)
        self._practice_key = key
        self._shown = (walker, language)
        self.flow_title = walker.flow.title.get(language)
        self.number = walker.number
        self.total = walker.total
        self.can_back = walker.can_go_back
        self.is_end = step.kind is StepKind.END
        self.can_next = step.kind is not StepKind.QUESTION
        blocks = _BUILDERS[step.kind](self, step, walker, language)
        if lacks_language(walker.flow, language):
            # Said in the visitor's language, in a box as large as the step's text (and
            # read aloud first: kiosk/speech/visit_voice.py), before the French text.
            note = WarningBox(text=language_note(language))
            blocks.reads.insert(0, note)
        self._blocks = blocks
        self.lay_out(keep_page=same_step, to_acts=to_acts)
        if typing and self.practice is not None:
            self.practice.open_typing()

    def lay_out(self, keep_page: bool = False, to_acts: bool = False) -> None:
        """Plan the step in the area as it is now, and show a page of it."""
        blocks = self._blocks
        area = self.ids.area
        if blocks is None or area.width < 10 or area.height < 10:
            return
        theme = THEME
        landscape = theme.screen_width > theme.screen_height
        # « Lire la suite » is the footer's big « Suivant »: no room taken from the page.
        left, top, right, bottom = area.padding
        plan = self._plan = layout.plan(blocks, area.width - left - right,
                                        area.height - top - bottom, landscape, 0.0)
        self.fits = plan.fits
        # What the visitor acts on is on the last page: one acting there (a check, a hint)
        # stays there even when the feedback makes the step a page longer.
        on_last = self.page + 1 >= self.pages
        if to_acts:  # the first page with something to act on (the feedback is first)
            page = next(i for i, acts in enumerate(plan.acts) if acts or i == len(plan.acts) - 1)
        elif not keep_page:
            page = 0
        elif on_last:
            page = len(plan.pages) - 1
        else:
            page = min(int(self.page), len(plan.pages) - 1)
        self.pages = len(plan.pages)
        self.show_page(page, announce=not keep_page)

    def show_page(self, page: int, announce: bool = True) -> None:
        blocks, plan = self._blocks, self._plan
        if blocks is None or plan is None:
            return
        self.page = page
        area = self.ids.area.__self__  # ids hold weak proxies
        content = self.ids.content.__self__
        for widget in list(area.children):
            if widget is not content:
                area.remove_widget(widget)
        for widget in (blocks.picture, blocks.title, *blocks.acts,
                       *(w for p in plan.pages for w in p)):
            if widget is not None and widget.parent is not None:
                widget.parent.remove_widget(widget)
        kv.clear(content)
        picture = blocks.picture
        if picture is not None and plan.picture_width:
            picture.size_hint = (None, 1)
            picture.width = plan.picture_width
            area.add_widget(picture, index=len(area.children))
        elif picture is not None and plan.picture_page == page:
            picture.size_hint = (1, None)
            picture.height = plan.picture_height
            content.add_widget(picture)
        if blocks.title is not None:
            content.add_widget(blocks.title)
        for widget in plan.pages[page]:
            content.add_widget(widget)
        if plan.spacers[page]:  # what is left, between the text and the acts
            content.add_widget(Widget())
        acts = plan.acts[page]
        if acts:
            self._add_acts(content, blocks, acts, plan.columns)
        if announce and len(plan.pages) > 1 and self._shown is not None:
            walker, _language = self._shown
            texts = [blocks.title.text] if blocks.title is not None else []
            texts += [w.text for w in plan.pages[page] if isinstance(w, Label)]
            texts += [t for w in acts for t in _texts_of(w)]
            self.host.controller.show_page(page + 1, len(plan.pages), "\n".join(texts))

    def _add_acts(self, content: BoxLayout, blocks: Blocks, acts: list[Widget],
                  columns: int) -> None:
        before, run, after = ([w for w in part if w in acts] for part in blocks.split_acts())
        for widget in before:
            content.add_widget(widget)
        if columns == 1:
            for widget in run:
                content.add_widget(widget)
        elif run:
            grid = GridLayout(cols=columns, spacing=THEME.gap, size_hint_y=None,
                              orientation="rl-tb" if THEME.rtl else "lr-tb")
            for widget in run:
                widget.size_hint_x = 1
                grid.add_widget(widget)
            grid.bind(minimum_height=grid.setter("height"))
            content.add_widget(grid)
        for widget in after:
            content.add_widget(widget)

    def go_next(self) -> None:
        """« Suivant » or « Lire la suite »: the next page of the step, else the next step."""
        if self.page + 1 < self.pages:
            self.show_page(int(self.page) + 1)
        else:
            self.host.controller.next()

    def go_back(self) -> None:
        if self.page > 0:
            self.show_page(int(self.page) - 1)
        else:
            self.host.controller.back()

    def rebuild(self, to_acts: bool = False) -> None:
        """Show the same step again, keeping what was typed; ``to_acts`` (after a check, a
        hint, a choice): on its last page, where the feedback and the field are."""
        if self._shown is not None:
            self.show(*self._shown, to_acts=to_acts)

    def leave_practice(self) -> None:
        """Wipe what the visitor typed and close the keyboard (step change, Accueil, wipe)."""
        if self.practice is not None:
            self.practice.close()
            self.practice = None
        self._practice_key = None
        self.practice_feedback = ""
        self.typing = False

    def text_blocks(self, step: Step, language: str, title: str | None = None) -> Blocks:
        host = self.host
        blocks = Blocks(title=TitleText(text=title or step.title.get(language)))
        if step.picture:
            blocks.picture = PictureFrame(source=host.picture(step.picture), mark=step.mark)
        if step.text is not None:
            blocks.reads.append(BodyText(text=step.text.get(language)))
        if step.warning is not None:
            blocks.reads.append(WarningBox(text=step.warning.get(language)))
        return blocks


def _texts_of(widget: Widget) -> list[str]:
    return [node.text for node in layout.walk(widget) if isinstance(node, Label) and node.text]


def _information(screen: StepScreen, step: Step, walker: Walker, language: str) -> Blocks:
    return screen.text_blocks(step, language)


def _question(screen: StepScreen, step: Step, walker: Walker, language: str) -> Blocks:
    host = screen.host
    blocks = screen.text_blocks(step, language)
    blocks.reads.append(SmallText(text=host.tr("Touchez une réponse.", language)))
    chosen = walker.answer_of(step.id)
    for index, answer in enumerate(step.answers):
        button = BigButton(text=answer.label.get(language),
                           role="selected" if chosen == index else "secondary")
        button.bind(on_release=lambda _b, i=index: host.controller.answer(i))
        blocks.acts.append(button)
    blocks.grid = True
    return blocks


def _checklist(screen: StepScreen, step: Step, walker: Walker, language: str) -> Blocks:
    host = screen.host
    blocks = screen.text_blocks(step, language)
    blocks.reads.append(SmallText(text=host.tr("Touchez une ligne pour la cocher.", language)))
    for index, item in enumerate(step.items):
        row = CheckRow(text=item.get(language), index=index, checked=walker.is_checked(index))
        row.bind(on_release=lambda r: setattr(r, "checked", host.controller.toggle(int(r.index))))
        blocks.acts.append(row)
    blocks.grid = True
    return blocks


def _practice(screen: StepScreen, step: Step, walker: Walker, language: str) -> Blocks:
    if screen.practice is None:
        screen.practice = PracticeController(screen, step, walker, language)
    return screen.practice.build()


def _website(screen: StepScreen, step: Step, walker: Walker, language: str) -> Blocks:
    from kiosk.ui.widgets.qr import (
        qr_texture,  # segno is imported after the first frame, not at start-up
    )

    host = screen.host
    blocks = screen.text_blocks(step, language)
    blocks.reads.append(SmallText(text=host.tr("Pour continuer sur votre téléphone, visez ce "
                                              "carré avec l'appareil photo.", language)))
    address = (step.url or "").removeprefix("https://").rstrip("/")
    blocks.acts.append(AddressText(text=address))
    blocks.acts.append(QrCode(texture=qr_texture(step.url or "")))
    return blocks


def _help(screen: StepScreen, step: Step, walker: Walker, language: str) -> Blocks:
    host = screen.host
    blocks = screen.text_blocks(step, language)
    if step.text is not None and step.text.get(language).strip() == \
            step.title.get(language).strip():
        blocks.reads = [w for w in blocks.reads if not isinstance(w, BodyText)
                        or w.text != step.text.get(language)]  # said once, as the title
    if step.items:
        blocks.reads.append(SmallText(text=host.tr("À apporter :", language), bold=True))
        for item in step.items:
            blocks.reads.append(BodyText(text=f"•  {item.get(language)}"))
    button = BigButton(text=host.tr("Appeler un conseiller", language), role="help",
                       icon=host.picture("pictos/aide.png"))
    button.bind(on_release=lambda _b: host.ask_help())
    blocks.acts.append(button)
    return blocks


def _end(screen: StepScreen, step: Step, walker: Walker, language: str) -> Blocks:
    host = screen.host
    success = step.outcome is not EndOutcome.COUNSELLOR
    blocks = screen.text_blocks(step, language)
    if blocks.picture is None:  # the same place as every step's picture
        blocks.picture = PictureFrame(
            source=host.picture("pictos/bravo.png" if success else "pictos/aide.png"),
            tint=host.theme.primary_bg if not host.theme.high_contrast else (0, 0, 0, 1))
    if not success:
        blocks.reads.append(WarningBox(text=host.tr("Un conseiller va vous aider pour la suite.",
                                                    language)))
    return blocks


_BUILDERS = {
    StepKind.INFORMATION: _information,
    StepKind.QUESTION: _question,
    StepKind.CHECKLIST: _checklist,
    StepKind.PRACTICE: _practice,
    StepKind.WEBSITE: _website,
    StepKind.HELP: _help,
    StepKind.END: _end,
}


kv.load_beside(__file__)
