"""The voice's worker process imports only what it needs (docs/performance.md, "Memory")."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.speech.worker import installed_version

REPO = Path(__file__).resolve().parent.parent


def test_the_voice_worker_imports_neither_the_service_nor_importlib_metadata():
    code = ("import sys, kiosk.speech.worker; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith(('kiosk', 'email', "
            "'importlib.metadata', 'yaml', 'tomllib')))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=60, check=True)
    assert done.stdout.split() == ["kiosk", "kiosk.speech", "kiosk.speech.worker"]


def test_the_speech_package_still_gives_every_name_it_lists():
    import kiosk.speech as speech

    for name in speech.__all__:
        assert getattr(speech, name) is not None
    assert set(speech.__all__) <= set(dir(speech))
    with pytest.raises(AttributeError):
        speech.NotAName  # noqa: B018


@pytest.mark.parametrize("distribution", ["pyttsx3", "kivy", "sqlite-utils", "PyYAML"])
def test_installed_version_matches_importlib_metadata(distribution):
    assert installed_version(distribution) == importlib.metadata.version(distribution)
