"""The Kivy App: wires the settings, the flows, the screens and the services. Nothing more.

Import this module only after :func:`kiosk.ui.boot.configure`.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.core.audio import SoundLoader
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty

from kiosk.flows.engine import Walker
from kiosk.flows.loader import FlowSet
from kiosk.flows.pictures import PictureError, check_picture
from kiosk.flows.vocabulary import LANGUAGES
from kiosk.settings import Settings
from kiosk.visit import Visit

from .home import HomeScreen
from .idle import IdleState, IdleWatch
from .loop import install as install_loop
from .overlays import Overlay
from .root import RootView
from .step import StepScreen
from .strings import UI_LANGUAGES, tr
from .theme import Theme

log = logging.getLogger("kiosk.ui")
HERE = Path(__file__).resolve().parent
KV_FILES = ("widgets.kv", "root.kv", "home.kv", "step.kv", "overlays.kv")
FALLBACK_PICTURE = "pictos/parcours.png"
ERROR_RETURN_SECONDS = 4.0


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

    def __init__(self, settings: Settings, flowset: FlowSet,
                 now: Callable[[], float] = time.monotonic, **kwargs: object) -> None:
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
        self._chime = None
        self._error_event = None
        self.listeners: list[Callable[[str, dict], None]] = []
        """Called with (event name, data) for what the visitor does; for the usage log."""
        self.speech = None
        """The speech service (:class:`kiosk.speech.service.SpeechService`) once started."""

    # -- set-up ----------------------------------------------------------------------------
    @property
    def flows(self) -> list:
        disabled = set(self.settings.disabled_flows)
        return [f for f in self.flowset.flows.values() if f.id not in disabled]

    def build(self) -> RootView:
        self.theme.diagonal_inches = self.settings.screen_diagonal_inches
        self.theme.dpi = 0.0 if self.settings.screen_diagonal_inches else _window_dpi()
        self._follow_window()
        for name in KV_FILES:
            path = str(HERE / name)
            if path not in Builder.files:  # a second app in one process must not apply rules twice
                Builder.load_file(path, encoding="utf-8")
        root = RootView()
        self.home_screen = HomeScreen()
        self.step_screen = StepScreen()
        root.ids.screens.add_widget(self.home_screen)
        root.ids.screens.add_widget(self.step_screen)
        from kivy.uix.screenmanager import NoTransition

        root.ids.screens.transition = NoTransition()
        Window.bind(on_request_close=self._refuse_close, on_keyboard=self._on_keyboard,
                    on_touch_down=self._on_any_touch, size=self._follow_window)
        ExceptionManager.add_handler(_ErrorHandler(self))
        install_loop()  # input read before each frame, sleep ended by a tap (kiosk/ui/loop.py)
        self.theme.bind(screen_bg=self._paint_background)
        self._paint_background()
        self._usage_pending = True  # opened after the first frame, or at the first event
        self._usage_event = Clock.schedule_once(
            lambda _dt: setattr(self, "_usage_event",
                                Clock.schedule_once(self._after_first_frame, 0)), 0)
        self._idle_event = Clock.schedule_interval(self._tick_idle, 0.25)
        self.apply_visit()
        self.home_screen.set_flows(self.flows)
        return root

    def _after_first_frame(self, *_args: object) -> None:
        """What the home screen does not need: the usage log, the QR code maker's import."""
        self._ensure_usage_log()
        from . import qr  # noqa: F401 - segno and its writers, before a website step needs them

    def _ensure_usage_log(self, *_args: object) -> None:
        """Open the usage log once: its imports (sqlite-utils) stay off the first frame."""
        if getattr(self, "_usage_pending", False):
            self._usage_pending = False
            self._open_usage_log()

    def _open_usage_log(self) -> None:
        from kiosk.usage import UsageLog
        from kiosk.usage.recorder import UsageRecorder
        from kiosk.usage.store import DB_NAME

        from .usage_bridge import UsageBridge

        path = self.settings.path("data_dir") / DB_NAME
        self.usage_log = UsageLog(path, retention_months=self.settings.retention_months)
        self.recorder = UsageRecorder(self.usage_log, flows=self.flowset.flows)
        self.listeners.append(UsageBridge(self.recorder))

    def on_stop(self) -> None:
        """Undo everything this app hooked into the window and the clock."""
        self._idle_event.cancel()
        self._usage_event.cancel()
        self._usage_pending = False
        if self._error_event is not None:
            self._error_event.cancel()
        self.close_overlay()
        self.close_idle()
        Window.unbind(on_request_close=self._refuse_close, on_keyboard=self._on_keyboard,
                      on_touch_down=self._on_any_touch, size=self._follow_window)
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
        """Path of a picture inside assets/, or the neutral pictogram when it is missing."""
        if name not in self._pictures:
            assets = self.settings.path("assets_dir")
            try:
                self._pictures[name] = str(check_picture(assets, name))
            except (PictureError, OSError) as problem:
                log.warning("picture %s unusable: %s", name, problem)
                fallback = assets / FALLBACK_PICTURE
                self._pictures[name] = str(fallback) if name != FALLBACK_PICTURE and \
                    fallback.is_file() else ""
        return self._pictures[name]

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

    def open_flow(self, flow_id: str) -> None:
        flow = self.flowset.flows[flow_id]
        walker = Walker(flow)
        self.visit.walker = walker
        self.emit("flow_opened", flow_id=flow_id, walker=walker)
        walker.start()
        self.show_step()

    def show_step(self) -> None:
        walker = self.visit.walker
        assert walker is not None
        self.step_screen.show(walker, self.lang)
        self.root.ids.screens.current = "step"
        self.emit("step_shown", step=walker.step)

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
        elif self.visit.walker is not None:
            self.end_visit("finished" if self.visit.walker.finished else "home")
        else:
            self.go_home()

    def go_home(self) -> None:
        """Back to the tiles, keeping the visitor's display choices."""
        self.close_overlay()
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
        self.apply_visit()
        self.go_home()

    # -- always-reachable buttons ----------------------------------------------------------
    def ask_help(self) -> None:
        self.emit("help")
        view = Overlay(title=tr(self.lang, "help_title"),
                       message=self.settings.site_help_message, big_message=True)
        view.add_button(tr(self.lang, "help_close"), self.close_overlay)
        self.open_overlay(view)
        if self.settings.help_chime:
            self.play_chime()

    def play_chime(self) -> None:
        if self._chime is None:
            path = self.settings.path("assets_dir") / "sons" / "carillon.wav"
            self._chime = SoundLoader.load(str(path)) if path.is_file() else None
        if self._chime is not None:
            self._chime.stop()
            self._chime.play()

    def cycle_text_size(self) -> None:
        self.visit.text_level = self.visit.text_level % 3 + 1
        self.apply_visit()
        self.emit("text_size", level=self.visit.text_level)

    def toggle_contrast(self) -> None:
        self.visit.high_contrast = not self.visit.high_contrast
        self.apply_visit()
        self._redraw_current()
        self.emit("contrast", high=self.visit.high_contrast)

    def toggle_sound(self) -> None:
        self.visit.sound_on = not self.visit.sound_on
        self.apply_visit()
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
    def _on_any_touch(self, _window: object, _touch: object) -> None:
        self.idle.touch(self.now())

    def _tick_idle(self, _dt: float = 0.0) -> None:
        now = self.now()
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
        self.idle_view.message = tr(self.lang, "idle_text", seconds=seconds)

    def stay(self) -> None:
        self.idle.touch(self.now())
        self.close_idle()

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


def _window_dpi() -> float:
    try:
        from kivy.metrics import Metrics

        return float(Metrics.dpi)
    except Exception:  # pragma: no cover - metrics unavailable
        return 0.0
