"""The responsive main loop (kiosk/ui/loop.py), driven by real SDL events in the real app."""

from __future__ import annotations

import ctypes

from ui_helpers import Clock, Window, make_app, run_app, settle  # configures Kivy first

from kiosk.ui.loop import InputWait, ResponsiveLoop, installed, loaded_sdl_library

SDL_MOUSEBUTTONDOWN = 0x401
SDL_MOUSEBUTTONUP = 0x402
SDL_USEREVENT = 0x8000


class _MouseButton(ctypes.Structure):
    _fields_ = [("type", ctypes.c_uint32), ("timestamp", ctypes.c_uint32),
                ("windowID", ctypes.c_uint32), ("which", ctypes.c_uint32),
                ("button", ctypes.c_uint8), ("state", ctypes.c_uint8),
                ("clicks", ctypes.c_uint8), ("padding1", ctypes.c_uint8),
                ("x", ctypes.c_int32), ("y", ctypes.c_int32)]


class _Event(ctypes.Union):
    _fields_ = [("type", ctypes.c_uint32), ("button", _MouseButton),
                ("padding", ctypes.c_uint8 * 56)]


def _sdl() -> ctypes.CDLL:
    library = loaded_sdl_library()
    assert library is not None
    sdl = ctypes.CDLL(library)
    sdl.SDL_PushEvent.argtypes = [ctypes.POINTER(_Event)]
    sdl.SDL_FlushEvent.argtypes = [ctypes.c_uint32]
    return sdl


def _queued(kind: int) -> int:
    """How many events of this type wait in SDL's queue (looked at, not taken)."""
    sdl = _sdl()
    sdl.SDL_PeepEvents.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                   ctypes.c_uint32, ctypes.c_uint32]
    buffer = (_Event * 8)()
    return sdl.SDL_PeepEvents(buffer, 8, 1, kind, kind)  # 1 = SDL_PEEKEVENT


def _push_click(widget) -> None:  # type: ignore[no-untyped-def]
    """A real left click through SDL's queue, as the X server would deliver it."""
    x, y = widget.to_window(*widget.center)
    sdl = _sdl()
    for kind, state in ((SDL_MOUSEBUTTONDOWN, 1), (SDL_MOUSEBUTTONUP, 0)):
        event = _Event()
        event.button.type = kind
        event.button.button = 1
        event.button.state = state
        event.button.clicks = 1
        event.button.x = int(x)
        event.button.y = int(Window.system_size[1] - 1 - y)
        assert sdl.SDL_PushEvent(ctypes.byref(event)) == 1


def test_the_app_runs_the_responsive_loop(tmp_path) -> None:
    from kivy.base import EventLoop

    app = make_app(tmp_path)
    seen = {}

    def script(app):  # type: ignore[no-untyped-def]
        yield
        seen["loop"] = installed()
        seen["idle"] = EventLoop.idle
        seen["mainloop"] = EventLoop.mainloop

    run_app(app, script)
    loop = seen["loop"]
    assert isinstance(loop, ResponsiveLoop)
    assert seen["idle"] == loop.idle
    assert seen["mainloop"] == loop.mainloop
    assert isinstance(loop.wait, InputWait)


def test_a_click_is_dispatched_in_the_frame_that_reads_it(tmp_path) -> None:
    """Kivy's own loop reads SDL after drawing and dispatches at the next clock tick."""
    app = make_app(tmp_path)
    seen: dict = {"read": [], "shown": []}

    def on_mouse_down(*_args: object) -> None:
        seen["read"].append(Clock.frames)  # called while SDL's queue is polled

    def listener(name: str, _data: dict) -> None:
        if name == "step_shown":
            seen["shown"].append(Clock.frames)

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        app.open_flow("ecran-tactile")
        yield from settle(app)
        seen["before"] = app.visit.walker.number
        seen["shown"].clear()
        Window.bind(on_mouse_down=on_mouse_down)
        app.listeners.append(listener)
        _push_click(app.step_screen.ids.next)
        for _ in range(3):
            yield
        Window.unbind(on_mouse_down=on_mouse_down)
        seen["after"] = app.visit.walker.number

    run_app(app, script)
    assert (seen["before"], seen["after"]) == (1, 2)
    assert len(seen["read"]) == 1
    assert seen["shown"] == seen["read"]  # same clock tick: no frame period in between


