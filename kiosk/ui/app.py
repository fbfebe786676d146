"""The Kivy App: wires the settings, the flows, the visit controller, the screens and the
services, and shows the overlays. The rules of a visit live in :mod:`kiosk.visit`.
Import this module only after :func:`kiosk.ui.boot.configure`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.metrics import Metrics
from kivy.properties import StringProperty
from kivy.uix.screenmanager import NoTransition

from kiosk.flows.flowset import FlowSet
from kiosk.flows.reduced import FOLDER as REDUCED_FOLDER
from kiosk.flows.reduced import ReducedPictures
from kiosk.flows.vocabulary import LANGUAGES
from kiosk.i18n import ntr, tr
from kiosk.settings import Settings
from kiosk.ui import kv
from kiosk.ui.audio import Audio
from kiosk.ui.dialogs import Dialogs
from kiosk.ui.errors import Recovery
from kiosk.ui.lockdown import NoSettingsPanel, restore_signals, stop_on_signals
from kiosk.ui.pictures import PictureFinder
from kiosk.ui.root import RootView
from kiosk.ui.rtl import is_rtl_language
from kiosk.ui.screens.counsellor.door import CounsellorDoor
from kiosk.ui.screens.counsellor.state import FlowSwitches, IdlePause
from kiosk.ui.screens.home.home import HomeScreen
from kiosk.ui.theme import THEME
from kiosk.visit import (
    ChoicesChanged,
    EndReason,
    Event,
    IdleCleared,
    IdleWarning,
    StepShown,
    Visit,
    VisitController,
    VisitEnded,
    WentHome,
)

if TYPE_CHECKING:
    from kiosk.speech.service import SpeechService
    from kiosk.ui.screens.step.step import StepScreen
    from kiosk.usage import UsageLog

log = logging.getLogger("kiosk.ui")
IDLE_TICK_SECONDS = 0.25
NO_VOICE_SECONDS = 12.0
"""How long « Pas de voix dans votre langue » stays on screen (time to read it twice)."""


class KioskApp(NoSettingsPanel, App):
    lang = StringProperty("fr")
    """The visit's language, mirrored from the controller for kv rules to bind to."""

    language_name = StringProperty("Français")
    voice = StringProperty("normal")  # "normal", "slow" or "off", mirrored likewise

    def __init__(self, settings: Settings, flowset: FlowSet,
                 now: Callable[[], float] = time.monotonic, *, speech: bool = False,
                 **kwargs: object) -> None:
        """``speech``: start the speech service once the first frame is on screen."""
        super().__init__(**kwargs)
        self.title, self.settings, self.flowset, self.now = "Borne", settings, flowset, now
        self.wall_clock: Callable[[], datetime] = datetime.now  # the counsellor's periods
        self.theme = THEME
        self.controller = VisitController(settings, now=now)
        self.controller.subscribe(self._on_visit_event)
        self.pictures = PictureFinder(settings.path("assets_dir"))
        self.dialogs = Dialogs(self)
        self.recovery = Recovery(show=self.dialogs.error,
                                 recover=lambda: self.controller.end(EndReason.GAVE_UP))
        self.audio, self._want_speech = Audio(settings, self.controller), speech
        self.usage_log: UsageLog | None = None
        self.counsellor: Any = None  # the PIN pad or the space while open (door.py)
        self.pin_guard, self.door = None, CounsellorDoor(self)
        self.flow_switches, self.idle_pause = FlowSwitches(settings.path("data_dir")), IdlePause()
        self.quit_for_maintenance = False  # the counsellor quit the kiosk from the space
        self._step_screen: StepScreen | None = None
        self._events: list[Any] = []
        self.banner: Any = None  # the sound banner and the words marked (reading.py)
        self.reading_marks: Any = None

    # -- set-up ----------------------------------------------------------------------------
    @property
    def visit(self) -> Visit:
        return self.controller.visit  # read it; change it through the controller

    @property
    def flows(self) -> list:
        """The flows the home screen offers: all good ones but those switched off."""
        disabled = set(self.settings.disabled_flows) | self.flow_switches.disabled
        return [f for f in self.flowset.flows.values() if f.id not in disabled]

    @property
    def speech(self) -> SpeechService | None:
        return self.audio.service  # None while there is none (yet)

    def build(self) -> RootView:
        theme = self.theme
        theme.diagonal_inches = self.settings.screen_diagonal_inches
        theme.dpi = 0.0 if self.settings.screen_diagonal_inches else float(Metrics.dpi)
        self._follow_window()
        self._show_choices()
        root = RootView()
        self.home_screen = HomeScreen(host=self)
        self._screens = root.ids.screens
        self._screens.add_widget(self.home_screen)
        self._screens.transition = NoTransition()
        Window.bind(on_request_close=self._refuse_close, on_keyboard=self._on_keyboard,
                    on_touch_down=self._on_any_touch, size=self._follow_window)
        self.recovery.install()
        stop_on_signals(self.stop, lambda job: Clock.schedule_once(lambda _dt: job()),
                        lambda: ", ".join(type(w).__name__ for w in Window.children))
        theme.bind(screen_bg=self._paint_background)
        self._paint_background()
        self._start_services()
        self._events = [Clock.schedule_interval(self._tick_idle, IDLE_TICK_SECONDS)]
        self.flow_watcher.start()
        self.home_screen.set_flows(self.flows)
        if self._want_speech:
            self.audio.start_after_first_frame()
        return root

    def on_start(self) -> None:  # nothing only heard (kiosk/ui/reading.py)
        from kiosk.ui.reading import show_sounds

        self.banner, self.reading_marks = show_sounds(self)
        self.audio.bind(on_no_voice=self._tell_no_voice)

    def _tell_no_voice(self, _audio: object, language: str) -> None:
        """No voice for the visitor's language: said on screen once a visit, in it."""
        from kivy.utils import escape_markup

        if self.banner is not None:
            self.banner.show(tr("Pas de voix dans votre langue", language),
                             escape_markup(tr("Cette borne ne peut pas lire à voix haute "
                                              "dans votre langue. Lisez le texte à "
                                              "l'écran.", language)),
                             seconds=NO_VOICE_SECONDS)

    def _start_services(self) -> None:
        from kiosk.flows.watcher import FlowWatcher
        from kiosk.usage.subscriber import record_visits

        # Flows read in a process of their own, which also reduces pictures bigger than the
        # window (kiosk/flows/watcher.py); each new set comes back here between two frames.
        self.pictures.reduced = ReducedPictures(
            self.settings.path("data_dir") / REDUCED_FOLDER, (Window.width, Window.height))
        self.flow_watcher = FlowWatcher(
            self.settings.path("flows_dir"), self.settings.path("assets_dir"), self.flowset,
            deliver=lambda flowset: Clock.schedule_once(lambda _dt: self.take_flows(flowset)),
            domains=self.settings.domains(), pictures=self.pictures.reduced)
        self.usage_log = record_visits(self.controller, self.settings, self.flowset.flows)

    def on_stop(self) -> None:
        """Undo everything this app hooked into the window and the clock."""
        for event in self._events:
            event.cancel()
        if self.reading_marks is not None:
            self.reading_marks.close()
            self.banner.close()
        if self._step_screen is not None:
            self._step_screen.leave_practice()
        self.dialogs.close_all()
        self.door.close()
        Window.unbind(on_request_close=self._refuse_close, on_keyboard=self._on_keyboard,
                      on_touch_down=self._on_any_touch, size=self._follow_window)
        self.audio.close()
        self.theme.unbind(screen_bg=self._paint_background)
        if self.usage_log is not None:
            self.usage_log.close()
        self.recovery.remove()
        self.flow_watcher.stop()
        restore_signals()
        # The kv rules of this app's widgets bind them to the theme, which outlives the app
        # (a second app in the process: kiosk preview --all-sizes, the tests). Undone now,
        # not when the cyclic collector frees the widgets: a collection in the middle of a
        # theme change would run a rule on a freed widget (Kivy's ReferenceError).
        if self.root is not None:
            for screen in self.root.ids.screens.screens:
                kv.forget(screen)
            kv.forget(self.root)

    def _paint_background(self, *_args: object) -> None:  # the window's clear: no extra layer
        Window.clearcolor = list(self.theme.screen_bg)

    def _follow_window(self, *_args: object) -> None:
        self.theme.screen_width, self.theme.screen_height = Window.size

    # -- helpers for kv and screens -------------------------------------------------------
    tr = staticmethod(tr)  # the kiosk's words, kv: app.tr("Suivant", app.lang)
    ntr = staticmethod(ntr)

    def picture(self, name: str) -> str:
        return self.pictures.find(name)

    @property
    def step_screen(self) -> StepScreen:
        """The step screen, made when a flow is first opened."""
        if self._step_screen is None:
            from kiosk.ui.screens.step.step import StepScreen

            self._step_screen = StepScreen(host=self)
            self._screens.add_widget(self._step_screen)
        return self._step_screen

    # -- flow files changing while the kiosk runs --------------------------------------
    def reload_flows(self, _dt: float = 0.0) -> bool:
        """Look at the flow files now, on this thread (tests); True when something changed."""
        flowset = self.flow_watcher.refresh()
        if flowset is not None:
            self.take_flows(flowset)
        return flowset is not None

    def take_flows(self, flowset: FlowSet) -> None:
        """The new flows replace the old ones at once (a walk in progress keeps its own)."""
        self.flowset = flowset
        self.pictures.forget()
        if self.flowset.problems:
            log.warning("flows: %s", "; ".join(p.format() for p in self.flowset.problems))
        if self.root is not None and self._screens.current == "home":
            self.refresh_home()

    def refresh_home(self) -> None:  # flows switched on or off, files changed: same page
        page = self.home_screen.page
        self.home_screen.set_flows(self.flows)
        self.home_screen.change_page(page)

    # -- what the visit controller says ----------------------------------------------------
    def _on_visit_event(self, event: Event) -> None:
        match event:
            case StepShown():
                walker = self.controller.walker
                assert walker is not None
                self.step_screen.show(walker, self.lang)
                self._screens.current = "step"
            case WentHome():
                self.dialogs.close()
                if self._step_screen is not None:
                    self._step_screen.leave_practice()  # wipe what was typed in a practice
                self.home_screen.set_flows(self.flows)
                if self.root is not None:
                    self._screens.current = "home"
            case ChoicesChanged(what=what):
                self._show_choices()
                if what in ("contrast", "language", "reset") and self.root is not None:
                    self._redraw_current()
            case VisitEnded() | IdleCleared():
                self.dialogs.close_idle()
            case IdleWarning(seconds_left=seconds, first=first):
                self.dialogs.show_idle(seconds, first)

    def _show_choices(self) -> None:
        choices = self.controller.choices
        self.lang = choices.language
        self.language_name = LANGUAGES.get(choices.language, choices.language)
        self.voice = choices.voice
        self.theme.level = choices.text_level
        self.theme.high_contrast = choices.high_contrast
        self.theme.rtl = is_rtl_language(choices.language)

    def _redraw_current(self) -> None:
        walker = self.controller.walker
        if self._screens.current == "step" and walker is not None:
            self.step_screen.show(walker, self.lang)
        else:
            self.home_screen.refresh()

    # -- the visitor's taps that open something on screen ---------------------------------
    def open_flow(self, flow_id: str) -> None:
        self.controller.open_flow(self.flowset.flows[flow_id])

    def ask_home(self) -> None:
        if self.controller.home_needs_confirmation:
            self.dialogs.confirm_home()
        else:
            self.controller.home()

    def ask_help(self) -> None:
        self.controller.ask_help()
        self.dialogs.help()

    # -- what covers the screen -------------------------------------------------------
    @property
    def overlay(self) -> Any:
        return self.dialogs.current

    # -- touches, idle and the counsellor's gesture ----------------------------------------
    def _on_any_touch(self, _window: object, touch: Any) -> None:
        self.controller.touched()
        self.door.touched(touch.x, touch.y, Window.height)

    def _tick_idle(self, _dt: float = 0.0) -> None:
        if self.door.tick():  # the counsellor's space has its own time-out
            return
        self.controller.idle_paused = self.idle_pause.active(self.now())
        self.controller.tick(overlay_open=self.dialogs.current is not None)

    # -- lockdown and errors ---------------------------------------------------------------
    def _refuse_close(self, *_args: object, **_kwargs: object) -> bool:
        return True  # closing the window is for the counsellor's space or the service

    def _on_keyboard(self, _window: object, key: int, *_args: object) -> bool:
        self.controller.touched()
        return key == 27  # Escape and the Android back key never quit

    @property
    def errors(self) -> list[str]:
        """Tracebacks of the unexpected errors met while running."""
        return self.recovery.errors

