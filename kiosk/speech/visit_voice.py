"""The speech's subscription to the visit controller (no Kivy).

What the visit does becomes what the voice reads: a step once its pixels are on the screen
(the interface calls :meth:`VisitVoice.frame_shown` after each frame), the same step again
for « Répéter », a new voice choice or language at once, silence at home and at a visit's
end. The visitor's voice choice lives in the controller only: this class applies it to the
service (on/off, speed) whenever it changes.
"""

from __future__ import annotations

from kiosk.flows.languages import lacks_language, language_note
from kiosk.visit import (
    ChoicesChanged,
    Event,
    FlowOpened,
    HelpAsked,
    PageShown,
    Repeated,
    StepShown,
    VisitController,
    VisitEnded,
    WentHome,
)

from .service import SpeechService, step_language


class VisitVoice:
    """``controller.subscribe(VisitVoice(service, controller))``, then :meth:`start`."""

    def __init__(self, service: SpeechService, controller: VisitController) -> None:
        self.service = service
        self.controller = controller
        self._after_frame = False
        self._page: PageShown | None = None
        """The page of a long step on screen, if any: read instead of the whole step."""
        self._noted: tuple[str, str] | None = None
        """(flow, language) whose « not translated » note was read: read once, first."""

    def start(self, *, start_service: bool = True) -> None:
        """Start the service with the visit's choices; read the step if a flow is open."""
        self._apply_choices()
        if start_service:
            self.service.start()
        walker = self.controller.walker
        if walker is not None:  # a flow opened before the voice was ready
            self.service.prefetch_flow(walker.flow, self.controller.choices.language)
            self.speak_current()

    def __call__(self, event: Event) -> None:
        match event:
            case FlowOpened(flow=flow):
                self.service.prefetch_flow(flow, self.controller.choices.language)
            case StepShown():
                self._after_frame = True  # the step's pixels first, its voice right after
            case PageShown():
                self._page = event
                self._after_frame = True
            case Repeated():
                self._after_frame = False
                self._noted = None  # « Répéter » reads the note again too
                self.speak_current()
            case ChoicesChanged(what="voice"):
                self._apply_choices()
                if self.controller.choices.sound_on:
                    self.speak_current()
            case ChoicesChanged(what="language"):
                walker = self.controller.walker
                if walker is not None:
                    self.service.prefetch_flow(walker.flow, self.controller.choices.language)
                    self.speak_current()
            case VisitEnded():
                self._after_frame = False
                self._page = None
                self._noted = None
                self.service.reset_visit()  # silence; sound and speed back to the settings
            case ChoicesChanged(what="reset"):
                self._apply_choices()
            case WentHome() | HelpAsked():
                self._after_frame = False
                self._page = None
                self.service.stop()

    def _apply_choices(self) -> None:
        choices = self.controller.choices
        self.service.set_rate(choices.rate)
        self.service.set_enabled(choices.sound_on)

    def frame_shown(self) -> None:
        """A frame reached the screen: read the step shown in it, if it is new."""
        if self._after_frame:
            self._after_frame = False
            self.speak_current()

    def speak_current(self) -> None:
        """Read the step on screen from its start (stopping anything being read)."""
        walker = self.controller.walker
        if walker is None:
            return
        page = self._page
        language = self.controller.choices.language
        # A flow not written in the visitor's language: its French text is read with the
        # French voice, after the note that says so, in the visitor's language, once.
        flow_language = (walker.flow.id, language)
        note = language_note(language) if lacks_language(walker.flow, language) and \
            self._noted != flow_language else ""
        # A step with its own spoken text (how the counsellor wants it said: addresses,
        # codes) is read whole on every page; otherwise the page on screen is read.
        if page is not None and walker.step.spoken is None and (
                page.flow_id, page.step_id, page.language) == (
                walker.flow.id, walker.step.id, language):
            parts = [(note, language)] if note else []
            parts.append((page.text, step_language(walker.step, language)))
            heard = self.service.speak_parts(parts)
        else:
            heard = self.service.speak_step(walker.step, language, before=note)
        if note and heard:
            self._noted = flow_language

    def say(self, text: str) -> None:
        """Read one of the kiosk's own messages in the visit's language."""
        self.service.speak(text, self.controller.choices.language)

    def say_private(self, text: str) -> None:
        """Read something the visitor typed: never cached, and only when sound is on."""
        if self.controller.choices.sound_on:
            self.service.speak_private(text, self.controller.choices.language)
