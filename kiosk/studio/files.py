"""Files the studio writes where the kiosk reads them: whole or absent, never half written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target`` (synced to disk, mode 0644), then
    rename it over ``target``; the temporary file is removed if anything fails."""
    descriptor, temporary = tempfile.mkstemp(prefix=".studio-", suffix=".tmp",
                                             dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
