"""Answer a tap in the frame it arrives in: Kivy's main loop, reordered, waking up on input.

Kivy 2.3.1's loop (``EventLoopBase.mainloop``) does, in this order: ``Clock.tick()`` (which
sleeps until 1/maxfps after the previous frame), dispatch the input already queued by the
input providers, draw, and only then ``Window.mainloop()``, which polls SDL and queues the
new input. So a tap that arrives while the loop sleeps waits for the sleep to end, is read
after that frame is drawn, waits a second sleep, and is shown one frame later: up to two
frame periods plus two draws before the next step's pixels.

:class:`ResponsiveLoop` replaces ``EventLoop.idle`` and ``EventLoop.mainloop`` with:

1. sleep until the next frame is due **or** an SDL event is pending, whichever comes
   first (``SDL_WaitEventTimeout`` with a NULL event, on the SDL2 library Kivy already
   loaded: it blocks in the X server connection, so an idle kiosk uses no CPU);
2. tick the clock (its own sleep is switched off: the wait above paces the frames);
3. poll SDL (``Window.mainloop()``) so the input is queued now;
4. dispatch the input, run the frame's scheduled work and draw, as Kivy does.

Clock semantics stay Kivy's: the same callbacks run in the same order each frame, frames
still come at most ``maxfps`` times a second while something animates; only the sleep
ends early when the visitor touches the screen. With ``maxfps = 0`` (the tests) there is
no sleep at all, as in Kivy.
"""

from __future__ import annotations

import ctypes
import logging
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("kiosk.ui.loop")

_EVENT_BYTES = 56  # sizeof(SDL_Event)
_PEEK_MAX = 16
_SDL_PEEKEVENT = 1
_MOUSE_DOWN, _MOUSE_UP = 0x401, 0x402
_FINGER_DOWN, _FINGER_UP = 0x700, 0x701

_INSTALLED: list[ResponsiveLoop] = []


def loaded_sdl_library(maps: Path = Path("/proc/self/maps")) -> str | None:
    """Path of the SDL2 library already mapped into this process (Kivy's bundled one)."""
    try:
        lines = maps.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        path = line.split()[-1] if line.split() else ""
        name = Path(path).name
        if name.startswith("libSDL2-2") or name.startswith("libSDL2.so") or \
                name.startswith("libSDL2-2.0.so"):
            return path
    import kivy

    bundled = sorted((Path(kivy.__file__).resolve().parent.parent / "Kivy.libs")
                     .glob("libSDL2-2*.so*"))
    return str(bundled[0]) if bundled else None


class InputWait:
    """Blocks until SDL has an event pending or a timeout passes; never takes the event."""

    def __init__(self, library: str) -> None:
        sdl = ctypes.CDLL(library)  # already loaded by Kivy: the same handle, the same queue
        self._wait = sdl.SDL_WaitEventTimeout
        self._wait.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self._wait.restype = ctypes.c_int
        self.library = library
        self._peep = sdl.SDL_PeepEvents
        self._peep.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_uint32,
                               ctypes.c_uint32]
        self._peep.restype = ctypes.c_int
        self._buffer = ctypes.create_string_buffer(_EVENT_BYTES * _PEEK_MAX)
        self._pump = sdl.SDL_PumpEvents
        self._pump.argtypes = []
        self._pump.restype = None

    def __call__(self, seconds: float) -> bool:
        """Wait at most ``seconds``; True when an event is pending (left in SDL's queue)."""
        return self._wait(None, max(0, int(seconds * 1000))) == 1

    def _count(self, kind: int) -> int:
        return max(0, self._peep(self._buffer, _PEEK_MAX, _SDL_PEEKEVENT, kind, kind))

    def press_without_release(self) -> bool:
        """True when SDL holds more button/finger downs than ups (a tap still in progress)."""
        self._pump()  # what the X server has delivered so far, into SDL's queue
        return self._count(_MOUSE_DOWN) > self._count(_MOUSE_UP) or \
            self._count(_FINGER_DOWN) > self._count(_FINGER_UP)


