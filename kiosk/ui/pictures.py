"""Where a picture named by a flow or a screen is on disk, checked, with a visible fallback."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.flows.pictures import PictureError, check_picture

log = logging.getLogger(__name__)
FALLBACK_PICTURE = "pictos/parcours.png"


class PictureFinder:
    """Paths of pictures inside the assets folder, or the neutral pictogram when one is
    missing or unusable. Checked again whenever the named file changes on disk (deleted,
    replaced by a symbolic link out of the folder or by a picture too big)."""

    def __init__(self, assets: Path) -> None:
        self.assets = assets
        self._found: dict[str, str] = {}
        self._seen: dict[str, tuple[int, ...] | None] = {}

    def find(self, name: str) -> str:
        seen = _file_signature(self.assets / name)
        if name in self._found and self._seen.get(name) != seen:
            del self._found[name]
        if name not in self._found:
            self._seen[name] = seen
            try:
                self._found[name] = str(check_picture(self.assets, name))
            except (PictureError, OSError) as problem:
                log.warning("picture %s unusable: %s", name, problem)
                fallback = self.assets / FALLBACK_PICTURE
                self._found[name] = str(fallback) if name != FALLBACK_PICTURE and \
                    fallback.is_file() else ""
        return self._found[name]

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
