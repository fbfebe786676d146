"""Play WAV files with Kivy's audio, one at a time, on the UI thread.

Kivy is imported only when a player is made, so the ``kiosk say`` command and the
worker never load it. With SDL2 (Kivy's audio on Linux, Windows, macOS) a sound is read
whole into memory when loaded, so its file may be deleted right after ``load``.
"""

from __future__ import annotations

import logging
import struct
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("kiosk.speech")


def silent_wav(seconds: float = 0.05, framerate: int = 22050) -> bytes:
    """A short silent mono 16-bit WAV, to check that audio can be opened."""
    frames = int(seconds * framerate)
    data = b"\0\0" * frames
    header = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16,
                         1, 1, framerate, framerate * 2, 2, 16, b"data", len(data))
    return header + data


class KivyPlayer:
    """Plays one sound at a time; starting a sound stops the one before, at once."""

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        from kivy.core.audio import SoundLoader

        self._loader = SoundLoader
        self._clock = clock or time.monotonic
        """Where playback positions are measured from (Kivy's SDL2 sound has no position)."""
        self._started = 0.0
        self._current: Any = None
        self._finished: list[Any] = []
        self._on_end: Callable[[], None] | None = None

    def probe(self) -> str | None:
        """None when sound can be played, else the French reason why not."""
        with tempfile.TemporaryDirectory(prefix="kiosk-son-") as folder:
            path = Path(folder) / "essai.wav"
            path.write_bytes(silent_wav())
            sound = self._loader.load(str(path))
        if sound is None:
            return "aucun lecteur de son n'est installé"
        length = sound.length
        sound.unload()
        if not length or length <= 0:
            return "aucune sortie audio (haut-parleur, carte son) n'a pu être ouverte"
        return None

    @property
    def playing(self) -> bool:
        return self._current is not None

    @property
    def position(self) -> float:
        """Seconds played of the current sound (0 when none): the time since it started,
        at most its length. Kivy's SDL2 sound reports no position of its own (get_pos is 0
        there), and the sound is played from memory, so it starts when play() returns."""
        sound = self._current
        if sound is None:
            return 0.0
        return max(0.0, min(float(sound.length or 0.0), self._clock() - self._started))

    def play(self, path: Path, on_end: Callable[[], None] | None = None,
             delete_after_load: bool = False) -> bool:
        """Stop what plays, load ``path`` and play it; False when it could not be played.

        ``on_end`` is called (on the UI thread) when the sound ends by itself, not when
        it is stopped.
        """
        self.stop()
        try:
            sound = self._loader.load(str(path))
        finally:
            if delete_after_load:
                Path(path).unlink(missing_ok=True)
        if sound is None or not sound.length or sound.length <= 0:
            if sound is not None:
                sound.unload()
            return False
        self._current = sound
        self._on_end = on_end
        sound.bind(on_stop=self._stopped)
        sound.play()
        self._started = self._clock()
        return True

    def _stopped(self, sound: Any) -> None:
        if sound is not self._current:
            return
        # It ended by itself. Unloading inside its own event is unsafe: do it next time.
        self._current = None
        self._finished.append(sound)
        on_end, self._on_end = self._on_end, None
        if on_end is not None:
            on_end()

    def stop(self) -> None:
        """Silence now. Safe to call at any time."""
        sound, self._current = self._current, None
        self._on_end = None
        finished, self._finished = self._finished, []
        if sound is not None:
            sound.unbind(on_stop=self._stopped)
            sound.stop()
            finished.append(sound)
        for old in finished:
            old.unload()
