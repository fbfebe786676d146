"""The pictures of ``kiosk preview`` and of ``make run`` with no display show the screen as it
is: a step opened from home never shows the home screen it replaced."""

from __future__ import annotations

from PIL import Image, ImageChops
from ui_helpers import make_app  # configures Kivy first

from kiosk.ui.demo.script import Script


def test_each_picture_is_the_frame_drawn_after_its_action(tmp_path):
    app = make_app(tmp_path)
    script = Script(tmp_path / "shots")
    script.add("home", lambda app: None)
    script.add("step", lambda app: app.open_flow("appel-video-whatsapp"))
    script.add("step-again", lambda app: None)
    assert script.play(app) is None
    home, step, again = (Image.open(p).convert("RGB") for p in script.saved)
    assert ImageChops.difference(step, again).getbbox() is None  # nothing of home left
    assert ImageChops.difference(home, step).getbbox() is not None
