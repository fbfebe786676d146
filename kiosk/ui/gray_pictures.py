"""Gray pictures held in half the memory: two bytes a pixel (gray, opacity) instead of four.

Every pictogram of the kiosk is a white or gray drawing on a transparent background,
tinted by the colour of the text it goes with; SDL2_image hands it over as red, green,
blue and opacity, and Kivy would keep it so. The 21 pictograms of a step screen (top bar,
buttons, home tiles) are 240x240: 225 KiB each as RGBA, 112 KiB as luminance + alpha, the
same pixels once drawn (OpenGL reads a luminance texel as red = green = blue).

:class:`GrayAwareLoader` is SDL2_image's loader whose pictures are checked once loaded: when
every pixel is gray (red = green = blue, whatever its opacity), the texture is made as
``luminance_alpha``; any other picture (a colour screenshot in a flow) stays RGBA. Kivy's
caches (``kv.image``, ``kv.texture``) work as before.
"""

from __future__ import annotations

from kivy.cache import Cache
from kivy.core.image import ImageLoader
from kivy.core.image.img_sdl2 import ImageLoaderSDL2
from kivy.graphics.texture import Texture


def luminance_alpha(width: int, height: int, fmt: str, pixels: bytes) -> bytes | None:
    """The picture as (gray, opacity) pairs when every pixel is gray, else None.

    ``pixels``: ``fmt`` "rgba", rows packed (4 bytes a pixel, no padding); anything else
    gives None (kept as it is)."""
    if fmt != "rgba" or len(pixels) != width * height * 4:
        return None
    red, green, blue = pixels[0::4], pixels[1::4], pixels[2::4]
    if red != green or red != blue:
        return None
    packed = bytearray(width * height * 2)
    packed[0::2] = red
    packed[1::2] = pixels[3::4]
    return bytes(packed)


class GrayAwareLoader(ImageLoaderSDL2):
    """SDL2_image's loader; its gray pictures become two-bytes-a-pixel textures."""

    def populate(self) -> None:
        if self._mipmap or len(self._data) != 1:  # never used by the kiosk: Kivy's own way
            super().populate()
            return
        data = self._data[0]
        uid = f"{self.filename}|0|0"  # Kivy's key for this picture's texture
        texture = Cache.get("kv.texture", uid)
        if texture is None:
            packed = luminance_alpha(data.width, data.height, data.fmt, bytes(data.data))
            if packed is None:
                super().populate()
                return
            texture = Texture.create(size=(data.width, data.height),
                                     colorfmt="luminance_alpha")
            texture.blit_buffer(packed, colorfmt="luminance_alpha", bufferfmt="ubyte")
            if data.flip_vertical:
                texture.flip_vertical()
            if not self._nocache:
                Cache.append("kv.texture", uid, texture)
        self._textures = [texture]
        if not self.keep_data:
            data.release_data()


def install() -> None:
    """Make :class:`GrayAwareLoader` the first loader of the pictures it reads (once)."""
    if GrayAwareLoader not in ImageLoader.loaders:
        ImageLoader.loaders.insert(0, GrayAwareLoader)
