"""The kiosk's voice on screen: starting the speech service after the first frame, and
what the buttons show of it (« Son indisponible », « Répéter » while reading).

The speech itself follows the visit through :class:`kiosk.speech.visit_voice.VisitVoice`;
this object only wires it to the window and mirrors its state into Kivy properties.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ObjectProperty

from kiosk.settings import Settings
from kiosk.visit import VisitController

log = logging.getLogger("kiosk.ui")

if TYPE_CHECKING:
    from kiosk.speech.service import SpeechService
    from kiosk.speech.visit_voice import VisitVoice


class Audio(EventDispatcher):
    __events__ = ("on_no_voice",)
    """``on_no_voice(language)``: no voice reads the visit's language here; dispatched
    once a visit and language (the kiosk then says so on screen, and stays silent)."""

    available = BooleanProperty(False)
    """False until a speech service says it can speak (then « Son » can be switched)."""

    speaking = BooleanProperty(False)
    """A reading is being played (« Répéter » shows it)."""

    card_missing = BooleanProperty(False)
    """The machine has no sound card (:func:`kiosk.ui.boot.sound_card_missing`): no voice is
    started, « Son » says « Son indisponible » and its overlay says why."""

    reading = ObjectProperty(None, allownone=True)
    """What is being read aloud, with when each word is heard
    (:class:`kiosk.speech.wordtimes.Reading`); None when silent. The words on screen are
    marked as they are heard (:mod:`kiosk.ui.reading`)."""

    def __init__(self, settings: Settings, controller: VisitController, *,
                 card_missing: bool | None = None) -> None:
        """``card_missing``: None to take what :func:`kiosk.ui.boot.configure` found."""
        super().__init__()
        if card_missing is None:
            from kiosk.ui.boot import sound_card_missing

            card_missing = sound_card_missing()
        self.card_missing = card_missing
        self.settings = settings
        self.controller = controller
        self.voice: VisitVoice | None = None
        self._told: set[tuple[str, str]] = set()  # (visit, language) told of no voice
        """The speech's subscription to the visit, once a service is in use."""
        self._event = None

    @property
    def service(self) -> SpeechService | None:
        return self.voice.service if self.voice is not None else None

    def start_after_first_frame(self) -> None:
        """The voice never delays the first screen: started once a frame is shown.

        With no sound card no voice is started: nobody would hear it."""
        if self.card_missing:
            log.warning("aucune carte son : la voix n'est pas démarrée (kiosk doctor)")
            return
        Window.bind(on_flip=self._first_frame)

    def _first_frame(self, *_args: object) -> None:
        Window.unbind(on_flip=self._first_frame)
        self._event = Clock.schedule_once(lambda _dt: self._start(), 0)

    def _start(self) -> None:
        from kiosk.speech.service import SpeechService

        self.use(SpeechService(self.settings))

    def use(self, service: SpeechService, *, started: bool = False) -> None:
        """Speak through ``service`` (started here, unless ``started``)."""
        from kiosk.speech.visit_voice import VisitVoice

        service.listen(self._on_speech)
        self.voice = VisitVoice(service, self.controller)
        self.controller.subscribe(self.voice)
        Window.bind(on_flip=self._frame_shown)
        self.voice.start(start_service=not started)
        self._on_speech("available", service.available)

    def _frame_shown(self, *_args: object) -> None:
        if self.voice is not None:
            self.voice.frame_shown()  # a step's voice starts once its pixels are shown

    def _on_speech(self, name: str, value: object) -> None:
        service = self.service
        if service is None:
            return
        if name == "speaking":
            self.speaking = bool(value)
        elif name == "reading":
            self.reading = value
        elif name == "no-voice":
            told = (self.controller.visit.id, str(value))
            if value == self.controller.choices.language and told not in self._told:
                self._told = {t for t in self._told if t[0] == told[0]} | {told}
                self.dispatch("on_no_voice", str(value))
        elif name == "available":
            self.available = service.available and service.ready
            if not service.available:
                self.speaking = False
                self.reading = None

    def on_no_voice(self, language: str) -> None:
        pass

    @property
    def position(self) -> float:
        """Seconds of the current reading already heard (0 when silent)."""
        return self.service.position if self.service is not None else 0.0

    def say(self, text: str) -> None:
        if self.voice is not None:
            self.voice.say(text)

    def say_private(self, text: str) -> None:
        if self.voice is not None:
            self.voice.say_private(text)

    def stop(self) -> None:
        if self.service is not None:
            self.service.stop()

    def close(self) -> None:
        Window.unbind(on_flip=self._first_frame)
        Window.unbind(on_flip=self._frame_shown)
        if self._event is not None:
            self._event.cancel()
        if self.service is not None:
            self.service.close()
        self.voice = None
