"""The kiosk's side of the speech worker process: start it, ask it, time it out, kill it.

Only one thread (the synthesis thread of ``SpeechService``) uses an ``EngineProcess``.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from .voices import Voice

log = logging.getLogger("kiosk.speech")

START_TIMEOUT = 15.0


class EngineError(Exception):
    """A request the worker answered with an error (the worker may still be alive)."""


class EngineDied(EngineError):
    """The worker exited, crashed, or did not answer in time (it has been killed)."""


class EngineProcess:
    """One running worker process."""

    def __init__(self, driver: str | None = None, command: list[str] | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.driver = driver
        self.command = command or [sys.executable, "-m", "kiosk.speech.worker"]
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None
        self.engine_id = ""
        self.voices: tuple[Voice, ...] = ()
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._next_id = 0

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start the worker and wait for its hello; raise EngineError with a French reason."""
        command = list(self.command)
        if self.driver:
            command += ["--driver", self.driver]
        env = dict(os.environ if self.env is None else self.env)
        root = str(Path(__file__).resolve().parent.parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, env=env)
        except OSError as error:
            raise EngineError(f"le programme de la voix ne se lance pas : {error}") from None
        self._answers = queue.Queue()
        threading.Thread(target=self._read, args=(self.process, self._answers),
                         name="speech-worker-reader", daemon=True).start()
        try:
            hello = self.request({"op": "hello"}, timeout)
        except EngineError as error:
            self.kill()
            raise EngineError(f"le moteur de voix ne démarre pas : {error}") from None
        self.engine_id = str(hello["engine"])
        self.voices = tuple(Voice.from_dict(v) for v in hello["voices"])
        log.info("voix : moteur %s prêt (processus %s, %d voix)", self.engine_id, self.pid,
                 len(self.voices))

    @staticmethod
    def _read(process: subprocess.Popen[bytes], answers: queue.Queue) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                answers.put(json.loads(line))
            except ValueError:
                continue
        answers.put(None)

    def request(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request and wait for its answer; the worker is killed if it fails."""
        process = self.process
        if process is None or process.poll() is not None:
            raise EngineDied("le processus est arrêté")
        self._next_id += 1
        message = {**message, "id": self._next_id}
        try:
            assert process.stdin is not None
            process.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
            process.stdin.flush()
        except OSError:
            self.kill()
            raise EngineDied("le processus s'est arrêté") from None
        while True:
            try:
                answer = self._answers.get(timeout=timeout)
            except queue.Empty:
                self.kill()
                raise EngineDied(f"pas de réponse en {timeout:g} s") from None
            if answer is None:
                code = process.wait()
                self.process = None
                raise EngineDied(f"le processus s'est arrêté (code {code})")
            if answer.get("id") != message["id"]:
                continue  # the answer to a request that timed out before: not ours
            if not answer.get("ok"):
                if process.poll() is None:
                    try:
                        process.wait(timeout=0.05)
                    except subprocess.TimeoutExpired:
                        pass
                if process.poll() is not None:
                    self.process = None
                raise EngineError(str(answer.get("error", "erreur inconnue")))
            return answer

    def kill(self) -> None:
        """Stop the worker now (it may be hung)."""
        process, self.process = self.process, None
        if process is None:
            return
        try:
            process.kill()
        except OSError:
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.warning("voix : le processus %s ne s'arrête pas", process.pid)
        for stream in (process.stdin, process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass

    def close(self, timeout: float = 2.0) -> None:
        """Ask the worker to quit, and kill it if it does not."""
        process = self.process
        if process is None:
            return
        try:
            if process.poll() is None and process.stdin is not None:
                process.stdin.write(b'{"op": "quit"}\n')
                process.stdin.flush()
                process.wait(timeout=timeout)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()