def test_the_sleep_ends_when_an_event_is_pending(tmp_path) -> None:
    from kivy.base import EventLoop

    app = make_app(tmp_path)
    seen = {}

    def script(app):  # type: ignore[no-untyped-def]
        yield
        sdl = _sdl()
        wait = InputWait(loaded_sdl_library())
        paced = ResponsiveLoop(EventLoop, Clock, wait, fps=0.5)  # a 2 s frame period
        Clock._last_tick = Clock.time()
        event = _Event()
        event.type = SDL_USEREVENT
        assert sdl.SDL_PushEvent(ctypes.byref(event)) == 1
        paced.sleep_until_due()
        seen["woken"] = paced.woken
        seen["pending"] = _queued(SDL_USEREVENT)  # still there: the window's poll takes it
        sdl.SDL_FlushEvent(SDL_USEREVENT)
        seen["after_flush"] = _queued(SDL_USEREVENT)

    run_app(app, script)
    assert seen == {"woken": 1, "pending": 1, "after_flush": 0}


def test_with_nothing_pending_the_wait_times_out(tmp_path) -> None:
    from kivy.base import EventLoop

    app = make_app(tmp_path)
    seen = {}

    def script(app):  # type: ignore[no-untyped-def]
        yield
        _sdl().SDL_FlushEvents(0, 0xFFFF)
        wait = InputWait(loaded_sdl_library())
        paced = ResponsiveLoop(EventLoop, Clock, wait, fps=50.0)
        Clock._last_tick = Clock.time()
        paced.sleep_until_due()
        seen["woken"] = paced.woken
        seen["timed_out"] = wait(0.001)

    run_app(app, script)
    assert seen == {"woken": 0, "timed_out": False}


def test_the_sdl_library_is_the_one_kivy_loaded(tmp_path) -> None:
    maps = tmp_path / "maps"
    maps.write_text("7f00-7f01 r-xp 00000000 08:01 1 /opt/x/Kivy.libs/libSDL2-2-abc.so.0.3000.7\n"
                    "7f02-7f03 r-xp 00000000 08:01 2 /usr/lib/libc.so.6\n", encoding="utf-8")
    assert loaded_sdl_library(maps) == "/opt/x/Kivy.libs/libSDL2-2-abc.so.0.3000.7"
    assert "libSDL2" in (loaded_sdl_library() or "")


def _push_button(kind: int, state: int) -> None:
    event = _Event()
    event.button.type = kind
    event.button.button = 1
    event.button.state = state
    event.button.x, event.button.y = 5, 5
    assert _sdl().SDL_PushEvent(ctypes.byref(event)) == 1


def test_a_press_waits_for_its_release_to_be_handled_in_one_frame(tmp_path) -> None:
    import threading

    from kivy.base import EventLoop

    app = make_app(tmp_path)
    seen = {}

    def script(app):  # type: ignore[no-untyped-def]
        yield
        sdl = _sdl()
        sdl.SDL_FlushEvents(0, 0xFFFF)
        wait = InputWait(loaded_sdl_library())
        paced = ResponsiveLoop(EventLoop, Clock, wait, fps=0.5)  # holds up to 2 s
        _push_button(SDL_MOUSEBUTTONDOWN, 1)
        seen["pressed"] = wait.press_without_release()
        release = threading.Timer(0.01, _push_button, (SDL_MOUSEBUTTONUP, 0))
        release.start()
        paced.hold_for_release()
        release.join()
        seen["held"] = paced.held
        seen["released"] = not wait.press_without_release()
        sdl.SDL_FlushEvents(0, 0xFFFF)

    run_app(app, script)
    assert seen == {"pressed": True, "held": 1, "released": True}


def test_a_long_press_is_not_held_beyond_one_frame(tmp_path) -> None:
    from kivy.base import EventLoop

    app = make_app(tmp_path)
    seen = {}

    def script(app):  # type: ignore[no-untyped-def]
        yield
        sdl = _sdl()
        sdl.SDL_FlushEvents(0, 0xFFFF)
        wait = InputWait(loaded_sdl_library())
        paced = ResponsiveLoop(EventLoop, Clock, wait, fps=50.0)
        _push_button(SDL_MOUSEBUTTONDOWN, 1)
        paced.hold_for_release()  # no release comes: gives up after one frame period
        seen["held"] = paced.held
        seen["still_pressed"] = wait.press_without_release()
        sdl.SDL_FlushEvents(0, 0xFFFF)

    run_app(app, script)
    assert seen == {"held": 0, "still_pressed": True}
