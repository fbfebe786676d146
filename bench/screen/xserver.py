"""A private Xvfb server for one benchmark sitting, always stopped at the end."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass


class MeasureError(RuntimeError):
    """A measurement did not happen (nothing must be reported for it)."""


@dataclass
class VirtualScreen:
    width: int = 1280
    height: int = 800
    depth: int = 24
    display: str = ""
    process: subprocess.Popen | None = None
    log: int = subprocess.DEVNULL
    """Where Xvfb's own messages go (a file descriptor)."""
    _pipe: int = -1

    def start(self, timeout: float = 15.0) -> VirtualScreen:
        """Start ``Xvfb`` on a free display number chosen by the server (``-displayfd``)."""
        if shutil.which("Xvfb") is None:
            raise MeasureError("Xvfb est introuvable : installez le paquet xvfb (make bench).")
        read, write = os.pipe()
        self._pipe = read  # kept open while the server runs: it may write to it again
        try:
            self.process = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write), "-screen", "0",
                 f"{self.width}x{self.height}x{self.depth}", "-br", "-nolisten", "tcp",
                 "-noreset"],
                pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=self.log,
                start_new_session=True)
        finally:
            os.close(write)
        number = ""
        deadline = time.monotonic() + timeout
        while not number.endswith("\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([read], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(read, 32).decode() if ready else ""
            if not chunk:
                break
            number += chunk
        number = number.strip()
        if not number.isdigit():
            self.stop()
            raise MeasureError(f"Xvfb n'a pas démarré en {timeout:.0f} s.")
        self.display = f":{number}"
        return self

    def stop(self) -> None:
        process, self.process = self.process, None
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env["DISPLAY"] = self.display
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("SDL_VIDEODRIVER", None)
        return env

    def __enter__(self) -> VirtualScreen:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

