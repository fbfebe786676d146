"""The Kivy App: wires the settings, the flows, the screens and the services. Nothing more.

Import this module only after :func:`kiosk.ui.boot.configure`.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import BooleanProperty, StringProperty

from kiosk.flows.engine import Walker
from kiosk.flows.flowset import FlowSet
from kiosk.flows.pictures import PictureError, check_picture
from kiosk.flows.vocabulary import LANGUAGES
from kiosk.settings import Settings
from kiosk.visit import Visit

if TYPE_CHECKING:
    from kiosk.speech.service import SpeechService
    from kiosk.ui.screens.step.step import StepScreen

from kiosk.ui.idle import IdleState, IdleWatch
from kiosk.ui.root import RootView
from kiosk.ui.screens.counsellor.corner_taps import CORNER_MM, CornerTaps
from kiosk.ui.screens.counsellor.state import FlowSwitches, IdlePause
from kiosk.ui.screens.home.home import HomeScreen
from kiosk.ui.strings import UI_LANGUAGES, tr
from kiosk.ui.theme.theme import Theme
from kiosk.ui.widgets.overlays import Overlay

log = logging.getLogger("kiosk.ui")
VOICE_CHOICES = ("normal", "slow", "off")
FALLBACK_PICTURE = "pictos/parcours.png"
ERROR_RETURN_SECONDS = 4.0
FLOWS_POLL_SECONDS = 5.0


class _ErrorHandler(ExceptionHandler):
    def __init__(self, app: KioskApp) -> None:
        super().__init__()
        self.app = app

    def handle_exception(self, inst: BaseException) -> int:
        if isinstance(inst, KeyboardInterrupt | SystemExit):
            return ExceptionManager.RAISE
        self.app.report_error(inst)
        return ExceptionManager.PASS


class KioskApp(App):
    lang = StringProperty("fr")
    """Language of the visit (the kiosk's own words, and the flows' when they have it)."""

    language_name = StringProperty("Français")
    sound_on = BooleanProperty(True)
    sound_available = BooleanProperty(False)
    """False until a speech service says it can speak (then "son" can be switched)."""
    speaking = BooleanProperty(False)

    slow_speech = BooleanProperty(False)
    """The visitor chose the slow voice (about 115 words a minute instead of 150)."""

    def __init__(self, settings: Settings, flowset: FlowSet,
                 now: Callable[[], float] = time.monotonic, *, speech: bool = False,
                 **kwargs: object) -> None:
        """``speech``: start the speech service once the first frame is on screen."""
        super().__init__(**kwargs)
        self.title = "Borne"
        self.settings = settings
        self.flowset = flowset
        self.now = now
        self.errors: list[str] = []
        self.theme = Theme()
        self.visit = Visit.fresh(settings)
        self.idle = IdleWatch(settings.idle_timeout, settings.idle_countdown, now())
        self.overlay: Overlay | None = None
        self.idle_view: Overlay | None = None
        self._pictures: dict[str, str] = {}
        self._picture_seen: dict[str, tuple[int, ...] | None] = {}
        self._chime = None
        self._error_event = None
        self.listeners: list[Callable[[str, dict], None]] = []
        """Called with (event name, data) for what the visitor does; for the usage log."""
        self.speech: SpeechService | None = None
        """The speech service, once started (``speech=True``); None: the kiosk is silent."""
        self._want_speech = speech
        self._read_after_frame = False
        self.wall_clock: Callable[[], datetime] = datetime.now
        """Date and time of day, for the counsellor's periods ("today") and PIN lock files."""
        self.counsellor = None
        """The counsellor's PIN pad or space while open (``screens/counsellor/space.py``)."""
        self.pin_guard = None
        self.corner_taps = CornerTaps()
        self.flow_switches = FlowSwitches(settings.path("data_dir"))
        self.idle_pause = IdlePause()
        self.quit_for_maintenance = False
        """Set when the counsellor quit the kiosk from the space (the app then stops)."""
        self._after_frame_jobs: list[Callable[[], None]] = []

    # -- set-up ----------------------------------------------------------------------------
    @property
    def flows(self) -> list:
        disabled = set(self.settings.disabled_flows) | self.flow_switches.disabled
        return [f for f in self.flowset.flows.values() if f.id not in disabled]

    def build(self) -> RootView:
        self.theme.diagonal_inches = self.settings.screen_diagonal_inches
        self.theme.dpi = 0.0 if self.settings.screen_diagonal_inches else _window_dpi()
        self._follow_window()
        root = RootView()  # kv rules: each module loads its own when imported (kiosk/ui/kv.py)
        self.home_screen = HomeScreen()
        self._screens = root.ids.screens
        self._step_screen: StepScreen | None = None  # made after the first frame
        root.ids.screens.add_widget(self.home_screen)
        from kivy.uix.screenmanager import NoTransition

        root.ids.screens.transition = NoTransition()
        Window.bind(on_request_close=self._refuse_close, on_keyboard=self._on_keyboard,
                    on_touch_down=self._on_any_touch, size=self._follow_window)
        ExceptionManager.add_handler(_ErrorHandler(self))
        self.theme.bind(screen_bg=self._paint_background)
        self._paint_background()
        self._usage_pending = True  # opened after the first frame, or at the first event
        self._after_frame_jobs[:0] = [self._ensure_usage_log, self._make_step_screen,
                                      self._import_qr]
        self._usage_event = Clock.schedule_once(
            lambda _dt: setattr(self, "_usage_event",
                                Clock.schedule_once(self._after_first_frame, 0)), 0)
        self._idle_event = Clock.schedule_interval(self._tick_idle, 0.25)
        self._watch_flows()
        self.apply_visit()
        self.home_screen.set_flows(self.flows)
        if self._want_speech:
            Window.bind(on_flip=self._start_speech)
            Window.bind(on_flip=self._on_frame)
        return root

    def _start_speech(self, *_args: object) -> None:
        """Start the voice after the first frame, so that it never delays the first screen.

        Bound to ``on_flip``, whose handlers run before the buffers are swapped: the service
        starts in the next clock tick, once the first frame is on the screen."""
        Window.unbind(on_flip=self._start_speech)
        self._speech_event = Clock.schedule_once(self._start_speech_service, 0)

    def _start_speech_service(self, *_args: object) -> None:
        from kiosk.speech.service import SpeechService

        service = SpeechService(self.settings)
        service.listen(self._on_speech)
        service.set_enabled(self.visit.sound_on)
        service.set_rate("lent" if self.visit.slow_speech else "normal")
        service.start()
        self.speech = service
        self._on_speech("available", service.available)
        if self.visit.walker is not None:  # a flow opened before the first frame
            service.prefetch_flow(self.visit.walker.flow, self.lang)
            self.speak_current()

    def _on_speech(self, name: str, value: object) -> None:
        service = self.speech
        if service is None:
            return
        if name == "speaking":
            self.speaking = bool(value)
        elif name == "available":
            # What was asked before the engine was ready waits for it: nothing to do here.
            self.sound_available = service.available and service.ready
            if not service.available:
                self.speaking = False

    def _after_first_frame(self, *_args: object) -> None:
        """What the home screen does not need, one job a frame so that a tap waits for one at
        most: the usage log, the step screen, the QR code maker's import. Each is also done
        right away by whatever needs it first (an event, a flow opened)."""
        job = self._after_frame_jobs.pop(0)
        if self._after_frame_jobs:
            self._usage_event = Clock.schedule_once(self._after_first_frame, 0)
        job()

    def after_first_frame(self, job: Callable[[], None]) -> None:
        """Run ``job`` in a frame of its own once the first frame is on the screen, after the
        kiosk's own deferred jobs."""
        self._after_frame_jobs.append(job)

    @property
    def step_screen(self) -> StepScreen:
        """The step screen; made (with its kv rules, the practice keyboard's) when first
        needed: right after the first frame, or by a flow opened before that."""
        if self._step_screen is None:
            from kiosk.ui.screens.step.step import StepScreen

            self._step_screen = StepScreen()
            self._screens.add_widget(self._step_screen)
        return self._step_screen

    def _make_step_screen(self) -> None:
        self.step_screen  # noqa: B018 - made now, off the first frame and before a tap

    def _import_qr(self) -> None:
        from .widgets import qr  # noqa: F401 - segno and its writers, before a website step needs them

    def _ensure_usage_log(self, *_args: object) -> None:
        """Open the usage log once: its imports (sqlite-utils) stay off the first frame."""
        if getattr(self, "_usage_pending", False):
            self._usage_pending = False
            self._open_usage_log()

    def _open_usage_log(self) -> None:
        from kiosk.ui.usage_bridge import UsageBridge
        from kiosk.usage import UsageLog
        from kiosk.usage.recorder import UsageRecorder
        from kiosk.usage.store import DB_NAME

        path = self.settings.path("data_dir") / DB_NAME
        self.usage_log = UsageLog(path, retention_months=self.settings.retention_months)
        self.recorder = UsageRecorder(self.usage_log, flows=self.flowset.flows)
        self.listeners.append(UsageBridge(self.recorder))

    def on_stop(self) -> None:
        """Undo everything this app hooked into the window and the clock."""
        self._idle_event.cancel()
        if getattr(self, "_flows_event", None) is not None:
            self._flows_event.cancel()
        if self._step_screen is not None:
            self._step_screen.leave_practice()
        self._usage_event.cancel()
        if getattr(self, "_speech_event", None) is not None:
            self._speech_event.cancel()
        self._usage_pending = False
        if self._error_event is not None:
            self._error_event.cancel()
        if self.counsellor is not None:
            self.counsellor.dismiss_all()
            self.counsellor = None
        self.close_overlay()
        self.close_idle()
        Window.unbind(on_request_close=self._refuse_close, on_keyboard=self._on_keyboard,
                      on_touch_down=self._on_any_touch, size=self._follow_window,
                      on_flip=self._start_speech)
        Window.unbind(on_flip=self._on_frame)
        if self.speech is not None:
            self.speech.close()
            self.speech = None
        self.theme.unbind(screen_bg=self._paint_background)
        if getattr(self, "usage_log", None) is not None:
            self.usage_log.close()
        for handler in list(ExceptionManager.handlers):
            if isinstance(handler, _ErrorHandler) and handler.app is self:
                ExceptionManager.remove_handler(handler)

    def _paint_background(self, *_args: object) -> None:
        """The screen's background colour, painted by the window's clear (no extra layer)."""
        Window.clearcolor = list(self.theme.screen_bg)

    def _follow_window(self, *_args: object) -> None:
        self.theme.screen_width, self.theme.screen_height = Window.size

    # -- helpers for kv --------------------------------------------------------------------
    def tr(self, key: str, language: str, **values: object) -> str:
        return tr(language, key, **values)

    def picture(self, name: str) -> str:
        """Path of a picture inside assets/, or the neutral pictogram when it is missing.

        Checked again whenever the named file changes on disk (deleted, replaced by a
        symbolic link out of assets/ or by a picture too big), not only when flows load."""
        assets = self.settings.path("assets_dir")
        seen = _file_signature(assets / name)
        cached = self._pictures.get(name)
        if cached is not None and self._picture_seen.get(name) != seen:
            del self._pictures[name]
        if name not in self._pictures:
            self._picture_seen[name] = seen
            try:
                self._pictures[name] = str(check_picture(assets, name))
            except (PictureError, OSError) as problem:
                log.warning("picture %s unusable: %s", name, problem)
                fallback = assets / FALLBACK_PICTURE
                self._pictures[name] = str(fallback) if name != FALLBACK_PICTURE and \
                    fallback.is_file() else ""
        return self._pictures[name]

    # -- flow files changing while the kiosk runs --------------------------------------
    def _watch_flows(self) -> None:
        from kiosk.flows.library import FlowLibrary

        self.flow_library = FlowLibrary(self.settings.path("flows_dir"),
                                        self.settings.path("assets_dir"), self.flowset)
        self._flows_event = Clock.schedule_interval(self.reload_flows, FLOWS_POLL_SECONDS)

    def reload_flows(self, _dt: float = 0.0) -> bool:
        """Take in flow files changed on disk; a broken or deleted file keeps its last good
        version, and a walk in progress keeps its own flow. True when something changed."""
        try:
            changed = self.flow_library.refresh()
        except OSError as error:  # the folder itself went away (USB stick pulled out)
            log.warning("flows folder unreadable: %s", error)
            return False
        if not changed:
            return False
        self.flowset = self.flow_library.flowset
        self._pictures.clear()
        for problem in self.flowset.problems:
            log.warning("flow: %s", problem.format())
        if self.root is not None and self.root.ids.screens.current == "home":
            page = self.home_screen.page
            self.home_screen.set_flows(self.flows)
            self.home_screen.change_page(page)
        return True

    # -- the visit -------------------------------------------------------------------------
    def emit(self, name: str, **data: object) -> None:
        self._ensure_usage_log()
        for listener in list(self.listeners):
            listener(name, data)

    def apply_visit(self) -> None:
        visit = self.visit
        self.lang = visit.language
        self.language_name = LANGUAGES.get(visit.language, visit.language)
        self.theme.level = visit.text_level
        self.theme.high_contrast = visit.high_contrast
        self.sound_on = visit.sound_on
        self.slow_speech = visit.slow_speech

    def open_flow(self, flow_id: str) -> None:
        flow = self.flowset.flows[flow_id]
        walker = Walker(flow)
        self.visit.walker = walker
        self.emit("flow_opened", flow_id=flow_id, walker=walker)
        if self.speech is not None:
            self.speech.prefetch_flow(flow, self.lang)
        walker.start()
        self.show_step()

    def show_step(self) -> None:
        walker = self.visit.walker
        assert walker is not None
        self._build_step()
        self.emit("step_shown", step=walker.step)
        self._read_after_frame = True  # the step's pixels first, its voice right after

    def _build_step(self) -> None:
        walker = self.visit.walker
        if walker is not None:
            self.step_screen.show(walker, self.lang)
            self.root.ids.screens.current = "step"

    def _on_frame(self, *_args: object) -> None:
        if self._read_after_frame:
            self._read_after_frame = False
            self.speak_current()

    def speak_current(self) -> None:
        """Read the step on screen from its start (stopping anything being read)."""
        walker = self.visit.walker
        if self.speech is not None and walker is not None:
            self.speech.speak_step(walker.step, self.lang)

    def say(self, text: str) -> None:
        """Read one of the kiosk's own messages (an overlay's words) in the visit's language."""
        if self.speech is not None:
            self.speech.speak(text, self.lang)

    def stop_speech(self) -> None:
        if self.speech is not None:
            self.speech.stop()

    def next(self) -> None:
        walker = self.visit.walker
        if walker is None:
            return
        if walker.finished:
            self.end_visit("finished")
            return
        walker.next()
        self.show_step()

    def answer(self, index: int) -> None:
        if self.visit.walker is not None:
            self.visit.walker.answer(index)
            self.show_step()

    def toggle(self, item: int) -> bool:
        assert self.visit.walker is not None
        return self.visit.walker.toggle(item)

    def back(self) -> None:
        walker = self.visit.walker
        if walker is not None and walker.can_go_back:
            walker.back()
            self.show_step()

    def repeat(self) -> None:
        self.emit("repeat")
        self._read_after_frame = False
        self.speak_current()

    def speak_private(self, text: str) -> None:
        """Say something the visitor typed (a letter, a word): spoken, never cached."""
        if self.speech is not None and self.visit.sound_on:
            self.speech.speak_private(text, self.lang)

    def ask_home(self) -> None:
        if self.visit.in_flow:
            view = Overlay(title=tr(self.lang, "confirm_home_title"),
                           message=tr(self.lang, "confirm_home_text"))
            view.add_button(tr(self.lang, "confirm_no"), self.close_overlay, role="secondary")
            view.add_button(tr(self.lang, "confirm_yes"), lambda: self.end_visit("home"))
            self.open_overlay(view)
            self.say(f"{view.title} {view.message}")
        elif self.visit.walker is not None:
            self.end_visit("finished" if self.visit.walker.finished else "home")
        else:
            self.go_home()

    def go_home(self) -> None:
        """Back to the tiles, keeping the visitor's display choices."""
        self.close_overlay()
        self.stop_speech()
        self._read_after_frame = False
        if self._step_screen is not None:
            self._step_screen.leave_practice()  # wipe what was typed in a practice step
        self.visit.walker = None
        self.emit("home")
        self.home_screen.set_flows(self.flows)
        self.root.ids.screens.current = "home"

    def end_visit(self, reason: str) -> None:
        """Wipe everything of this visit (walk, answers, choices) and show the home screen."""
        self.emit("visit_ended", reason=reason)
        self.close_overlay()
        self.close_idle()
        self.visit = Visit.fresh(self.settings)
        if self.speech is not None:
            self.speech.reset_visit()  # silence; sound and speed back to the settings
        self.apply_visit()
        self.go_home()

    # -- always-reachable buttons ----------------------------------------------------------
    def ask_help(self) -> None:
        self.emit("help")
        view = Overlay(title=tr(self.lang, "help_title"),
                       message=self.settings.site_help_message, big_message=True)
        view.add_button(tr(self.lang, "help_close"), self.close_overlay)
        self.open_overlay(view)
        self.stop_speech()
        chime = self.play_chime() if self.settings.help_chime else 0.0
        words = f"{tr(self.lang, 'help_title')}. {self.settings.site_help_message}"
        if chime > 0:
            Clock.schedule_once(lambda _dt: self._say_if_open(view, words),
                                                   chime)
        else:
            self.say(words)

    def _say_if_open(self, view: Overlay, words: str) -> None:
        if self.overlay is view:
            self.say(words)

    def play_chime(self) -> float:
        """Play the discreet chime; returns its length in seconds (0 when it cannot play)."""
        if self._chime is None:
            from kivy.core.audio import SoundLoader  # not needed before the first help call

            path = self.settings.path("assets_dir") / "sons" / "carillon.wav"
            self._chime = SoundLoader.load(str(path)) if path.is_file() else None
        if self._chime is None:
            return 0.0
        self._chime.stop()
        self._chime.play()
        return max(0.0, float(self._chime.length or 0.0))

    def cycle_text_size(self) -> None:
        self.visit.text_level = self.visit.text_level % 3 + 1
        self.apply_visit()
        self.emit("text_size", level=self.visit.text_level)

    def toggle_contrast(self) -> None:
        self.visit.high_contrast = not self.visit.high_contrast
        self.apply_visit()
        self._redraw_current()
        self.emit("contrast", high=self.visit.high_contrast)

    def open_sound(self) -> None:
        """The sound button: the three voice choices, or why there is no sound here."""
        if not self.sound_available:
            view = Overlay(title=tr(self.lang, "sound_missing_title"),
                           message=tr(self.lang, "sound_missing_text"), big_message=True)
            view.add_button(tr(self.lang, "help_close"), self.close_overlay)
            self.open_overlay(view)
            return
        view = Overlay(title=tr(self.lang, "sound_title"), stack_buttons=True)
        current = self.voice_choice
        for choice in VOICE_CHOICES:
            view.add_button(tr(self.lang, f"voice_{choice}"),
                            lambda c=choice: self.choose_voice(c),
                            role="selected" if choice == current else "secondary")
        self.open_overlay(view)

    @property
    def voice_choice(self) -> str:
        """"normal", "slow" or "off": what the visitor chose for the voice."""
        if not self.visit.sound_on:
            return "off"
        return "slow" if self.visit.slow_speech else "normal"

    def choose_voice(self, choice: str) -> None:
        """Sound on at normal or slow speed, or off; the step is read again from its start."""
        self.close_overlay()
        was_on = self.visit.sound_on
        self.visit.sound_on = choice != "off"
        if choice != "off":
            self.visit.slow_speech = choice == "slow"
        self.apply_visit()
        if self.speech is not None:
            self.speech.set_rate("lent" if self.visit.slow_speech else "normal")
            self.speech.set_enabled(self.visit.sound_on)
            if self.visit.sound_on:
                self.speak_current()
        if self.visit.sound_on != was_on:
            self.emit("sound", on=self.visit.sound_on)

    def open_languages(self) -> None:
        view = Overlay(title=tr(self.lang, "languages_title"), stack_buttons=True)
        for code in UI_LANGUAGES:
            view.add_button(LANGUAGES[code], lambda c=code: self.choose_language(c),
                            role="selected" if code == self.lang else "secondary")
        self.open_overlay(view)

    def choose_language(self, code: str) -> None:
        self.close_overlay()
        if code != self.visit.language:
            self.visit.language = code
            self.apply_visit()
            self._redraw_current()
            self.emit("language", language=code)
            if self.speech is not None and self.visit.walker is not None:
                self.speech.prefetch_flow(self.visit.walker.flow, self.lang)
                self.speak_current()

    def _redraw_current(self) -> None:
        if self.root is None:
            return
        if self.root.ids.screens.current == "step" and self.visit.walker is not None:
            self.step_screen.show(self.visit.walker, self.lang)
        else:
            self.home_screen.refresh()

    # -- overlays --------------------------------------------------------------------------
    def open_overlay(self, view: Overlay) -> None:
        self.close_overlay()
        self.overlay = view
        view.open(animation=False)

    def close_overlay(self) -> None:
        if self.overlay is not None:
            self.overlay.dismiss(animation=False)
            self.overlay = None

    # -- idle ------------------------------------------------------------------------------
    def _on_any_touch(self, _window: object, touch: object) -> None:
        now = self.now()
        self.idle.touch(now)
        if self.counsellor is not None:
            self.counsellor.touched(now)
        elif self.corner_taps.tap(touch.x, touch.y, Window.height,  # type: ignore[attr-defined]
                                  CORNER_MM * self.theme.px_per_mm, now):
            Clock.schedule_once(lambda _dt: self.open_counsellor())  # after this touch

    def open_counsellor(self) -> None:
        """The hidden gesture was made: show the PIN pad of the counsellor's space."""
        from kiosk.ui.screens.counsellor.space import CounsellorSession

        if self.counsellor is None:
            self.close_idle()
            self.counsellor = CounsellorSession(self)
            try:
                self.counsellor.open()
            except Exception:
                self.counsellor = None  # never leave the visitors' idle wipe switched off
                raise

    def _tick_idle(self, _dt: float = 0.0) -> None:
        now = self.now()
        if self.counsellor is not None:  # the space has its own time-out
            self.counsellor.tick(now)
            return
        paused = self.idle_pause.active(now)
        if self.idle.paused and not paused:
            self.idle.touch(now)  # a pause that ends starts a fresh quiet time
        self.idle.paused = paused
        state = self.idle.state(now)
        if state is IdleState.ACTIVE:
            self.close_idle()
        elif self.visit_is_pristine():
            self.idle.touch(now)
        elif state is IdleState.WARNING:
            self.show_idle(self.idle.seconds_left(now))
        else:
            self.end_visit("idle")
            self.idle.touch(now)

    def visit_is_pristine(self) -> bool:
        fresh = Visit.fresh(self.settings)
        visit = self.visit
        return visit.walker is None and self.overlay is None and (
            visit.language, visit.text_level, visit.high_contrast, visit.sound_on) == (
            fresh.language, fresh.text_level, fresh.high_contrast, fresh.sound_on)

    def show_idle(self, seconds: int) -> None:
        if self.idle_view is None:
            view = Overlay(title=tr(self.lang, "idle_title"), big_message=True)
            view.add_button(tr(self.lang, "idle_stay"), self.stay)
            self.idle_view = view
            view.open(animation=False)
            self.say(tr(self.lang, "idle_spoken"))
        self.idle_view.message = tr(self.lang, "idle_text", seconds=seconds)

    def stay(self) -> None:
        self.idle.touch(self.now())
        self.close_idle()
        self.stop_speech()

    def close_idle(self) -> None:
        if self.idle_view is not None:
            self.idle_view.dismiss(animation=False)
            self.idle_view = None

    # -- lockdown and errors ---------------------------------------------------------------
    def _refuse_close(self, *_args: object, **_kwargs: object) -> bool:
        return True  # closing the window is for the counsellor's space or the service

    def _on_keyboard(self, _window: object, key: int, *_args: object) -> bool:
        self.idle.touch(self.now())
        return key == 27  # Escape and the Android back key never quit

    def report_error(self, error: BaseException) -> None:
        """Log an unexpected error, show a calm message, and go home a few seconds later."""
        text = "".join(traceback.format_exception(error))
        self.errors.append(text)
        log.error("unexpected error:\n%s", text)
        try:
            view = Overlay(title=tr(self.lang, "error_title"),
                           message=tr(self.lang, "error_text"), big_message=True)
            self.open_overlay(view)
        except Exception:  # the message itself failed: still go home
            log.exception("could not show the error message")
        if self._error_event is not None:
            self._error_event.cancel()
        self._error_event = Clock.schedule_once(lambda _dt: self._recover(),
                                                ERROR_RETURN_SECONDS)

    def _recover(self) -> None:
        self._error_event = None
        try:
            self.end_visit("error")
        except Exception:
            log.exception("could not return home after an error")


def _file_signature(path: Path) -> tuple[int, ...] | None:
    """What changes when a file is replaced, rewritten or turned into a link (no reading)."""
    try:
        link = path.lstat()
        target = path.stat()
    except (OSError, ValueError):
        return None
    return (link.st_ino, link.st_mode, target.st_ino, target.st_size, target.st_mtime_ns)


def _window_dpi() -> float:
    try:
        from kivy.metrics import Metrics

        return float(Metrics.dpi)
    except Exception:  # pragma: no cover - metrics unavailable
        return 0.0
