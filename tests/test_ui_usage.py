"""A whole visit driven through the real app writes exactly the expected events, in order."""

from __future__ import annotations

import sqlite3

from ui_helpers import FakeClock, make_app, run_app, settle, tap

FLOW = "creer-adresse-email"
TYPED = "zorglub.secret@exemple.fr"


def _rows(app):
    assert app.usage_log.flush(10)
    path = app.usage_log.path
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT kind, visit, flow, step FROM events ORDER BY id").fetchall()


def test_a_visit_through_the_screen_is_recorded_exactly(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock)
    rows: list = []

    def script(app):
        yield from settle(app)
        app.open_flow(FLOW)
        yield from settle(app)
        first = app.visit.walker.step.id
        tap(app.step_screen.ids.next)
        yield from settle(app)
        yield from settle(app)
        second = app.visit.walker.step.id
        tap(app.step_screen.ids.back)
        yield from settle(app)
        tap(app.root.ids.help)
        yield from settle(app)
        app.dialogs.close()
        tap(app.root.ids.text_size)
        yield from settle(app)
        clock.advance(200)
        app._tick_idle()
        yield from settle(app)
        rows.extend(_rows(app))
        rows.append(("steps", first, second))

    run_app(app, script)
    *events, (_, first, second) = rows
    kinds = [(kind, flow, step) for kind, _visit, flow, step in events]
    assert kinds == [
        ("visit_started", None, None),
        ("procedure_started", FLOW, None),
        ("step_shown", FLOW, first),
        ("step_shown", FLOW, second),
        ("back", FLOW, first),
        ("help_asked", FLOW, first),
        ("text_size_changed", None, None),
        ("procedure_outcome", FLOW, first),  # left on the first step, screen wiped
        ("visit_ended", None, None),
    ], "\n".join(map(str, kinds))
    assert len({visit for _k, visit, _f, _s in events}) == 1


def test_the_idle_wipe_ends_the_visit_with_its_reason(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock)
    found = {}

    def script(app):
        yield from settle(app)
        app.open_flow(FLOW)
        app.controller.next()
        yield from settle(app)
        clock.advance(200)
        app._tick_idle()
        yield from settle(app)
        assert app.usage_log.flush(10)
        with sqlite3.connect(app.usage_log.path) as conn:
            found["end"] = conn.execute(
                "SELECT value FROM events WHERE kind = 'visit_ended'").fetchall()

    run_app(app, script)
    assert found["end"] == [("idle",)]
