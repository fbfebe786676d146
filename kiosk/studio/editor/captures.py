"""Screenshots of real websites for a step's picture: checked by their content, bounded in
size, re-encoded without metadata, regions blurred, stored in the kiosk's assets folder.

An upload is opened by Pillow from its bytes (its name and extension are never read, and
never used: the stored file is named by its content's hash). The size written in the
picture's header is checked before any pixel is decoded, so a decompression bomb costs
nothing. What is stored is a new PNG made from the pixels only: no EXIF (GPS position,
camera, date), no text chunks, no colour profile. Blurred regions are blurred in that file:
what was under them is not kept anywhere.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from kiosk.flows.pictures import PictureError, resolve_asset
from kiosk.studio.files import write_atomically

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 20_000_000
STORED_MAX_SIDE = 2560
"""Larger screenshots are reduced to this many points on their longer side when stored."""
FORMATS = ("PNG", "JPEG", "WEBP")
FOLDER = "captures"
MAX_BLURS = 10


class CaptureRefused(Exception):
    """An upload or a region refused; the message is in French, nothing was stored."""


@dataclass(frozen=True)
class Box:
    """A region of the picture in percent of its width and height, from the top left."""

    x: float
    y: float
    width: float
    height: float

    def pixels(self, size: tuple[int, int]) -> tuple[int, int, int, int]:
        width, height = size
        left = round(self.x * width / 100)
        top = round(self.y * height / 100)
        right = round((self.x + self.width) * width / 100)
        bottom = round((self.y + self.height) * height / 100)
        return (max(0, left), max(0, top), min(width, max(right, left + 1)),
                min(height, max(bottom, top + 1)))


def parse_boxes(text: str) -> list[Box]:
    """Regions written « gauche, haut, largeur, hauteur » in percent, separated by « ; »
    (what the drawing script writes; also typed by hand). CaptureRefused when wrong."""
    boxes = []
    for number, part in enumerate((p for p in text.split(";") if p.strip()), start=1):
        values = [v.strip().replace(",", ".") for v in part.replace(" ", ",").split(",")
                  if v.strip()]
        if len(values) != 4:
            raise CaptureRefused(f"zone à flouter n°{number} : écrivez 4 nombres (gauche, haut, "
                                 "largeur, hauteur, en pour cent de l'image).")
        try:
            x, y, width, height = (float(Decimal(v)) for v in values)
        except InvalidOperation:
            raise CaptureRefused(f"zone à flouter n°{number} : « {part.strip()} » n'est pas "
                                 "fait de nombres.") from None
        if min(x, y) < 0 or min(width, height) <= 0 or x + width > 100.001 \
                or y + height > 100.001:
            raise CaptureRefused(f"zone à flouter n°{number} : elle doit tenir dans l'image "
                                 "(nombres entre 0 et 100, gauche + largeur et haut + hauteur "
                                 "100 au plus).")
        boxes.append(Box(x, y, width, height))
    if len(boxes) > MAX_BLURS:
        raise CaptureRefused(f"{len(boxes)} zones à flouter : {MAX_BLURS} au plus.")
    return boxes


def open_upload(raw: bytes) -> Image.Image:
    """The picture in ``raw``, decoded, or CaptureRefused: not a PNG, JPEG or WebP picture
    (whatever its name says), too heavy, too many points, damaged."""
    if len(raw) > MAX_BYTES:
        raise CaptureRefused(f"l'image pèse plus de {MAX_BYTES // (1024 * 1024)} Mo : "
                             "enregistrez la capture en JPEG, ou faites-la plus petite.")
    if not raw:
        raise CaptureRefused("le fichier est vide.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(raw), formats=FORMATS)
        except Image.DecompressionBombError:
            raise CaptureRefused(_too_big(None)) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise CaptureRefused("ce fichier n'est pas une image PNG, JPEG ou WebP (son "
                                 "contenu a été vérifié, pas seulement son nom).") from None
        width, height = image.size
        if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
            raise CaptureRefused(_too_big((width, height)))
        try:
            image.load()
        except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
            raise CaptureRefused("l'image est abîmée ou incomplète : enregistrez la capture "
                                 "à nouveau.") from None
    return image


def _too_big(size: tuple[int, int] | None) -> str:
    points = f" ({size[0]} x {size[1]} points)" if size else ""
    return (f"l'image est trop grande{points} : 20 millions de points au plus. Réduisez-la "
            "ou faites une capture d'une partie de l'écran.")


def clean(image: Image.Image) -> Image.Image:
    """Only the pixels: turned upright as the camera said, without transparency, at most
    STORED_MAX_SIDE points a side, and a new image with no metadata at all."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    if max(image.size) > STORED_MAX_SIDE:
        image.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    return Image.frombytes("RGB", image.size, image.tobytes())


def blur(image: Image.Image, boxes: list[Box]) -> Image.Image:
    """``image`` with each region replaced by a strong Gaussian blur of itself (the radius
    grows with the region, so a name or a number cannot be read)."""
    for box in boxes:
        area = box.pixels(image.size)
        region = image.crop(area)
        radius = max(8, min(region.size) // 2)
        for _ in range(2):
            region = region.filter(ImageFilter.GaussianBlur(radius))
        image.paste(region, area[:2])
    return image


def store(assets_dir: Path, image: Image.Image) -> str:
    """Write ``image`` as a PNG in the assets folder's captures/ (named by its content's
    hash, written atomically); the name to put in the step's « image »."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    data = buffer.getvalue()
    name = f"{FOLDER}/{hashlib.sha256(data).hexdigest()[:24]}.png"
    target = assets_dir / name
    if target.is_file():
        return name
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data)
    return name


def from_upload(assets_dir: Path, raw: bytes, boxes: list[Box]) -> str:
    """Check, clean, blur and store an uploaded screenshot; its asset name."""
    return store(assets_dir, blur(clean(open_upload(raw)), boxes))


def blur_existing(assets_dir: Path, name: str, boxes: list[Box]) -> str:
    """A new picture: the step's current one (inside the assets folder) with ``boxes``
    blurred; its asset name. The old file stays (other steps may show it)."""
    try:
        path = resolve_asset(assets_dir, name)
    except PictureError as problem:
        raise CaptureRefused(f"l'image actuelle {problem}") from None
    if path.stat().st_size > MAX_BYTES:
        raise CaptureRefused("l'image actuelle pèse plus de 10 Mo : envoyez une capture plus "
                             "légère.")
    return store(assets_dir, blur(clean(open_upload(path.read_bytes())), boxes))
