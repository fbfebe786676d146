"""Walk a person through a flow: next, answer, back, restart, and where one is.

The engine imports nothing from Kivy and records nothing. The interface and the
usage log listen to its events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from .model import Flow, Step, StepKind


class EngineError(Exception):
    """A move that the current step does not allow (a programming error, not a visitor's)."""


@dataclass(frozen=True)
class WalkState:
    """Everything that "back" must restore: where one is and what was chosen."""

    step_id: str
    path: tuple[str, ...]
    answers: tuple[tuple[str, int], ...] = ()
    checked: frozenset[tuple[str, int]] = frozenset()


@dataclass(frozen=True)
class FlowEvent:
    """Something that happened in a walk; ``name`` is one of ``EVENT_NAMES``."""

    name: str
    flow_id: str
    step_id: str
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


EVENT_NAMES = ("flow_started", "step_shown", "answered", "went_back", "checked", "restarted",
               "flow_ended")

Listener = Callable[[FlowEvent], None]


def remaining_steps(flow: Flow) -> Mapping[str, int]:
    """For each step, the number of steps on the longest way from it to an end, itself included.

    Loops are cut where they go back to a step already on the way, so the figure is
    finite; a step whose only ways out loop back counts one more step.
    """
    longest: dict[str, int] = {}
    on_way: set[str] = set()

    def visit(step_id: str) -> int:
        if step_id in longest:
            return longest[step_id]
        step = flow.step(step_id)
        if step.kind is StepKind.END:
            longest[step_id] = 1
            return 1
        on_way.add(step_id)
        forward = [visit(t) for t in step.successors() if t not in on_way]
        on_way.discard(step_id)
        longest[step_id] = 1 + (max(forward) if forward else 1)
        return longest[step_id]

    for step in flow.steps:
        visit(step.id)
    return MappingProxyType(longest)


class Walker:
    """One person's walk through one flow."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self._listeners: list[Listener] = []
        self._history: list[WalkState] = []
        self._state = WalkState(flow.start.id, (flow.start.id,))
        self._remaining = remaining_steps(flow)

    # -- listening -------------------------------------------------------------------------
    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, name: str, **data: Any) -> None:
        event = FlowEvent(name, self.flow.id, self._state.step_id, MappingProxyType(data))
        for listener in list(self._listeners):
            listener(event)

    # -- where one is ----------------------------------------------------------------------
    @property
    def state(self) -> WalkState:
        return self._state

    @property
    def step(self) -> Step:
        return self.flow.step(self._state.step_id)

    @property
    def number(self) -> int:
        """The current step's number along the path taken (1 for the first)."""
        return len(self._state.path)

    @property
    def total(self) -> int:
        """The step count announced: the path so far plus the longest way to an end."""
        return self.number + self._remaining[self._state.step_id] - 1

    @property
    def can_go_back(self) -> bool:
        return bool(self._history)

    @property
    def finished(self) -> bool:
        return self.step.kind is StepKind.END

    def answer_of(self, step_id: str) -> int | None:
        for asked, index in reversed(self._state.answers):
            if asked == step_id:
                return index
        return None

    def is_checked(self, item: int, step_id: str | None = None) -> bool:
        return ((step_id or self._state.step_id), item) in self._state.checked

    # -- moving ----------------------------------------------------------------------------
    def start(self) -> Step:
        """Begin (or begin again) at the first step."""
        self._history.clear()
        self._state = WalkState(self.flow.start.id, (self.flow.start.id,))
        self._emit("flow_started")
        self._emit("step_shown", number=self.number, total=self.total)
        return self.step

    def _moved(self, target: str, answers: tuple[tuple[str, int], ...] | None = None
               ) -> WalkState:
        return replace(self._state, step_id=target, path=self._state.path + (target,),
                       answers=self._state.answers if answers is None else answers)

    def _go(self, target: str, answers: tuple[tuple[str, int], ...] | None = None,
            **data: Any) -> Step:
        self._history.append(self._state)
        self._state = self._moved(target, answers)
        self._emit("step_shown", number=self.number, total=self.total, **data)
        if self.finished:
            self._emit("flow_ended", outcome=self.step.outcome.value if self.step.outcome else "")
        return self.step

    def next(self) -> Step:
        """Go on from a step that is not a question."""
        step = self.step
        if step.kind is StepKind.QUESTION:
            raise EngineError(f"step {step.id!r} is a question: call answer()")
        if step.next is None:
            raise EngineError(f"step {step.id!r} has no next step")
        return self._go(step.next)

    def answer(self, index: int) -> Step:
        """Choose answer ``index`` (0-based) of the current question."""
        step = self.step
        if step.kind is not StepKind.QUESTION:
            raise EngineError(f"step {step.id!r} is not a question")
        if not 0 <= index < len(step.answers):
            raise EngineError(f"step {step.id!r} has no answer {index}")
        self._emit("answered", answer=index)
        return self._go(step.answers[index].goto,
                        answers=self._state.answers + ((step.id, index),))

    def toggle(self, item: int) -> bool:
        """Tick or untick item ``item`` of the current checklist; returns the new state."""
        step = self.step
        if not 0 <= item < len(step.items):
            raise EngineError(f"step {step.id!r} has no item {item}")
        key = (step.id, item)
        checked = self._state.checked ^ {key}
        self._state = replace(self._state, checked=frozenset(checked))
        self._emit("checked", item=item, ticked=key in checked)
        return key in checked

    def back(self) -> Step:
        """Return to exactly the state before the last move forward."""
        if not self._history:
            raise EngineError("nothing to go back to")
        self._state = self._history.pop()
        self._emit("went_back", number=self.number, total=self.total)
        return self.step

    def restart(self) -> Step:
        self._emit("restarted")
        return self.start()
