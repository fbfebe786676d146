"""The flow engine: moving, going back exactly, restarting, ticking, events and position.

Flows are built right here from the model classes, so each test shows the whole flow.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from flowfixtures import COMPLETE, make_assets

from kiosk.flows.engine import EngineError, FlowEvent, Walker, WalkState, remaining_steps
from kiosk.flows.loader import load_flow_file
from kiosk.flows.model import Answer, EndOutcome, Flow, Step, StepKind, Text


def info(step_id: str, next_id: str | None = None) -> Step:
    return Step(step_id, StepKind.INFORMATION, Text.of(step_id), Text.of("Texte."),
                next=next_id)


def question(step_id: str, *targets: str) -> Step:
    answers = tuple(Answer(Text.of(f"Réponse {n}"), target) for n, target in enumerate(targets))
    return Step(step_id, StepKind.QUESTION, Text.of(step_id), answers=answers)


def checklist(step_id: str, next_id: str, items: int = 3) -> Step:
    return Step(step_id, StepKind.CHECKLIST, Text.of(step_id), next=next_id,
                items=tuple(Text.of(f"Élément {n}") for n in range(items)))


def end(step_id: str, outcome: EndOutcome = EndOutcome.SUCCESS) -> Step:
    return Step(step_id, StepKind.END, Text.of(step_id), Text.of("Fin."), outcome=outcome)


def flow(*steps: Step) -> Flow:
    return Flow(id="essai", title=Text.of("Essai"), short_title=Text.of("Essai"),
                description=Text.of("Essai."), themes=("e-mail",), level="débutant",
                duration_minutes=5, pictogram="pictos/email.png", steps=steps)


# start -> q -> (oui) liste -> fin   |   (non) aide-fin
BRANCHING = flow(
    info("accueil", "q"),
    question("q", "liste", "aide-fin"),
    checklist("liste", "fin"),
    end("fin"),
    end("aide-fin", EndOutcome.COUNSELLOR),
)

# accueil -> q -> (encore) accueil | (fini) fin : a loop one can leave.
LOOP = flow(info("accueil", "q"), question("q", "accueil", "fin"), end("fin"))


class Recorder:
    def __init__(self, walker: Walker) -> None:
        self.events: list[FlowEvent] = []
        walker.listen(self.events.append)

    def take(self) -> list[tuple[str, str, dict]]:
        taken = [(e.name, e.step_id, dict(e.data)) for e in self.events]
        self.events.clear()
        return taken


def test_start_shows_the_first_step() -> None:
    walker = Walker(BRANCHING)
    seen = Recorder(walker)
    assert walker.start().id == "accueil"
    assert seen.take() == [
        ("flow_started", "accueil", {}),
        ("step_shown", "accueil", {"number": 1, "total": 4}),
    ]
    assert walker.state == WalkState("accueil", ("accueil",))
    assert not walker.can_go_back and not walker.finished


def test_events_in_exact_order_through_a_whole_walk() -> None:
    walker = Walker(BRANCHING)
    seen = Recorder(walker)
    walker.start()
    walker.next()
    walker.answer(0)
    walker.toggle(2)
    walker.toggle(0)
    walker.toggle(2)
    walker.next()
    assert walker.finished
    assert seen.take() == [
        ("flow_started", "accueil", {}),
        ("step_shown", "accueil", {"number": 1, "total": 4}),
        ("step_shown", "q", {"number": 2, "total": 4}),
        ("answered", "q", {"answer": 0}),
        ("step_shown", "liste", {"number": 3, "total": 4}),
        ("checked", "liste", {"item": 2, "ticked": True}),
        ("checked", "liste", {"item": 0, "ticked": True}),
        ("checked", "liste", {"item": 2, "ticked": False}),
        ("step_shown", "fin", {"number": 4, "total": 4}),
        ("flow_ended", "fin", {"outcome": "reussite"}),
    ]


def test_other_answer_ends_with_the_counsellor() -> None:
    walker = Walker(BRANCHING)
    seen = Recorder(walker)
    walker.start()
    walker.next()
    seen.take()
    assert walker.answer(1).id == "aide-fin"
    assert seen.take() == [
        ("answered", "q", {"answer": 1}),
        ("step_shown", "aide-fin", {"number": 3, "total": 3}),
        ("flow_ended", "aide-fin", {"outcome": "conseiller"}),
    ]
    assert walker.answer_of("q") == 1
    assert walker.state.answers == (("q", 1),)


def test_every_event_names_the_flow() -> None:
    walker = Walker(LOOP)
    events: list[FlowEvent] = []
    walker.listen(events.append)
    walker.start()
    walker.next()
    walker.answer(1)
    assert {e.flow_id for e in events} == {"essai"}


def test_two_listeners_hear_the_same_events_in_order() -> None:
    walker = Walker(LOOP)
    first, second = Recorder(walker), Recorder(walker)
    walker.start()
    walker.next()
    walker.back()
    assert first.take() == second.take() != []


def test_back_after_an_answer_restores_the_state_before_answering() -> None:
    walker = Walker(BRANCHING)
    walker.start()
    walker.next()
    before = walker.state
    walker.answer(0)
    walker.toggle(1)
    seen = Recorder(walker)
    walker.back()
    assert walker.state == before
    assert walker.answer_of("q") is None
    assert seen.take() == [("went_back", "q", {"number": 2, "total": 4})]


def test_ticks_are_kept_when_coming_back_to_the_checklist() -> None:
    walker = Walker(BRANCHING)
    walker.start()
    walker.next()
    walker.answer(0)
    assert walker.toggle(1) is True
    leaving = walker.state
    walker.next()
    walker.back()
    assert walker.state == leaving
    assert walker.is_checked(1) and not walker.is_checked(0)
    assert walker.is_checked(1, "liste")


@pytest.mark.parametrize("seed", range(8))
def test_back_restores_exactly_however_many_times(seed: int) -> None:
    """Random walks of 200 moves: each back gives back exactly the state before that move."""
    rng = random.Random(seed)
    walker = Walker(LOOP if seed % 2 else BRANCHING)
    walker.start()
    before_each_move: list[WalkState] = []
    for _ in range(200):
        step = walker.step
        moves = ["back"] if walker.can_go_back else []
        if step.kind is StepKind.QUESTION:
            moves += ["answer"] * 2
        elif step.kind is not StepKind.END:
            moves += ["next"] * 2
        if step.items:
            moves.append("toggle")
        move = rng.choice(moves)
        if move == "back":
            walker.back()
            assert walker.state == before_each_move.pop()
        elif move == "toggle":
            walker.toggle(rng.randrange(len(step.items)))
        else:
            before_each_move.append(walker.state)
            if move == "answer":
                walker.answer(rng.randrange(len(step.answers)))
            else:
                walker.next()
        assert walker.number == len(walker.state.path)
        assert walker.total >= walker.number
    while walker.can_go_back:
        walker.back()
        assert walker.state == before_each_move.pop()
    assert before_each_move == []
    assert walker.state.step_id == "accueil" and walker.number == 1


def test_restart_forgets_everything() -> None:
    walker = Walker(BRANCHING)
    walker.start()
    walker.next()
    walker.answer(0)
    walker.toggle(0)
    seen = Recorder(walker)
    assert walker.restart().id == "accueil"
    assert seen.take() == [
        ("restarted", "liste", {}),
        ("flow_started", "accueil", {}),
        ("step_shown", "accueil", {"number": 1, "total": 4}),
    ]
    assert walker.state == WalkState("accueil", ("accueil",))
    assert not walker.can_go_back


def test_a_loop_one_can_leave() -> None:
    walker = Walker(LOOP)
    walker.start()
    positions = [(walker.number, walker.total)]
    for _ in range(3):
        walker.next()
        positions.append((walker.number, walker.total))
        walker.answer(0)  # "encore": back to the start of the loop
        positions.append((walker.number, walker.total))
    walker.next()
    positions.append((walker.number, walker.total))
    walker.answer(1)  # "fini"
    positions.append((walker.number, walker.total))
    assert walker.finished
    assert positions == [(1, 3), (2, 3), (3, 5), (4, 5), (5, 7), (6, 7), (7, 9), (8, 9),
                         (9, 9)]
    assert walker.state.path == ("accueil", "q") * 4 + ("fin",)


def test_position_rules_on_every_way_through_the_complete_example(tmp_path: Path) -> None:
    """Explore every way through a real flow, using back to return: N is the number of steps
    on the way taken, never goes down going forward, and never exceeds M."""
    loaded, problems = load_flow_file(COMPLETE, make_assets(tmp_path))
    assert loaded is not None and problems == []
    walker = Walker(loaded)
    walker.start()
    endings: list[tuple[str, ...]] = []

    def explore() -> None:
        here, number = walker.state, walker.number
        assert number == len(here.path) and walker.total >= number
        step = walker.step
        if step.kind is StepKind.END:
            endings.append(here.path)
            return
        moves = range(len(step.answers)) if step.kind is StepKind.QUESTION else [None]
        for move in moves:
            walker.next() if move is None else walker.answer(move)
            assert walker.number == number + 1
            explore()
            walker.back()
            assert walker.state == here

    explore()
    assert endings == [
        ("bienvenue", "adresse", "preparer", "essai-adresse", "vrai-faux", "messagerie",
         "bravo"),
        ("bienvenue", "adresse", "conseiller", "fin-aide"),
    ]


def test_remaining_steps_counts_the_longest_way() -> None:
    assert dict(remaining_steps(BRANCHING)) == {
        "accueil": 4, "q": 3, "liste": 2, "fin": 1, "aide-fin": 1}
    assert dict(remaining_steps(LOOP)) == {"accueil": 3, "q": 2, "fin": 1}


def test_wrong_moves_are_programming_errors() -> None:
    walker = Walker(BRANCHING)
    walker.start()
    with pytest.raises(EngineError, match="nothing to go back to"):
        walker.back()
    with pytest.raises(EngineError, match="is not a question"):
        walker.answer(0)
    with pytest.raises(EngineError, match="has no item 0"):
        walker.toggle(0)
    walker.next()
    with pytest.raises(EngineError, match="is a question"):
        walker.next()
    with pytest.raises(EngineError, match="has no answer 2"):
        walker.answer(2)
    with pytest.raises(EngineError, match="has no answer -1"):
        walker.answer(-1)
    walker.answer(1)
    with pytest.raises(EngineError, match="has no next step"):
        walker.next()
    assert walker.state.path == ("accueil", "q", "aide-fin")
