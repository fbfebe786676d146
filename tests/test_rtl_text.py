"""The right-to-left text logic (kiosk/ui/rtl.py), with no window: which languages mirror,
how lines are wrapped in logical order and cut into runs by font."""

from __future__ import annotations

import pytest

from kiosk.ui import rtl


@pytest.mark.parametrize(("language", "mirrored"), [
    ("ar", True), ("fa", True), ("ar-MA", True), ("fa_IR", True), ("fr", False),
    ("en", False), ("uk", False), ("ru", False), ("tr", False),
])
def test_languages_written_right_to_left(language, mirrored):
    assert rtl.is_rtl_language(language) is mirrored


def test_only_text_with_a_right_to_left_letter_is_reordered():
    assert rtl.has_rtl("رقم CAF") and rtl.has_rtl("کد") and rtl.has_rtl("\ufefb")
    assert not rtl.has_rtl("Votre numéro CAF 1234, été « oui »")
    assert not rtl.has_rtl("Ваш номер — CAF 1234. Їжте, ґанок")
    assert rtl.visual_line("Ваш номер CAF 1234") == "Ваш номер CAF 1234"
    assert rtl.visual_line("marie.dupont@exemple.fr") == "marie.dupont@exemple.fr"


@pytest.mark.parametrize(("logical", "visual"), [
    # Latin words, digits and an e-mail address keep their own order inside Arabic text.
    ("رقمك هو CAF 1234", "CAF 1234 \ufeee\ufeeb \ufeda\ufee4\ufed7\ufead"),
    ("اكتب إلى a.b@c.fr", "a.b@c.fr \ufef0\ufedf\ufe87 \ufe90\ufe98\ufedb\ufe8d"),
    ("في 2025", "2025 \ufef2\ufed3"),
])
def test_a_line_is_shaped_then_reordered(logical, visual):
    assert rtl.visual_line(logical) == visual


def test_lines_are_wrapped_in_logical_order_first_words_first():
    text = "واحد اثنان ثلاثة أربعة خمسة ستة"
    lines = rtl.wrap(text, 12, len)  # a character is one pixel wide
    assert lines == ["واحد اثنان", "ثلاثة أربعة", "خمسة ستة"]
    # Each line is reordered alone: the first words stay on the first line, at its right.
    first = rtl.visual_line(lines[0])
    assert first.endswith(rtl.visual_line("واحد")) and first.startswith(rtl.visual_line("اثنان"))


def test_wrapping_keeps_paragraphs_and_long_words():
    lines = rtl.wrap("أ ب\nكلمةطويلةجدا ج", 5, len)
    assert lines == ["أ ب", "كلمةطويلةجدا", "ج"]
    assert rtl.wrap("أ ب ج", None, lambda line: 10**6) == ["أ ب ج"]


def test_a_wrapped_line_is_measured_as_drawn():
    measured: list[str] = []

    def measure(line: str) -> float:
        measured.append(line)
        return len(line)

    rtl.wrap("رقمك هو CAF 1234", 100, measure)
    assert measured == ["رقمك هو", "رقمك هو CAF", "رقمك هو CAF 1234"]


def test_runs_by_font():
    visual = rtl.visual_line("رقمك هو CAF 1234. اكتب")
    runs = rtl.script_runs(visual)
    assert "".join(run.text for run in runs) == visual
    assert [run.arabic for run in runs] == [True, False, True]
    # The full stop ends « CAF 1234 » in reading order: on the left of it, once drawn.
    assert runs[1].text.strip() == ".CAF 1234"
    assert rtl.script_runs("CAF") == [rtl.Run("CAF", False)]


def test_shorten_and_alignment():
    assert rtl.shorten(["أ", "ب", "ج"], 2) == ["أ", "ب…"]
    assert rtl.shorten(["أ", "ب"], 0) == ["أ", "ب"]
    assert rtl.mirror_halign("left") == "right"
    assert rtl.mirror_halign("auto") == "right"
    assert rtl.mirror_halign("right") == "left"
    assert rtl.mirror_halign("center") == "center"


def test_vowel_signs_are_left_out_and_lam_alef_joined():
    assert rtl.shape("جهّز") == "\ufe9f\ufeec\ufeb0"
    assert rtl.shape("لا") == "\ufefb"
