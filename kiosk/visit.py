"""One visitor's visit and the one controller that owns it (no Kivy).

A visit is what one person did and chose, from the first touch to « Terminer », « Accueil »
confirmed, the idle wipe or an error: the walk through a flow, the display choices (text
size, contrast, language, voice) and one random id. Nothing of it outlives the visit.

:class:`VisitController` is the only place where a visit changes. The interface calls its
commands (``open_flow``, ``next``, ``answer``, ``choose_voice``, ``tick``…) and never changes
a visit itself; the controller publishes what happened as typed events (the dataclasses
below) to its subscribers: the screens, the speech, the usage log. Every rule of a visit —
what « Accueil » does, when the idle warning shows, what an end wipes — is here, and is
tested in plain pytest with no window (tests/test_visit.py).

Model: electrum's ``wizard.py`` (a GUI-free core the GUIs attach to).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from kiosk.flows.engine import FlowEvent, Walker
from kiosk.flows.model import Flow, Step
from kiosk.settings import Settings

log = logging.getLogger(__name__)


def new_visit_id() -> str:
    """A fresh random id for one visit; it links nothing across visits."""
    return os.urandom(8).hex()


class EndReason(StrEnum):
    """Why a visit ended: the same words in the controller, the screens and the usage log."""

    FINISHED = "finished"
    """« Terminer » on an end step (or « Accueil » there, nothing left to lose)."""
    HOME = "home"
    """« Accueil » in the middle of a flow, confirmed: the flow is left (:class:`FlowLeft`),
    the visit goes on with its choices. As a visit's end: the counsellor opened her space
    (or an older log, from before « Accueil » kept the visit)."""
    IDLE = "idle"
    """Nobody touched the screen through the warning: everything wiped."""
    GAVE_UP = "gave-up"
    """The kiosk hit an unexpected error and went back home by itself."""


VOICES = ("normal", "slow", "off")
"""The visitor's voice choices: normal speed, slow (about 115 words a minute), no sound."""

TEXT_LEVELS = 3


@dataclass(frozen=True)
class Choices:
    """How the visitor wants the kiosk to look and sound, for this visit."""

    language: str
    text_level: int
    high_contrast: bool
    voice: str

    @classmethod
    def default(cls, settings: Settings) -> Choices:
        voice = "off" if not settings.speech_enabled else (
            "slow" if settings.speech_rate == "lent" else "normal")
        return cls(language=settings.language, text_level=settings.text_size,
                   high_contrast=False, voice=voice)

    @property
    def sound_on(self) -> bool:
        return self.voice != "off"

    @property
    def rate(self) -> str:
        """The speech service's word for the speed: "lent" or "normal"."""
        return "lent" if self.voice == "slow" else "normal"


@dataclass
class Visit:
    """Everything one visitor chose or did; read it, change it only through the controller."""

    choices: Choices
    walker: Walker | None = None
    id: str = field(default_factory=new_visit_id)
    started: bool = False
    """True once the visitor did something (the usage log has a visit to end)."""

    @property
    def language(self) -> str:
        return self.choices.language

    @property
    def text_level(self) -> int:
        return self.choices.text_level

    @property
    def high_contrast(self) -> bool:
        return self.choices.high_contrast

    @property
    def sound_on(self) -> bool:
        return self.choices.sound_on

    @property
    def slow_speech(self) -> bool:
        return self.choices.voice == "slow"

    @property
    def in_flow(self) -> bool:
        """True in the middle of a procedure (not on its first step, not at its end)."""
        return self.walker is not None and self.walker.number > 1 and not self.walker.finished


# -- events ------------------------------------------------------------------------------
@dataclass(frozen=True)
class VisitStarted:
    """The visitor did a first thing (a tile, a choice, help): a visit begins."""

    visit_id: str


@dataclass(frozen=True)
class VisitEnded:
    """Everything of the visit is wiped; a fresh one (default choices) follows."""

    visit_id: str
    reason: EndReason


@dataclass(frozen=True)
class ChoicesChanged:
    """A display or voice choice changed; ``what`` is "language", "text_level",
    "contrast", "voice" or "reset" (back to the settings' defaults at a visit's end)."""

    choices: Choices
    what: str


@dataclass(frozen=True)
class FlowOpened:
    flow: Flow


@dataclass(frozen=True)
class WalkMoved:
    """An event of the flow engine (step shown, answered, went back, flow ended…)."""

    event: FlowEvent


@dataclass(frozen=True)
class StepShown:
    """The step to show now (after a tile, « Suivant », an answer, « Retour »)."""

    flow_id: str
    step: Step
    number: int
    total: int


@dataclass(frozen=True)
class PageShown:
    """A page of a step too long for one screen (« 1 / 2 »): read it once it is shown."""

    flow_id: str
    step_id: str
    page: int
    pages: int
    text: str
    language: str


