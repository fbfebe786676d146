"""The word-cut check of the fit tests (``fit_lines``) sees what Kivy draws: a word split
across lines (« Suivan / t »), words left out by ``shorten``, and nothing wrong in a label
that wraps between words."""

from __future__ import annotations

from fit_lines import line_report
from kivy.uix.label import Label
from ui_helpers import make_app  # noqa: F401 - configures Kivy (offscreen) first


def _label(text: str, width: float | None, **options: object) -> Label:
    label = Label(text=text, font_size=32, bold=True, text_size=(width, None), **options)
    label.texture_update()
    return label


def test_a_word_wider_than_its_line_is_seen_cut():
    report = line_report(_label("Suivant", 80))
    assert report.cut == ("Suivant",) and report.lines == 2 and report.trusted


def test_a_label_wrapped_between_words_has_no_cut():
    report = line_report(_label("Avez-vous votre carte Vitale avec vous ?", 300))
    assert report.cut == () and report.missing == () and report.trusted
    assert report.lines == 3  # « Avez-vous votre / carte Vitale avec / vous ? »


def test_one_long_word_among_short_ones_is_named():
    report = line_report(_label("Le mot anticonstitutionnellement est long", 260))
    assert report.cut == ("anticonstitutionnellement",) and report.trusted


def test_words_left_out_by_shorten_are_missing():
    label = Label(text="S'actualiser sur France Travail chaque mois", font_size=32,
                  text_size=(260, None), shorten=True, shorten_from="right",
                  max_lines=1, split_str=" ")
    label.texture_update()
    report = line_report(label)
    assert report.missing[-1] == "mois" and "S'actualiser" not in report.missing
    assert report.cut == ()


def test_markup_labels_are_read_without_their_tags():
    label = Label(text="[b]Bonjour[/b] à [i]vous[/i]", markup=True, font_size=32,
                  text_size=(400, None))
    label.texture_update()
    report = line_report(label)
    assert report.cut == () and report.missing == () and report.lines == 1
