"""The speech worker: a separate process, the only owner of the pyttsx3 engine.

Run as ``python -m kiosk.speech.worker [--driver NAME]``. It reads one JSON request per
line on stdin and answers one JSON line on its own copy of stdout (the real stdout is
sent to stderr, because pyttsx3 prints "Audio saved to ..." there). It only ever writes
WAV files to the paths it is given, and never writes or prints the text it reads.

Requests:
  {"id": 1, "op": "hello"}
      -> {"id": 1, "ok": true, "engine": "...", "voices": [{"id", "name", "languages"}]}
  {"id": 2, "op": "synth", "text": "...", "voice": "roa/fr", "rate": 150, "out": "/p.wav"}
      -> {"id": 2, "ok": true, "frames": 118794, "framerate": 22050, "voice": "roa/fr",
          "words": {"duration": 5.39, "source": "espeak", "words": [[0.0, 0, 7], ...]}}
      (when each word is heard: kiosk.speech.wordtimes)
Any failure answers {"id": n, "ok": false, "error": "..."}; after anything but a bad
request (an unknown voice), the worker exits, so the next request gets a fresh engine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path
from typing import Any

FINISH_TIMEOUT = 20.0


class Worker:
    def __init__(self, driver: str | None) -> None:
        self.driver = driver
        self.engine: Any = None
        self.finished = threading.Event()
        self.voice_ids: set[str] = set()
        self.timer: Any = None  # kiosk.speech.wordtimes.EspeakTimer, once espeak speaks

    def hello(self) -> dict[str, Any]:
        import pyttsx3

        self.engine = pyttsx3.init(self.driver)
        self.engine.connect("finished-utterance", lambda **_: self.finished.set())
        voices = []
        for voice in self.engine.getProperty("voices"):
            languages = [x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x)
                         for x in (voice.languages or [])]
            voices.append({"id": str(voice.id), "name": str(voice.name or ""),
                           "languages": languages})
        self.voice_ids = {v["id"] for v in voices}
        # One utterance first, so that every request finds the engine in the same state.
        with tempfile.TemporaryDirectory(prefix="kiosk-voix-essai-") as folder:
            self.finished.clear()
            self.engine.save_to_file("a", str(Path(folder) / "essai.wav"))
            self.engine.runAndWait()
            if not self.finished.wait(FINISH_TIMEOUT):
                raise TimeoutError("la voix ne répond pas au premier essai")
            self._settle()
        return {"engine": self.engine_id(), "voices": voices}

    def engine_id(self) -> str:
        """Names what makes the audio: the cache is keyed on it."""
        name = str(self.engine)
        parts = [f"pyttsx3-{installed_version('pyttsx3')}", name]
        if name == "espeak":
            import ctypes

            from pyttsx3.drivers import _espeak

            info = _espeak.dll.espeak_Info
            info.restype = ctypes.c_char_p
            info.argtypes = [ctypes.c_void_p]
            parts.append(f"espeak-ng-{info(None).decode('ascii', 'replace')}")
        return "/".join(parts)

    def synth(self, text: str, voice: str, rate: int, out: str) -> dict[str, Any]:
        if self.engine is None:
            self.hello()
        if voice not in self.voice_ids:
            raise ValueError(f"voix inconnue « {voice} »")
        # pyttsx3's espeak driver shares state, without locks, between this thread and the
        # thread espeak calls back on: start only once the previous utterance is over.
        self._settle()
        self.engine.setProperty("voice", voice)
        self._settle()  # without this, espeak sometimes keeps the previous rate
        self.engine.setProperty("rate", int(rate))
        self._settle()
        target = Path(out)
        target.unlink(missing_ok=True)
        self.finished.clear()
        self.engine.save_to_file(text, str(target))
        self.engine.runAndWait()
        # runAndWait may return before the file is written: wait for the engine to say so.
        if not self.finished.wait(FINISH_TIMEOUT):
            raise TimeoutError("la voix n'a pas fini à temps")
        self._settle()
        used = self._current_voice()
        if used is not None and used.lower() != voice.lower():
            raise RuntimeError(f"la voix « {used} » a parlé au lieu de « {voice} »")
        made = _complete_wav(target)
        return {**made, "voice": used or voice,
                "words": self._word_times(text, voice, rate, made)}

    def _word_times(self, text: str, voice: str, rate: int, made: dict[str, Any]) -> Any:
        """When each word is heard (kiosk.speech.wordtimes): espeak-ng's own word events
        when espeak speaks, else an estimate from the audio's length."""
        from kiosk.speech import wordtimes

        if str(self.engine) == "espeak":
            if self.timer is None:
                self.timer = wordtimes.EspeakTimer()
            times = wordtimes.espeak_times(text, voice, int(rate), made["frames"],
                                           made["framerate"], timer=self.timer)
        else:
            times = wordtimes.estimate(text, made["frames"] / made["framerate"])
        return json.loads(times.to_json())

    def _current_voice(self) -> str | None:
        """The voice the engine really used (espeak only; None when it cannot be known)."""
        if str(self.engine) != "espeak":
            return None
        from pyttsx3.drivers import _espeak

        current = _espeak.GetCurrentVoice()
        if not current or not current.contents.identifier:
            return None
        return current.contents.identifier.decode("utf-8", "replace")


    def _settle(self) -> None:
        """Wait until espeak has finished every queued command and returned from its
        callbacks (no-op with other engines, whose drivers run on this thread)."""
        if str(self.engine) == "espeak":
            from pyttsx3.drivers import _espeak

            _espeak.Synchronize()


