"""QR codes made locally (segno), as Kivy textures."""

from __future__ import annotations

import io

import segno
from kivy.core.image import Image as CoreImage
from kivy.graphics.texture import Texture


def qr_texture(url: str, dark: str = "#000000", light: str = "#FFFFFF") -> Texture:
    """A crisp texture of the QR code for ``url`` (scale it with nearest filtering)."""
    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=8, border=4, dark=dark, light=light)
    buffer.seek(0)
    texture = CoreImage(buffer, ext="png").texture
    texture.mag_filter = "nearest"
    texture.min_filter = "nearest"
    return texture
