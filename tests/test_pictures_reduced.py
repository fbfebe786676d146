"""Pictures bigger than the screen are shown from a reduced copy (kiosk/flows/reduced.py):
real big pictures made with Pillow, reduced by the real worker process, loaded by the real
kiosk (offscreen). What it saves in memory is measured by ``make bench``
(bench/bench_hostile.py), not asserted here."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from flowfixtures import MINIMAL
from PIL import Image, ImageDraw
from ui_helpers import REPO, FakeClock, run_app, settle, tap, walk_widgets

from kiosk.flows import reduced as reduced_module
from kiosk.flows.loader import load_flows
from kiosk.flows.reduced import FOLDER, MAX_COPIES, ReducedPictures, fitted
from kiosk.flows.watcher import FlowWatcher
from kiosk.settings import load_settings
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.step.step import PictureFrame

BIG = (4470, 4470)


def big_picture(path: Path, size: tuple[int, int] = BIG, fmt: str = "PNG",
                colour: str = "navy") -> Path:
    """A real picture of ``size``: a coloured field with a white disc and a red band."""
    picture = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), "white")
    draw.rectangle((0, size[1] // 2 - 20, size[0], size[1] // 2 + 20), "red")
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, fmt, **({"compress_level": 1} if fmt == "PNG" else {"quality": 85}))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()




def test_fitted_keeps_the_proportions_inside_the_box() -> None:
    assert fitted((4470, 4470), (1280, 800)) == (800, 800)
    assert fitted((4000, 1000), (1280, 800)) == (1280, 320)
    assert fitted((600, 400), (1280, 800)) == (600, 400)  # never made bigger
    assert fitted((10_000, 1), (1280, 800)) == (1280, 1)


def test_a_big_png_is_reduced_once_the_original_untouched(tmp_path: Path) -> None:
    original = big_picture(tmp_path / "assets" / "geante.png")
    before = digest(original)
    reduced = ReducedPictures(tmp_path / "data" / FOLDER, (1280, 800))
    assert reduced.needs_copy(original) and reduced.lookup(original) is None
    copy = reduced.make(original)
    assert copy.parent == tmp_path / "data" / FOLDER and copy.suffix == ".png"
    with Image.open(copy) as picture:
        assert picture.size == (800, 800)
        assert picture.getpixel((400, 400))[:3] == (255, 0, 0)  # the red band, in the middle
        assert picture.getpixel((5, 5))[:3] == (0, 0, 128)
    assert digest(original) == before
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]  # no temporary file left
    stamp = copy.stat().st_mtime_ns
    assert reduced.make(original) == copy and copy.stat().st_mtime_ns == stamp  # made once
    assert reduced.lookup(original) == copy
    # The same bytes under another name share the copy; a smaller box gets its own.
    twin = tmp_path / "assets" / "jumelle.png"
    shutil.copy(original, twin)
    assert reduced.lookup(twin) == copy
    small = ReducedPictures(tmp_path / "data" / FOLDER, (640, 480))
    with Image.open(small.make(original)) as picture:
        assert picture.size == (480, 480)


def test_a_changed_picture_gets_a_new_copy(tmp_path: Path) -> None:
    original = big_picture(tmp_path / "geante.png")
    reduced = ReducedPictures(tmp_path / FOLDER, (1280, 800))
    first = reduced.make(original)
    big_picture(original, colour="darkgreen")
    os.utime(original, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    assert reduced.lookup(original) is None
    second = reduced.make(original)
    assert second != first
    with Image.open(second) as picture:
        assert picture.getpixel((5, 5))[:3] == (0, 100, 0)


def test_a_big_jpeg_is_reduced_as_a_jpeg(tmp_path: Path) -> None:
    original = big_picture(tmp_path / "photo.jpg", (4000, 3000), "JPEG")
    reduced = ReducedPictures(tmp_path / FOLDER, (1280, 800))
    copy = reduced.make(original)
    with Image.open(copy) as picture:
        assert (copy.suffix, picture.format, picture.size) == (".jpg", "JPEG", (1067, 800))


def test_a_picture_that_fits_needs_no_copy(tmp_path: Path) -> None:
    reduced = ReducedPictures(tmp_path / FOLDER, (1280, 800))
    assert not reduced.needs_copy(REPO / "assets" / "images" / "arobase.png")
    assert reduced.prepare([REPO / "assets" / "images" / "arobase.png"]) == []
    assert not (tmp_path / FOLDER).exists()


def test_prune_keeps_the_copies_used_last_and_removes_stale_temporaries(tmp_path: Path) -> None:
    folder = tmp_path / FOLDER
    folder.mkdir()
    for number in range(MAX_COPIES + 5):
        copy = folder / f"{number:04d}-1280x800.png"
        copy.write_bytes(b"x")
        os.utime(copy, (1_000_000 + number, 1_000_000 + number))
    stale = folder / ".en-cours-abc.png"
    stale.write_bytes(b"x")
    os.utime(stale, (1_000, 1_000))
    fresh = folder / ".en-cours-def.png"
    fresh.write_bytes(b"x")  # a copy being written right now
    ReducedPictures(folder, (1280, 800)).prune()
    left = sorted(p.name for p in folder.iterdir())
    assert left[0] == ".en-cours-def.png" and ".en-cours-abc.png" not in left
    assert left[1:] == [f"{n:04d}-1280x800.png" for n in range(5, MAX_COPIES + 5)]


def test_the_worker_makes_the_copies_of_the_flows_pictures(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    shutil.copytree(REPO / "tests" / "assets", assets)
    big_picture(assets / "images" / "geante.png")
    folder = tmp_path / "parcours"
    folder.mkdir()
    (folder / "essai.yaml").write_text(MINIMAL.replace(
        "    texte: Bonjour.\n", "    texte: Bonjour.\n    image: images/geante.png\n"),
        encoding="utf-8")
    loaded = load_flows(folder, assets)
    assert loaded.problems == []
    reduced = ReducedPictures(tmp_path / "data" / FOLDER, (1024, 600))
    arrived = threading.Event()
    watcher = FlowWatcher(folder, assets, loaded, lambda _set: arrived.set(), interval=3600,
                          pictures=reduced)
    watcher.start()
    try:
        watcher.look_now()
        assert arrived.wait(120)  # nothing changed in the flows: the copy made brings it
        assert watcher.reader.pictures_made == 1
        copy = reduced.lookup(assets / "images" / "geante.png")
        assert copy is not None
        with Image.open(copy) as picture:
            assert picture.size == (600, 600)
        assert watcher.refresh() is None  # made once: nothing new at the next look
        # The picture replaced on disk, its flow unchanged: a new copy at the next look.
        arrived.clear()
        big_picture(assets / "images" / "geante.png", (3000, 1500), colour="darkgreen")
        watcher.look_now()
        assert arrived.wait(120)
        second = reduced.lookup(assets / "images" / "geante.png")
        assert second not in (None, copy)
        with Image.open(second) as picture:
            assert picture.size == (1024, 512)
        # A picture whose header is right but whose pixels are cut: no copy, no error, the
        # watcher goes on (the kiosk shows the neutral pictogram).
        broken = assets / "images" / "geante.png"
        broken.write_bytes(broken.read_bytes()[:5000])
        assert watcher.refresh() is None and watcher.refresh() is None
        assert reduced.lookup(broken) is None
    finally:
        watcher.stop()


def test_the_kiosk_shows_a_big_picture_from_a_copy_no_bigger_than_the_screen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker makes the copy and sends its hash: the kiosk never reads the big picture
    (hashing it in the kiosk's process fails this test) and its texture fits the window."""
    folder = tmp_path / "flows"
    folder.mkdir()
    shutil.copy(REPO / "config" / "flows" / "creer-adresse-email.yaml", folder)
    assets = tmp_path / "assets"
    shutil.copytree(REPO / "assets", assets)
    original = big_picture(assets / "images" / "arobase.png")  # the flow's second step
    before = digest(original)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "{folder}"\nassets_dir = "{assets}"\n'
                      f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    settings = load_settings(config)
    app = KioskApp(settings, load_flows(folder, assets), now=FakeClock())
    cache = tmp_path / "data" / FOLDER
    seen: dict[str, object] = {}

    def no_hash_here(path: Path) -> str:
        raise AssertionError(f"{path} hashed in the kiosk's process")

    monkeypatch.setattr(reduced_module, "content_hash", no_hash_here)

    def script(app: KioskApp):  # type: ignore[no-untyped-def]
        yield from settle(app)
        deadline = time.monotonic() + 120  # a bound for a stuck worker, not a measure
        while app.flow_watcher.looks == 0 and time.monotonic() < deadline:
            app.flow_watcher.look_now()  # the worker answers once the copies are made
            yield
        tile = next(t for t in app.home_screen.tiles() if t.flow_id == "creer-adresse-email")
        tap(tile)
        yield from settle(app)
        for _ in range(6):
            if app.visit.walker.step.picture:
                break
            tap(app.step_screen.ids.next)
            yield from settle(app)
        frames = [w for w in walk_widgets(app.step_screen) if isinstance(w, PictureFrame)]
        image = frames[0].children[0]
        seen["step"] = app.visit.walker.step.picture
        seen["source"] = image.source
        seen["texture"] = tuple(image.texture.size)
        seen["window"] = (app.root_window.width, app.root_window.height)

    run_app(app, script)
    copies = sorted(cache.glob("[!.]*.png"))
    assert seen["step"] == "images/arobase.png"
    assert seen["source"] == str(copies[0]) and len(copies) == 1
    width, height = seen["window"]
    assert seen["texture"] == (min(width, height),) * 2  # a square fitted to the screen
    assert seen["texture"][0] <= width and seen["texture"][1] <= height
    assert digest(original) == before
