"""Small helpers shared by the flow tests: a tiny assets folder and minimal flow texts.

The committed ``tests/assets`` holds three real little pictures. ``make_assets`` copies it
into a temporary folder and adds what must not be committed: PNG headers announcing huge
pictures (never decoded by the validator) and a symbolic link that points out of the folder.
"""

from __future__ import annotations

import shutil
import struct
import time
import zlib
from pathlib import Path

TESTS = Path(__file__).resolve().parent
BROKEN = TESTS / "broken_flows"
FLOWS = TESTS / "flows"
COMPLETE = FLOWS / "complet.yaml"

# The smallest valid flow: one information step, then the end.
MINIMAL = """\
id: essai
titre: Essai
description: Un parcours pour essayer.
themes: [e-mail]
niveau: débutant
duree: 5
pictogramme: pictos/email.png
etapes:
  - id: debut
    type: information
    titre: Début
    texte: Bonjour.
  - id: fin
    type: fin
    titre: Fin
    texte: Au revoir.
"""


def png_header(width: int, height: int) -> bytes:
    """The first bytes of a PNG of that size: signature and IHDR, no pixels at all."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


def make_assets(root: Path) -> Path:
    """A copy of ``tests/assets`` in ``root``, plus the pictures the tests refuse."""
    assets = root / "assets"
    shutil.copytree(TESTS / "assets", assets)
    (assets / "images" / "trop-grande.png").write_bytes(png_header(5000, 5000))
    (assets / "images" / "absurde.png").write_bytes(png_header(100_000, 1))
    (assets / "images" / "pas-une-image.png").write_text("ceci n'est pas une image\n")
    (assets / "images" / "notes.txt").write_text("texte\n")
    outside = root / "secret.png"
    shutil.copy(TESTS / "assets" / "pictos" / "email.png", outside)
    (assets / "images" / "lien-dehors.png").symlink_to(outside)
    return assets


def with_steps(steps: str, head: str = MINIMAL) -> str:
    """MINIMAL with its steps replaced by ``steps`` (indented as under ``etapes:``)."""
    return head[: head.index("etapes:\n") + len("etapes:\n")] + steps


def wait_until(condition, seconds: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    """Poll ``condition`` until it holds; False after ``seconds`` (a bound for something
    stuck, not a measure)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
