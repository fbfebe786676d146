"""Ways through a flow: the shortest route to a step, and every path to an end (no Kivy)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from .model import Flow, StepKind

Move = int | None
"""A move forward: None for "Suivant", an int for the answer chosen at a question."""


def moves_from(flow: Flow, step_id: str) -> list[tuple[Move, str]]:
    step = flow.step(step_id)
    if step.kind is StepKind.QUESTION:
        return [(index, answer.goto) for index, answer in enumerate(step.answers)]
    return [(None, target) for target in step.successors()]


def route_to(flow: Flow, target: str) -> list[Move]:
    """The fewest moves from the first step to ``target``; KeyError if it cannot be reached."""
    start = flow.start.id
    came: dict[str, tuple[str, Move] | None] = {start: None}
    todo = deque([start])
    while todo:
        current = todo.popleft()
        if current == target:
            break
        for move, following in moves_from(flow, current):
            if following not in came:
                came[following] = (current, move)
                todo.append(following)
    if target not in came:
        raise KeyError(target)
    moves: list[Move] = []
    node = target
    while came[node] is not None:
        previous, move = came[node]  # type: ignore[misc]
        moves.append(move)
        node = previous
    return list(reversed(moves))


def all_paths(flow: Flow) -> Iterator[tuple[tuple[Move, ...], tuple[str, ...]]]:
    """Every path from the first step to an end that visits no step twice: (moves, step ids)."""

    def walk(step_id: str, moves: tuple[Move, ...], seen: tuple[str, ...]) -> Iterator[
            tuple[tuple[Move, ...], tuple[str, ...]]]:
        if flow.step(step_id).kind is StepKind.END:
            yield moves, seen
            return
        for move, following in moves_from(flow, step_id):
            if following not in seen:
                yield from walk(following, moves + (move,), seen + (following,))

    yield from walk(flow.start.id, (), (flow.start.id,))
