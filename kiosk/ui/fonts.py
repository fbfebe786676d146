"""The fonts the kiosk draws each script with, and what to say when one is missing.

- Latin and Cyrillic (French, English, Spanish, Portuguese, Turkish, Romanian, Ukrainian,
  Russian): Roboto, Kivy's own font, shipped inside the Kivy wheel; always there.
- Arabic script (Arabic, Persian): Noto Sans Arabic, from Debian's ``fonts-noto-core``
  (``make install`` installs it). It has the joined letter forms the text layer draws
  (:mod:`kiosk.ui.rtl`) but no Latin letters, so an Arabic line with « CAF 1234 » is drawn
  with both fonts. Searched at its Debian path, then through fontconfig (``fc-list``);
  Noto Naskh Arabic is the second choice.
- When neither is installed: DejaVu Sans, shipped inside the Kivy wheel, which has the
  Arabic and Persian letters but looks heavier; ``kiosk doctor`` says so, and the kiosk
  logs it once, and keeps working.

No Kivy import here: ``kiosk doctor`` uses it too.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
ARABIC_CHOICES = (
    ("Noto Sans Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    ("Noto Naskh Arabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
)
"""(family, regular file, bold file), best first."""

DEBIAN_PACKAGE = "fonts-noto-core"


@dataclass(frozen=True)
class Font:
    family: str
    regular: Path
    bold: Path
    installed: bool
    """False: the fallback shipped with Kivy (a Noto font is missing)."""


def kivy_font(name: str) -> Path:
    """A font shipped inside the Kivy package (``Roboto-Regular.ttf``, ``DejaVuSans.ttf``)."""
    spec = importlib.util.find_spec("kivy")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "data" / "fonts" / name


def _fc_list(family: str) -> list[Path]:
    """The files fontconfig knows for ``family`` (none when fc-list is missing)."""
    if shutil.which("fc-list") is None:
        return []
    try:
        done = subprocess.run(["fc-list", family, "file"], capture_output=True, text=True,
                              timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [Path(line.split(":")[0].strip()) for line in done.stdout.splitlines() if line]


def find_arabic(noto_dir: Path = NOTO_DIR, *, use_fontconfig: bool = True) -> Font:
    """The font for Arabic-script text: the first Noto found, else DejaVu Sans."""
    for family, regular, bold in ARABIC_CHOICES:
        if (noto_dir / regular).is_file():
            found_bold = noto_dir / bold
            return Font(family, noto_dir / regular,
                        found_bold if found_bold.is_file() else noto_dir / regular, True)
        if use_fontconfig:
            files = {path.name: path for path in _fc_list(family)}
            if regular in files:
                return Font(family, files[regular], files.get(bold, files[regular]), True)
    dejavu = kivy_font("DejaVuSans.ttf")
    bold_dejavu = kivy_font("DejaVuSans-Bold.ttf")
    return Font("DejaVu Sans", dejavu, bold_dejavu if bold_dejavu.is_file() else dejavu, False)


@cache
def arabic_font() -> Font:
    """:func:`find_arabic`, looked up once per process; a missing Noto is logged once."""
    font = find_arabic()
    if not font.installed:
        log.warning("Police arabe Noto absente (paquet Debian %s) : les textes en arabe et en "
                    "persan utilisent DejaVu Sans.", DEBIAN_PACKAGE)
    return font


@cache
def letter_extents(path: Path) -> tuple[float, float]:
    """How far the Arabic letters of the font at ``path`` rise above and fall below the
    baseline, in ems (its stated ascent and descent leave room for stacked vowel signs, which
    the text layer does not draw: lines of Arabic would be nearly twice as far apart as
    lines of French). (1.0, 0.5) when the font cannot be read."""
    from fontTools.ttLib import TTFont  # a second, once per font

    try:
        font = TTFont(str(path), lazy=True)
        per_em = float(font["head"].unitsPerEm)
        glyphs = font["glyf"]
        tops, bottoms = [0.0], [0.0]
        for code, name in font.getBestCmap().items():
            if 0x0621 <= code <= 0x064A or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFC:
                glyph = glyphs[name]
                if hasattr(glyph, "yMax"):
                    tops.append(glyph.yMax / per_em)
                    bottoms.append(-glyph.yMin / per_em)
        font.close()
    except (OSError, KeyError, ValueError) as error:
        log.warning("Police %s illisible (%s)", path, error)
        return 1.0, 0.5
    return max(tops), max(bottoms)


def latin_font() -> Path:
    """The font of Latin and Cyrillic text: Kivy's Roboto."""
    return kivy_font("Roboto-Regular.ttf")
