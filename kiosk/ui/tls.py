"""Modules imported without TLS: the kiosk's screen never opens an encrypted connection.

Kivy's clock imports asyncio, and segno (the QR codes) imports ``urllib.request`` and
``http.client`` through ``xml.sax.saxutils``; each of them imports ``ssl`` when it can,
which maps OpenSSL's libcrypto and libssl: about 4 MiB of the kiosk's memory and 6 ms of
its start, for nothing (docs/performance.md, "Memory"). Those modules all treat a missing
``ssl`` as "no TLS support" and carry on.

:func:`tls_left_out` hides ``ssl`` while such imports run, then makes it importable again:
anything imported later that wants TLS (``requests``, ``urllib.request``) gets it. Modules
named in ``fresh_after`` are forgotten afterwards, so that their next importer gets a full
copy of them, with TLS; asyncio is not forgotten (Kivy's clock keeps it): the kiosk process
has no encrypted asyncio connection.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def tls_left_out(*fresh_after: str) -> Iterator[None]:
    """Import inside this block without ``ssl`` (nothing changes if it is already loaded)."""
    if "ssl" in sys.modules:
        yield
        return
    before = set(sys.modules)
    sys.modules["ssl"] = None  # type: ignore[assignment] - "import ssl" raises ImportError
    try:
        yield
    finally:
        if "ssl" in sys.modules and sys.modules["ssl"] is None:
            del sys.modules["ssl"]
        for name in fresh_after:
            if name not in before:
                sys.modules.pop(name, None)
