"""Imports made as if some installed modules were not there, for the kiosk's memory.

Some libraries import a module only to offer something the kiosk never uses:

- Kivy's clock imports asyncio, which imports ``ssl`` when it can; segno (the QR codes)
  imports ``xml.sax.saxutils`` for two escaping functions, which imports ``urllib.request``
  (with ``http.client``, ``email`` and ``ssl``: about 2.6 MiB and 25 ms) for a function
  that opens URLs, which segno never calls;
- sqlite-utils imports ``secrets`` and ``hashlib``, which load OpenSSL's ``_hashlib`` for
  digests CPython also has built in; numpy and pandas, when installed (``make bench``
  installs numpy with matplotlib), only to convert their values on insert; and click and
  python-dateutil for its command line (progress bars, date conversions), which the kiosk
  never calls (about 4 MiB of modules).

OpenSSL (libcrypto, libssl) costs the kiosk's screen about 4 MiB and 10 ms of start, numpy
megabytes and OpenBLAS threads (docs/performance.md, "Memory"). All of these libraries
treat a missing module as "feature not available" and carry on.

:func:`hidden` hides modules while such imports run, then makes them importable again:
anything imported later that wants them gets them (``requests`` its TLS, the counsellor's
code check its scrypt). Modules named in ``fresh_after`` and first imported inside the block
are forgotten afterwards, so that their next importer gets a full copy of them; the
libraries imported inside keep the copy they got.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

OPENSSL = ("ssl", "_hashlib")
"""The modules that load OpenSSL's libraries."""


class _StandIn(ModuleType):
    """An empty module whose every attribute is a new empty class: enough for what a
    library does with a module at import time (annotations, base classes, decorators'
    arguments), never for calling into it — what the kiosk asks of the library must never
    reach it (the tests of that library's use here run with the stand-in)."""

    def __init__(self, name: str) -> None:
        super().__init__(name, "Stand-in: see kiosk/lean_imports.py.")

    def __getattr__(self, attribute: str) -> type:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        placeholder = type(attribute, (), {"__module__": self.__name__})
        setattr(self, attribute, placeholder)
        return placeholder


@contextmanager
def hidden(*names: str, fresh_after: tuple[str, ...] = (),
           stand_ins: tuple[str, ...] = ()) -> Iterator[None]:
    """Import inside this block as if ``names`` were not installed, and with an empty module
    in place of each of ``stand_ins`` (for a library that imports a module at the top but
    never uses it in what the kiosk asks of it). Modules already imported stay as they are.
    """
    before = set(sys.modules)
    hiding = [name for name in names if name not in before]
    standing = [name for name in stand_ins if name not in before]
    for name in hiding:
        sys.modules[name] = None  # type: ignore[assignment] - "import name" → ImportError
    for name in standing:
        sys.modules[name] = _StandIn(name)
    try:
        yield
    finally:
        for name in hiding:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
        for name in standing:
            sys.modules.pop(name, None)
        for name in fresh_after:
            if name not in before:
                sys.modules.pop(name, None)
