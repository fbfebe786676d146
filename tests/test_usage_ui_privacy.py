"""What a visitor types never reaches the disk, through the real app and its services."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import FakeClock, make_app, run_app, settle, tap

from kiosk.pin import set_pin

TYPED = ["marcelle.dupuis1948@orange.fr", "Chaton-Bleu-1948!"]


def _every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_text_typed_in_a_visit_is_nowhere_in_the_data_folder(tmp_path):
    clock = FakeClock()
    set_pin(tmp_path / "data", "4829")
    app = make_app(tmp_path, clock)

    def script(app):
        yield from settle(app)
        app.open_flow("creer-adresse-email")
        yield from settle(app)
        tap(app.step_screen.ids.next)
        yield from settle(app)
        for text in TYPED:  # what the practice screen does with typing: speak it, privately
            for letter in text:
                app.audio.say_private(letter)
            app.audio.say_private(text)
            app.controller.practice_tried(text.startswith("m"))
        tap(app.root.ids.help)
        yield from settle(app)
        app.dialogs.close()
        app.door.open()  # and the counsellor looks at the figures meanwhile
        yield from settle(app)
        for digit in "4829":
            app.counsellor.pad.press(digit)
        app.counsellor.pad.submit()
        for _ in range(300):
            yield
            if not app.counsellor.space.loading:
                break
        app.counsellor.close()
        yield from settle(app)
        assert app.usage_log.flush(10)

    run_app(app, script)
    app.usage_log.close()
    data = _every_byte(tmp_path / "data")
    assert b"practice_tried" in data and b"help_asked" in data  # the search sees the events
    for text in TYPED:
        for encoded in (text.encode("utf-8"), text.encode("utf-16-le")):
            assert encoded not in data
