"""A practice try (typed text, cursor, hints, answer) and the keyboard layouts, with no Kivy."""

from __future__ import annotations

import pytest

from kiosk.flows.model import Practice, PracticeCheck, Text
from kiosk.practice.layouts import (
    KEYBOARDS,
    LAYOUTS,
    MAX_ROWS,
    VARIANTS,
    WIDTH_UNITS,
    layout_for,
    spoken_name,
)
from kiosk.practice.session import PracticeSession

EMAIL = Practice(check=PracticeCheck.EMAIL, keyboard="email", expected="marie.dupont@exemple.fr",
                 hints=(Text.of("Le signe @ se dit « arobase »."),
                        Text.of("Une adresse n'a jamais d'espace.")))


def test_typing_erasing_and_moving_the_cursor() -> None:
    session = PracticeSession(EMAIL)
    session.insert("marie.dupontexemple.fr")
    session.move(-10)
    assert session.cursor == 12
    session.insert("@")
    assert session.text == "marie.dupont@exemple.fr"
    assert session.backspace() and session.text == "marie.dupontexemple.fr"
    session.move_to(0)
    assert not session.backspace()
    assert session.delete() and session.text == "arie.dupontexemple.fr"
    session.move(-5)
    assert session.cursor == 0
    session.move(100)
    assert session.cursor == len(session.text)
    session.clear()
    assert (session.text, session.cursor) == ("", 0)


def test_a_check_counts_tries_and_typing_clears_the_old_feedback() -> None:
    session = PracticeSession(EMAIL)
    session.insert("marie.dupontexemple.fr")
    assert not session.check().success
    assert session.feedback is not None
    session.insert("x")
    assert session.feedback is None
    session.clear()
    session.insert("marie.dupont@exemple.fr")
    assert session.check().success and session.succeeded and session.tries == 2


def test_hints_one_by_one_then_the_answer() -> None:
    session = PracticeSession(EMAIL)
    assert session.next_hint() == "Indice : Le signe @ se dit « arobase »."
    assert session.next_hint() == "Indice : Une adresse n'a jamais d'espace."
    assert session.next_hint() == "Il n'y a pas d'autre indice. Vous pouvez voir la réponse."
    assert session.shown_hints() == ["Indice : Le signe @ se dit « arobase ».",
                                     "Indice : Une adresse n'a jamais d'espace."]
    assert session.answer() == "La réponse : marie.dupont@exemple.fr"
    assert session.answer_shown


def test_answers_of_other_kinds() -> None:
    password = PracticeSession(Practice(check=PracticeCheck.PASSWORD, keyboard="texte"))
    assert password.answer() == "Un exemple de mot de passe solide : Girafe-Bleue-Mange-7-Pommes!"
    assert password.model() == ""
    code = PracticeSession(Practice(check=PracticeCheck.CODE, keyboard="chiffres", length=6))
    assert code.answer() == "Tapez 6 chiffres, sans espace."


def test_wipe_forgets_everything_and_repr_never_shows_the_text() -> None:
    session = PracticeSession(EMAIL)
    session.insert("zorglub@secret.fr")
    assert "zorglub" not in repr(session)
    session.check()
    session.wipe()
    assert (session.text, session.feedback, session.succeeded) == ("", None, False)


# -- layouts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("key", sorted(LAYOUTS), ids="-".join)
def test_every_layout_fits_its_variant(key: tuple[str, str, str]) -> None:
    layout = LAYOUTS[key]
    for page in layout.pages:
        assert page.units <= WIDTH_UNITS[layout.variant]
        assert len(page.rows) <= MAX_ROWS[layout.variant]
        for key_ in page.keys():
            if key_.action == "page":
                assert key_.value in {p.name for p in layout.pages}


def test_every_keyboard_exists_in_every_form() -> None:
    for keyboard in KEYBOARDS:
        for language in ("fr", "en"):
            for variant in VARIANTS:
                assert layout_for(keyboard, language, variant).pages


def _signs(keyboard: str, language: str, variant: str, page: int = 0) -> set[str]:
    return {key.value for key in layout_for(keyboard, language, variant).pages[page].keys()
            if key.action in ("char", "space")}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_email_keyboards_show_digits_and_address_signs_without_any_shift(variant: str,
                                                                        language: str) -> None:
    layout = layout_for("email", language, variant)
    assert len(layout.pages) == 1
    assert not any(k.action == "shift" for k in layout.pages[0].keys())
    assert set("0123456789@.-_abcdefghijklmnopqrstuvwxyz") <= _signs("email", language, variant)


def test_azerty_for_french_qwerty_for_english() -> None:
    first = [k.value for k in layout_for("texte", "fr", "wide").pages[0].rows[1]]
    assert first == list("azertyuiop")
    first = [k.value for k in layout_for("texte", "en", "wide").pages[0].rows[1]]
    assert first == list("qwertyuiop")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_wide_keyboards_have_a_row_of_accents_with_the_circumflexes(language: str) -> None:
    for keyboard in ("email", "texte"):
        rows = layout_for(keyboard, language, "wide").pages[0].rows
        accents = {k.value for k in rows[-1]}
        assert set("éèêàâîôûç") <= accents


def test_compact_text_keyboard_shows_letters_and_accents_together() -> None:
    signs = _signs("texte", "fr", "compact")
    assert set("abcdefghijklmnopqrstuvwxyz éèêàâçùîô'") <= signs
    assert set("0123456789@.-_!?") <= _signs("texte", "fr", "compact", page=1)


def test_spoken_names() -> None:
    assert spoken_name("@", "fr") == "arobase"
    assert spoken_name(".", "en") == "dot"
    assert spoken_name("a", "fr") == "a"
