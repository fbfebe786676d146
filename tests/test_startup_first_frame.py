"""What ``kiosk run`` has loaded when its first frame reaches the screen (real subprocesses).

The home screen's first frame must not wait for what it does not show: the other commands,
the usage log (SQLite), the voice, the QR code maker, the step screen and its practice
keyboard, the counsellor's space, their kv rules (docs/performance.md, "Start-up"). A screen
made later still has its kv rules before it is first used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.commands import COMMANDS
from kiosk.flows.pictures import image_size
from kiosk.pin import set_pin

# Runs ``kiosk run`` through kiosk.cli.main, and records what is loaded right after the
# first buffer swap (the first frame on the screen), then what the counsellor's space
# brings when it is opened a frame later.
CHILD = r"""
import gc, json, sys
from pathlib import Path

from kiosk.cli import main
from kiosk.commands import run

out, PICTURES, args = sys.argv[1], sys.argv[2].split(","), sys.argv[3:]
record = {}
configure = run.configure


def loaded_kv():
    from kivy.lang import Builder

    return sorted(Path(name).name for name in Builder.files if "/kiosk/ui/" in name)


def pictures(paths):
    from kivy.core.image import Image, ImageLoader

    return {"loaders": [loader.__name__ for loader in ImageLoader.loaders],
            "sizes": [list(Image(path).texture.size) for path in paths]}


def then_counsellor(app):
    app.open_counsellor()
    record["kv_with_counsellor"] = loaded_kv()
    app.counsellor.dismiss_all()
    app.counsellor = None


def at_last(app):  # after every deferred job, kiosk run's own included
    openssl = ("ssl", "_ssl", "_hashlib", "segno", "urllib.request", "http.client")
    record.update(tls_at_last=[name in sys.modules for name in openssl],
                  gc_at_last=gc.isenabled(), frozen_at_last=gc.get_freeze_count(),
                  screens_at_last=app.root.ids.screens.screen_names)
    app.stop()


def configure_then_watch(display, *more, **options):
    configure(display, *more, **options)
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.core.window import Window

    swap = Window.flip

    def first_flip():
        swap()  # the first frame is on the screen now
        Window.flip = swap
        app = App.get_running_app()
        record.update(modules=sorted(sys.modules), kv=loaded_kv(),
                      screen=app.root.ids.screens.current,
                      screens=app.root.ids.screens.screen_names,
                      tiles=len(app.home_screen.tiles()),
                      pictures=pictures(PICTURES), gc=gc.isenabled())
        Clock.schedule_once(lambda _dt: then_counsellor(app), 0)
        app.after_first_frame(lambda: at_last(app))

    Window.flip = first_flip


