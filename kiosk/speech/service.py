"""The speech service: read texts aloud, one voice at a time, never blocking the screen.

Three parts, each with one owner:
- the UI thread calls every public method and receives every notification;
- one synthesis thread owns the worker process (``EngineProcess``) and the order of jobs:
  the latest "speak" first, then the flow's steps to prefetch, in path order;
- the worker process owns pyttsx3 and writes WAV files; it is restarted if it dies or
  hangs, and nothing it does can block or crash the kiosk.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
import wave
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.flows.model import FALLBACK_LANGUAGE, Flow, Step
from kiosk.settings import Settings

from .cache import AudioCache
from .calls import kivy_post
from .engine import EngineDied, EngineError, EngineProcess
from .lexicon import Lexicon, load_lexicons, plain
from .voices import RATES, Voice, choose_voice
from .wordtimes import Reading, WordTimes, align, estimate

log = logging.getLogger("kiosk.speech")

UNAVAILABLE = "son indisponible"
NO_VOICE = "aucune voix pour la langue"
DEFAULT_PLAYER: Any = object()
MAX_START_FAILURES = 3

Post = Callable[[Callable[[], None]], None]
Listener = Callable[[str, Any], None]


class SpeechUnavailable(Exception):
    """Raised by the blocking calls (``synthesize``) when no audio could be made."""


@dataclass
class _Job:
    text: str  # after the lexicon
    language: str
    wpm: int
    private: bool
    generation: int | None  # the "speak" it belongs to; None for prefetch and blocking calls
    done: Callable[[Path | None, str | None], None]  # called on the synthesis thread


def flow_texts(flow: Flow, language: str) -> list[tuple[str, str]]:
    """(text read aloud, language of that text) for each step, in path order from the start."""
    order: list[Step] = []
    seen: set[str] = set()
    waiting = deque([flow.start.id])
    while waiting:
        step_id = waiting.popleft()
        if step_id in seen or not flow.has_step(step_id):
            continue
        seen.add(step_id)
        step = flow.step(step_id)
        order.append(step)
        waiting.extend(step.successors())
    return [(step.spoken_text(language), step_language(step, language)) for step in order]


def step_language(step: Step, language: str) -> str:
    """The language a step is read in: French when the flow lacks ``language`` there."""
    return language if (step.spoken or step.title).has(language) else FALLBACK_LANGUAGE


PRIVATE_PREFIX = "kiosk-voix-privee-"


def forget_private_leftovers(base: Path | None) -> list[Path]:
    """Delete the private audio folders (what a visitor typed, spoken) that a kiosk killed
    without warning (kill -9) left behind: ours, of a process that no longer runs (its id is
    in the name); returns them. A killed process cannot clean up: the next start does,
    before anything else is said."""
    folder = Path(base if base is not None else tempfile.gettempdir())
    removed = []
    try:
        candidates = list(folder.glob(f"{PRIVATE_PREFIX}*"))
    except OSError:
        return removed
    for path in candidates:
        try:
            info = path.lstat()
        except OSError:
            continue
        owner = path.name[len(PRIVATE_PREFIX):].split("-", 1)[0]
        if not owner.isdigit() or _running(int(owner)):
            continue
        if info.st_uid == os.getuid() and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    if removed:
        log.warning("voix : %d dossier(s) de voix privée laissé(s) par un arrêt brutal : "
                    "effacé(s)", len(removed))
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, another user's
        return True
    return True


class SpeechService:
    """Reads steps aloud for one kiosk. Create it and call every method on the UI thread.

    ``post`` runs a function on the UI thread (default: Kivy's Clock); ``player`` plays
    WAV files (default: a ``KivyPlayer``; None: make audio, play nothing, as ``kiosk say``
    does). ``driver``, ``worker_command`` and ``worker_env`` choose how the worker runs.
    """

    def __init__(self, settings: Settings, *, post: Post | None = None,
                 player: Any = DEFAULT_PLAYER, driver: str | None = None,
                 worker_command: list[str] | None = None,
                 worker_env: dict[str, str] | None = None, timeout: float = 10.0) -> None:
        self.settings = settings
        self._post = post or kivy_post
        self._player = player
        self.driver = driver
        self.worker_command = worker_command
        self.worker_env = worker_env
        self.timeout = timeout
        self.cache = AudioCache(Path(settings.data_dir) / "voix-cache",
                                int(settings.speech_cache_mb) * 1024 * 1024)
        self.lexicons: dict[str, Lexicon] = {}
        self.lexicon_problems: list[str] = []
        # State, read by the UI (set by the synthesis thread only for availability).
        self.available = True
        self.ready = False
        self.reason = ""
        self.speaking = False
        self.enabled = bool(settings.speech_enabled)
        self.rate = str(settings.speech_rate)
        self.last_latency: float | None = None
        self.synthesized = 0  # files the worker made since start
        self.restarts = 0  # times the worker was started again after dying
        self._ui_thread = threading.current_thread()
        self._listeners: list[Listener] = []
        self._generation = 0
        self._last: tuple[str, str, bool] | None = None
        self._requested_at = 0.0
        self._voices: tuple[Voice, ...] = ()
        self._engine_id = ""
        self._engine: EngineProcess | None = None
        self._ever_started = False
        self._start_failures = 0
        self._settled = threading.Event()
        self._cond = threading.Condition()
        self._urgent: _Job | None = None
        self._background: deque[_Job] = deque()
        self._closing = False
        self._thread: threading.Thread | None = None
        self._private_dir: Path | None = None
        self._missing_voices: set[str] = set()
        self._then: list[tuple[str, str]] = []  # what speak_parts reads next
        self._private_words: dict[Path, str] = {}  # a private reading's word times, in memory
        self.reading: Reading | None = None
        """What is being read, with when each word is heard; None when silent."""

    # -- life -------------------------------------------------------------------------------
    def start(self) -> None:
        """Read the lexicons, check the audio output, start the worker in the background."""
        self.reload_lexicons()
        shm = Path("/dev/shm")  # noqa: S108 - a private mkdtemp inside, mode 0700
        base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
        forget_private_leftovers(base)
        self._private_dir = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-",
                                                  dir=base))
        if self._player is DEFAULT_PLAYER:
            from .player import KivyPlayer

            self._player = KivyPlayer()
        if self._player is not None:
            reason = self._player.probe()
            if reason:
                self._set_unavailable(f"{UNAVAILABLE} : {reason}")
        self._thread = threading.Thread(target=self._run, name="speech-synthesis", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float = 15.0) -> bool:
        """Block until the worker answered or failed; True when speech is available."""
        self._settled.wait(timeout)
        return self.available and self.ready

    def close(self) -> None:
        """Stop speaking, stop the worker, forget private files. The service is then dead."""
        self._halt()
        with self._cond:
            self._closing = True
            self._background.clear()
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout + 5)
        if self._engine is not None:
            self._engine.close()
        if self._private_dir is not None:
            shutil.rmtree(self._private_dir, ignore_errors=True)

    def reload_lexicons(self) -> list[str]:
        """Read the lexicon files again; returns their problems (also logged)."""
        self.lexicons, self.lexicon_problems = load_lexicons(self.settings.path("lexicon_dir"))
        for problem in self.lexicon_problems:
            log.warning("lexique : %s", problem)
        return self.lexicon_problems

    @property
    def last_text(self) -> str | None:
        """The text last asked to be read (as written, before the lexicon), or None."""
        return self._last[0] if self._last is not None else None

    @property
    def worker_pid(self) -> int | None:
        engine = self._engine
        return engine.pid if engine is not None else None

    # -- listening --------------------------------------------------------------------------
    def listen(self, callback: Listener) -> None:
        """``callback(name, value)`` on the UI thread when "speaking", "available",
        "enabled", "rate" or "reading" (a :class:`Reading`, or None) changes."""
        self._listeners.append(callback)

    def _notify(self, name: str, value: Any) -> None:
        def call() -> None:
            for listener in list(self._listeners):
                listener(name, value)
        if threading.current_thread() is self._ui_thread:
            call()
        else:
            self._post(call)

    def _set_speaking(self, speaking: bool) -> None:
        if not speaking and self.reading is not None:
            self.reading = None
            self._notify("reading", None)
        if speaking != self.speaking:
            self.speaking = speaking
            self._notify("speaking", speaking)

    @property
    def position(self) -> float:
        """Seconds of the current reading already played (0 when silent)."""
        if not self.speaking or self._player is None or self._player is DEFAULT_PLAYER:
            return 0.0
        return float(getattr(self._player, "position", 0.0))

    def _set_unavailable(self, reason: str) -> None:
        if not self.available:
            return
        self.reason = reason
        self.available = False
        log.warning("%s", reason)
        self._settled.set()
        self._notify("available", False)

    # -- what is said -----------------------------------------------------------------------
    def lexicon(self, language: str) -> Lexicon:
        return self.lexicons.get(language) or plain(language)

    def spoken_text(self, text: str, language: str) -> str:
        """The text as sent to the voice, after the lexicon of ``language``."""
        return self.lexicon(language).apply(text)

    def voice_for(self, language: str) -> Voice | None:
        """The voice that reads ``language``; None before the worker is ready or if none."""
        return choose_voice(self._voices, language)

    # -- speaking (UI thread) ---------------------------------------------------------------
    def speak(self, text: str, language: str | None = None) -> bool:
        """Read ``text`` from the start, stopping anything being read. Cached on disk.

        Returns False when nothing will be heard (sound off, unavailable, empty text, no
        voice for the language).
        """
        return self._request(text, language or self.settings.language, private=False)

    def speak_step(self, step: Step, language: str, *, before: str = "") -> bool:
        """Read a step as the flow file says it should be read; ``before``: a sentence of
        the kiosk's in ``language``, read first (the step may then be read in French)."""
        parts = [(before, language)] if before else []
        parts.append((step.spoken_text(language), step_language(step, language)))
        return self.speak_parts(parts)

    def speak_parts(self, parts: list[tuple[str, str]]) -> bool:
        """Read texts one after the other, each in its own language (text, language): a
        part with no voice for its language is left out, never read with another voice."""
        for index, (text, language) in enumerate(parts):
            if self.speak(text, language):
                self._then = list(parts[index + 1:])
                return True
        return False

    def speak_private(self, text: str, language: str | None = None) -> bool:
        """Read something the visitor typed: never cached, never kept on disk.

        The audio is made in a file in memory (``/dev/shm`` on Linux; the system's
        temporary folder elsewhere), deleted as soon as the player has loaded it.
        """
        return self._request(text, language or self.settings.language, private=True)

    def repeat(self) -> bool:
        """Read the last text again from the start (at the current speed)."""
        if self._last is None:
            return False
        text, language, private = self._last
        return self._request(text, language, private)

    def stop(self) -> None:
        """Silence now, and drop any reading not started yet."""
        self._halt()
        self._set_speaking(False)

    def set_enabled(self, enabled: bool) -> None:
        """Sound on or off. Off silences now; on reads the current text from the start."""
        if enabled == self.enabled:
            return
        self.enabled = enabled
        self._notify("enabled", enabled)
        if not enabled:
            self.stop()
        elif self._last is not None:
            self.repeat()

    def set_rate(self, rate: str) -> None:
        """"normal" or "lent"; used from the next reading (call ``repeat`` to hear it)."""
        if rate not in RATES:
            raise ValueError(f"speech rate must be one of {sorted(RATES)}, not {rate!r}")
        if rate != self.rate:
            self.rate = rate
            self._notify("rate", rate)

    def reset_visit(self) -> None:
        """End of a visit: silence, forget the last text, sound and speed back to settings."""
        self.stop()
        self._last = None
        with self._cond:
            self._background.clear()
        self.set_enabled(bool(self.settings.speech_enabled))
        self.set_rate(str(self.settings.speech_rate))

    def prefetch(self, texts: Iterable[str], language: str | None = None) -> int:
        """Make the audio of ``texts`` in the background, in this order, replacing any
        earlier prefetch. Returns the number of texts queued."""
        language = language or self.settings.language
        return self._prefetch([(text, language) for text in texts])

    def prefetch_flow(self, flow: Flow, language: str) -> int:
        """Prefetch every step of ``flow``, in path order from its first step."""
        return self._prefetch(flow_texts(flow, language))

    def _prefetch(self, pairs: list[tuple[str, str]]) -> int:
        if not self.available:
            return 0
        wpm = RATES[self.rate]
        jobs: list[_Job] = []
        seen: set[tuple[str, str]] = set()
        for text, language in pairs:
            spoken = self.spoken_text(text, language)
            if spoken and (spoken, language) not in seen:
                seen.add((spoken, language))
                jobs.append(_Job(spoken, language, wpm, False, None, lambda path, error: None))
        with self._cond:
            self._background = deque(jobs)
            self._cond.notify_all()
        return len(jobs)

    def _halt(self) -> None:
        self._generation += 1
        self._then = []
        with self._cond:
            self._urgent = None
        if self._player is not None and self._player is not DEFAULT_PLAYER:
            self._player.stop()

    def _request(self, text: str, language: str, private: bool) -> bool:
        self._halt()
        self._last = (text, language, private)
        spoken = self.spoken_text(text, language) if text else ""
        if not (self.enabled and self.available and spoken):
            self._set_speaking(False)
            return False
        generation = self._generation
        self._requested_at = time.perf_counter()
        wpm = RATES[self.rate]
        if self.ready:
            voice = self.voice_for(language)
            if voice is None:
                self._no_voice(language)
                self._set_speaking(False)
                return False
            if not private:
                hit = self.cache.get(AudioCache.key(self._engine_id, voice.id, wpm, spoken))
                if hit is not None:
                    return self._play(hit, generation, private=False)
        self._set_speaking(False)

        def done(path: Path | None, error: str | None) -> None:
            self._post(lambda: self._synthesized(generation, path, error, private))

        with self._cond:
            self._urgent = _Job(spoken, language, wpm, private, generation, done)
            self._cond.notify_all()
        return True

    def _no_voice(self, language: str) -> None:
        """No voice reads ``language`` here: silence, logged once; listeners hear
        "no-voice" (the language) every time, and tell the visitor once a visit."""
        if language not in self._missing_voices:
            self._missing_voices.add(language)
            log.warning("voix : aucune voix pour la langue « %s » : le texte reste affiché "
                        "sans être lu", language)
        self._notify("no-voice", language)

    def _next_part(self, generation: int) -> bool:
        """Read what :meth:`speak_parts` left, if this reading is still the current one."""
        if generation != self._generation or not self._then:
            return False
        rest = self._then
        return self.speak_parts(rest)

    def _synthesized(self, generation: int, path: Path | None, error: str | None,
                     private: bool) -> None:
        if generation != self._generation or path is None:
            if private and path is not None:
                self._private_words.pop(path, None)
                path.unlink(missing_ok=True)
            if error and generation == self._generation:
                log.warning("voix : rien à lire (%s)", error)
                if error.startswith(NO_VOICE):
                    self._no_voice(self._last[1] if self._last is not None else "")
                self._next_part(generation)
            return
        self._play(path, generation, private)

    def _play(self, path: Path, generation: int, private: bool) -> bool:
        reading = self._reading(path, private)
        if self._player is None:
            if private:
                path.unlink(missing_ok=True)
            return True
        if not self._player.play(path, on_end=lambda: self._ended(generation),
                                 delete_after_load=private):
            log.warning("voix : le son n'a pas pu être joué")
            self._set_speaking(False)
            return False
        self.last_latency = time.perf_counter() - self._requested_at
        self._set_speaking(True)
        self.reading = reading
        self._notify("reading", reading)
        return True

    def _reading(self, path: Path, private: bool) -> Reading | None:
        """The text being played, with its word times moved onto the written words."""
        if self._last is None:
            return None
        text, language, _private = self._last
        spoken = self.spoken_text(text, language)
        raw = self._private_words.pop(path, None) if private else self.cache.words(path.stem)
        times: WordTimes | None = None
        if raw is not None:
            try:
                times = WordTimes.from_json(raw)
            except (ValueError, KeyError, TypeError):
                times = None
        if times is None:  # audio made before word times were kept: guess from its length
            try:
                with wave.open(str(path), "rb") as audio:
                    times = estimate(spoken, audio.getnframes() / audio.getframerate())
            except (OSError, EOFError, wave.Error, ZeroDivisionError):
                return None
        return Reading(text, align(text, spoken, times))

    def _ended(self, generation: int) -> None:
        if generation != self._generation:
            return
        if self._then:  # the next part once the player is out of its own event
            self._post(lambda: self._next_part(generation) or self._set_speaking(False))
        else:
            self._set_speaking(False)

    # -- blocking use (``kiosk say``, tests, bench): any thread --------------------------------
    def synthesize(self, text: str, language: str | None = None, rate: str | None = None,
                   timeout: float | None = None) -> Path:
        """Make (or find in the cache) the audio of ``text``; returns the cached WAV file.

        Raises SpeechUnavailable with a French reason.
        """
        if self._thread is None:
            raise SpeechUnavailable("le service de la voix n'est pas démarré (start)")
        language = language or self.settings.language
        spoken = self.spoken_text(text, language)
        if not spoken:
            raise SpeechUnavailable("le texte est vide")
        finished = threading.Event()
        result: list[Any] = [None, None]

        def done(path: Path | None, error: str | None) -> None:
            result[:] = [path, error]
            finished.set()

        job = _Job(spoken, language, RATES[rate or self.rate], False, None, done)
        with self._cond:
            self._background.appendleft(job)
            self._cond.notify_all()
        wait = (timeout or self.timeout) * 2 + 15
        if not finished.wait(wait):
            raise SpeechUnavailable(f"{UNAVAILABLE} : pas de réponse en {wait:g} s")
        if result[0] is None:
            raise SpeechUnavailable(result[1] or self.reason or UNAVAILABLE)
        return result[0]

    # -- synthesis thread -------------------------------------------------------------------
    def _run(self) -> None:
        self._ensure_engine()
        self._settled.set()
        while True:
            with self._cond:
                while not (self._closing or self._urgent or self._background):
                    self._cond.wait()
                if self._closing:
                    break
                if self._urgent is not None:
                    job, self._urgent = self._urgent, None
                else:
                    job = self._background.popleft()
            try:
                self._do(job)
            except Exception as error:  # noqa: BLE001 - the thread must survive anything
                log.exception("voix : erreur inattendue")
                job.done(None, f"erreur inattendue ({error})")
        for job in list(self._background):
            job.done(None, "la borne s'arrête")

    def _ensure_engine(self) -> bool:
        if self._engine is not None and self._engine.alive:
            return True
        if not self.available:
            return False
        if self._start_failures >= MAX_START_FAILURES:
            return False
        engine = EngineProcess(self.driver, self.worker_command, self.worker_env)
        try:
            engine.start(timeout=self.timeout)
        except EngineError as error:
            self._start_failures += 1
            log.warning("voix : %s", error)
            if not self._ever_started or self._start_failures >= MAX_START_FAILURES:
                self._set_unavailable(f"{UNAVAILABLE} : {error}")
            return False
        if self._ever_started:
            self.restarts += 1
        self._engine = engine
        self._ever_started = True
        self._start_failures = 0
        self._engine_id = engine.engine_id
        self._voices = engine.voices
        if choose_voice(engine.voices, self.settings.language) is None:
            self._set_unavailable(f"{UNAVAILABLE} : aucune voix pour la langue "
                                  f"« {self.settings.language} » de la borne")
            return False
        if not self.ready:
            self.ready = True
            self._settled.set()
            self._notify("available", self.available)
        return True

    def _do(self, job: _Job) -> None:
        if job.generation is not None and job.generation != self._generation:
            job.done(None, None)  # a newer "speak" or a "stop" came since
            return
        if not self.available or not self._ensure_engine():
            job.done(None, self.reason or f"{UNAVAILABLE} : le moteur de voix ne répond pas")
            return
        voice = choose_voice(self._voices, job.language)
        if voice is None:
            job.done(None, f"{NO_VOICE} « {job.language} »")
            return
        key = AudioCache.key(self._engine_id, voice.id, job.wpm, job.text)
        if not job.private:
            hit = self.cache.get(key)
            if hit is not None:
                job.done(hit, None)
                return
        assert self._private_dir is not None
        out = (self._private_dir / f"{uuid.uuid4().hex}.wav" if job.private
               else self.cache.incoming())
        request = {"op": "synth", "text": job.text, "voice": voice.id, "rate": job.wpm,
                   "out": str(out)}
        words: str | None = None
        for attempt in (1, 2):
            engine = self._engine
            try:
                assert engine is not None
                answer = engine.request(request, self.timeout + len(job.text) * 0.01)
                if isinstance(answer.get("words"), dict):
                    words = json.dumps(answer["words"])
                break
            except EngineDied as error:
                log.warning("voix : le moteur de voix ne répond plus (%s) ; nouveau démarrage",
                            error)
                if attempt == 2 or not self._ensure_engine():
                    out.unlink(missing_ok=True)
                    job.done(None, str(error))
                    return
            except EngineError as error:
                out.unlink(missing_ok=True)
                job.done(None, str(error))
                return
        self.synthesized += 1
        if job.private:
            if words is not None:
                self._private_words[out] = words
            job.done(out, None)
        else:
            job.done(self.cache.put(key, out, words), None)