class ResponsiveLoop:
    """Kivy's frame, with input read before it and a sleep that input ends early."""

    def __init__(self, event_loop, clock, wait: InputWait | None, fps: float) -> None:  # noqa: ANN001
        self.event_loop = event_loop
        self.clock = clock
        self.wait = wait
        self.period = 1.0 / fps if fps > 0 else 0.0
        self.woken = 0
        """How many sleeps input ended early (for tests and benchmarks)."""
        self.held = 0
        """How many taps were handled down and up in one frame (for tests and benchmarks)."""
        self.before_draw: Callable[[], bool] | None = None
        """Called after input is dispatched; True when it put this frame on screen itself
        (the next step drawn ahead, :mod:`kiosk.ui.ahead`): the tree is drawn next frame."""

    # -- one frame -------------------------------------------------------------------------
    def sleep_until_due(self) -> None:
        if self.period <= 0 or self.wait is None:
            return  # no pacing (tests), or Clock.tick() sleeps as in Kivy
        clock = self.clock
        while True:
            remaining = self.period - (clock.time() - clock._last_tick)
            if remaining < 0.001:
                return
            if self.wait(max(0.001, remaining)):
                self.woken += 1
                return

    def hold_for_release(self) -> None:
        """A tap began: give its release up to one frame period to arrive, so that a quick
        tap is handled in one frame instead of drawing the pressed button first."""
        if self.period <= 0 or self.wait is None or not self.wait.press_without_release():
            return
        clock = self.clock
        deadline = clock.time() + self.period
        while self.wait.press_without_release():
            remaining = deadline - clock.time()
            if remaining < 0.001:
                return
            if self.wait(remaining):  # something is queued (maybe not the release):
                time.sleep(0.001)  # look again shortly, without spinning
        self.held += 1

    def idle(self) -> bool:
        from kivy.lang import Builder

        loop = self.event_loop
        self.sleep_until_due()
        self.hold_for_release()
        self.clock.tick()
        window = loop.window
        if window is not None and not loop.quit:
            window.mainloop()  # SDL's events → the input providers' queues, right now
        if not loop.quit:
            loop.dispatch_input()
        if not loop.quit and self.before_draw is not None and self.before_draw():
            return loop.quit
        if not loop.quit:
            Builder.sync()
        if not loop.quit:
            self.clock.tick_draw()
        if not loop.quit:
            Builder.sync()
        if not loop.quit:
            window = loop.window
            if window and window.canvas.needs_redraw:
                window.dispatch("on_draw")
                window.dispatch("on_flip")
        if len(loop.event_listeners) == 0:
            log.error("no event listeners: the application leaves")
            loop.exit()
            return False
        return loop.quit

    def mainloop(self) -> None:
        from kivy.base import ExceptionManager, stopTouchApp

        loop = self.event_loop
        while not loop.quit and loop.status == "started":
            try:
                self.idle()
            except BaseException as inst:
                if ExceptionManager.handle_exception(inst) == ExceptionManager.RAISE:
                    stopTouchApp()
                    raise


def install() -> ResponsiveLoop:
    """Put the responsive loop in place of Kivy's (once per process; later calls return it)."""
    if _INSTALLED:
        return _INSTALLED[0]
    from kivy.base import EventLoop
    from kivy.clock import Clock

    fps = float(getattr(Clock, "_max_fps", 0.0))
    wait = None
    library = loaded_sdl_library()
    if library is not None:
        try:
            wait = InputWait(library)
        except (OSError, AttributeError) as problem:
            log.warning("SDL2 not usable for waiting on input (%s): frames paced by the clock",
                        problem)
    else:
        log.warning("SDL2 library not found: frames paced by the clock")
    loop = ResponsiveLoop(EventLoop, Clock, wait, fps)
    if wait is not None:
        Clock._max_fps = 0.0  # the loop paces the frames; Clock.tick() must not sleep too
    EventLoop.idle = loop.idle
    EventLoop.mainloop = loop.mainloop
    _INSTALLED.append(loop)
    return loop


def installed() -> ResponsiveLoop | None:
    return _INSTALLED[0] if _INSTALLED else None
