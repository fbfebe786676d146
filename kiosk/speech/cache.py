"""Synthesised audio kept on disk, bounded in size, least recently used out first.

A file's name is a hash of what made it (engine, voice, rate, text after the lexicon), so
a change to any of them makes a new file. Recency is the file's modification time, so it
survives restarts. Thread-safe: the UI thread reads, the synthesis thread writes.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import uuid
from collections import OrderedDict
from pathlib import Path

try:  # CPython's own SHA-256: hashlib would load OpenSSL (libcrypto) for the same digest
    from _sha256 import sha256  # Python 3.11
except ImportError:  # pragma: no cover - other Pythons
    try:
        from _sha2 import sha256  # Python 3.12+
    except ImportError:
        from hashlib import sha256

log = logging.getLogger("kiosk.speech")

FORMAT = 1  # bump when the way files are made changes


class AudioCache:
    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, int] = OrderedDict()  # key -> size, oldest first
        self._total = 0
        self.folder.mkdir(parents=True, exist_ok=True)
        self._incoming = self.folder / ".en-cours"
        shutil.rmtree(self._incoming, ignore_errors=True)  # halves left by a crash
        self._incoming.mkdir(exist_ok=True)
        found = []
        for path in self.folder.glob("*.wav"):
            try:
                stat = path.stat()
            except OSError:
                continue
            found.append((stat.st_mtime_ns, path.stem, stat.st_size))
        for _, key, size in sorted(found):
            self._entries[key] = size
            self._total += size
        with self._lock:
            self._evict()

    @staticmethod
    def key(engine: str, voice: str, rate: int, text: str) -> str:
        made_of = json.dumps([FORMAT, engine, voice, rate, text], ensure_ascii=False)
        return sha256(made_of.encode("utf-8")).hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.wav"

    @property
    def total_bytes(self) -> int:
        return self._total

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def get(self, key: str) -> Path | None:
        """The file for ``key``, marked as just used, or None."""
        with self._lock:
            if key not in self._entries:
                return None
            path = self.path(key)
            try:
                os.utime(path)
            except OSError:
                self._total -= self._entries.pop(key)
                return None
            self._entries.move_to_end(key)
            return path

    def words_path(self, key: str) -> Path:
        """Beside the audio: when each of its words is heard (kiosk.speech.wordtimes)."""
        return self.folder / f"{key}.mots.json"

    def words(self, key: str) -> str | None:
        """The word times kept with ``key``'s audio, or None."""
        try:
            return self.words_path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def incoming(self) -> Path:
        """A fresh path, on the cache's disk, for a file about to be made."""
        return self._incoming / f"{uuid.uuid4().hex}.wav"

    def put(self, key: str, made: Path, words: str | None = None) -> Path:
        """Move a finished file into the cache (with its word times, when given) and drop
        the oldest files above the bound."""
        with self._lock:
            target = self.path(key)
            if words is not None:
                self.words_path(key).write_text(words, encoding="utf-8")
            os.replace(made, target)
            size = target.stat().st_size
            self._total -= self._entries.pop(key, 0)
            self._entries[key] = size
            self._total += size
            self._evict(keep=key)
            return target

    def _evict(self, keep: str | None = None) -> None:
        while self._total > self.max_bytes and self._entries:
            oldest = next(iter(self._entries))
            if oldest == keep:
                break
            size = self._entries.pop(oldest)
            self._total -= size
            self.words_path(oldest).unlink(missing_ok=True)
            try:
                self.path(oldest).unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                log.warning("voix : cache, impossible d'effacer %s (%s)", oldest, error)
