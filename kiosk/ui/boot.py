"""Configure Kivy before it is imported anywhere: window, input, lockdown, logging.

Kivy reads its configuration when ``kivy.core.window`` is first imported, so every
command that opens a window calls :func:`configure` first and imports the rest of
``kiosk.ui`` only afterwards.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

IMAGE_PROVIDERS = "tex,dds,sdl2"
"""Kivy's image loaders, in its own order, without ``pil`` and ``ffpy``."""

@dataclass
class _Found:
    """What :func:`configure` found about this machine (once per process)."""

    sound_card_missing: bool = False


_FOUND = _Found()


def sound_card_missing() -> bool:
    """True when :func:`configure` found no sound card and sent SDL's sound into nothing
    (its ``dummy`` output): the kiosk then starts no voice and says « Son indisponible »,
    since a sound played into nothing would look like a working voice (kiosk/ui/audio.py)."""
    return _FOUND.sound_card_missing


@dataclass(frozen=True)
class Display:
    """How the window is opened."""

    width: int
    height: int
    fullscreen: bool
    offscreen: bool
    show_cursor: bool = False


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or \
        os.environ.get("SDL_VIDEODRIVER") == "kmsdrm"


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or int(width) < 320 or int(height) < 240:
        raise ValueError(f"taille d'écran invalide « {text} » : écrivez par exemple 1280x800.")
    return int(width), int(height)


def configure(display: Display, kivy_home: Path | None = None, *,
              proc: Path = Path("/proc"), dev: Path = Path("/dev")) -> None:
    """Set Kivy's environment and Config for this process. Call once, before any Kivy import.

    With no sound card (looked for in ``proc`` and ``dev``, as ``kiosk doctor`` does) and no
    ``SDL_AUDIODRIVER`` chosen by whoever started the kiosk, SDL plays into nothing (no ALSA
    errors) and :func:`sound_card_missing` says so. A chosen ``SDL_AUDIODRIVER`` (``dummy``,
    ``disk`` in tests) is kept as it is.
    """
    if display.offscreen:
        os.environ["SDL_VIDEODRIVER"] = "offscreen"
    if "SDL_AUDIODRIVER" not in os.environ:
        from kiosk.speech.outputs import sound_outputs

        if not sound_outputs(proc, dev):
            os.environ["SDL_AUDIODRIVER"] = "dummy"  # no sound card: play into nothing, quietly
            _FOUND.sound_card_missing = True
    from . import lockdown

    lockdown.environment()  # no config.ini read or written, no command line (lockdown.py)
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    # Pictures are PNG or JPEG only (kiosk/flows/pictures.py), which SDL2_image reads: without
    # this, Kivy also registers its PIL loader, and importing Pillow costs ~15 ms at start-up.
    os.environ.setdefault("KIVY_IMAGE", IMAGE_PROVIDERS)
    if "KIVY_HOME" not in os.environ:
        home = kivy_home or Path(tempfile.gettempdir()) / f"kiosk-kivy-{os.getuid()}"
        home.mkdir(parents=True, exist_ok=True)
        os.environ["KIVY_HOME"] = str(home)
    from kivy.config import Config

    lockdown.lock_config(Config)  # no module (inspector, screenshot keys), Escape never quits
    Config.set("kivy", "pause_on_minimize", "0")
    Config.set("kivy", "log_level", "warning")
    Config.set("kivy", "keyboard_mode", "system")
    Config.set("input", "mouse", "mouse,disable_multitouch")
    Config.set("graphics", "multisamples", "0")
    Config.set("graphics", "maxfps", "60")
    Config.set("graphics", "width", str(display.width))
    Config.set("graphics", "height", str(display.height))
    Config.set("graphics", "resizable", "0")
    Config.set("graphics", "show_cursor", "1" if display.show_cursor else "0")
    if display.fullscreen:
        Config.set("graphics", "fullscreen", "auto")
        Config.set("graphics", "borderless", "1")
    else:
        Config.set("graphics", "fullscreen", "0")
        Config.set("graphics", "borderless", "1" if display.offscreen else "0")
        Config.set("graphics", "position", "custom")
        Config.set("graphics", "left", "0")
        Config.set("graphics", "top", "0")
