"""kiosk.ui.tls: imports made without OpenSSL, which stays importable afterwards."""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = """
import json, sys
from kiosk.ui.tls import tls_left_out

with tls_left_out("http.client", "urllib.request"):
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
from kiosk.ui.tls import tls_left_out

with tls_left_out("urllib.request"):
    import urllib.request
print(json.dumps([urllib.request._have_ssl, sys.modules["ssl"] is ssl]))
"""


def child(code: str) -> list:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    return json.loads(done.stdout)


def test_imports_inside_go_without_tls_and_later_ones_get_it():
    assert child(CHILD) == [False, False, False, True, True]


def test_nothing_changes_when_ssl_is_already_loaded():
    assert child(ALREADY) == [True, True]
