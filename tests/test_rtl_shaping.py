"""The Arabic the text layer draws matches a reference shaping: HarfBuzz (``uharfbuzz``).

For each sentence (mixed scripts, digits, an e-mail address, Persian letters), the visual
order of its pieces is written here by hand, as a reader sees it from left to right; each
Arabic piece is shaped by HarfBuzz with the kiosk's Arabic font (glyphs in visual order) and
each Latin piece with Roboto. The line the text layer draws (:func:`kiosk.ui.rtl.visual_line`)
must give the same letters, in the same order, in the same joining forms (isolated, initial,
medial, final). Glyphs are compared through the font's own character map, not pixels.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from kiosk.ui import rtl
from kiosk.ui.fonts import arabic_font, latin_font

FORMS = {"<isolated>": "isolated", "<initial>": "initial", "<medial>": "medial",
         "<final>": "final"}
ARABIC, DIGITS, LATIN, SAME = "arabic", "Arabic digits", "latin", "as is"

# (logical text, pieces from left to right as drawn: (text in logical order, how shaped))
SENTENCES = [
    ("رقمك هو CAF 1234", [("CAF 1234", LATIN), (" ", SAME), ("رقمك هو", ARABIC)]),
    ("اكتب إلى marie.dupont@exemple.fr اليوم",
     [("اليوم", ARABIC), (" ", SAME), ("marie.dupont@exemple.fr", LATIN), (" ", SAME),
      ("اكتب إلى", ARABIC)]),
    ("قبل 15 مارس 2025", [("2025", LATIN), (" ", SAME), ("مارس", ARABIC), (" ", SAME),
                         ("15", LATIN), (" ", SAME), ("قبل", ARABIC)]),
    ("هل لديك حساب في CAF؟", [("؟", ARABIC), ("CAF", LATIN), (" ", SAME),
                              ("هل لديك حساب في", ARABIC)]),
    ("رقم CAF الخاص بك (7 أرقام)",
     [("(", SAME), ("أرقام", ARABIC), (" ", SAME), ("7", LATIN), (")", SAME), (" ", SAME),
      ("الخاص بك", ARABIC), (" ", SAME), ("CAF", LATIN), (" ", SAME), ("رقم", ARABIC)]),
    ("لا تعط كلمة المرور لأي شخص", [("لا تعط كلمة المرور لأي شخص", ARABIC)]),
    ("افتح www.caf.fr الآن.", [(".", SAME), ("الآن", ARABIC), (" ", SAME),
                              ("www.caf.fr", LATIN), (" ", SAME), ("افتح", ARABIC)]),
    ("رقم ١٢٣٤ صحيح", [("صحيح", ARABIC), (" ", SAME), ("١٢٣٤", DIGITS), (" ", SAME),
                       ("رقم", ARABIC)]),
    ("کد شما 1234 است", [("است", ARABIC), (" ", SAME), ("1234", LATIN), (" ", SAME),
                         ("کد شما", ARABIC)]),
    ("گذرواژه را به هیچ‌کس ندهید", [("گذرواژه را به هیچ‌کس ندهید", ARABIC)]),
]


@cache
def _font(path: str) -> tuple[hb.Font, dict[str, int]]:
    face = hb.Face(hb.Blob.from_file_path(path))
    names: dict[str, int] = {}
    for code, name in sorted(TTFont(path).getBestCmap().items(), reverse=True):
        names[name] = code  # the lowest code point of a glyph (space rather than no-break)
    return hb.Font(face), names


def _harfbuzz(text: str, path: str, direction: str | None = None) -> str:
    """``text`` shaped by HarfBuzz (direction and script guessed, as a browser would, unless
    ``direction`` is given), its glyphs in visual order, given back as the characters the
    font maps to them; invisible joiners (zero-width non-joiner) left out."""
    font, names = _font(path)
    order = TTFont(path).getGlyphOrder()
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    if direction is not None:
        buffer.direction = direction
    hb.shape(font, buffer, {})
    characters = []
    for info in buffer.glyph_infos:
        if unicodedata.category(text[info.cluster]) == "Cf":
            continue
        name = order[info.codepoint]
        assert name in names, f"HarfBuzz chose glyph {name!r}, which no character maps to"
        characters.append(chr(names[name]))
    return "".join(characters)


def _tokens(visual: str) -> list[tuple[str, str]]:
    """(letter, joining form) of each drawn character, left to right; a ligature becomes
    its letters (drawn right to left) with any form; vowel signs are left out (the layer
    does not draw them)."""
    tokens = []
    for char in visual:
        if unicodedata.combining(char):
            continue
        parts = unicodedata.decomposition(char).split()
        if parts and parts[0] in FORMS:
            letters = [chr(int(code, 16)) for code in parts[1:]]
            form = FORMS[parts[0]] if len(letters) == 1 else "*"
            tokens += [(letter, form) for letter in reversed(letters)]
        elif unicodedata.bidirectional(char) == "AL" and unicodedata.category(char) == "Lo":
            tokens.append((char, "isolated"))  # HarfBuzz's nominal glyph: the isolated form
        else:
            tokens.append((char, ""))
    return tokens


def _same(ours: list[tuple[str, str]], reference: list[tuple[str, str]]) -> bool:
    return len(ours) == len(reference) and all(
        a[0] == b[0] and (a[1] == b[1] or "*" in (a[1], b[1])) for a, b in zip(ours, reference))


@pytest.mark.parametrize(("logical", "pieces"), SENTENCES, ids=[s for s, _p in SENTENCES])
def test_shaped_line_matches_harfbuzz(logical, pieces):
    arabic = str(arabic_font().regular)
    latin = str(latin_font())
    mirrored = str.maketrans("()", ")(")
    assert "".join(text for text, _how in reversed(pieces)).translate(mirrored) == logical, \
        "the pieces, read right to left, are not the sentence"
    reference = ""
    for text, how in pieces:
        if how == SAME:
            reference += text
        elif how == DIGITS:  # Arabic-Indic digits read left to right, like ours
            reference += _harfbuzz(text, arabic, "ltr")
        else:
            reference += _harfbuzz(text, arabic if how == ARABIC else latin)
    ours = rtl.visual_line(logical)
    assert _same(_tokens(ours), _tokens(reference)), (
        f"\nours:      {_tokens(ours)}\nreference: {_tokens(reference)}")


def test_the_comparison_can_fail():
    """A line drawn the way Kivy's own right-to-left mode draws it (everything reversed,
    « CAF » as « FAC ») does not match; nor does Arabic left unshaped."""
    arabic = str(arabic_font().regular)
    logical, pieces = SENTENCES[0]
    reference = "".join(text if how == SAME else _harfbuzz(
        text, arabic if how == ARABIC else str(latin_font())) for text, how in pieces)
    reversed_whole = rtl.shape(logical)[::-1]
    assert not _same(_tokens(reversed_whole), _tokens(reference))
    unshaped = logical[::-1]
    assert not _same(_tokens(unshaped), _tokens(reference))


def test_every_character_drawn_is_in_its_font():
    """No « tofu »: every character of every test sentence, once drawn, is in the font the
    layer draws its run with (Arabic font for Arabic runs, Roboto for the rest)."""
    arabic = TTFont(str(arabic_font().regular)).getBestCmap()
    latin = TTFont(str(latin_font())).getBestCmap()
    for logical, _pieces in SENTENCES:
        for run in rtl.script_runs(rtl.visual_line(logical)):
            cmap = arabic if run.arabic else latin
            missing = [f"U+{ord(c):04X}" for c in run.text if ord(c) not in cmap]
            assert not missing, (logical, run, missing)


def test_without_noto_the_fallback_font_has_every_arabic_letter(tmp_path):
    """No Noto installed (an empty font folder, no fontconfig): DejaVu Sans, shipped with
    Kivy, is used, and it has every joined form the test flow's Arabic needs."""
    from pathlib import Path

    from kiosk.flows.loader import load_flows
    from kiosk.ui.fonts import find_arabic

    font = find_arabic(tmp_path, use_fontconfig=False)
    assert font.family == "DejaVu Sans" and not font.installed and font.regular.is_file()
    cmap = TTFont(str(font.regular)).getBestCmap()
    repo = Path(__file__).resolve().parent.parent
    flow = load_flows(repo / "tests" / "flows" / "bidi", repo / "assets").flows["essai-arabe"]
    texts = [flow.title] + [t for s in flow.steps for t in (s.title, s.text, s.warning) if t]
    for text in texts:
        for run in rtl.script_runs(rtl.visual_line(text.get("ar"))):
            if run.arabic:
                missing = [f"U+{ord(c):04X}" for c in run.text if ord(c) not in cmap]
                assert not missing, (text.get("ar"), missing)
