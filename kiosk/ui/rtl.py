"""Right-to-left text (Arabic, Persian) for Kivy's labels, with no Kivy in here.

Kivy 2.3.1 draws a label with one font and, through SDL2_ttf, one HarfBuzz script and
direction. Tried on this stack: ``font_direction='rtl'`` joins Arabic letters but reverses
embedded Latin words and digits (« CAF » shows « FAC »); reordering a whole text with the
bidirectional algorithm before Kivy wraps it puts wrapped lines in reverse order (Kivy
issues #8189, #7918). So the text layer (:mod:`kiosk.ui.widgets.words`) does it itself:

1. wrap the text in logical order (the order it is written and read aloud), measuring each
   candidate line as it will be drawn (:func:`wrap`);
2. shape each line (:func:`shape`: Arabic letters to their joined presentation forms,
   ``arabic-reshaper``) and reorder it for display (:func:`visual_line`: the Unicode
   bidirectional algorithm, ``python-bidi``), so « CAF 1234 » and an e-mail address keep
   their order inside Arabic text;
3. split the visual line into runs by script (:func:`script_runs`), each drawn with a font
   that has its letters (the Noto Arabic fonts have no Latin letters), and align right.

Why presentation forms and not HarfBuzz through ``font_script_name``: one Kivy label has
one script and one direction, but an Arabic line with « CAF 1234 » needs two fonts, which
only markup ``[font=]`` spans can give, and markup has no span for script or direction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from arabic_reshaper import ArabicReshaper
from bidi import get_display
from bidi.algorithm import get_display as get_display_mirrored

RTL_LANGUAGES = frozenset({"ar", "fa"})
"""Languages written right to left that the kiosk may show: the screen is mirrored."""

_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
"""A letter of a right-to-left script (Hebrew, Arabic and their presentation forms)."""

_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff"
                            "\ufe70-\ufefc]+")
"""A run of characters that only an Arabic font draws (letters, Arabic digits and signs)."""

_RESHAPER = ArabicReshaper(configuration={
    "delete_harakat": True,  # vowel signs: rare in everyday text, misplaced once reversed
    "support_ligatures": True,
    "ARABIC LIGATURE ALLAH": False,  # word ligatures depend on the font: letters only
})


def is_rtl_language(language: str) -> bool:
    """True for a language whose screens are mirrored (Arabic, Persian)."""
    return re.split("[-_]", language, maxsplit=1)[0].lower() in RTL_LANGUAGES


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter (then it is shaped and reordered)."""
    return _RTL_LETTER.search(text) is not None


def shape(text: str) -> str:
    """Arabic letters of ``text`` (logical order) replaced by their joined forms."""
    return _RESHAPER.reshape(text) if has_rtl(text) else text


_MIRRORED = re.compile("[()<>\\[\\]{}«»‹›]")
"""Characters drawn mirrored in right-to-left text (those of Unicode's Bidi_Mirrored that
the kiosk's texts use)."""

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c]")
"""Zero-width joiners and direction marks: they guide shaping and ordering, then are left
out of what is drawn (Kivy's fonts have no glyph for them)."""


def visual_line(line: str) -> str:
    """One line (logical order, no newline) as it is drawn from left to right: shaped, then
    reordered by the bidirectional algorithm with a right-to-left base when it holds a
    right-to-left letter (a line with none is left as it is).

    python-bidi's fast implementation (Rust) reorders but does not mirror brackets; a line
    with a bracket or a guillemet goes through its Python implementation, which does."""
    if not has_rtl(line):
        return line
    shaped = shape(line)
    if _MIRRORED.search(shaped):
        shown = get_display_mirrored(shaped, base_dir="R")
    else:
        shown = get_display(shaped, base_dir="R")
    return _INVISIBLE.sub("", shown)


@dataclass(frozen=True)
class Run:
    """A piece of a visual line drawn with one font."""

    text: str
    arabic: bool
    """True: drawn with the Arabic font; False: with the label's own (Latin, Cyrillic)."""


def script_runs(visual: str) -> list[Run]:
    """``visual`` (from :func:`visual_line`) cut into runs by the font that draws them.
    Spaces go with the run before them, so that runs are few (an Arabic font has a
    space)."""
    runs: list[Run] = []
    position = 0
    for found in _ARABIC_SCRIPT.finditer(visual):
        if found.start() > position:
            runs.append(Run(visual[position:found.start()], False))
        runs.append(Run(found.group(), True))
        position = found.end()
    if position < len(visual):
        runs.append(Run(visual[position:], False))
    merged: list[Run] = []
    for run in runs:
        if merged and (not run.text.strip() or run.arabic == merged[-1].arabic):
            merged[-1] = Run(merged[-1].text + run.text, merged[-1].arabic)
        else:
            merged.append(run)
    return merged


def wrap(text: str, width: float | None, measure: Callable[[str], float]) -> list[str]:
    """The lines of ``text`` in logical order, broken between words so that each, once
    drawn (``measure(line)``: its width in pixels as drawn), is at most ``width`` wide
    (``None``: no wrapping). A word wider than ``width`` gets a line of its own."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if width is None:
            lines.append(paragraph)
            continue
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and measure(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def shorten(lines: list[str], max_lines: int, ellipsis: str = "…") -> list[str]:
    """At most ``max_lines`` lines (0: all), the last one ending with ``ellipsis`` when some
    were left out (in logical order: it shows at the left of a right-to-left line)."""
    if max_lines <= 0 or len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = kept[-1].rstrip() + ellipsis
    return kept


def mirror_halign(halign: str) -> str:
    """A label's alignment on a mirrored screen: the start of a line is at the right."""
    return {"left": "right", "right": "left", "auto": "right", "justify": "right"}.get(
        halign, halign)
