"""QR codes made locally (segno), as Kivy textures."""

from __future__ import annotations

import io

from kivy.core.image import Image as CoreImage
from kivy.graphics.texture import Texture

from kiosk.lean_imports import OPENSSL, hidden

# segno's SVG writer escapes text with xml.sax.saxutils, which imports urllib.request to
# open URLs: neither is ever used here (kiosk/lean_imports.py).
with hidden(*OPENSSL, stand_ins=("urllib.request",), fresh_after=("xml.sax.saxutils",)):
    import segno


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
