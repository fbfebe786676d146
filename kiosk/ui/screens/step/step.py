"""The step screen: one step of a flow, whatever its kind, with Retour / Répéter / Suivant."""

from __future__ import annotations

from kivy.clock import Clock
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
from kivy.uix.screenmanager import Screen

from kiosk.flows.engine import Walker
from kiosk.flows.model import EndOutcome, Mark, MarkShape, Step, StepKind
from kiosk.ui import kv
from kiosk.ui.host import StepHost
from kiosk.ui.screens.practice.practice import PracticeController
from kiosk.ui.widgets.common import BigButton, BodyText, CheckRow, SmallText, TitleText, WarningBox


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


class StepScreen(Screen):
    flow_title = StringProperty("")
    number = NumericProperty(1)
    total = NumericProperty(1)
    can_back = BooleanProperty(False)
    can_next = BooleanProperty(True)
    is_end = BooleanProperty(False)
    overflow = BooleanProperty(False)
    """True when the step does not fit: the big scroll arrows are shown."""
    at_top = BooleanProperty(True)
    at_bottom = BooleanProperty(False)
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

    def on_kv_post(self, base_widget: object) -> None:
        scroller = self.ids.scroller
        scroller.bind(height=self._check_overflow, scroll_y=self._check_overflow)
        self.ids.content.bind(height=self._check_overflow)

    def _check_overflow(self, *_args: object) -> None:
        scroller = self.ids.scroller
        content = self.ids.content
        self.overflow = content.height > scroller.height + 1
        self.at_top = not self.overflow or scroller.scroll_y >= 0.999
        self.at_bottom = not self.overflow or scroller.scroll_y <= 0.001

    def scroll_page(self, direction: int) -> None:
        """Scroll by most of a screenful: 1 up, -1 down."""
        scroller = self.ids.scroller
        hidden = self.ids.content.height - scroller.height
        if hidden <= 0:
            return
        delta = (scroller.height * 0.8) / hidden
        scroller.scroll_y = min(1.0, max(0.0, scroller.scroll_y + direction * delta))

    # -- building a step --------------------------------------------------------------------
    def show(self, walker: Walker, language: str) -> None:
        step = walker.step
        host = self.host
        key = (id(walker), walker.number, step.id)
        typing = self.practice is not None and self.practice.typing_open
        if key != self._practice_key:
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
        content = self.ids.content
        kv.clear(content)
        self.ids.scroller.scroll_y = 1
        if language != "fr" and language not in walker.flow.languages:
            content.add_widget(SmallText(text=host.tr("Ce parcours existe seulement en français.",
                                                     language), italic=True))
        build = _BUILDERS[step.kind]
        build(self, content, step, walker, language)
        if typing and self.practice is not None:
            self.practice.open_typing()
        Clock.schedule_once(self._check_overflow, 0)

    def rebuild(self) -> None:
        """Show the same step again (after a check, a hint...), keeping what was typed."""
        if self._shown is not None:
            self.show(*self._shown)

    def leave_practice(self) -> None:
        """Wipe what the visitor typed and close the keyboard (step change, Accueil, wipe)."""
        if self.practice is not None:
            self.practice.close()
            self.practice = None
        self._practice_key = None
        self.practice_feedback = ""
        self.typing = False

    def add_text_block(self, content: BoxLayout, step: Step, language: str,
                       title: str | None = None) -> None:
        host = self.host
        content.add_widget(TitleText(text=title or step.title.get(language)))
        if step.picture:
            content.add_widget(PictureFrame(source=host.picture(step.picture), mark=step.mark))
        if step.text is not None:
            content.add_widget(BodyText(text=step.text.get(language)))
        if step.warning is not None:
            content.add_widget(WarningBox(text=step.warning.get(language)))


def _information(screen: StepScreen, content: BoxLayout, step: Step, walker: Walker,
                 language: str) -> None:
    screen.add_text_block(content, step, language)


def _question(screen: StepScreen, content: BoxLayout, step: Step, walker: Walker,
              language: str) -> None:
    host = screen.host
    screen.add_text_block(content, step, language)
    content.add_widget(SmallText(text=host.tr("Touchez une réponse.", language)))
    chosen = walker.answer_of(step.id)
    for index, answer in enumerate(step.answers):
        button = BigButton(text=answer.label.get(language),
                           role="selected" if chosen == index else "secondary")
        button.bind(on_release=lambda _b, i=index: host.controller.answer(i))
        content.add_widget(button)


def _checklist(screen: StepScreen, content: BoxLayout, step: Step, walker: Walker,
               language: str) -> None:
    host = screen.host
    screen.add_text_block(content, step, language)
    content.add_widget(SmallText(text=host.tr("Touchez une ligne pour la cocher.", language)))
    for index, item in enumerate(step.items):
        row = CheckRow(text=item.get(language), index=index, checked=walker.is_checked(index))
        row.bind(on_release=lambda r: setattr(r, "checked", host.controller.toggle(int(r.index))))
        content.add_widget(row)


def _practice(screen: StepScreen, content: BoxLayout, step: Step, walker: Walker,
              language: str) -> None:
    if screen.practice is None:
        screen.practice = PracticeController(screen, step, walker, language)
    screen.practice.build(content)


def _website(screen: StepScreen, content: BoxLayout, step: Step, walker: Walker,
             language: str) -> None:
    from kiosk.ui.widgets.qr import (
        qr_texture,  # segno is imported after the first frame, not at start-up
    )

    host = screen.host
    screen.add_text_block(content, step, language)
    address = (step.url or "").removeprefix("https://").rstrip("/")
    label = TitleText(text=address, halign="center")
    label.font_size = host.theme.huge * 0.7
    content.add_widget(label)
    content.add_widget(QrCode(texture=qr_texture(step.url or "")))
    content.add_widget(SmallText(text=host.tr("Pour continuer sur votre téléphone, visez ce "
                                             "carré avec l'appareil photo.", language),
                                 halign="center"))


def _help(screen: StepScreen, content: BoxLayout, step: Step, walker: Walker,
          language: str) -> None:
    host = screen.host
    screen.add_text_block(content, step, language)
    if step.items:
        content.add_widget(SmallText(text=host.tr("À apporter :", language), bold=True))
        for item in step.items:
            content.add_widget(BodyText(text=f"•  {item.get(language)}"))
    button = BigButton(text=host.tr("Appeler un conseiller", language), role="help",
                       icon=host.picture("pictos/aide.png"))
    button.bind(on_release=lambda _b: host.ask_help())
    content.add_widget(button)


def _end(screen: StepScreen, content: BoxLayout, step: Step, walker: Walker,
         language: str) -> None:
    host = screen.host
    success = step.outcome is not EndOutcome.COUNSELLOR
    content.add_widget(PictureFrame(
        source=host.picture("pictos/bravo.png" if success else "pictos/aide.png"),
        tint=host.theme.primary_bg if not host.theme.high_contrast else (0, 0, 0, 1)))
    screen.add_text_block(content, step, language)
    if not success:
        content.add_widget(WarningBox(text=host.tr("Un conseiller va vous aider pour la suite.",
                                                  language)))


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
