"""Reduced copies of pictures bigger than the screen (Pillow, no Kivy).

A step picture or a pictogram is never shown larger than the screen, yet Kivy's image loader
decodes a whole file into a texture: an accepted 4470 x 4470 picture took the kiosk's peak
memory from 152 MB to 362 MB. So a picture bigger than the screen is shown from a copy
reduced to fit it, made once with Pillow and kept in a cache folder under the data folder:

- a copy's name is the hash of the original's content and the size it fits in: a picture
  changed on disk gets a new copy, the same picture under two names shares one;
- it is made by the process that reads the flows (:mod:`kiosk.flows.reader`), off the
  interface's thread and out of the kiosk's memory, for every picture the flows name (looked
  at again at every look: one header read a picture, a hash per new version of a big one);
  the worker sends the hashes it computed, so the kiosk looks a copy up
  (:meth:`ReducedPictures.lookup`) without reading the picture;
- it is written to a temporary file then renamed (``os.replace``): a copy is whole or absent;
- the folder keeps at most :data:`MAX_COPIES` copies, the least recently used go first.

The original is never written to.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path

from .pictures import image_size

FOLDER = "images-reduites"
"""The cache folder's name under the data folder."""

MAX_COPIES = 200
"""The most copies kept (pictures of a few dozen flows)."""

STALE_TEMP_SECONDS = 3600
"""A temporary file older than this was left by a killed worker: removed when pruning."""

Box = tuple[int, int]
Version = tuple[str, tuple[int, ...]]
"""A file as it is now: its path, inode, size and modification time."""


def fits(size: tuple[int, int], box: Box) -> bool:
    return size[0] <= box[0] and size[1] <= box[1]


def fitted(size: tuple[int, int], box: Box) -> tuple[int, int]:
    """The biggest size with the picture's proportions that fits in ``box``."""
    scale = min(box[0] / size[0], box[1] / size[1], 1.0)
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def content_hash(path: Path) -> str:
    """The hash of the file's bytes (files are at most 20 MB: checked before)."""
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class ReducedPictures:
    """The copies, in ``folder``, of pictures reduced to fit in ``box`` (width, height)."""

    def __init__(self, folder: Path, box: Box) -> None:
        self.folder = folder
        self.box = (max(1, int(box[0])), max(1, int(box[1])))
        self._hashes: dict[Version, str] = {}
        self._learnt: dict[Version, str] = {}
        self._failed: set[Version] = set()

    def needs_copy(self, original: Path) -> bool:
        """The picture is bigger than the box (read from its header, never decoded)."""
        return not fits(image_size(original), self.box)

    def copy_path(self, original: Path) -> Path:
        """Where the copy of ``original`` is (or goes): hashes the file once per version."""
        version = _version(original)
        digest = self._hashes.get(version)
        if digest is None:
            digest = self._hashes[version] = self._learnt[version] = content_hash(original)
        suffix = ".jpg" if original.suffix.lower() in (".jpg", ".jpeg") else ".png"
        return self.folder / f"{digest}-{self.box[0]}x{self.box[1]}{suffix}"

    def hashes_found(self) -> dict[Version, str]:
        """The hashes computed since the last call (the worker sends them to the kiosk)."""
        found, self._learnt = self._learnt, {}
        return found

    def learn(self, hashes: dict[Version, str]) -> None:
        """Hashes computed elsewhere (by the worker): the kiosk then finds those copies with
        no reading of the file on the interface's thread."""
        self._hashes.update(hashes)

    def lookup(self, original: Path) -> Path | None:
        """The copy if it was made, marked as just used; None if not (yet)."""
        copy = self.copy_path(original)
        try:
            os.utime(copy)
        except OSError:
            return None
        return copy

    def make(self, original: Path) -> Path:
        """The copy, made now if it is missing (decodes the original: call it off the
        interface's thread, ideally in another process); OSError or Pillow's errors if the
        picture cannot be read or the copy written."""
        copy = self.copy_path(original)
        if copy.exists():
            return copy
        from PIL import Image  # only the process that makes copies needs Pillow

        self.folder.mkdir(parents=True, exist_ok=True)
        with Image.open(original) as picture:
            picture.draft(picture.mode, self.box)  # JPEG: decoded at 1/2, 1/4 or 1/8 already
            picture.thumbnail(self.box, Image.Resampling.LANCZOS)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".en-cours-",
                                             suffix=copy.suffix)
            try:
                with os.fdopen(fd, "wb") as handle:
                    if copy.suffix == ".jpg":
                        picture.convert("RGB").save(handle, "JPEG", quality=90)
                    else:
                        picture.save(handle, "PNG")
                os.replace(temporary, copy)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        self.prune()
        return copy

    def prepare(self, originals: list[Path]) -> list[Path]:
        """Make the copies of those of ``originals`` bigger than the box; the copies made.
        A picture that cannot be read is left to the kiosk's own check (fallback picture)."""
        made: list[Path] = []
        for original in originals:
            try:
                version = _version(original)
                if version in self._failed:
                    continue  # tried already: tried again once the file changes
                if self.needs_copy(original) and not self.copy_path(original).exists():
                    try:
                        made.append(self.make(original))
                    except Exception:  # a broken picture: the kiosk shows its fallback
                        self._failed.add(version)
            except OSError:
                continue  # gone or unreadable: the kiosk's own check says so
        return made

    def prune(self, keep: int = MAX_COPIES) -> None:
        """Keep the ``keep`` copies used last; remove temporary files left by a kill."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        copies: list[tuple[float, str]] = []
        now = time.time()
        for entry in entries:
            try:
                stamp = entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            if entry.name.startswith(".en-cours-"):
                if now - stamp > STALE_TEMP_SECONDS:
                    _remove(entry.path)
            elif entry.is_file(follow_symlinks=False):
                copies.append((stamp, entry.path))
        copies.sort(reverse=True)
        for _stamp, path in copies[keep:]:
            _remove(path)


def _version(path: Path) -> Version:
    info = path.stat()
    return str(path), (info.st_ino, info.st_size, info.st_mtime_ns)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
