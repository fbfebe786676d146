"""Pictures of steps as the kiosk draws them, from a long-lived preview process.

The first picture starts :mod:`kiosk.studio.preview_worker` (the kiosk app, offscreen: about
a second); later ones only walk to the step and take the picture. Pictures are kept on disk
by the hash of everything that makes them, so a step seen again costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT_S = 60.0
ANSWER_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Screen:
    key: str
    label: str
    width: int
    height: int
    diagonal: float


SCREENS = (
    Screen("10", "Tablette 10 pouces (1280 x 800)", 1280, 800, 10.1),
    Screen("15", "Écran 15,6 pouces (1920 x 1080)", 1920, 1080, 15.6),
)
SCREENS_BY_KEY = {screen.key: screen for screen in SCREENS}


class PreviewError(Exception):
    """No picture; the message is in French for the counsellor."""


class Previewer:
    """The preview processes, one per screen size (the kiosk's window keeps the size it opened
    with), each used by one request at a time."""

    def __init__(self, assets_dir: Path, cache_dir: Path) -> None:
        self.assets_dir = assets_dir
        self.cache_dir = cache_dir
        self._workers: dict[str, _Worker] = {}
        self._lock = threading.Lock()

    def picture(self, text: str, step_id: str, screen: Screen, *, level: int = 1,
                contrast: str = "normal", language: str = "fr") -> Path:
        """The PNG of ``step_id`` of the flow ``text``; PreviewError when it cannot be drawn."""
        key = hashlib.sha256(json.dumps([text, step_id, screen.key, level, contrast, language])
                             .encode()).hexdigest()[:32]
        target = self.cache_dir / f"{key}.png"
        if target.is_file():
            return target
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        source = self.cache_dir / f"{key}.yaml"
        source.write_text(text, encoding="utf-8")
        request = {"flow": str(source), "step": step_id, "width": screen.width,
                   "height": screen.height, "diagonal": screen.diagonal, "level": level,
                   "contrast": contrast, "lang": language, "out": str(target)}
        with self._lock:
            worker = self._workers.setdefault(screen.key, _Worker(self.assets_dir, screen))
        try:
            answer = worker.ask(request)
        finally:
            source.unlink(missing_ok=True)
        if not answer.get("ok"):
            raise PreviewError(f"la borne n'a pas pu dessiner cette étape ({answer.get('error')}).")
        return target

    def close(self) -> None:
        with self._lock:
            workers, self._workers = list(self._workers.values()), {}
        for worker in workers:
            worker.close()


class _Worker:
    """One preview process (:mod:`kiosk.studio.preview_worker`) for one screen size."""

    def __init__(self, assets_dir: Path, screen: Screen) -> None:
        self.assets_dir = assets_dir
        self.screen = screen
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def ask(self, request: dict) -> dict:
        with self._lock:
            return self._ask(request)

    def _ask(self, request: dict) -> dict:
        for attempt in (1, 2):
            process = self._running()
            try:
                assert process.stdin is not None
                process.stdin.write(json.dumps(request) + "\n")
                process.stdin.flush()
                return self._read(process, ANSWER_TIMEOUT_S)
            except (OSError, PreviewError):
                self.close()
                if attempt == 2:
                    raise
        raise PreviewError("aperçu impossible")  # pragma: no cover

    def _running(self) -> subprocess.Popen[str]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        env = dict(os.environ)
        env.setdefault("SDL_AUDIODRIVER", "dummy")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "kiosk.studio.preview_worker", "--assets",
             str(self.assets_dir), "--size", f"{self.screen.width}x{self.screen.height}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, env=env)
        ready = self._read(self._process, START_TIMEOUT_S)
        if not ready.get("ready"):
            raise PreviewError("le programme d'aperçu n'a pas démarré.")
        return self._process

    @staticmethod
    def _read(process: subprocess.Popen[str], timeout: float) -> dict:
        assert process.stdout is not None
        result: list[str] = []
        reader = threading.Thread(target=lambda: result.append(process.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(timeout)
        if not result or not result[0]:
            raise PreviewError("le programme d'aperçu ne répond pas (l'affichage graphique "
                               "manque peut-être sur cet ordinateur : lancez « kiosk doctor »).")
        return json.loads(result[0])

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            if process.stdin:
                process.stdin.close()
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()


_SHARED: dict[tuple[Path, Path], Previewer] = {}
_SHARED_LOCK = threading.Lock()


def shared(assets_dir: Path, cache_dir: Path) -> Previewer:
    """The studio process's one previewer (for these folders)."""
    with _SHARED_LOCK:
        return _SHARED.setdefault((assets_dir, cache_dir), Previewer(assets_dir, cache_dir))
