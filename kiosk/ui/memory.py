"""Give the memory a screen change freed back to the system, once the screen is still.

Each step change builds and drops widgets, text textures and GL buffers. glibc's malloc keeps
most of what is freed inside its heap (a block still in use near the top keeps the pages
below it), so the kiosk's resident memory climbed by tens of megabytes over the first
hundreds of steps. ``malloc_trim(0)`` returns the free pages of the heap to the system; it
takes ~2-3 ms, run when the visitor is reading, not in the frame of a tap
(docs/performance.md, Memory).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger("kiosk.ui.memory")

STILL_SECONDS = 0.4
"""How long after a step change the freed memory is given back."""

_TRIM: list = []


def _malloc_trim():  # noqa: ANN202 - a ctypes function or None
    if not _TRIM:
        function = None
        try:
            function = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
            function.argtypes = [ctypes.c_size_t]
            function.restype = ctypes.c_int
        except (OSError, AttributeError) as problem:  # not glibc (musl, another system)
            log.warning("malloc_trim unavailable (%s): freed memory stays with malloc", problem)
        _TRIM.append(function)
    return _TRIM[0]


def give_back_freed_memory() -> bool:
    """Return the heap's free pages to the system; False where the C library cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
