"""What each screen may ask of the app that hosts it: narrow, typed interfaces.

Screens never reach for the whole app (no ``App.get_running_app()``): they get a host at
creation and use only what its protocol lists. ``KioskApp`` provides all of them; a test
can give a screen any object that does.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.flows.flowset import FlowSet
from kiosk.settings import Settings
from kiosk.ui.theme import Theme
from kiosk.visit import VisitController

if TYPE_CHECKING:
    from kiosk.pin import PinGuard
    from kiosk.speech.service import SpeechService
    from kiosk.ui.audio import Audio
    from kiosk.ui.dialogs import Dialogs
    from kiosk.ui.screens.counsellor.state import FlowSwitches, IdlePause
    from kiosk.usage import UsageLog


class Host(Protocol):
    """What every screen may use: the theme, the visit's words and pictures."""

    theme: Theme
    lang: str

    def tr(self, key: str, language: str, **values: object) -> str: ...

    def picture(self, name: str) -> str: ...


class HomeHost(Host, Protocol):
    def open_flow(self, flow_id: str) -> None: ...


class StepHost(Host, Protocol):
    """The step screen and its practice: the visit's moves, help, and the voice."""

    controller: VisitController
    audio: Audio
    dialogs: Dialogs

    def ask_help(self) -> None: ...


class CounsellorHost(Protocol):
    """The counsellor's space: the kiosk's settings, flows, usage log and upkeep."""

    theme: Theme
    settings: Settings
    flowset: FlowSet
    controller: VisitController
    usage_log: UsageLog | None
    flow_switches: FlowSwitches
    idle_pause: IdlePause
    pin_guard: PinGuard | None
    counsellor: Any
    quit_for_maintenance: bool

    def now(self) -> float: ...

    def wall_clock(self) -> datetime: ...

    @property
    def speech(self) -> SpeechService | None: ...

    def refresh_home(self) -> None: ...

    dialogs: Dialogs

    def stop(self) -> None: ...
