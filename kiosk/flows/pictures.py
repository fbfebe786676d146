"""Pictures named by flows: confined to the assets folder, of sane size.

Sizes are read from the file header only (PNG and JPEG), so a picture is
checked without ever being decoded: a decompression bomb is refused before it
can take any memory.
"""

from __future__ import annotations

import struct
from pathlib import Path

MAX_PIXELS = 20_000_000
MAX_SIDE = 10_000
MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = (".png", ".jpg", ".jpeg")


class PictureError(Exception):
    """A picture that may not be shown; the message is in French."""


def resolve_asset(assets_dir: Path, name: str) -> Path:
    """The real path of ``name`` inside ``assets_dir``, or PictureError."""
    if not name or "\x00" in name:
        raise PictureError("le nom de l'image est vide.")
    relative = Path(name)
    if relative.is_absolute() or name.startswith(("/", "\\")) or ":" in name[:3]:
        raise PictureError(f"« {name} » : donnez un chemin à l'intérieur du dossier assets, "
                           "pas un chemin complet.")
    if ".." in relative.parts or "\\" in name:
        raise PictureError(f"« {name} » : le chemin ne peut pas sortir du dossier assets.")
    root = assets_dir.resolve()
    target = (root / relative).resolve()
    if root != target and root not in target.parents:
        raise PictureError(f"« {name} » : ce fichier est en dehors du dossier assets.")
    if not target.is_file():
        raise PictureError(f"« {name} » : ce fichier n'existe pas dans le dossier assets "
                           "(vérifiez le nom, le dossier et l'extension).")
    if target.suffix.lower() not in EXTENSIONS:
        raise PictureError(f"« {name} » : seules les images PNG et JPEG sont acceptées.")
    return target


def image_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG or JPEG header; PictureError if unreadable."""
    with path.open("rb") as handle:
        head = handle.read(32)
        if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
            width, height = struct.unpack(">II", head[16:24])
            return width, height
        if head.startswith(b"\xff\xd8"):
            handle.seek(2)
            size = _jpeg_size(handle)
            if size is not None:
                return size
    raise PictureError(f"« {path.name} » : ce fichier n'est pas une image PNG ou JPEG lisible.")


def _jpeg_size(handle) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    for _ in range(10_000):
        marker = handle.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            break
        kind = marker[1]
        if kind in (0xD8, 0x01) or 0xD0 <= kind <= 0xD7:
            continue
        raw = handle.read(2)
        if len(raw) < 2:
            break
        (length,) = struct.unpack(">H", raw)
        if 0xC0 <= kind <= 0xCF and kind not in (0xC4, 0xC8, 0xCC):
            data = handle.read(5)
            if len(data) < 5:
                break
            height, width = struct.unpack(">HH", data[1:5])
            return width, height
        if length < 2:
            break
        handle.seek(length - 2, 1)
    return None


def check_picture(assets_dir: Path, name: str) -> Path:
    """Resolve and check a picture; return its path or raise PictureError."""
    path = resolve_asset(assets_dir, name)
    if path.stat().st_size > MAX_BYTES:
        raise PictureError(f"« {name} » : le fichier pèse plus de 20 Mo : réduisez-le.")
    try:
        width, height = image_size(path)
    except PictureError:
        raise PictureError(f"« {name} » : ce fichier n'est pas une image PNG ou JPEG "
                           "lisible.") from None
    if width <= 0 or height <= 0 or width > MAX_SIDE or height > MAX_SIDE:
        raise PictureError(f"« {name} » : dimensions impossibles ({width} x {height} points, "
                           f"{MAX_SIDE} au plus de chaque côté).")
    if width * height > MAX_PIXELS:
        raise PictureError(f"« {name} » : trop grande ({width} x {height} points, 20 millions "
                           "de points au plus) : réduisez-la.")
    return path