run.configure = configure_then_watch
status = main(args)
record["gc_after_run"] = [gc.isenabled(), gc.get_freeze_count()]
Path(out).write_text(json.dumps(record), encoding="utf-8")
sys.exit(status)
"""

REPO = Path(__file__).resolve().parent.parent
PICTURES = (REPO / "assets" / "pictos" / "accueil.png", REPO / "tests" / "assets" / "images" /
            "photo.jpg")
START_KV = ["home.kv", "overlays.kv", "root.kv", "widgets.kv"]
STEP_KV = ["keyboard.kv", "practice.kv", "step.kv"]
COUNSELLOR_KV = ["counsellor.kv", "pinpad.kv"]
NOT_BEFORE_THE_FIRST_FRAME = (
    *(f"kiosk.commands.{name.replace('-', '_')}" for name in COMMANDS if name != "run"),
    "kiosk.doctor", "kiosk.speech", "pyttsx3", "kiosk.usage", "sqlite_utils", "sqlite3",
    "segno", "kiosk.ui.qr", "kiosk.ui.step", "kiosk.ui.practice", "kiosk.ui.practice_widgets",
    "kiosk.ui.keyboard", "kiosk.practice", "kiosk.ui.pinpad", "kiosk.ui.counsellor",
    "kiosk.ui.counsellor_figures", "kiosk.ui.counsellor_tools", "kiosk.ui.charts",
    "kivy.core.audio", "PIL", "ssl",
)
# "yaml" and "kiosk.flows.loader" are loaded at start since kiosk run reads every flow file
# as kiosk validate does (kiosk/flows/files.py: no link out of the folder, no FIFO); the
# flow cache, which skipped them, resolved links and crashed on a symlink loop (issue 16).


def start(tmp_path: Path, repo: Path, *args: str) -> dict:
    data = tmp_path / "data"
    set_pin(data, "482916")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "{repo / "config" / "flows"}"\n'
                      f'assets_dir = "{repo / "assets"}"\n'
                      f'data_dir = "{data}"\n', encoding="utf-8")
    env = dict(os.environ, KIVY_HOME=str(tmp_path / "kivy"), SDL_VIDEODRIVER="offscreen",
               SDL_AUDIODRIVER="dummy")
    env.setdefault("DISPLAY", ":0")  # "a screen is there" for kiosk run; SDL draws offscreen
    out = tmp_path / "first-frame.json"
    done = subprocess.run([sys.executable, "-c", CHILD, str(out), ",".join(map(str, PICTURES)),
                           "run", "--windowed",
                           "1280x800", "--config", str(config), *args],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def loaded(modules: list[str], name: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for module in modules)


@pytest.fixture(scope="module")
def home_start(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The second start: the first one filled the flow cache, as on a kiosk started before."""
    folder, repo = tmp_path_factory.mktemp("home"), REPO
    first = start(folder, repo)
    assert loaded(first["modules"], "kiosk.flows.loader")  # the cache was empty: files read
    return start(folder, repo)


def test_the_first_frame_is_the_home_screen(home_start: dict) -> None:
    assert home_start["screen"] == "home"
    assert home_start["screens"] == ["home"]  # the step screen is made after this frame
    assert home_start["tiles"] == 6
    assert loaded(home_start["modules"], "kiosk.ui.home")


@pytest.mark.parametrize("module", NOT_BEFORE_THE_FIRST_FRAME)
def test_not_loaded_before_the_first_frame(home_start: dict, module: str) -> None:
    assert not loaded(home_start["modules"], module)


def test_no_garbage_collection_before_the_first_frame_then_start_up_is_frozen(
        home_start: dict) -> None:
    assert home_start["gc"] is False
    assert home_start["gc_at_last"] is True
    assert home_start["frozen_at_last"] > 50_000  # what start-up made: never scanned again
    assert home_start["screens_at_last"] == ["home", "step"]
    assert home_start["gc_after_run"] == [True, 0]  # as it was, once the kiosk has stopped


def test_png_and_jpeg_pictures_load_without_pillow(home_start: dict) -> None:
    assert home_start["pictures"]["loaders"] == ["GrayAwareLoader", "ImageLoaderTex",
                                                 "ImageLoaderDDS", "ImageLoaderSDL2"]
    assert home_start["pictures"]["sizes"] == [list(image_size(PICTURES[0])), [24, 16]]


def test_only_the_home_screens_kv_rules_before_the_first_frame(home_start: dict) -> None:
    assert home_start["kv"] == START_KV


def test_the_counsellors_space_loads_its_kv_rules_when_opened(home_start: dict) -> None:
    assert set(COUNSELLOR_KV) <= set(home_start["kv_with_counsellor"])


def test_a_flow_opened_before_the_first_frame_has_its_screen_and_rules(
        tmp_path: Path, repo: Path) -> None:
    record = start(tmp_path, repo, "--flow", "ecran-tactile")
    assert record["screen"] == "step"
    assert record["kv"] == sorted(START_KV + STEP_KV)
    assert loaded(record["modules"], "kiosk.ui.step")


def test_openssl_is_never_loaded_by_the_screen(home_start: dict) -> None:
    """Not even by the QR codes' segno, imported after the first frame without the URL
    opener that xml.sax.saxutils would bring (kiosk/lean_imports.py),
    nor for random names and hashes (os.urandom, CPython's own SHA-256): only when a
    counsellor's code is checked (scrypt)."""
    assert home_start["tls_at_last"] == [False, False, False, True, False, False]
