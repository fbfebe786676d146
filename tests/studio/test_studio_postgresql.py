"""The studio's tests again, on a real PostgreSQL server: a throwaway cluster (Debian's
postgresql) started for this test session as the ``postgres`` user, and the same test files
(models, permissions, flows, pictures, and the browser journeys with the mouse and with the
keyboard alone) run in one second pytest against it, which shares that one server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ON_POSTGRESQL, REPO

PG_BIN = Path("/usr/lib/postgresql/15/bin")
BROWSER = "tests/studio/test_studio_browser.py"
SUITES = ["tests/studio/test_studio_permissions.py", "tests/studio/test_studio_flows.py",
          "tests/studio/test_studio_captures.py",
          # the browser journeys (mouse, keyboard alone) through a live server on PostgreSQL;
          # the accessibility audit reads pages, not the database: run once, on SQLite
          f"{BROWSER}::test_the_whole_journey_with_the_mouse",
          f"{BROWSER}::test_the_same_journey_with_the_keyboard_alone"]

pytestmark = pytest.mark.skipif(ON_POSTGRESQL, reason="already the PostgreSQL run")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgresql():  # type: ignore[no-untyped-def]
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 manque : make test l'installe (paquet Debian postgresql).")
    root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    shutil.chown(root, "postgres")
    os.chmod(root, 0o755)
    port = _free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    subprocess.run([*as_postgres, str(PG_BIN / "initdb"), "-D", str(root / "data"), "-A",
                    "trust", "-U", "postgres"], check=True, capture_output=True)
    subprocess.run([*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(root / "data"), "-o",
                    f"-k {root} -c listen_addresses='' -p {port} -c fsync=off", "-w", "start",
                    "-l", str(root / "log")], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@localhost:{port}/studio?host={root}"
    finally:
        subprocess.run([*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(root / "data"),
                        "-m", "fast", "-w", "stop"], check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_the_same_suite_passes_on_postgresql(postgresql):  # type: ignore[no-untyped-def]
    env = dict(os.environ, KIOSK_STUDIO_TEST_DATABASE=postgresql)
    for inherited in ("DJANGO_SETTINGS_MODULE", "KIOSK_CONFIG"):  # set by this run's conftest
        env.pop(inherited, None)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "-p", "no:warnings", *SUITES], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout.splitlines()[-1]
