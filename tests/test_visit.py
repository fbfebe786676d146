"""Every rule of a visit, in plain pytest with no window (kiosk/visit.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.flows.loader import load_flows
from kiosk.settings import load_settings
from kiosk.visit import (
    Choices,
    ChoicesChanged,
    EndReason,
    FlowLeft,
    FlowOpened,
    HelpAsked,
    IdleCleared,
    IdleWarning,
    PracticeTried,
    Repeated,
    StepShown,
    VisitController,
    VisitEnded,
    VisitStarted,
    WalkMoved,
    WentHome,
)

REPO = Path(__file__).resolve().parent.parent


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def flows():
    return load_flows(REPO / "config" / "flows", REPO / "assets").flows


def make(tmp_path: Path, **settings: object):
    lines = [f'data_dir = "{tmp_path}"', "idle_timeout = 90", "idle_countdown = 30"]
    lines += [f"{key} = {str(value).lower() if isinstance(value, bool) else repr(value)}"
              .replace("'", '"') for key, value in settings.items()]
    (tmp_path / "kiosk.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    clock = Clock()
    ids = iter(f"{n:016x}" for n in range(1, 1000))
    controller = VisitController(load_settings(tmp_path / "kiosk.toml"), now=clock,
                                 new_id=lambda: next(ids))
    events: list = []
    controller.subscribe(events.append)
    return controller, clock, events


def kinds(events: list) -> list[str]:
    return [type(e).__name__ for e in events]


def test_a_walk_publishes_typed_events_and_ends_finished(tmp_path, flows):
    controller, _clock, events = make(tmp_path)
    flow = flows["creer-adresse-email"]
    controller.open_flow(flow)
    assert kinds(events)[:3] == ["VisitStarted", "FlowOpened", "WalkMoved"]
    assert events[0] == VisitStarted("0000000000000001")
    assert events[1] == FlowOpened(flow)
    shown = [e for e in events if isinstance(e, StepShown)]
    assert shown == [StepShown(flow.id, flow.start, 1, controller.walker.total)]
    moves = 0
    while not controller.walker.finished:
        step = controller.walker.step
        if step.kind.value == "question":
            controller.answer(0)
        else:
            controller.next()
        moves += 1
    assert moves > 2
    events.clear()
    controller.next()  # « Terminer »
    assert events == [VisitEnded("0000000000000001", EndReason.FINISHED), WentHome()]
    assert controller.walker is None and controller.visit.id == "0000000000000002"
    # the engine's events travel as plain events (ids and values), never the walker itself
    assert all(not hasattr(e, "walker") for e in events)


def test_back_restores_the_step_and_answer_of_a_question_goes_where_it_says(tmp_path, flows):
    controller, _clock, events = make(tmp_path)
    flow = flows["creer-adresse-email"]
    controller.open_flow(flow)
    while controller.walker.step.kind.value != "question":
        controller.next()
    question = controller.walker.step
    controller.answer(1)
    assert controller.walker.step.id == question.answers[1].goto
    events.clear()
    controller.back()
    assert controller.walker.step == question
    assert isinstance(events[-1], StepShown) and events[-1].step == question
    assert any(isinstance(e, WalkMoved) and e.event.name == "went_back" for e in events)


def test_home_mid_flow_needs_confirmation_and_keeps_the_visit_and_its_choices(tmp_path, flows):
    controller, clock, events = make(tmp_path)
    assert not controller.home_needs_confirmation
    controller.toggle_contrast()
    controller.cycle_text_size()
    controller.choose_language("en")
    controller.open_flow(flows["creer-adresse-email"])
    assert not controller.home_needs_confirmation  # first step: nothing to lose
    controller.next()
    assert controller.home_needs_confirmation
    visit, chosen = controller.visit, controller.choices
    events.clear()
    controller.home()
    # The flow is left, the visit goes on: no end, no reset of what the visitor chose.
    assert events == [FlowLeft("creer-adresse-email", EndReason.HOME), WentHome()]
    assert controller.visit is visit and controller.walker is None
    assert controller.choices == chosen and chosen.high_contrast and chosen.text_level == 2
    assert not controller.home_needs_confirmation and not controller.pristine
    # Another tile: the same visit, the same choices.
    controller.open_flow(flows["creer-adresse-email"])
    assert controller.visit is visit and controller.choices == chosen
    assert not any(isinstance(e, (VisitEnded, ChoicesChanged)) for e in events)


def test_choices_last_until_the_visit_ends_by_idle_or_terminer(tmp_path, flows):
    controller, clock, events = make(tmp_path)
    controller.cycle_text_size()
    controller.open_flow(flows["creer-adresse-email"])
    controller.next()
    controller.home()
    events.clear()
    clock.now += 95  # nobody touched the screen: warning, then the wipe
    controller.tick()
    clock.now += 30
    controller.tick()
    assert kinds(events) == ["IdleWarning", "IdleCleared", "VisitEnded", "ChoicesChanged",
                             "WentHome"]
    assert events[2].reason is EndReason.IDLE
    assert controller.choices == Choices.default(controller.settings)
    # « Terminer » on an end step wipes them too.
    controller.toggle_contrast()
    flow = flows["creer-adresse-email"]
    controller.open_flow(flow)
    while not controller.walker.finished:
        if controller.walker.step.kind.value == "question":
            controller.answer(0)
        else:
            controller.next()
    events.clear()
    controller.home()  # « Accueil » on an end step: nothing left to lose, the visit ends
    assert kinds(events) == ["VisitEnded", "ChoicesChanged", "WentHome"]
    assert events[0].reason is EndReason.FINISHED and not controller.choices.high_contrast


def test_home_from_home_keeps_the_visit(tmp_path):
    controller, _clock, events = make(tmp_path)
    controller.toggle_contrast()
    visit = controller.visit
    events.clear()
    controller.home()
    assert events == [WentHome()]
    assert controller.visit is visit and controller.choices.high_contrast


@pytest.mark.parametrize(("method", "args", "what", "field", "value"), [
    ("cycle_text_size", (), "text_level", "text_level", 2),
    ("toggle_contrast", (), "contrast", "high_contrast", True),
    ("choose_voice", ("slow",), "voice", "voice", "slow"),
    ("choose_language", ("en",), "language", "language", "en"),
])
def test_each_choice_is_one_event_and_one_place(tmp_path, method, args, what, field, value):
    controller, _clock, events = make(tmp_path)
    getattr(controller, method)(*args)
    assert kinds(events) == ["VisitStarted", "ChoicesChanged"]
    assert events[1].what == what and getattr(events[1].choices, field) == value
    assert getattr(controller.choices, field) == value
    if method in ("choose_voice", "choose_language"):
        getattr(controller, method)(*args)
        assert len(events) == 2  # the same choice again changes nothing


def test_voice_choices(tmp_path):
    controller, _clock, _events = make(tmp_path, speech_enabled=False)
    assert controller.choices.voice == "off" and not controller.choices.sound_on
    controller.choose_voice("slow")
    assert (controller.choices.sound_on, controller.choices.rate) == (True, "lent")
    with pytest.raises(ValueError, match="unknown voice"):
        controller.choose_voice("loud")
    (tmp_path / "slow").mkdir()
    slow, _clock, _events = make(tmp_path / "slow", speech_rate="lent")
    assert slow.choices.voice == "slow"


def test_idle_warning_countdown_then_wipe(tmp_path, flows):
    controller, clock, events = make(tmp_path)
    controller.open_flow(flows["creer-adresse-email"])
    controller.next()
    events.clear()
    clock.now += 89
    controller.tick()
    assert events == []
    clock.now += 1
    controller.tick()
    assert events == [IdleWarning(30, True)]
    clock.now += 10.5
    controller.tick()
    assert events[-1] == IdleWarning(20, False)
    controller.stay()  # « Je suis encore là »
    assert events[-1] == IdleCleared()
    events.clear()
    clock.now += 119
    controller.tick()
    controller.tick()
    clock.now += 1
    controller.tick()
    assert kinds(events) == ["IdleWarning", "IdleWarning", "IdleCleared", "VisitEnded",
                             "WentHome"]
    assert events[3].reason is EndReason.IDLE
    assert controller.walker is None


def test_a_touch_during_the_warning_clears_it(tmp_path):
    controller, clock, events = make(tmp_path)
    controller.toggle_contrast()
    clock.now += 100
    controller.tick()
    assert isinstance(events[-1], IdleWarning)
    controller.touched()
    controller.tick()
    assert events[-1] == IdleCleared()


def test_idle_leaves_a_pristine_visit_and_a_paused_kiosk_alone(tmp_path):
    controller, clock, events = make(tmp_path)
    clock.now += 10_000
    controller.tick()
    assert events == []
    controller.tick(overlay_open=True)  # something open on home is something to wipe
    clock.now += 95
    controller.tick(overlay_open=True)
    clock.now += 30
    controller.tick(overlay_open=True)
    # nothing started: no visit ended, but the warning closes
    assert kinds(events) == ["IdleWarning", "IdleCleared", "WentHome"]
    controller.toggle_contrast()
    controller.idle_paused = True
    clock.now += 10_000
    controller.tick()
    assert controller.choices.high_contrast
    clock.now += 10_000
    controller.idle_paused = False  # a pause that ends starts a fresh wait
    controller.tick()
    assert controller.choices.high_contrast and events[-1] != WentHome()
    clock.now += 95
    controller.tick()
    assert isinstance(events[-1], IdleWarning)


def test_help_repeat_and_practice_carry_where_they_happened(tmp_path, flows):
    controller, _clock, events = make(tmp_path)
    controller.ask_help()
    assert events == [VisitStarted("0000000000000001"), HelpAsked(None, None)]
    flow = flows["creer-adresse-email"]
    controller.open_flow(flow)
    controller.ask_help()
    assert events[-1] == HelpAsked(flow.id, flow.start.id)
    controller.repeat()
    controller.practice_tried(True)
    assert events[-2:] == [Repeated(), PracticeTried(True)]


def test_end_reasons_are_the_usage_logs_words():
    from kiosk.usage.events import END_REASONS

    assert END_REASONS == ("finished", "home", "idle", "gave-up")


def test_the_visit_module_imports_no_kivy():
    import ast

    tree = ast.parse((REPO / "kiosk" / "visit.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("kivy") for name in imported)
