"""Turn what happens on the screen into usage events.

``UsageRecorder`` listens to a flow ``Walker`` (``recorder.watch(walker)``, or
``walker.listen(recorder.on_flow_event)``) and has one plain method per interface
event. It keeps only what it needs to time steps (the current flow, step and when
they were shown) and forgets it when the visit ends. Use it from one thread (the
interface's); the log it writes to is thread-safe.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from kiosk.flows.engine import FlowEvent, Walker
from kiosk.flows.model import Flow
from kiosk.visit import new_visit_id

from .events import EventRefused

log = logging.getLogger(__name__)


class EventSink(Protocol):
    def record(self, kind: str, visit: str, *, at: datetime | None = None,
               **fields: Any) -> None: ...

    def register_flow(self, flow_id: str, title: str, themes: Any) -> None: ...


# How a visit ended -> the outcome of a flow of that visit that reached no end.
LEFT_OUTCOME = {"home": "accueil", "idle": "inactivite"}


@dataclass
class _Run:
    """One flow within the current visit: what its ``procedure_outcome`` will say."""

    started: float
    last: float
    step: str | None = None
    outcome: str | None = None  # the last end reached, if any
    left: str | None = None  # how it was left since (« Accueil »: "accueil"), if it was


class UsageRecorder:
    """One kiosk's usage events, visit by visit.

    ``log``: a :class:`~kiosk.usage.writer.UsageLog` (or anything with the same
    ``record`` and ``register_flow``). ``flows``: the loaded flows, used for the CRA
    themes when a flow starts through ``on_flow_event`` alone. ``now`` gives the
    time written with each event; ``monotonic`` measures time spent on a step.
    """

    def __init__(self, log: EventSink, *, flows: Mapping[str, Flow] | None = None,
                 now: Callable[[], datetime] = datetime.now,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._log = log
        self._flows = dict(flows or {})
        self._now = now
        self._monotonic = monotonic
        self._registered: set[str] = set()
        self._reached: set[tuple[str, str]] = set()  # (flow, step) reached in this visit
        self._runs: dict[str, _Run] = {}  # flows of this visit, in the order started
        self.visit: str | None = None
        self.refused = 0
        self._flow: str | None = None
        self._step: str | None = None
        self._flow_started_at = 0.0
        self._step_shown_at = 0.0

    # -- visits --------------------------------------------------------------------------
    def visit_started(self, visit_id: str | None = None) -> str:
        """A new person begins (``visit_id``: the visit controller's id, or a fresh one).
        Returns the visit id."""
        if self.visit is not None:
            self.visit_ended("home")
        self.visit = visit_id or new_visit_id()
        self._emit("visit_started")
        return self.visit

    def visit_ended(self, reason: str) -> None:
        """``reason``: "finished", "gave-up", "idle" (screen wiped) or "home" ("Accueil")."""
        if self.visit is None:
            return
        for flow_id, run in self._runs.items():
            outcome = run.outcome or run.left or LEFT_OUTCOME.get(reason, "abandon")
            self._emit("procedure_outcome", flow=flow_id, step=run.step, outcome=outcome,
                       seconds=self._seconds_since(run.started, run.last))
        self._runs.clear()
        self._emit("visit_ended", reason=reason)
        self.visit = None
        self._flow = self._step = None
        self._reached.clear()

    # -- flows ---------------------------------------------------------------------------
    def know_flow(self, flow: Flow) -> None:
        """A flow about to be walked: its CRA themes are recorded with it."""
        self._flows[flow.id] = flow

    def flow_left(self, flow_id: str, reason: str) -> None:
        """The visitor left ``flow_id`` before its end (``reason`` "home": « Accueil ») and the
        visit goes on: the flow's outcome, written when the visit ends, says so
        ("accueil"), unless it is opened again."""
        run = self._runs.get(flow_id)
        if run is not None:
            run.left = LEFT_OUTCOME.get(reason, "abandon")
        if self._flow == flow_id:
            self._flow = self._step = None

    def watch(self, walker: Walker) -> None:
        """Record a walker's events, with its flow's CRA themes."""
        self.know_flow(walker.flow)
        walker.listen(self.on_flow_event)

    def on_flow_event(self, event: FlowEvent) -> None:
        """Listener for ``Walker.listen``."""
        now = self._monotonic()
        if event.name == "flow_started":
            self._ensure_visit()
            self._register(event.flow_id)
            self._flow, self._step = event.flow_id, None
            self._flow_started_at = self._step_shown_at = now
            run = self._runs.setdefault(event.flow_id, _Run(now, now))  # a restart: same visit
            run.left = None
            self._emit("procedure_started", flow=event.flow_id)
        elif event.name == "step_shown":
            self._ensure_visit()
            spent = self._seconds_since(self._step_shown_at, now) if self._step else 0
            self._flow, self._step, self._step_shown_at = event.flow_id, event.step_id, now
            first = (event.flow_id, event.step_id) not in self._reached
            self._reached.add((event.flow_id, event.step_id))
            self._touch_run(event.flow_id, now, event.step_id)
            self._emit("step_shown", flow=event.flow_id, step=event.step_id,
                       number=min(int(event.data.get("number", 1)), 999), seconds=spent,
                       first=first)
        elif event.name == "went_back":
            self._ensure_visit()
            self._flow, self._step, self._step_shown_at = event.flow_id, event.step_id, now
            self._touch_run(event.flow_id, now, event.step_id)
            self._emit("back", flow=event.flow_id, step=event.step_id)
        elif event.name == "flow_ended":
            self._ensure_visit()
            outcome = str(event.data.get("outcome") or "fin")
            run = self._touch_run(event.flow_id, now, event.step_id)
            run.outcome = outcome  # the last end reached counts, however often reached
            self._emit("procedure_ended", flow=event.flow_id, step=event.step_id,
                       outcome=outcome, seconds=self._seconds_since(self._flow_started_at, now))
            self._flow = None
        # "answered", "checked" and "restarted" are not recorded: which answer a person
        # chose is not needed, and a restart shows as a new "procedure_started".

    # -- interface events ----------------------------------------------------------------
    def help_asked(self) -> None:
        self._active()
        self._emit("help_asked", **self._where())

    def repeat(self) -> None:
        self._active()
        self._emit("repeat", **self._where())

    def practice_tried(self, success: bool) -> None:
        self._active()
        if self._flow and self._step:
            self._emit("practice_tried", flow=self._flow, step=self._step, success=success)

    def speech_toggled(self, on: bool) -> None:
        self._emit("speech_changed", on=on)

    def contrast_changed(self, on: bool) -> None:
        self._emit("contrast_changed", on=on)

    def text_size_changed(self, size: int) -> None:
        self._emit("text_size_changed", size=size)

    def language_changed(self, language: str) -> None:
        self._emit("language_changed", language=language)

    # -- inside --------------------------------------------------------------------------
    def _touch_run(self, flow_id: str, now: float, step: str | None) -> _Run:
        run = self._runs.setdefault(flow_id, _Run(now, now))
        run.last, run.step = now, step
        return run

    def _active(self) -> None:
        """An action inside the current flow: the time guided runs up to it."""
        run = self._runs.get(self._flow) if self._flow else None
        if run is not None:
            run.last = self._monotonic()

    def _where(self) -> dict[str, str]:
        where = {}
        if self._flow:
            where["flow"] = self._flow
            if self._step:
                where["step"] = self._step
        return where

    def _ensure_visit(self) -> None:
        if self.visit is None:
            self.visit_started()

    def _register(self, flow_id: str) -> None:
        flow = self._flows.get(flow_id)
        if flow is None or flow_id in self._registered:
            return
        try:
            self._log.register_flow(flow_id, flow.short_title.fr, flow.themes)
            self._registered.add(flow_id)
        except EventRefused as error:
            self._refused(error)

    def _seconds_since(self, then: float, now: float) -> int:
        return max(0, min(int(round(now - then)), 24 * 3600))

    def _emit(self, kind: str, **fields: Any) -> None:
        if self.visit is None:
            self._ensure_visit()
        assert self.visit is not None
        try:
            self._log.record(kind, self.visit, at=self._now(), **fields)
        except EventRefused as error:
            self._refused(error)

    def _refused(self, error: EventRefused) -> None:
        # A programming error; the screen must go on, the event is not written.
        self.refused += 1
        log.error("usage event refused: %s", error)
