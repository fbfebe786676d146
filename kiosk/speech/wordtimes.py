"""When each word of a reading is heard: the subtitles' clock.

espeak-ng reports a word event, with the word's place in the text and its position in the
audio, as it synthesises. pyttsx3 passes on the place (its ``started-word`` callback) but not
the audio position, so the speech worker asks espeak-ng itself, through its C library, in a
short process of its own (espeak-ng can be started once per process, and the worker's copy
belongs to pyttsx3): same voice, same rate, same text, hence the same audio. The number
of samples this pass makes is compared with the WAV's: equal within ``SAME_AUDIO``, the
times are espeak-ng's own, stretched to the WAV's length (``source == "espeak"``); more
different (another engine, another version), the times are
estimated from the WAV's length, spread over the words by their number of letters
(``source == "estimate"``; ``bench/bench_wordtimes.py`` prints how far off that is).

Run as ``python -m kiosk.speech.wordtimes`` (by the worker, kept running): one request a
line, ``{"text": "...", "voice": "roa/fr", "rate": 150}``, one answer a line,
``{"framerate": 22050, "samples": N, "words": [[sample, start, length], ...]}`` where
``start`` and ``length`` count characters of the text (Python ``str`` indices).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import difflib
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVENT_LIST_TERMINATED = 0
EVENT_WORD = 1
AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
CHARS_UTF8 = 1
ENDPAUSE = 0x1000
RATE = 1
SAME_AUDIO = 0.03
"""How much the second pass's length may differ from the WAV's. espeak-ng keeps a little
state from one utterance to the next, mostly in the pauses at full stops: measured here, a
text made 221,690 samples in the worker and 221,671 in a fresh espeak-ng (0.9 ms), and
three readings of « Bonjour. Au revoir. Touchez le bouton vert. » in a row made 78,485,
79,462 and 79,378 samples (44 ms apart at most, all of it in the second pause). Within 3 %
the times are espeak-ng's, stretched to the WAV; beyond, it is not the same audio and
they are estimated."""


@dataclass(frozen=True)
class Word:
    """One word: heard from ``at`` seconds; ``start``/``length`` index the text read."""

    at: float
    start: int
    length: int

    def to_list(self) -> list[Any]:
        return [round(self.at, 4), self.start, self.length]


@dataclass(frozen=True)
class WordTimes:
    words: tuple[Word, ...]
    duration: float
    source: str  # "espeak" (espeak-ng's own events) or "estimate"

    def current(self, position: float) -> int:
        """Index of the word heard at ``position`` seconds (-1 before the first)."""
        index = -1
        for i, word in enumerate(self.words):
            if word.at <= position:
                index = i
            else:
                break
        return index

    def to_json(self) -> str:
        return json.dumps({"duration": round(self.duration, 4), "source": self.source,
                           "words": [w.to_list() for w in self.words]})

    @classmethod
    def from_json(cls, text: str) -> WordTimes:
        data = json.loads(text)
        words = tuple(Word(float(a), int(s), int(n)) for a, s, n in data["words"])
        return cls(words, float(data["duration"]), str(data["source"]))


@dataclass(frozen=True)
class Reading:
    """A text being read aloud, as written on the screen, and when each of its words is
    heard (indices of ``text``)."""

    text: str
    times: WordTimes


_WORD = re.compile(r"\w[\w'’.,@/:-]*\w|\w", re.UNICODE)


def estimate(text: str, duration: float) -> WordTimes:
    """Word times guessed from the audio's length: each word gets a share of the time
    proportional to its letters (plus one for the space), from the start."""
    found = [(m.start(), m.end() - m.start()) for m in _WORD.finditer(text)]
    weights = [length + 1 for _start, length in found]
    total = sum(weights) or 1
    words, elapsed = [], 0.0
    for (start, length), weight in zip(found, weights, strict=True):
        words.append(Word(elapsed, start, length))
        elapsed += duration * weight / total
    return WordTimes(tuple(words), duration, "estimate")


def align(shown: str, spoken: str, times: WordTimes) -> WordTimes:
    """``times`` (indices of ``spoken``, the text after the lexicon) moved onto the words of
    ``shown`` (the text on the screen). Words the lexicon left alone match one to one;
    words it rewrote (« CAF » read « caf », an address spelt out) share the times of what
    was read in their place, in order."""
    shown_words = [(m.start(), m.end() - m.start()) for m in _WORD.finditer(shown)]
    spoken_keys = [spoken[w.start:w.start + w.length].casefold() for w in times.words]
    shown_keys = [shown[s:s + n].casefold() for s, n in shown_words]
    at: list[float | None] = [None] * len(shown_words)
    matcher = difflib.SequenceMatcher(a=shown_keys, b=spoken_keys, autojunk=False)
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(i1, i2):
            if j2 > j1:
                at[k] = times.words[j1 + (k - i1) * (j2 - j1) // (i2 - i1)].at
    words, last = [], 0.0
    for (start, length), when in zip(shown_words, at, strict=True):
        last = max(last, when if when is not None else last)
        words.append(Word(last, start, length))
    return WordTimes(tuple(words), times.duration, times.source)


# -- espeak-ng's own events (in a process of their own) -----------------------------------
class _Event(ctypes.Structure):
    _fields_ = (("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_void_p))


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))


class _Espeak:
    """espeak-ng's library, started once, synthesising into nothing to keep its events."""

    def __init__(self) -> None:
        name = ctypes.util.find_library("espeak-ng")
        if name is None:
            raise RuntimeError("la bibliothèque espeak-ng n'est pas installée")
        self.lib = ctypes.CDLL(name)
        self.framerate = self.lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, None, 0)
        if self.framerate <= 0:
            raise RuntimeError("espeak-ng ne démarre pas")
        self.samples = 0
        self.events: list[tuple[int, int, int]] = []
        self._callback = _CALLBACK(self._collect)
        self.lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, _wav: Any, count: int, event_list: Any) -> int:
        self.samples += max(0, count)
        i = 0
        while event_list[i].type != EVENT_LIST_TERMINATED:
            event = event_list[i]
            if event.type == EVENT_WORD:
                self.events.append((event.sample, event.text_position, event.length))
            i += 1
        return 0

    def words(self, text: str, voice: str, rate: int) -> dict[str, Any]:
        if self.lib.espeak_SetVoiceByName(voice.encode("utf-8")) != 0:
            raise ValueError(f"voix inconnue « {voice} »")
        self.lib.espeak_SetParameter(RATE, int(rate), 0)
        self.samples, self.events = 0, []
        data = text.encode("utf-8")
        self.lib.espeak_Synth(ctypes.c_char_p(data), ctypes.c_size_t(len(data) + 1), 0,
                              POS_CHARACTER, 0, CHARS_UTF8 | ENDPAUSE, None, None)
        self.lib.espeak_Synchronize()
        # espeak-ng counts characters from 1; a word's "length" is in characters too.
        words = [[sample, max(0, position - 1), length]
                 for sample, position, length in self.events]
        return {"framerate": self.framerate, "samples": self.samples, "words": words}


