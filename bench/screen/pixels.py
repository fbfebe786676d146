"""Reading the screen's pixels and clicking, as one more X client (ctypes on libX11, libXtst).

Nothing here belongs to the programs measured: the pixels are read from the root window
(what the X server shows), the clicks go through the XTEST extension like ``xdotool``'s.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import time
from dataclasses import dataclass

from .xserver import MeasureError

ALL_PLANES = ctypes.c_ulong(0xFFFFFFFFFFFFFFFF)
Z_PIXMAP = 2


class _XImage(ctypes.Structure):
    # Only the first fields of Xlib's XImage are needed (layout from X11/Xlib.h).
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_ubyte)),
                ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
                ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int),
                ("bits_per_pixel", ctypes.c_int)]


def _library(name: str, package: str) -> ctypes.CDLL:
    path = ctypes.util.find_library(name) or f"lib{name}.so.6"
    try:
        return ctypes.CDLL(path)
    except OSError as error:
        raise MeasureError(f"bibliothèque {name} introuvable ({error}) : installez {package}.") \
            from error


@dataclass(frozen=True)
class Frame:
    """A full copy of the screen: 0xRRGGBB per pixel, row by row."""

    width: int
    height: int
    rows: tuple[bytes, ...]
    """Each row as width × 4 bytes (B, G, R, unused), as the server gives them."""

    def pixel(self, x: int, y: int) -> int:
        row = self.rows[y]
        return row[4 * x] | row[4 * x + 1] << 8 | row[4 * x + 2] << 16


class XClient:
    """One connection to an X display: 1x1 reads, full-screen copies, XTEST clicks."""

    def __init__(self, display: str) -> None:
        self.x11 = _library("X11", "libx11-6")
        self.xtst = _library("Xtst", "libxtst6")
        x11 = self.x11
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XGetImage.restype = ctypes.POINTER(_XImage)
        x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                  ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        x11.XGetPixel.restype = ctypes.c_ulong
        x11.XGetPixel.argtypes = [ctypes.POINTER(_XImage), ctypes.c_int, ctypes.c_int]
        x11.XDestroyImage.argtypes = [ctypes.POINTER(_XImage)]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x11.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
        xtst = self.xtst
        xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                              ctypes.c_int, ctypes.c_ulong]
        xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int,
                                              ctypes.c_ulong]
        self.handle = x11.XOpenDisplay(display.encode())
        if not self.handle:
            raise MeasureError(f"impossible d'ouvrir l'écran X {display}.")
        self.root = x11.XDefaultRootWindow(self.handle)
        self.width = x11.XDisplayWidth(self.handle, 0)
        self.height = x11.XDisplayHeight(self.handle, 0)

    def close(self) -> None:
        if self.handle:
            self.x11.XCloseDisplay(self.handle)
            self.handle = None

    def __enter__(self) -> XClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def pixel(self, x: int, y: int) -> int:
        """The colour (0xRRGGBB) of one pixel of the screen now."""
        image = self.x11.XGetImage(self.handle, self.root, x, y, 1, 1, ALL_PLANES, Z_PIXMAP)
        if not image:
            raise MeasureError(f"XGetImage a échoué au point ({x}, {y}).")
        try:
            return self.x11.XGetPixel(image, 0, 0) & 0xFFFFFF
        finally:
            self.x11.XDestroyImage(image)

    def grab(self) -> Frame:
        """The whole screen."""
        image = self.x11.XGetImage(self.handle, self.root, 0, 0, self.width, self.height,
                                   ALL_PLANES, Z_PIXMAP)
        if not image:
            raise MeasureError("XGetImage a échoué sur l'écran entier.")
        try:
            info = image.contents
            if info.bits_per_pixel != 32:
                raise MeasureError(f"écran de {info.bits_per_pixel} bits par point : il faut "
                                   "24 bits de couleur (32 par point).")
            size = info.bytes_per_line * info.height
            data = ctypes.string_at(info.data, size)
            stride = info.bytes_per_line
            rows = tuple(data[y * stride:y * stride + 4 * info.width]
                         for y in range(info.height))
            return Frame(info.width, info.height, rows)
        finally:
            self.x11.XDestroyImage(image)

    def click(self, x: int, y: int) -> float:
        """Move the pointer to (x, y), press and release button 1; the time it was sent.

        The same events as ``xdotool mousemove X Y click 1`` (XTEST), with the time taken
        right before the press is flushed to the server.
        """
        self.xtst.XTestFakeMotionEvent(self.handle, 0, x, y, 0)
        self.x11.XSync(self.handle, 0)
        sent = time.perf_counter()
        self.xtst.XTestFakeButtonEvent(self.handle, 1, 1, 0)
        self.xtst.XTestFakeButtonEvent(self.handle, 1, 0, 0)
        self.x11.XFlush(self.handle)
        return sent


def png_bytes(frame: Frame) -> bytes:
    """The frame as a PNG file (RGB, no filter): to look at what was measured."""
    import struct
    import zlib

    raw = bytearray()
    for row in frame.rows:
        raw.append(0)
        rgb = bytearray(frame.width * 3)
        rgb[0::3] = row[2::4]
        rgb[1::3] = row[1::4]
        rgb[2::3] = row[0::4]
        raw += rgb

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", frame.width, frame.height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + chunk(b"IEND", b""))
