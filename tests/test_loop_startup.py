"""What start-up keeps off the first frame: the usage log and the QR code maker."""

from __future__ import annotations

import sqlite3
import sys

from ui_helpers import make_app, run_app, settle


def test_the_usage_log_and_the_step_screen_are_made_after_the_first_frame(tmp_path) -> None:
    app = make_app(tmp_path)
    seen = {}
    app.bind(on_start=lambda _app: seen.update(
        at_start=(hasattr(app, "usage_log"), app._step_screen is not None)))

    def script(app):  # type: ignore[no-untyped-def]
        for _ in range(5):  # the first frame, then one job a frame
            yield
        seen["after_frames"] = (hasattr(app, "usage_log"), app._step_screen is not None)
        seen["screens"] = app.root.ids.screens.screen_names
        seen["qr_imported"] = "kiosk.ui.qr" in sys.modules

    run_app(app, script)
    assert seen == {"at_start": (False, False), "after_frames": (True, True),
                    "screens": ["home", "step"], "qr_imported": True}


def test_an_event_before_the_log_is_open_opens_it_and_is_recorded(tmp_path) -> None:
    app = make_app(tmp_path)
    seen = {}

    def first_event(_app) -> None:  # type: ignore[no-untyped-def]
        app.open_flow("ecran-tactile")  # before any frame: the log must open right now
        seen["open_at_event"] = hasattr(app, "usage_log")

    app.bind(on_start=first_event)

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        app.end_visit("home")
        yield from settle(app)
        assert app.usage_log.flush(10)
        with sqlite3.connect(app.usage_log.path) as conn:
            seen["rows"] = conn.execute("SELECT kind, flow FROM events ORDER BY id").fetchall()

    run_app(app, script)
    assert seen["open_at_event"] is True
    assert seen["rows"] == [("visit_started", None), ("procedure_started", "ecran-tactile"),
                            ("step_shown", "ecran-tactile"), ("visit_ended", None)]
