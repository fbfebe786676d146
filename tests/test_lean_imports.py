"""kiosk.lean_imports: imports made without OpenSSL (and numpy), which stay importable."""

from __future__ import annotations

import json
import subprocess
import sys

URLLIB = """
import json, sys
from kiosk.lean_imports import OPENSSL, hidden

with hidden(*OPENSSL, fresh_after=("http.client", "urllib.request")):
    import urllib.request as inside
inside_tls = inside._have_ssl
mapped = "ssl" in sys.modules
import urllib.request as after  # a fresh copy, with TLS
import ssl
print(json.dumps([inside_tls, mapped, after is inside, after._have_ssl,
                  hasattr(ssl, "create_default_context")]))
"""

ALREADY = """
import json, ssl, sys
from kiosk.lean_imports import hidden

with hidden("ssl", fresh_after=("urllib.request",)):
    import urllib.request
print(json.dumps([urllib.request._have_ssl, sys.modules["ssl"] is ssl]))
"""

STAND_IN = """
import json, sys
from kiosk.lean_imports import hidden

with hidden(stand_ins=("urllib.request",), fresh_after=("xml.sax.saxutils",)):
    from xml.sax.saxutils import escape
inside = [escape("<a & b>"), "urllib.request" in sys.modules, "http.client" in sys.modules]
import xml.sax.saxutils as fresh  # a full copy, whose URL opener works
print(json.dumps(inside + [hasattr(fresh.urllib.request, "urlopen")]))
"""

USAGE_LOG = """
import importlib.util, json, sys
assert "_hashlib" not in sys.modules  # as in the kiosk: nothing loaded OpenSSL before
from kiosk.usage import store
loaded = [name in sys.modules for name in ("numpy", "_hashlib", "ssl", "hashlib", "click",
                                           "dateutil")]

import hashlib  # a fresh copy, with OpenSSL's scrypt for the counsellor's code
import sqlite_utils.utils as su
same = su.hashlib.sha1(b"kiosk").hexdigest() == hashlib.sha1(b"kiosk").hexdigest()
print(json.dumps(loaded + [importlib.util.find_spec("numpy") is not None,
                           hasattr(hashlib, "scrypt"), "_hashlib" in sys.modules, same]))
"""


def child(code: str) -> list:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    return json.loads(done.stdout)


def test_imports_inside_go_without_tls_and_later_ones_get_it():
    assert child(URLLIB) == [False, False, False, True, True]


def test_nothing_changes_for_a_module_already_loaded():
    assert child(ALREADY) == [True, True]


def test_a_stand_in_lets_a_library_import_a_module_it_will_not_use():
    assert child(STAND_IN) == ["&lt;a &amp; b&gt;", False, False, True]


def test_the_usage_log_loads_no_numpy_openssl_click_dateutil_which_stay_importable():
    numpy_installed = child("import importlib.util, json; "
                            "print(json.dumps(importlib.util.find_spec('numpy') is not None))")
    assert child(USAGE_LOG) == [False, False, False, False, False, False, numpy_installed,
                                 True, True, True]


STAND_IN_ATTRIBUTES = """
import json, sys
from kiosk.lean_imports import hidden

with hidden(stand_ins=("click",)):
    import click
    class Command(click.Group):  # what a library may do with it at import time
        pass
    same = click.Group is click.Group
print(json.dumps([same, "click" in sys.modules, Command.__mro__[1].__module__]))
"""


def test_a_stand_in_gives_placeholders_for_import_time_uses_and_goes_away():
    assert child(STAND_IN_ATTRIBUTES) == [True, False, "click"]
