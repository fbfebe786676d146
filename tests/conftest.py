"""Shared test set-up: Kivy runs offscreen with its own home, never touching the user's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Kivy reads these when first imported, so they are set before any test module imports it.
_KIVY_HOME = tempfile.mkdtemp(prefix="kiosk-test-kivy-")
os.environ.setdefault("KIVY_HOME", _KIVY_HOME)
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
# Sound plays into nothing, chosen here: left unchosen on a machine with no sound card, the
# kiosk would start no voice at all (kiosk.ui.boot.configure, tests/test_ui_no_sound_card.py).
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def assets_dir() -> Path:
    return REPO / "assets"


@pytest.fixture
def flows_dir() -> Path:
    return REPO / "config" / "flows"
