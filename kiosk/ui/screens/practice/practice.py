"""The practice step on screen: the answer box, kind feedback, hints, and the typing panel.

A :class:`PracticeController` lives as long as one practice step is shown. It holds the
visitor's :class:`~kiosk.practice.session.PracticeSession` (the only place the typed text
lives), listens to the physical keyboard while the step is shown, and wipes everything in
:meth:`PracticeController.close`. Layout and drawing are in ``practice.kv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kivy.core.text import Label as CoreLabel
from kivy.core.window import Window
from kivy.factory import Factory
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.flows.engine import Walker
from kiosk.flows.model import PracticeCheck, Step
from kiosk.practice.checks import DEFAULT_PASSWORD_LENGTH, Feedback
from kiosk.practice.layouts import Key, spoken_name, types_other_letters
from kiosk.practice.session import PracticeSession
from kiosk.ui.screens.practice.keyboard import Keyboard
from kiosk.ui.screens.practice.widgets import (  # noqa: F401 - re-exported for the tests
    ChoiceCard,
    FeedbackBox,
    SmsPhone,
    StrengthMeter,
    TypedView,
    TypingPanel,
)
from kiosk.ui.screens.step.layout import Blocks
from kiosk.ui.theme import THEME
from kiosk.ui.widgets.common import (
    BigButton,
    BodyText,
    SmallText,
    TitleText,
    WarningBox,
    words_fit,
)
from kiosk.ui.widgets.words import MirrorRow

# Physical keys (SDL key codes).
BACKSPACE, ENTER, ESCAPE, KEYPAD_ENTER, DELETE = 8, 13, 27, 271, 127
LEFT, RIGHT, HOME, END = 276, 275, 278, 279


def natural_width(button: BigButton) -> float:
    """The width ``button`` needs to show its words on one line beside its pictogram."""
    theme = THEME
    font = button.font_px or theme.button_text
    words = CoreLabel(text=button.text, font_size=font, bold=True).get_extents(button.text)[0]
    icon = theme.target * 0.5 + theme.pad if button.icon else 0
    return float(words + icon + theme.pad * 2 + 2)


def _fit_row(row: BoxLayout) -> None:
    """A row of buttons as tall as its tallest button, following their heights."""
    def follow(*_args: object) -> None:
        row.height = max(child.height for child in row.children)

    for child in row.children:
        child.bind(height=follow)
    follow()


if TYPE_CHECKING:
    from kiosk.ui.host import StepHost
    from kiosk.ui.screens.step.step import StepScreen


class PracticeController:
    """Everything of one practice step on screen; ``close`` wipes what was typed."""

    def __init__(self, screen: StepScreen, step: Step, walker: Walker, language: str) -> None:
        assert step.practice is not None
        self.screen = screen
        self.host: StepHost = screen.host
        self.step = step
        self.flow_title = walker.flow.short_title
        self.language = language
        self.session = PracticeSession(step.practice, language)
        self.masked = step.practice.check is PracticeCheck.PASSWORD
        self.panel: TypingPanel | None = None
        self.keyboard: Keyboard | None = None
        self.answer_view: TypedView | None = None
        self.feedback_widget: Widget | None = None
        self.revealed = ""
        self.last_hint = ""
        self.feedback_text = ""
        """The words of the last feedback, for the voice (never what was typed)."""
        self._listening = False
        if self.session.typing:
            Window.bind(on_textinput=self._on_textinput, on_key_down=self._on_key_down)
            self._listening = True

    @property
    def practice(self):  # type: ignore[no-untyped-def]
        return self.step.practice

    @property
    def typing_open(self) -> bool:
        return self.panel is not None

    def set_language(self, language: str) -> None:
        self.language = language
        self.session.language = language

    # -- leaving ---------------------------------------------------------------------------
    def close(self) -> None:
        """Wipe the typed text and the views that showed it; stop listening to the keyboard."""
        if self._listening:
            Window.unbind(on_textinput=self._on_textinput, on_key_down=self._on_key_down)
            self._listening = False
        self.close_typing()
        self.session.wipe()
        if self.answer_view is not None:
            self.answer_view.text = ""
            self.answer_view = None
        self.feedback_text = ""
        self.feedback_widget = None

    # -- the read view (inside the step's scrolling content) --------------------------------
    def build(self) -> Blocks:
        """The step's blocks: its text to read; to act on, the answer (field, strength,
        « Écrire ma réponse ») or the messages to choose from, the hint and answer buttons
        and the drawn phone with the code (beside in landscape, above in portrait)."""
        host = self.host
        language = self.language
        practice = self.practice
        step = self.step
        blocks = Blocks(title=TitleText(text=step.title.get(language)))
        if step.text is not None:
            blocks.reads.append(BodyText(text=step.text.get(language)))
        if step.warning is not None:
            blocks.reads.append(WarningBox(text=step.warning.get(language)))
        if practice.check is PracticeCheck.CODE and practice.example is not None:
            phone = Factory.PhoneFrame()
            phone.ids.phone.sender = self.flow_title.get(language)
            phone.ids.phone.message = practice.example.get(language)
            if host.theme.screen_width > host.theme.screen_height:
                blocks.picture = phone  # beside the text, on every page
                blocks.picture_required = True
            else:  # upright: just above the field, as tall as its words need
                phone.size_hint_y = None
                blocks.acts.append(phone)
        elif practice.example is not None:
            example = host.tr("Exemple : {example}", language,
                              example=practice.example.get(language))
            # In title letters when its longest word fits the screen, else in body letters
            # (« Girafe-Bleue-Mange-7-Pommes! » is wider than a tablet held upright).
            room = host.theme.screen_width - 2 * host.theme.gap
            blocks.reads.append(TitleText(text=example) if words_fit(
                example, host.theme.title, room) else BodyText(text=example, bold=True))
        if step.picture and blocks.picture is None:
            blocks.picture = Factory.PictureFrame(source=host.picture(step.picture))
        blocks.reads.append(SmallText(text=host.tr(
            "Essayez autant de fois que vous voulez. Rien n'est gardé. "
            "Pour passer, touchez « Suivant ».", language)))
        if self.session.typing and types_other_letters(language):
            blocks.reads.append(SmallText(text=host.tr(
                "Le clavier écrit en lettres latines (a, b, c), comme les adresses internet "
                "et les mots de passe.", language), bold=True))
        for hint in self.session.shown_hints():
            blocks.acts.append(BodyText(text=hint))
        if self.revealed:
            blocks.acts.append(TitleText(text=self.revealed))
        if self.session.feedback is not None:
            self.feedback_widget = self._feedback_box(self.session.feedback)
            blocks.acts.append(self.feedback_widget)
        self._row_extras: list[Widget] = []
        if practice.check is PracticeCheck.CHOICE:
            self._build_choices(blocks.acts, blocks.gridded)
        else:
            self._build_answer(blocks.acts)
        row = MirrorRow(size_hint_y=None, spacing=host.theme.gap)
        for widget in self._row_extras:  # landscape: the strength and « Montrer » here
            row.add_widget(widget)
        if practice.hints:
            hint = BigButton(text=host.tr("Un indice", language), role="secondary",
                             font_px=host.theme.bar_text)
            hint.bind(on_release=lambda _b: self.hint())
            row.add_widget(hint)
        reveal = BigButton(text=host.tr("Voir la réponse", language), role="secondary",
                           font_px=host.theme.bar_text)
        reveal.bind(on_release=lambda _b: self.reveal())
        row.add_widget(reveal)
        _fit_row(row)
        blocks.acts.append(row)
        return blocks

    def _build_answer(self, acts: list[Widget]) -> None:
        """The field and « Écrire ma réponse »: on one row in landscape (the field as wide
        as what is left), the field above the button upright. A password's strength and
        « Montrer » join the row of « Un indice » in landscape, so that title, field,
        buttons and strength fit the last page of a 10-inch screen in large text."""
        host = self.host
        language = self.language
        theme = host.theme
        landscape = theme.screen_width > theme.screen_height
        password = self.practice.check is PracticeCheck.PASSWORD
        view = TypedView(text=self.session.text, cursor=self.session.cursor, masked=self.masked,
                         placeholder=host.tr("Touchez ici pour écrire.", language))
        view.bind(on_place=lambda _v, index: self.open_typing(index))
        self.answer_view = view
        strength = None
        if password and self.session.text:
            value, word = self.session.strength()
            strength = StrengthMeter(value=value, word=word)
        write = BigButton(text=host.tr("Corriger ma réponse", language) if self.session.text
                          else host.tr("Écrire ma réponse", language),
                          icon=host.picture("pictos/texte.png"))
        write.bind(on_release=lambda _b: self.open_typing())
        if landscape:
            write.size_hint_x = None
            write.width = natural_width(write)
            row = AnchorLayout(anchor_y="center", size_hint_y=None)
            line = MirrorRow(spacing=theme.gap)
            view.size_hint_y = None
            field = AnchorLayout(anchor_y="center")
            field.add_widget(view)
            line.add_widget(field)
            line.add_widget(write)
            row.add_widget(line)
            write.bind(height=lambda _b, h: setattr(row, "height", max(h, view.height)))
            row.height = max(write.height, view.height)
            acts.append(row)
            if strength is not None:
                strength.size_hint_x = 2
                strength.stacked = True
                self._row_extras.append(strength)
            if password:
                self._row_extras.append(self._mask_button(font_px=theme.bar_text))
            return
        acts.append(view)
        if strength is not None:
            acts.append(strength)
        row = MirrorRow(size_hint_y=None, spacing=theme.gap)
        row.add_widget(write)
        if password:
            row.add_widget(self._mask_button())
        _fit_row(row)
        acts.append(row)

    def _mask_button(self, font_px: float = 0) -> BigButton:
        button = BigButton(text=self._mask_word(), role="secondary", font_px=font_px)
        button.bind(on_release=self.toggle_mask)
        return button

    def _build_choices(self, acts: list[Widget], gridded: list[Widget]) -> None:
        host = self.host
        acts.append(SmallText(text=host.tr("Touchez le message de votre choix.",
                                           self.language)))
        for index, choice in enumerate(self.practice.choices):
            marked = ""
            if self.session.chosen == index:
                marked = "right" if choice.correct else "chosen"
            elif self.revealed and choice.correct:
                marked = "right"
            number = index + 1
            if marked == "right":
                caption = host.tr("Message n°{number} : la bonne réponse", self.language,
                                 number=number)
            elif marked == "chosen":
                caption = host.tr("Message n°{number} : votre choix", self.language,
                                 number=number)
            else:
                caption = host.tr("Message n°{number}", self.language, number=number)
            card = ChoiceCard(text=choice.label.get(self.language), index=index, marked=marked,
                              caption=caption)
            card.bind(on_release=lambda c: self.choose(int(c.index)))
            acts.append(card)
            gridded.append(card)

    def _feedback_box(self, feedback: Feedback) -> FeedbackBox:
        box = FeedbackBox(success=feedback.success)
        if feedback.success:
            box.add_widget(TitleText(text=self.session.success_text()))
        for note in feedback.right:
            if note.key not in ("success", "strength"):  # the meter shows the strength
                box.add_widget(BodyText(text=note.text))
        for note in feedback.todo:
            box.add_widget(BodyText(text=note.text, bold=True))
        return box

    def refresh(self) -> None:
        """Show the step again on its last page: the feedback, the field, the hints are
        among what the visitor acts on, on screen together (nothing to scroll to)."""
        self.screen.rebuild(to_acts=True)

    # -- typing ----------------------------------------------------------------------------
    def open_typing(self, position: int | None = None) -> None:
        if not self.session.typing:
            return
        if position is not None:
            self.session.move_to(position)
        if self.panel is None:
            host = self.host
            practice = self.practice
            panel = TypingPanel(controller=self)
            panel.model_text = self._model_line()
            keyboard = panel.ids.keyboard
            keyboard.keyboard = practice.keyboard
            keyboard.language = self.language
            keyboard.bind(on_key=lambda _k, key: self.press(key))
            sms = practice.check is PracticeCheck.CODE and practice.example is not None
            if sms:
                panel.side = True
                phone = panel.ids.phone_frame.ids.phone
                phone.sender = self.flow_title.get(self.language)
                phone.message = practice.example.get(self.language)
            panel.ids.typed.masked = self.masked
            panel.ids.typed.bind(on_place=lambda _v, index: self._place(index))
            self.panel = panel
            self.keyboard = keyboard
            self.screen.add_widget(panel)
            self.screen.typing = True
            panel.fit()
            host.controller.touched()
        self._show_text()

    def close_typing(self) -> None:
        if self.panel is None:
            return
        if self.keyboard is not None:
            self.keyboard.release()
        self.panel.ids.typed.text = ""
        self.screen.remove_widget(self.panel)
        self.screen.typing = False
        self.panel = None
        self.keyboard = None

    def _model_line(self) -> str:
        host = self.host
        practice = self.practice
        if practice.check is PracticeCheck.PASSWORD:
            length = practice.length or DEFAULT_PASSWORD_LENGTH
            return host.ntr("Au moins {length} signe, avec des chiffres et un signe.",
                           "Au moins {length} signes, avec des chiffres et un signe.",
                           length, self.language, length=length)
        model = self.session.model()
        if model:
            return host.tr("À taper : {text}", self.language, text=model)
        length = practice.length or 0
        return host.ntr("Tapez {length} chiffre.", "Tapez les {length} chiffres.", length,
                       self.language, length=length)

    def _show_text(self) -> None:
        session = self.session
        if self.panel is not None:
            typed = self.panel.ids.typed
            typed.text = session.text
            typed.cursor = session.cursor
            if self.practice.check is PracticeCheck.PASSWORD:
                _value, word = session.strength()
                self.panel.model_text = self.host.tr(
                    "{rule} Solidité : {word}.", self.language,
                    rule=self._model_line(), word=word) if session.text else self._model_line()
        if self.answer_view is not None:
            self.answer_view.text = session.text
            self.answer_view.cursor = session.cursor

    def _place(self, index: int) -> None:
        self.session.move_to(index)
        self._show_text()

    def press(self, key: Key) -> None:
        """An on-screen key that types or moves."""
        if key.action in ("char", "space"):
            assert self.keyboard is not None
            self.type_text(self.keyboard.typed_sign(key))
        elif key.action == "left":
            self.session.move(-1)
            self._show_text()
        elif key.action == "right":
            self.session.move(1)
            self._show_text()

    def type_text(self, text: str) -> None:
        self.session.insert(text)
        self._show_text()
        if not self.masked and len(text) == 1:
            self.host.audio.say_private(spoken_name(text, self.language))

    def erase(self) -> None:
        """"Effacer": one sign."""
        self.session.backspace()
        self._show_text()

    def erase_all(self) -> None:
        self.session.clear()
        self._show_text()

    def check(self) -> Feedback:
        """"Vérifier": check, close the keys, show the feedback (and say it if private)."""
        host = self.host
        feedback = self.session.check()
        host.controller.practice_tried(feedback.success)
        self.feedback_text = (self.session.success_text() + "\n" if feedback.success else "") \
            + feedback.text
        if feedback.private:
            host.audio.say_private(self.feedback_text)
        else:
            host.audio.say(self.feedback_text)
        self.screen.practice_feedback = "" if feedback.private else self.feedback_text
        self.close_typing()
        self.refresh()
        return feedback

    def choose(self, index: int) -> Feedback:
        host = self.host
        feedback = self.session.choose(index)
        host.controller.practice_tried(feedback.success)
        self.feedback_text = feedback.text
        host.audio.say(feedback.text)
        self.screen.practice_feedback = feedback.text
        self.refresh()
        return feedback

    def hint(self) -> None:
        self.last_hint = self.session.next_hint()
        if self.last_hint:
            self.host.audio.say(self.last_hint)
        self.refresh()

    def reveal(self) -> None:
        self.revealed = self.session.answer()
        self.host.audio.say(self.revealed)  # the flow's own answer, never what was typed
        self.refresh()

    def toggle_mask(self, button: BigButton | None = None) -> None:
        self.masked = not self.masked
        if self.panel is not None:
            self.panel.ids.typed.masked = self.masked
        if self.answer_view is not None:
            self.answer_view.masked = self.masked
        if button is not None:
            button.text = self._mask_word()

    def _mask_word(self) -> str:
        host = self.host
        if self.masked:
            return host.tr("Montrer", self.language)
        return host.tr("Cacher", self.language)

    # -- the physical keyboard ---------------------------------------------------------------
    def _blocked(self) -> bool:
        return self.host.dialogs.covering

    def _on_textinput(self, _window: object, text: str) -> bool:
        if self._blocked() or not text or not text.isprintable():
            return False
        self.host.controller.touched()
        self.open_typing()
        self.type_text(text)
        return True

    def _on_key_down(self, _window: object, key: int, _scancode: object = None,
                     _codepoint: object = None, _modifiers: object = None) -> bool:
        if self._blocked():
            return False
        host = self.host
        if key in (ENTER, KEYPAD_ENTER):
            host.controller.touched()
            if self.session.text or self.panel is not None:
                self.check()
            return True
        if key == ESCAPE and self.panel is not None:
            host.controller.touched()
            self.close_typing()  # back to the step, nothing lost
            self.refresh()
            return True
        if key not in (BACKSPACE, DELETE, LEFT, RIGHT, HOME, END):
            return False
        host.controller.touched()
        self.open_typing()
        if key == BACKSPACE:
            self.session.backspace()
        elif key == DELETE:
            self.session.delete()
        elif key in (LEFT, RIGHT):
            self.session.move(-1 if key == LEFT else 1)
        else:
            self.session.move_to(0 if key == HOME else len(self.session.text))
        self._show_text()
        return True

