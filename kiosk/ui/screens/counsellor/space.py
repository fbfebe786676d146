"""The counsellor's space on the kiosk: the session (PIN pad, then the space) and the
space's frame (tabs, close, self-closing after two minutes without a touch).

What each tab shows is built by :mod:`kiosk.ui.screens.counsellor.figures` ("Chiffres") and
:mod:`kiosk.ui.screens.counsellor.tools` ("Parcours", "Borne"). Nothing here is recorded in the
usage log: the counsellor is not a visitor.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.i18n import french
from kiosk.pin import PinGuard
from kiosk.ui import kv
from kiosk.ui.host import CounsellorHost
from kiosk.ui.screens.counsellor import figures as counsellor_figures
from kiosk.ui.screens.counsellor import tools as counsellor_tools
from kiosk.ui.screens.counsellor.charts import BarChart
from kiosk.ui.screens.counsellor.pinpad import PinPad
from kiosk.ui.screens.counsellor.state import SPACE_TIMEOUT_SECONDS
from kiosk.visit import EndReason

if TYPE_CHECKING:
    from kiosk.ui.screens.counsellor.month import MonthView
    from kiosk.usage.monthly import Month

log = logging.getLogger(__name__)

TABS = {"figures": counsellor_figures.build, "flows": counsellor_tools.build_flows,
        "kiosk": counsellor_tools.build_kiosk}


class CounsellorSession:
    """From the hidden gesture to the closing of the space, with one quiet-time limit."""

    def __init__(self, app: CounsellorHost) -> None:
        self.app = app
        self.last_touch = app.now()
        self.pad: PinPad | None = None
        self.space: CounsellorSpace | None = None
        self.closed = False

    def open(self) -> None:
        app = self.app
        if app.pin_guard is None:  # one guard per app: its lock follows the app's clock
            app.pin_guard = PinGuard(app.settings.path("data_dir"), clock=app.now,
                                     wall=lambda: app.wall_clock().timestamp())
        app.dialogs.close()
        self.pad = PinPad(session=self)
        self.pad.open(animation=False)

    @property
    def view(self) -> ModalView | None:
        return self.space or self.pad

    def touched(self, now: float) -> None:
        self.last_touch = now

    def tick(self, now: float) -> None:
        """Called by the app's idle tick: close after two minutes without a touch."""
        if now - self.last_touch >= SPACE_TIMEOUT_SECONDS:
            self.close()
        elif self.view is not None:
            self.view.tick(now)

    def unlocked(self) -> None:
        if self.pad is not None:
            self.pad.dismiss(animation=False)
            self.pad = None
        self.space = CounsellorSpace(session=self)
        self.space.open(animation=False)
        self.space.show_tab("figures")

    def close(self) -> None:
        """Close the pad or the space. After the space, the kiosk goes back to the visitor's
        home screen with a fresh visit; the pad alone (nobody entered) leaves the visit as
        it was, so that a visitor who stumbled on the gesture loses nothing."""
        if self.closed:
            return
        entered = self.space is not None
        self.dismiss_all()
        app = self.app
        app.counsellor = None
        app.controller.touched()
        if entered:
            app.controller.end(EndReason.HOME)  # recorded only if a visit was under way

    def dismiss_all(self) -> None:
        self.closed = True
        if self.space is not None:
            self.space.clear()
        for view in (self.pad, self.space):
            if view is not None:
                view.dismiss(animation=False)
        if self.space is not None:
            self.space.session = None
        self.pad = self.space = None


class CounsellorSpace(ModalView):
    """Full screen, over everything: tabs "Chiffres", "Parcours", "Borne", and "Fermer"."""

    session = ObjectProperty(None, allownone=True)

    tab = OptionProperty("figures", options=tuple(TABS))
    """The tab shown."""

    month = ObjectProperty(None, allownone=True)
    """The month the figures are for (a ``kiosk.usage.monthly.Month`` that is over); None:
    the last one that is over."""

    loading = BooleanProperty(False)
    """Figures (or an export) are being computed off the interface's thread."""

    status = StringProperty("")
    """The last message of an action (sound test, export, …), shown under the tab's
    content so that it is seen whatever the scrolling."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.figures: MonthView | None = None
        self.figures_error = ""
        self._token = 0

    @property
    def app(self) -> CounsellorHost:
        return self.session.app

    # -- tabs ----------------------------------------------------------------------------
    def show_tab(self, name: str) -> None:
        self.tab = name
        self.status = ""
        if name == "figures":
            self.load_figures()
        else:
            self.rebuild()

    def rebuild(self, *_args: object) -> None:
        if self.session is None:
            return
        self.clear()
        TABS[self.tab](self, self.ids.content)
        self.ids.scroller.scroll_y = 1

    def clear(self) -> None:
        """Empty the tab's content; charts stop following the theme."""
        content = self.ids.content
        for child in content.walk(restrict=True):
            if isinstance(child, BarChart):
                child.release()
        kv.clear(content)

    def tick(self, now: float) -> None:
        if self.tab == "kiosk":
            counsellor_tools.tick_kiosk(self, now)

    # -- figures -------------------------------------------------------------------------
    def choose_month(self, month: Month | None) -> None:
        """Show another month that is over (the month picker's buttons)."""
        if month is None or self.loading:
            return
        self.month = month
        self.load_figures()

    def load_figures(self) -> None:
        """Compute the month's published figures in a thread; show them when ready."""
        from kiosk.ui.screens.counsellor import month as month_view

        app = self.app
        chosen, now = self.month, app.wall_clock()
        flows = dict(app.flowset.flows)
        db_path = app.usage_log.path
        usage_log = app.usage_log
        self._token += 1
        token = self._token
        self.loading = True
        self.rebuild()

        def work() -> tuple[Any, str]:
            usage_log.flush(2.0)
            return month_view.load(db_path, chosen, now, flows), ""

        self.run_off_thread(work, lambda result: self._figures_ready(token, result))

    def _figures_ready(self, token: int, result: tuple[Any, str]) -> None:
        if token != self._token or self.session is None:
            return
        self.figures, self.figures_error = result
        if self.figures is not None:
            self.month = self.figures.month
        self.loading = False
        if self.tab == "figures":
            self.rebuild()

    def run_off_thread(self, work: Callable[[], Any], done: Callable[[Any], None],
                       failure: str = "") -> None:
        """Run ``work`` in a thread and hand its result to ``done`` on the interface's
        thread; an error becomes ``(None, French message)``."""
        failure = failure or french("Les chiffres n'ont pas pu être lus")

        def run() -> None:
            try:
                result = work()
            except Exception as error:  # a damaged or missing database: say so, go on
                log.exception("counsellor's space: background work failed")
                result = (None, french("{failure} ({error}).", failure=failure, error=error))
            Clock.schedule_once(lambda _dt: done(result))

        threading.Thread(target=run, name="counsellor-space", daemon=True).start()


kv.load_beside(__file__)
