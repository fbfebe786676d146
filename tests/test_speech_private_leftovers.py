"""After kill -9 while a visitor types, the private speech folder (in /dev/shm) is left
behind by the dead process; the next start deletes it before anything is said. The process
is really killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from kiosk.settings import load_settings
from kiosk.speech.service import PRIVATE_PREFIX, SpeechService

CHILD = """
import sys, time
from kiosk.settings import load_settings
from kiosk.speech.service import SpeechService
service = SpeechService(load_settings(sys.argv[1]), player=None, post=lambda f: f())
service.start()
(service._private_dir / "lettre-tapee.wav").write_bytes(b"RIFF-the-audio-of-a-typed-letter")
print(service._private_dir, flush=True)
time.sleep(600)
"""


def test_a_killed_kiosks_private_audio_is_deleted_at_the_next_start(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(config)], stdout=subprocess.PIPE,
                             text=True)
    try:
        left = Path(child.stdout.readline().strip())  # type: ignore[union-attr]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    assert left.name.startswith(PRIVATE_PREFIX)
    assert (left / "lettre-tapee.wav").exists()  # what kill -9 leaves
    service = SpeechService(load_settings(config), player=None, post=lambda f: f())
    service.start()
    try:
        assert not left.exists()
        assert service._private_dir is not None and service._private_dir.is_dir()
    finally:
        service.close()
    assert not service._private_dir.exists()
