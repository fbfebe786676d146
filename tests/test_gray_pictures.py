"""Gray pictures as two-bytes-a-pixel textures, drawn with the same pixels (gray_pictures.py)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from ui_helpers import REPO, Window  # noqa: F401 - the window gives the GL context

from kiosk.ui import gray_pictures
from kiosk.ui.gray_pictures import GrayAwareLoader, luminance_alpha

PICTOGRAM = REPO / "assets" / "pictos" / "suivant.png"


def png(path: Path, width: int, height: int, rgba: bytes) -> Path:
    """A minimal RGBA PNG (colour type 6, no filter), written without any library."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + \
            struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    rows = b"".join(b"\0" + rgba[y * width * 4:(y + 1) * width * 4] for y in range(height))
    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def test_gray_pixels_become_gray_and_opacity_pairs() -> None:
    pixels = bytes([0, 0, 0, 0, 255, 255, 255, 255, 90, 90, 90, 30, 7, 7, 7, 200])
    assert luminance_alpha(2, 2, "rgba", pixels) == bytes([0, 0, 255, 255, 90, 30, 7, 200])


def test_a_single_coloured_pixel_keeps_the_picture_as_it_is() -> None:
    pixels = bytes([255, 255, 255, 255] * 3 + [255, 254, 255, 255])
    assert luminance_alpha(2, 2, "rgba", pixels) is None


def test_other_formats_and_padded_rows_are_kept_as_they_are() -> None:
    assert luminance_alpha(2, 1, "rgb", bytes(6)) is None
    assert luminance_alpha(2, 1, "rgba", bytes(12)) is None  # rows padded to 12 bytes


def load(path: Path, loader):  # type: ignore[no-untyped-def]
    return loader(str(path), nocache=True).texture


def drawn(texture, tint=(0.2, 0.6, 1.0, 1.0)) -> bytes:  # type: ignore[no-untyped-def]
    """The texture drawn tinted on a grey background, as the kiosk draws a pictogram."""
    from kivy.graphics import ClearBuffers, ClearColor, Color, Fbo, Rectangle

    fbo = Fbo(size=texture.size)
    with fbo:
        ClearColor(0.5, 0.5, 0.5, 1)
        ClearBuffers()
        Color(*tint)
        Rectangle(texture=texture, pos=(0, 0), size=texture.size)
    fbo.draw()
    return bytes(fbo.pixels)


def test_a_pictogram_takes_half_the_memory_and_draws_the_same_pixels() -> None:
    from kivy.core.image.img_sdl2 import ImageLoaderSDL2

    gray = load(PICTOGRAM, GrayAwareLoader)
    usual = load(PICTOGRAM, ImageLoaderSDL2)
    assert (gray.colorfmt, usual.colorfmt) == ("luminance_alpha", "rgba")
    assert gray.size == usual.size == (240, 240)
    assert drawn(gray) == drawn(usual)
    assert drawn(gray) != drawn(gray, tint=(1, 0, 0, 1))  # the tint does reach the pixels


def test_a_colour_picture_stays_rgba_and_draws_the_same_pixels(tmp_path: Path) -> None:
    from kivy.core.image.img_sdl2 import ImageLoaderSDL2

    pixels = bytes([200, 40, 40, 255, 40, 200, 40, 128, 9, 9, 9, 255, 0, 0, 0, 0]) * 4
    picture = png(tmp_path / "couleur.png", 4, 4, pixels)
    colour, usual = load(picture, GrayAwareLoader), load(picture, ImageLoaderSDL2)
    assert colour.colorfmt == "rgba"
    assert drawn(colour) == drawn(usual)


def test_install_puts_the_loader_first_once() -> None:
    from kivy.core.image import ImageLoader

    gray_pictures.install()
    gray_pictures.install()
    assert ImageLoader.loaders[0] is GrayAwareLoader
    assert ImageLoader.loaders.count(GrayAwareLoader) == 1