class EspeakTimer:
    """The process that asks espeak-ng for word times, kept between readings (starting
    one costs more than a reading). Used by the speech worker, from one thread."""

    def __init__(self, python: str | None = None) -> None:
        self.command = [python or sys.executable, "-m", "kiosk.speech.wordtimes"]
        self.process: subprocess.Popen[bytes] | None = None

    def ask(self, text: str, voice: str, rate: int) -> dict[str, Any]:
        for attempt in (1, 2):
            if self.process is None or self.process.poll() is not None:
                root = str(Path(__file__).resolve().parent.parent.parent)
                self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE,
                                                stdout=subprocess.PIPE, cwd=root)
            assert self.process.stdin is not None and self.process.stdout is not None
            request = json.dumps({"text": text, "voice": voice, "rate": rate}) + "\n"
            try:
                self.process.stdin.write(request.encode("utf-8"))
                self.process.stdin.flush()
                line = self.process.stdout.readline()
            except OSError:
                line = b""
            if line:
                answer = json.loads(line)
                if "error" in answer:
                    raise ValueError(answer["error"])
                return answer
            self.close()
            if attempt == 2:
                raise RuntimeError("le programme des temps des mots s'est arrêté")
        raise AssertionError("unreachable")

    def close(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()


def espeak_times(text: str, voice: str, rate: int, frames: int, framerate: int, *,
                 timer: EspeakTimer) -> WordTimes:
    """espeak-ng's own word times for audio of ``frames`` at ``framerate`` made from
    ``text`` by ``voice`` at ``rate``; an estimate when espeak-ng's pass does not give
    the same audio length (or cannot run: the reason goes to stderr)."""
    duration = frames / framerate if framerate else 0.0
    try:
        found = timer.ask(text, voice, rate)
    except (OSError, RuntimeError, ValueError) as error:
        print(f"temps des mots : estimés ({error})", file=sys.stderr)
        return estimate(text, duration)
    made = int(found["samples"])
    if found["framerate"] != framerate or made <= 0 or abs(made - frames) > SAME_AUDIO * frames:
        return estimate(text, duration)
    scale = frames / made
    words = tuple(Word(sample * scale / framerate, start, length)
                  for sample, start, length in found["words"] if length > 0)
    return WordTimes(words, duration, "espeak")


def main() -> int:
    """One JSON request a line on stdin ({"text", "voice", "rate"}), one answer a line."""
    espeak = None
    for line in sys.stdin:
        try:
            request = json.loads(line)
            espeak = espeak or _Espeak()
            answer = espeak.words(str(request["text"]), str(request["voice"]),
                                  int(request["rate"]))
        except (ValueError, KeyError, TypeError, RuntimeError) as error:
            answer = {"error": str(error)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
