"""Where a picture named by a flow or a screen is on disk, checked, with a visible fallback,
and never bigger than the screen (a reduced copy, :mod:`kiosk.flows.reduced`)."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.flows.pictures import PictureError, check_picture
from kiosk.flows.reduced import ReducedPictures

log = logging.getLogger(__name__)
FALLBACK_PICTURE = "pictos/parcours.png"


class PictureFinder:
    """Paths of pictures inside the assets folder, or the neutral pictogram when one is
    missing or unusable. Checked again whenever the named file changes on disk (deleted,
    replaced by a symbolic link out of the folder or by a picture too big).

    With ``reduced``, a picture bigger than its box (the screen) is given as its reduced
    copy, which the process that reads the flows makes (:mod:`kiosk.flows.reader`); until the
    copy is there, the neutral pictogram stands in: the original is never decoded here. The
    copy is named by the hash of the file, which the worker sends (the file is read here
    only if it is looked up before the worker answered)."""

    def __init__(self, assets: Path, reduced: ReducedPictures | None = None) -> None:
        self.assets = assets
        self.reduced = reduced
        self._found: dict[str, str] = {}
        self._seen: dict[str, tuple[int, ...] | None] = {}

    def find(self, name: str) -> str:
        seen = _file_signature(self.assets / name)
        if name in self._found and self._seen.get(name) != seen:
            del self._found[name]
        if name not in self._found:
            self._seen[name] = seen
            try:
                self._found[name] = str(self._shown(check_picture(self.assets, name)))
            except (PictureError, OSError) as problem:
                log.warning("picture %s unusable: %s", name, problem)
                fallback = self.assets / FALLBACK_PICTURE
                self._found[name] = str(fallback) if name != FALLBACK_PICTURE and \
                    fallback.is_file() else ""
        return self._found[name]

    def _shown(self, path: Path) -> Path:
        """``path``, or its reduced copy when it is bigger than the screen."""
        if self.reduced is None or not self.reduced.needs_copy(path):
            return path
        copy = self.reduced.lookup(path)
        if copy is None:
            raise PictureError(f"« {path.name} » : plus grande que l'écran, sa copie réduite "
                               "n'est pas encore prête.")
        return copy

    def forget(self) -> None:
        """Check every picture again (the flows were reloaded)."""
        self._found.clear()


def _file_signature(path: Path) -> tuple[int, ...] | None:
    """What changes when a file is replaced, rewritten or turned into a link (no reading)."""
    try:
        link = path.lstat()
        target = path.stat()
    except (OSError, ValueError):
        return None
    return (link.st_ino, link.st_mode, target.st_ino, target.st_size, target.st_mtime_ns)
