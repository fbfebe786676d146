"""The screen « Suivant » leads to, drawn ahead while the visitor reads the step.

A kiosk terminal draws in software (Mesa llvmpipe): every frame of the whole tree costs
20-40 ms on a 2-core machine, most of it after the tap. So while a step stays on screen,
:class:`AheadPicture` shows the next step in a hidden copy of the screen (a second
:class:`~kiosk.ui.root.RootView` never added to the window: same kv rules, theme, words
and pictures) and draws it once into an off-screen texture. When « Suivant » is touched and
the walk, the display choices and the window are still exactly those it was drawn for
(:func:`screen_key`), the frame of the tap is that texture — one opaque rectangle, a few
milliseconds — and the real screen is built right after it; the next frame draws the real
tree, pixel for pixel the same picture (``tests/test_ahead.py`` checks every bundled flow).

Only the step that ``Walker.next()`` leads to is drawn ahead (a question's answers, « Retour »
and the home screen are drawn as usual), never a practice step (it has a keyboard and a
state of its own), never while an overlay, the idle question or the counsellor's space is
open. docs/performance.md gives the figures.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.graphics import (
    Callback,
    ClearBuffers,
    ClearColor,
    Fbo,
    Rectangle,
    RenderContext,
)
from kivy.graphics import opengl as gl
from kivy.graphics.transformation import Matrix

from kiosk.flows.engine import Walker
from kiosk.flows.model import StepKind

from . import kv

if TYPE_CHECKING:
    from .app import KioskApp

log = logging.getLogger("kiosk.ui.ahead")

CHECK_SECONDS = 0.05
"""How often the kiosk looks whether the next step needs drawing ahead (a few µs when not)."""

SETTLE_CHECKS = 8
"""Looks (one a frame once building) for the hidden screen's layout to come to rest before
giving up."""

SETTLED_FRAMES = 3
"""Frames the hidden screen's layout must stay unchanged before it is drawn ahead (some of
it, the step's scroll arrows, follows a clock event of the frame after)."""

_COPY_SHADER = """
$HEADER$
void main(void) {
    gl_FragColor = texture2D(texture0, tex_coord0);
}
"""
"""The picture is opaque and drawn 1:1: a plain copy, no colour or blending to compute."""


def screen_key(app: KioskApp, walker: Walker) -> tuple:
    """Everything the step screen's pixels depend on, for ``walker``'s step."""
    theme = app.theme
    return (id(walker.flow), walker.state, walker.total, walker.can_go_back, app.lang,
            app.language_name, theme.level, theme.high_contrast, theme.dpi,
            theme.diagonal_inches, app.sound_on, app.slow_speech, app.sound_available,
            app.speaking, tuple(Window.size))


def _shape(widget) -> list:  # noqa: ANN001 - any widget
    """Where every widget of a tree is, and each text's size: unchanged once laid out."""
    shape: list = []
    stack = [widget]
    while stack:
        current = stack.pop()
        shape.append((*current.pos, *current.size, getattr(current, "texture_size", None)))
        stack.extend(current.children)
    return shape


