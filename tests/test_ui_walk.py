"""The real app, offscreen, walked with touches: home to end, a branch, Retour, Accueil, idle."""

from __future__ import annotations

from ui_helpers import FakeClock, listen_events, make_app, run_app, settle, tap, walk_widgets

from kiosk.flows.model import StepKind

FLOW = "creer-adresse-email"


def _show_tile_page(app, flow_id):
    """Turn the home pages with the big page buttons until the flow's tile is shown."""
    home = app.home_screen
    while not any(t.flow_id == flow_id for t in home.tiles()):
        assert home.page < home.pages - 1, f"{flow_id} is on no page"
        tap(home.ids.next)
        yield from settle(app)
    yield from settle(app)


def _tile(app, flow_id):
    return next(t for t in app.home_screen.tiles() if t.flow_id == flow_id)


def test_walk_a_flow_with_touches_branch_back_and_home(tmp_path):
    app = make_app(tmp_path)
    seen: list[str] = []

    def script(app):
        yield from settle(app)
        assert app.root.ids.screens.current == "home"
        yield from _show_tile_page(app, FLOW)
        tap(_tile(app, FLOW))
        yield from settle(app)
        walker = app.visit.walker
        assert app.root.ids.screens.current == "step"
        assert walker.flow.id == FLOW and walker.number == 1
        seen.append(walker.step.id)
        # Forward with "Suivant" until the first question.
        while walker.step.kind is not StepKind.QUESTION:
            tap(app.step_screen.ids.next)
            yield from settle(app)
            seen.append(walker.step.id)
        question = walker.step
        state_before = walker.state
        number_before = walker.number
        buttons = [w for w in walk_widgets(app.step_screen.ids.content) if hasattr(w, "role")
                   and w.text in {a.label.fr for a in question.answers}]
        assert len(buttons) == len(question.answers)
        first = next(b for b in buttons if b.text == question.answers[0].label.fr)
        tap(first)
        yield from settle(app)
        assert walker.step.id == question.answers[0].goto
        assert walker.number == number_before + 1
        tap(app.step_screen.ids.back)
        yield from settle(app)
        assert walker.state == state_before
        assert app.step_screen.number == number_before
        # Then the other branch, and on to the end.
        last_label = question.answers[-1].label.fr
        last = next(w for w in walk_widgets(app.step_screen.ids.content)
                    if hasattr(w, "role") and getattr(w, "text", None) == last_label)
        tap(last)
        yield from settle(app)
        assert walker.step.id == question.answers[-1].goto
        # Accueil in the middle asks first; "Non" keeps the walk.
        tap(app.root.ids.home)
        yield from settle(app)
        assert app.overlay is not None
        no, yes = app.overlay.buttons()
        tap(no)
        yield from settle(app)
        assert app.overlay is None and app.root.ids.screens.current == "step"
        guard = 0
        while not walker.finished and guard < 40:
            guard += 1
            if walker.step.kind is StepKind.QUESTION:
                app.controller.answer(0)
            else:
                tap(app.step_screen.ids.next)
            yield from settle(app)
        assert walker.finished
        assert app.step_screen.ids.next.text == "Terminer"
        assert app.step_screen.number == app.step_screen.total
        tap(app.step_screen.ids.next)
        yield from settle(app)
        assert app.root.ids.screens.current == "home"
        assert app.visit.walker is None

    run_app(app, script)
    assert seen[0] == app.flowset.flows[FLOW].start.id


def test_accueil_confirmation_yes_leaves_the_flow_and_keeps_the_choices(tmp_path):
    """« Accueil » leaves the flow; the visitor's text size and contrast last until the visit
    ends (« Terminer », the idle wipe: tests/test_visit.py)."""
    app = make_app(tmp_path)
    events: list[tuple[str, dict]] = []
    listen_events(app, lambda name, data: events.append((name, data)))

    def script(app):
        yield from settle(app)
        app.open_flow(FLOW)
        app.controller.next()
        tap(app.root.ids.text_size)
        tap(app.root.ids.contrast)
        yield from settle(app)
        assert app.theme.level == 2 and app.theme.high_contrast
        tap(app.root.ids.home)
        yield from settle(app)
        no, yes = app.overlay.buttons()
        assert no.height == yes.height  # side by side, one height
        tap(yes)
        yield from settle(app)
        assert app.root.ids.screens.current == "home" and app.overlay is None
        assert app.visit.walker is None
        assert app.theme.level == 2 and app.theme.high_contrast
        assert app.root.ids.contrast.role == "selected"

    run_app(app, script)
    left = [name for name, _ in events if name in ("flow_left", "home", "visit_ended")]
    assert left == ["flow_left", "home"]  # the flow is left, the visit goes on
    assert ("flow_left", {"flow_id": FLOW, "reason": "home"}) in events


def test_idle_warning_countdown_then_wipe_with_a_controlled_clock(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock, idle_timeout=90, idle_countdown=30)
    events: list[tuple[str, dict]] = []
    listen_events(app, lambda name, data: events.append((name, data)))

    def script(app):
        yield from settle(app)
        app.controller.touched()
        app.open_flow(FLOW)
        app.controller.next()
        tap(app.root.ids.language)
        yield from settle(app)
        english = next(b for b in app.overlay.buttons() if b.text == "English")
        tap(english)
        yield from settle(app)
        assert app.lang == "en"
        clock.advance(89)
        app._tick_idle()
        yield from settle(app)
        assert app.dialogs.idle_view is None
        clock.advance(2)
        app._tick_idle()
        yield from settle(app)
        assert app.dialogs.idle_view is not None
        assert "29" in app.dialogs.idle_view.message
        # "I am still here" keeps everything.
        tap(app.dialogs.idle_view.buttons()[0])
        yield from settle(app)
        assert app.dialogs.idle_view is None and app.visit.walker is not None and app.lang == "en"
        clock.advance(91)
        app._tick_idle()
        yield from settle(app)
        assert app.dialogs.idle_view is not None
        clock.advance(20)
        app._tick_idle()
        yield from settle(app)
        assert "9" in app.dialogs.idle_view.message and app.visit.walker is not None
        clock.advance(10)
        app._tick_idle()
        yield from settle(app)
        assert app.dialogs.idle_view is None
        assert app.visit.walker is None and app.lang == "fr"
        assert app.root.ids.screens.current == "home"

    run_app(app, script)
    assert ("visit_ended", {"reason": "idle"}) in events


def test_escape_and_close_do_not_quit_and_errors_go_home(tmp_path):
    from kivy.core.window import Window

    app = make_app(tmp_path)

    def script(app):
        yield from settle(app)
        assert Window.dispatch("on_keyboard", 27, 0, "", []) is True
        assert Window.dispatch("on_request_close") is True
        app.open_flow(FLOW)
        yield from settle(app)
        app.recovery.report(RuntimeError("boom"))
        yield from settle(app)
        assert app.overlay is not None and app.overlay.title == "Un problème est survenu"
        app.recovery.back_home()  # what the timer does after a few seconds
        yield from settle(app)
        assert app.root.ids.screens.current == "home" and app.overlay is None
        app.errors.clear()

    run_app(app, script)