def installed_version(distribution: str) -> str:
    """The version of an installed distribution, as ``importlib.metadata.version`` gives it.

    Read from the name of its ``NAME-VERSION.dist-info`` folder on ``sys.path`` (where pip
    records it), so that this small process does not import importlib.metadata and the
    email, zipfile and csv modules it brings (about 2 MB); importlib.metadata answers only
    when there is no such folder (another kind of install)."""
    prefix = distribution.lower().replace("-", "_").replace(".", "_") + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.lower().startswith(prefix) and name.endswith(".dist-info"):
                return name[len(prefix):-len(".dist-info")]
    from importlib.metadata import version

    return version(distribution)


def _complete_wav(path: Path, wait: float = 30.0) -> dict[str, Any]:
    """Wait until ``path`` is a whole WAV file (its header matches its size)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with wave.open(str(path), "rb") as wav:
                frames = wav.getnframes()
                expected = frames * wav.getsampwidth() * wav.getnchannels()
                framerate = wav.getframerate()
            data_size = path.stat().st_size - 44
            if frames > 0 and data_size >= expected:
                return {"frames": frames, "framerate": framerate}
        except (OSError, EOFError, wave.Error):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("le fichier son n'a pas été écrit en entier")
        time.sleep(0.005)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk.speech.worker")
    parser.add_argument("--driver", default=None)
    args = parser.parse_args(argv)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # what C code prints goes to stderr
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - pyttsx3's "Audio saved to" lines
    worker = Worker(args.driver)
    for line in sys.stdin:
        if not line.strip():
            continue
        request: dict[str, Any] = {}
        try:
            request = json.loads(line)
            if request.get("op") == "hello":
                answer = worker.hello()
            elif request.get("op") == "synth":
                answer = worker.synth(request["text"], request["voice"], request["rate"],
                                      request["out"])
            elif request.get("op") == "quit":
                if worker.timer is not None:
                    worker.timer.close()
                return 0
            else:
                raise ValueError(f"demande inconnue {request.get('op')!r}")
        except ValueError as error:  # a request this engine cannot do: say so, go on
            answers.write(json.dumps({"id": request.get("id"), "ok": False,
                                      "error": str(error)}) + "\n")
            answers.flush()
            continue
        except Exception as error:  # noqa: BLE001 - any other failure is reported, then we exit
            answers.write(json.dumps({"id": request.get("id"), "ok": False,
                                      "error": f"{type(error).__name__}: {error}"}) + "\n")
            answers.flush()
            return 1
        answers.write(json.dumps({"id": request.get("id"), "ok": True, **answer}) + "\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