class AheadPicture:
    """Draws the next step ahead, and puts it on screen in the frame of « Suivant »."""

    def __init__(self, app: KioskApp) -> None:
        self.app = app
        self.key: tuple | None = None
        """The screen the texture shows (None: no picture ready)."""
        self.texture = None
        self.shown = 0
        """How many frames were the picture drawn ahead (for tests and benchmarks)."""
        self.drawn = 0
        """How many pictures were drawn ahead."""
        self.refused = 0
        """How many next steps were not drawn ahead because their layout never came to rest."""
        self._seen: tuple | None = None
        self._building: tuple | None = None
        self._shape: list | None = None
        self._shape_frame = 0
        self._unsettled = 0
        self._pending: tuple[tuple, Callable[[], None]] | None = None
        self._shadow = None
        self._shadow_step = None
        self._present: RenderContext | None = None
        self._fbo: Fbo | None = None
        self._clear: ClearColor | None = None
        self._rectangle: Rectangle | None = None
        self._event = None

    # -- life ------------------------------------------------------------------------------
    def start(self) -> None:
        self._event = Clock.schedule_interval(self._check, CHECK_SECONDS)
        # While the hidden copy is laid out, look again at the next frame, not 50 ms later:
        # under load the picture must be ready before the visitor's next tap.
        self._look = Clock.create_trigger(self._check, 0)

    def stop(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None
            self._look.cancel()
        self.drop()

    def drop(self) -> None:
        """Forget the picture (and what it was drawn from)."""
        self.key = self._seen = self._building = None
        self.texture = None
        if self._rectangle is not None:
            self._rectangle.texture = None
        if self._shadow_step is not None:
            kv.clear(self._shadow_step.ids.content)

    # -- drawing ahead ---------------------------------------------------------------------
    def _can_draw(self) -> bool:
        app = self.app
        root = app.root
        return (root is not None and app.visit.walker is not None
                and root.ids.screens.current == "step" and app.overlay is None
                and app.idle_view is None and app.counsellor is None
                and not app.step_screen.typing and self._pending is None)

    def _check(self, _dt: float) -> None:
        if not self._can_draw():
            return
        app = self.app
        walker = app.visit.walker
        assert walker is not None
        if self._building is not None:
            building = self._building
            ahead = walker.ahead()
            if ahead is None or screen_key(app, ahead) != building:
                self._building = None  # the walk or the display changed: start again
                self._seen = None
                return
            shape = _shape(self._shadow)
            if shape != self._shape:  # still being laid out (text wrapping, scroll arrows)
                self._shape = shape
                self._shape_frame = Clock.frames
                self._unsettled += 1
                if self._unsettled > SETTLE_CHECKS:  # never still: this step is drawn as usual
                    self.refused += 1
                    self._building = None
                    kv.clear(self._shadow_step.ids.content)
                else:
                    self._look()
                return
            if Clock.frames - self._shape_frame < SETTLED_FRAMES:  # a layout pass may be due
                self._look()
                return
            self._render(building)
            self._building = None
            return
        now = screen_key(app, walker)
        if now == self._seen:
            return
        self._seen = now
        ahead = walker.ahead()
        if ahead is None or ahead.step.kind is StepKind.PRACTICE:
            self.drop()
            self._seen = now
            return
        key = screen_key(app, ahead)
        if key == self.key:
            return
        self._build(ahead)
        self._building = key
        self._shape = None
        self._unsettled = 0
        self._look()

    def _build(self, walker: Walker) -> None:
        from .root import RootView
        from .step import StepScreen

        if self._shadow is None or tuple(self._shadow.size) != tuple(Window.size):
            if self._shadow is not None:  # drawn for another window size: made anew
                kv.forget(self._shadow)
            shadow = RootView(size_hint=(None, None), size=Window.size, pos=(0, 0))
            step = StepScreen()
            shadow.ids.screens.add_widget(step)
            from kivy.uix.screenmanager import NoTransition

            shadow.ids.screens.transition = NoTransition()
            shadow.ids.screens.current = "step"
            self._shadow, self._shadow_step = shadow, step
            self._fbo = None  # it drew the old copy
        self._shadow_step.show(walker, self.app.lang)

    def _render(self, key: tuple) -> None:
        size = tuple(Window.size)
        fbo = self._fbo
        if fbo is None or tuple(fbo.size) != size:  # one texture, drawn again for each step
            fbo = Fbo(size=size, with_stencilbuffer=True)  # stencil: the step's scroll view
            with fbo:
                self._clear = ClearColor(*self.app.theme.screen_bg)
                ClearBuffers()
            fbo.add(self._shadow.canvas)
            fbo.texture.mag_filter = fbo.texture.min_filter = "nearest"
            self._fbo = fbo
        self._clear.rgba = tuple(self.app.theme.screen_bg)
        fbo.ask_update()
        fbo.draw()
        gl.glFinish()  # rasterise now, while the visitor reads, not in the frame of the tap
        # The texture holds the pixels now: the copy's step widgets (and their text textures)
        # are not needed any more, and go with the next sweep (kiosk/ui/memory.py).
        kv.clear(self._shadow_step.ids.content)
        self.texture = fbo.texture
        self.key = key
        self.drawn += 1

    # -- the frame of the tap --------------------------------------------------------------
    def take(self, walker: Walker, build: Callable[[], None]) -> bool:
        """The walk just moved on: True when the picture shows ``walker``'s screen; then
        ``build`` (the real screen's construction) runs right after the picture's frame."""
        self.cancel()
        if self.key is None or self.texture is None or not self._can_draw():
            return False
        key = screen_key(self.app, walker)
        if key != self.key:
            return False
        self._pending = (key, build)
        return True

    def cancel(self) -> None:
        """Build now what waited for the picture's frame (nothing if nothing waits)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending[1]()

    def present(self) -> bool:
        """Called by the frame loop after input: draw the picture and flip, build the real
        screen; True when this frame was put on screen here."""
        if self._pending is None:
            return False
        key, build = self._pending
        self._pending = None
        app = self.app
        walker = app.visit.walker
        if (walker is None or screen_key(app, walker) != key or self.texture is None
                or app.overlay is not None or app.idle_view is not None):
            build()  # something else changed in the same frame: draw the real tree
            return False
        self._draw_texture()
        Window.dispatch("on_flip")
        self.shown += 1
        self.key = None  # shown once; the next one is drawn for the next step
        self.texture = None
        build()
        from kivy.lang import Builder

        Builder.sync()
        Clock.tick_draw()  # lay the real screen out before the next touch is dispatched
        return True

    def _draw_texture(self) -> None:
        if self._present is None:
            context = RenderContext()
            context.shader.fs = _COPY_SHADER
            with context:
                Callback(lambda _i: gl.glDisable(gl.GL_BLEND))
                self._rectangle = Rectangle(pos=(0, 0))
                Callback(lambda _i: gl.glEnable(gl.GL_BLEND))
            self._present = context
        context = self._present
        context["projection_mat"] = Window.render_context["projection_mat"]
        context["modelview_mat"] = Matrix()
        self._rectangle.texture = self.texture
        self._rectangle.size = Window.size
        context.draw()
