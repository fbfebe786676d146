"""The next step drawn ahead (kiosk/ui/ahead.py): the picture shown in the frame of « Suivant »
is, pixel for pixel, the screen the real widgets draw, on every step of every bundled flow."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ui_helpers import make_app, run_app, settle, tap

from kiosk.flows.loader import load_flows
from kiosk.flows.model import StepKind
from kiosk.ui.ahead import screen_key

REPO = Path(__file__).resolve().parent.parent
BUNDLED = sorted(load_flows(REPO / "config" / "flows", REPO / "assets").flows)


def _pixels() -> bytes:
    from kivy.core.window import Window
    from kivy.graphics import opengl as gl

    width, height = Window.size
    return bytes(gl.glReadPixels(0, 0, width, height, gl.GL_RGBA, gl.GL_UNSIGNED_BYTE))


def _save(pixels: bytes, path: Path) -> None:
    from kivy.core.image import Image as CoreImage
    from kivy.core.window import Window
    from kivy.graphics.texture import Texture

    texture = Texture.create(size=Window.size, colorfmt="rgba")
    texture.blit_buffer(pixels, colorfmt="rgba", bufferfmt="ubyte")
    CoreImage(texture).save(str(path), flipped=True)


def _same_picture(one: bytes, other: bytes) -> bool:
    """Equal, but for rounding: at most 1 in 10,000 pixels differs, by one level.

    The picture is drawn into a texture and the real screen into the window's buffer;
    the edges of rounded shapes blend through either by a hair (seen: 7 pixels, 1 level)."""
    if len(one) != len(other):
        return False
    if one == other:
        return True
    differing = [i for i in range(len(one)) if one[i] != other[i]]
    pixels = {i // 4 for i in differing}
    return len(pixels) <= len(one) // 4 // 10_000 and \
        all(abs(one[i] - other[i]) <= 1 for i in differing)


class Frames:
    """The pixels of each frame flipped while ``on`` (read just before the buffer swap)."""

    def __init__(self) -> None:
        self.on = False
        self.taken: list[bytes] = []

    def __call__(self, *_args: object) -> None:
        if self.on:
            self.taken.append(_pixels())


def _wait_for_picture(app, walker, outcome: dict | None = None):
    """Frames pass (with real time: the kiosk looks every 50 ms) until the picture is ready,
    or the kiosk gave up on it (``outcome["refused"]``, when ``outcome`` is given)."""
    ahead = walker.ahead()
    wanted = screen_key(app, ahead)
    refused = app.ahead.refused
    for _ in range(1000):
        if app.ahead.key == wanted:
            return
        if outcome is not None and app.ahead.refused > refused:
            outcome["refused"] = True
            return
        time.sleep(0.002)
        yield
    raise AssertionError(f"no picture drawn ahead for {ahead.step.id}")


def _open_with_picture(app, flow_id: str):
    app.open_flow(flow_id)
    yield from settle(app)
    walker = app.visit.walker
    yield from _wait_for_picture(app, walker)
    return walker


def _check_flow(app, flow_id: str, frames: Frames, tmp_path: Path, counts: dict):
    app.open_flow(flow_id)
    yield from settle(app)
    walker = app.visit.walker
    while walker.step.kind is not StepKind.END:
        step = walker.step
        if step.kind is StepKind.QUESTION:
            app.answer(0)
            yield from settle(app)
            continue
        ahead = walker.ahead()
        drawn_ahead = ahead.step.kind is not StepKind.PRACTICE
        if drawn_ahead:
            outcome: dict = {}
            yield from _wait_for_picture(app, walker, outcome)
            if outcome:
                counts["refused"].append(f"{flow_id}/{ahead.step.id}")
                drawn_ahead = False
        shown = app.ahead.shown
        frames.taken.clear()
        frames.on = True
        tap(app.step_screen.ids.next)
        yield  # the frame of the tap
        frames.on = False
        assert walker.step.id == ahead.step.id
        if not drawn_ahead:
            assert app.ahead.shown == shown
            yield from settle(app)
            continue
        assert app.ahead.shown == shown + 1, f"{flow_id}: {step.id} → {ahead.step.id}"
        picture = frames.taken[0]
        yield from settle(app)
        while app.step_screen.ids.next.state != "normal":  # the press shown for a moment
            yield
        from kivy.core.window import Window

        Window.canvas.ask_update()
        frames.taken.clear()
        frames.on = True
        yield
        yield
        frames.on = False
        real = frames.taken[0]
        if picture != real:
            _save(picture, tmp_path / f"{flow_id}-{ahead.step.id}-ahead.png")
            _save(real, tmp_path / f"{flow_id}-{ahead.step.id}-real.png")
        assert _same_picture(picture, real), \
            f"{flow_id}: {ahead.step.id} differs (PNGs in {tmp_path})"
        counts["compared"] += 1


@pytest.mark.parametrize(("text_size", "contrast"), [(1, False), (3, True)])
def test_picture_drawn_ahead_is_the_real_screen_on_every_bundled_flow(tmp_path, text_size,
                                                                       contrast):
    from kivy.core.window import Window

    # 1280x800: the offscreen window's buffer keeps the size it was created with.
    app = make_app(tmp_path, speech_enabled=False, text_size=text_size)
    frames = Frames()
    counts: dict = {"compared": 0, "refused": []}

    def script(app):
        Window.bind(on_flip=frames)
        try:
            yield from settle(app)
            for flow_id in BUNDLED:
                if contrast and not app.theme.high_contrast:
                    app.toggle_contrast()
                yield from _check_flow(app, flow_id, frames, tmp_path, counts)
                app.end_visit("home")
                yield from settle(app)
        finally:
            Window.unbind(on_flip=frames)

    run_app(app, script)
    assert counts["compared"] >= 3 * len(BUNDLED)
    # A step whose layout never comes to rest in the hidden copy is drawn as usual (seen at
    # text size 3: the scroll arrows narrow the text, the text's new height comes a pass
    # later): at most one step in ten.
    assert len(counts["refused"]) * 10 <= counts["compared"], counts["refused"]


def test_picture_is_not_used_when_the_screen_changed_since(tmp_path):
    """High contrast switched after the picture was drawn: the tap draws the real tree."""
    app = make_app(tmp_path, speech_enabled=False)
    flow_id = BUNDLED[0]

    def script(app):
        walker = yield from _open_with_picture(app, flow_id)
        drawn = app.ahead.drawn
        app.ahead._event.cancel()  # no new picture from now on; the old one is kept
        app.toggle_contrast()
        yield from settle(app)
        step = walker.ahead().step
        tap(app.step_screen.ids.next)
        yield
        assert walker.step.id == step.id
        assert app.ahead.shown == 0 and app.ahead.drawn == drawn
        assert app.ahead.key is not None  # the old picture was there, and not used
        assert app.step_screen.ids.content.children  # built at once, as without the picture

    run_app(app, script)


def test_overlay_opened_in_the_frame_of_the_tap_draws_the_real_tree(tmp_path):
    app = make_app(tmp_path, speech_enabled=False)
    flow_id = BUNDLED[0]

    def script(app):
        walker = yield from _open_with_picture(app, flow_id)
        app.next()
        app.ask_help()  # in the same frame, before it is drawn
        yield
        assert app.ahead.shown == 0
        assert app.overlay is not None
        assert app.step_screen.number == walker.number  # the real screen was built

    run_app(app, script)



def test_widgets_dropped_keep_no_kv_rule_so_a_theme_change_never_reaches_one(tmp_path):
    """A dropped widget waits for the cyclic collector; Kivy undoes its kv rules only when it
    is collected. A collection in the middle of a theme change (contrast, text size) would
    kill a widget that the change then reaches (the ReferenceError once seen in the monkey
    test): kiosk.ui.kv.clear undoes the rules of the real screen's and the hidden copy's step
    widgets when they are dropped, before any collection."""
    import gc

    from kivy.lang.builder import _handlers

    app = make_app(tmp_path, speech_enabled=False)
    seen: dict[str, object] = {}

    def ruled(content) -> list[int]:
        return [w.uid for child in content.children for w in child.walk(restrict=True)
                if w.uid in _handlers]

    drawn: list[int] = []

    def script(app):
        render = app.ahead._render

        def render_and_note(key):  # the hidden copy drops its step widgets once drawn
            drawn.extend(ruled(app.ahead._shadow_step.ids.content))
            render(key)

        app.ahead._render = render_and_note
        gc.disable()  # dropped widgets stay in memory until the end of the check
        try:
            yield from _open_with_picture(app, BUNDLED[0])
            real = ruled(app.step_screen.ids.content)
            app.next()  # the picture's step becomes the real one, the copy draws the next
            yield from settle(app)
            yield from _wait_for_picture(app, app.visit.walker)
            seen["dropped"] = (len(real), len(drawn))
            seen["still_ruled"] = [uid for uid in real + drawn if uid in _handlers]
            app.toggle_contrast()
            app.toggle_contrast()
            yield from settle(app)
        finally:
            gc.enable()
        seen["number"] = app.visit.walker.number

    run_app(app, script)
    assert all(count > 0 for count in seen["dropped"])  # texts follow the theme (kv rules)
    assert seen["still_ruled"] == []
    assert seen["number"] == 2