@dataclass(frozen=True)
class WentHome:
    """The home screen is to show (the visit goes on, with its choices)."""


@dataclass(frozen=True)
class FlowLeft:
    """A flow was left before its end (``reason``: « Accueil », :attr:`EndReason.HOME`);
    the visit goes on, with its choices."""

    flow_id: str
    reason: EndReason


@dataclass(frozen=True)
class HelpAsked:
    flow_id: str | None
    step_id: str | None


@dataclass(frozen=True)
class Repeated:
    """« Répéter »: read the step again from its start."""


@dataclass(frozen=True)
class PracticeTried:
    success: bool


@dataclass(frozen=True)
class IdleWarning:
    """Nobody touched the screen for a while: the countdown shows, ``seconds_left``."""

    seconds_left: int
    first: bool


@dataclass(frozen=True)
class IdleCleared:
    """A touch (or « Je suis encore là ») ended the warning."""


Event = (VisitStarted | VisitEnded | ChoicesChanged | FlowOpened | WalkMoved | StepShown |
         PageShown | FlowLeft | WentHome | HelpAsked | Repeated | PracticeTried | IdleWarning |
         IdleCleared)
Subscriber = Callable[[Event], None]


class VisitController:
    """Owns the current visit: its walk, choices, idle rules and end.

    ``flows()`` gives the flows a tile may open now; ``now()`` the monotonic time in seconds
    (tests give their own). Call every method from one thread (the interface's)."""

    def __init__(self, settings: Settings, *, now: Callable[[], float] = time.monotonic,
                 new_id: Callable[[], str] = new_visit_id) -> None:
        self.settings = settings
        self.now = now
        self._new_id = new_id
        self._subscribers: list[Subscriber] = []
        self.visit = self._fresh()
        self.last_touch = now()
        self._idle_paused = False
        self._warning_shown = False

    def _fresh(self) -> Visit:
        return Visit(choices=Choices.default(self.settings), id=self._new_id())

    # -- subscribers -------------------------------------------------------------------
    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber(event)`` for every event from now on; returns the unsubscribe."""
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber) \
            if subscriber in self._subscribers else None

    def _publish(self, event: Event) -> None:
        for subscriber in list(self._subscribers):
            subscriber(event)

    def _begin(self) -> None:
        if not self.visit.started:
            self.visit.started = True
            self._publish(VisitStarted(self.visit.id))

    # -- reading -----------------------------------------------------------------------
    @property
    def walker(self) -> Walker | None:
        return self.visit.walker

    @property
    def choices(self) -> Choices:
        return self.visit.choices

    @property
    def pristine(self) -> bool:
        """Nothing to wipe: no visit under way, no walk, default choices (the idle rules
        leave it alone). A visit that left a flow through « Accueil » is still under way: the
        idle wipe ends it."""
        return (not self.visit.started and self.visit.walker is None
                and self.visit.choices == Choices.default(self.settings))

    @property
    def home_needs_confirmation(self) -> bool:
        """« Accueil » in the middle of a flow asks « Revenir à l'accueil ? » first."""
        return self.visit.in_flow

    # -- the walk ----------------------------------------------------------------------
    def open_flow(self, flow: Flow, moves: Sequence[int | None] = ()) -> None:
        """A tile was touched. ``moves`` (previews): then go on at once, ``None`` for
        « Suivant » and a number for that answer, showing only the step reached."""
        self._begin()
        walker = Walker(flow)
        walker.listen(self._relay)
        self.visit.walker = walker
        self._publish(FlowOpened(flow))
        walker.start()
        for move in moves:
            walker.next() if move is None else walker.answer(move)
        self._show()

    def _relay(self, event: FlowEvent) -> None:
        self._publish(WalkMoved(event))

    def _show(self) -> None:
        walker = self.visit.walker
        assert walker is not None
        self._publish(StepShown(walker.flow.id, walker.step, walker.number, walker.total))

    def next(self) -> None:
        """« Suivant » (« Terminer » on an end step: the visit ends, all wiped)."""
        walker = self.visit.walker
        if walker is None:
            return
        if walker.finished:
            self.end(EndReason.FINISHED)
            return
        walker.next()
        self._show()

    def answer(self, index: int) -> None:
        if self.visit.walker is not None:
            self.visit.walker.answer(index)
            self._show()

    def toggle(self, item: int) -> bool:
        """Tick or untick a checklist's line; returns its new state."""
        assert self.visit.walker is not None
        return self.visit.walker.toggle(item)

    def back(self) -> None:
        walker = self.visit.walker
        if walker is not None and walker.can_go_back:
            walker.back()
            self._show()

    def home(self) -> None:
        """« Accueil » (confirmed first where :attr:`home_needs_confirmation`). From the
        middle of a flow, the flow is left (its progress lost) but the visit goes on: the
        visitor's language, text size, contrast and voice last until the visit ends
        (« Terminer », the idle wipe). From an end step the visit ends (« finished »), all
        wiped; from home nothing changes."""
        walker = self.visit.walker
        if walker is None:
            self._publish(WentHome())
        elif walker.finished:
            self.end(EndReason.FINISHED)
        else:
            self.leave_flow(EndReason.HOME)

    def leave_flow(self, reason: EndReason | None = None) -> None:
        """Back to the tiles keeping the visit and its choices: « Accueil » (``reason``
        :attr:`EndReason.HOME`, published as :class:`FlowLeft`), or a flow disabled
        meanwhile (no reason: nothing to record)."""
        walker = self.visit.walker
        self.visit.walker = None
        self._clear_warning()
        if walker is not None and reason is not None:
            self._publish(FlowLeft(walker.flow.id, reason))
        self._publish(WentHome())

    def end(self, reason: EndReason) -> None:
        """Wipe everything of this visit (walk, choices) and show the home screen."""
        ended = self.visit
        self._clear_warning()
        if ended.started:
            self._publish(VisitEnded(ended.id, reason))
        self.visit = self._fresh()
        if ended.choices != self.visit.choices:
            self._publish(ChoicesChanged(self.visit.choices, "reset"))
        self._publish(WentHome())

    # -- display and voice choices -----------------------------------------------------
    def _choose(self, what: str, **changes: object) -> None:
        choices = replace(self.visit.choices, **changes)  # type: ignore[arg-type]
        if choices != self.visit.choices:
            self._begin()
            self.visit.choices = choices
            self._publish(ChoicesChanged(choices, what))

    def show_with(self, choices: Choices) -> None:
        """Start a fresh visit seen with these choices (``kiosk preview``, tests)."""
        self.visit = Visit(choices=choices, id=self._new_id())
        self._publish(ChoicesChanged(choices, "reset"))

    def cycle_text_size(self) -> None:
        self._choose("text_level", text_level=self.visit.choices.text_level % TEXT_LEVELS + 1)

    def toggle_contrast(self) -> None:
        self._choose("contrast", high_contrast=not self.visit.choices.high_contrast)

    def choose_voice(self, voice: str) -> None:
        if voice not in VOICES:
            raise ValueError(f"unknown voice choice {voice!r}")
        self._choose("voice", voice=voice)

    def choose_language(self, language: str) -> None:
        self._choose("language", language=language)

    # -- the rest of what a visitor does -----------------------------------------------
    def ask_help(self) -> None:
        self._begin()
        walker = self.visit.walker
        self._publish(HelpAsked(walker.flow.id if walker else None,
                                walker.step.id if walker else None))

    def repeat(self) -> None:
        self._begin()
        self._publish(Repeated())

    def show_page(self, page: int, pages: int, text: str) -> None:
        """The step screen shows page ``page`` of ``pages`` of the step, saying ``text``."""
        walker = self.visit.walker
        if walker is not None:
            self._publish(PageShown(walker.flow.id, walker.step.id, page, pages, text,
                                    self.choices.language))

    def practice_tried(self, success: bool) -> None:
        self._publish(PracticeTried(success))

    # -- idle --------------------------------------------------------------------------
    @property
    def idle_paused(self) -> bool:
        """Set while the counsellor paused the idle wipe (a workshop in progress)."""
        return self._idle_paused

    @idle_paused.setter
    def idle_paused(self, paused: bool) -> None:
        if self._idle_paused and not paused:
            self.last_touch = self.now()  # a pause that ends starts a fresh quiet time
        self._idle_paused = paused

    def touched(self) -> None:
        """Any touch or key: the quiet time starts again."""
        self.last_touch = self.now()

    def stay(self) -> None:
        """« Je suis encore là »."""
        self.touched()
        self._clear_warning()

    def tick(self, *, overlay_open: bool = False) -> None:
        """Apply the idle rules now (the interface calls it a few times a second).

        After ``idle_timeout`` seconds with no touch, a warning with a countdown of
        ``idle_countdown`` seconds; then the visit is wiped. Never while the counsellor has
        paused the wipe, and never for a visit with nothing to wipe (``overlay_open``: a
        window left open on the home screen is something to wipe)."""
        now = self.now()
        if self._idle_paused or (self.pristine and not overlay_open):
            self.last_touch = now  # nothing to wipe yet: the wait starts when there is
            self._clear_warning()
            return
        quiet = now - self.last_touch
        timeout, countdown = self.settings.idle_timeout, self.settings.idle_countdown
        if quiet < timeout:
            self._clear_warning()
        elif quiet < timeout + countdown:
            left = max(0, int(timeout + countdown - quiet + 0.999))
            first = not self._warning_shown
            self._warning_shown = True
            self._publish(IdleWarning(left, first))
        else:
            self.end(EndReason.IDLE)
            self.last_touch = now

    def _clear_warning(self) -> None:
        if self._warning_shown:
            self._warning_shown = False
            self._publish(IdleCleared())
