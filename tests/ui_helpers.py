"""Run the real kiosk app offscreen in a test, driven by a generator: one frame per ``yield``."""

from __future__ import annotations

from collections.abc import Callable, Generator
from pathlib import Path

from kiosk.flows.loader import load_flows
from kiosk.settings import load_settings
from kiosk.ui.boot import Display, configure

configure(Display(1280, 800, fullscreen=False, offscreen=True))
from kivy.config import Config  # noqa: E402

Config.set("graphics", "maxfps", "0")  # tests wait for frames, not for the wall clock

from kivy.clock import Clock  # noqa: E402
from kivy.core.window import Window  # noqa: E402
from kivy.tests.common import UnitTestTouch  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
STOP_DELAY = 0.1  # seconds (longer than a button's min_state_time)
Script = Callable[[KioskApp], Generator[None, None, None]]


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_app(tmp_path: Path, clock: FakeClock | None = None, *, speech: bool = False,
             **settings: object) -> KioskApp:
    config = tmp_path / "kiosk.toml"
    lines = [f'flows_dir = "{REPO / "config" / "flows"}"', f'assets_dir = "{REPO / "assets"}"',
             f'data_dir = "{tmp_path / "data"}"']
    for key, value in settings.items():
        lines.append(f"{key} = {value!r}".replace("'", '"') if not isinstance(value, bool)
                     else f"{key} = {str(value).lower()}")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_settings(config)
    flowset = load_flows(loaded.path("flows_dir"), loaded.path("assets_dir"))
    return KioskApp(loaded, flowset, now=clock or FakeClock(), speech=speech)


def run_app(app: KioskApp, script: Script, size: tuple[int, int] = (1280, 800)) -> None:
    """Start the app, run ``script`` one frame per yield, stop; re-raise what it raised."""
    Window.size = size
    outcome: dict[str, BaseException | bool] = {}
    steps = script(app)

    def tick(_dt: float) -> bool:
        try:
            next(steps)
        except StopIteration:
            outcome["done"] = True
            stop_soon()
            return False
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error
            stop_soon()
            return False
        return True

    def stop_soon() -> None:
        # A button's release is drawn a few hundredths of a second after a tap: let any
        # still pending run while the app is alive, as they would on a kiosk.
        Clock.schedule_once(lambda _dt: app.stop(), STOP_DELAY)

    Clock.schedule_once(lambda _dt: Clock.schedule_interval(tick, 0), 0)
    app.run()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    assert outcome.get("done"), "the script did not run to its end"
    assert not app.errors, app.errors[0]


def tap(widget) -> None:  # type: ignore[no-untyped-def]
    """A real touch (down then up) at the centre of ``widget``, through the window."""
    x, y = widget.to_window(*widget.center)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    touch.touch_up()


def walk_widgets(root):  # type: ignore[no-untyped-def]
    yield root
    for child in root.children:
        yield from walk_widgets(child)


def visible(widget) -> bool:  # type: ignore[no-untyped-def]
    node = widget
    while node is not None:
        if getattr(node, "opacity", 1) <= 0 or node.width <= 0 or node.height <= 0:
            return False
        if node.parent is node:
            break
        node = node.parent
    return True


def rect(widget):  # type: ignore[no-untyped-def]
    """(x0, y0, x1, y1) of a widget in window coordinates."""
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


def settle(app, limit=12):
    """Let frames pass until the layout stops moving (text sizes change layout twice)."""
    previous = None
    for _ in range(limit):
        yield
        shape = [tuple(round(v) for v in rect(w)) for w in walk_widgets(app.root)]
        if shape == previous:
            return
        previous = shape


def listen_events(app, listener) -> None:  # type: ignore[no-untyped-def]
    """``listener(name, data)`` for what the visit controller publishes, in the words the
    behaviour tests were written with (name and plain fields)."""
    from kiosk.visit import (
        ChoicesChanged,
        FlowLeft,
        FlowOpened,
        HelpAsked,
        PracticeTried,
        Repeated,
        StepShown,
        VisitEnded,
        WentHome,
    )

    def on_event(event) -> None:  # type: ignore[no-untyped-def]
        match event:
            case VisitEnded(reason=reason):
                listener("visit_ended", {"reason": reason.value})
            case PracticeTried(success=success):
                listener("practice", {"success": success})
            case HelpAsked():
                listener("help", {})
            case Repeated():
                listener("repeat", {})
            case FlowOpened(flow=flow):
                listener("flow_opened", {"flow_id": flow.id})
            case FlowLeft(flow_id=flow_id, reason=reason):
                listener("flow_left", {"flow_id": flow_id, "reason": reason.value})
            case StepShown(step=step):
                listener("step_shown", {"step": step})
            case WentHome():
                listener("home", {})
            case ChoicesChanged(choices=choices, what=what):
                if what == "text_level":
                    listener("text_size", {"level": choices.text_level})
                elif what == "contrast":
                    listener("contrast", {"high": choices.high_contrast})
                elif what == "language":
                    listener("language", {"language": choices.language})
                elif what == "voice":
                    listener("sound", {"on": choices.sound_on})

    app.controller.subscribe(on_event)
