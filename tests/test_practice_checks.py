"""The kind feedback of practice steps: exact words for each typical mistake (no Kivy)."""

from __future__ import annotations

import pytest

from kiosk.flows.model import Choice, Practice, PracticeCheck, Text
from kiosk.i18n import languages
from kiosk.practice.checks import (
    check,
    check_choice,
    check_code,
    check_email,
    check_password,
    check_text,
    password_strength,
)
from kiosk.practice.messages import KEYS, say

EXPECTED = "marie.dupont@exemple.fr"


def todo(feedback) -> list[str]:  # type: ignore[no-untyped-def]
    return [note.text for note in feedback.todo]


@pytest.mark.parametrize(("typed", "expected_todo"), [
    ("", ["Vous n'avez encore rien tapé. Touchez les touches du clavier."]),
    ("marie.dupontexemple.fr",
     ["Il manque le @ (arobase). Il va entre le nom et la fin de l'adresse."]),
    ("marie dupont@exemple.fr",
     ["Une adresse e-mail n'a jamais d'espace. Effacez l'espace."]),
    ("marie dupont@exemple .fr",
     ["Une adresse e-mail n'a jamais d'espace. Effacez les 2 espaces."]),
    ("marie.dupônt@exemple.fr",
     ["Une adresse e-mail n'a pas d'accent. Écrivez o au lieu de ô."]),
    ("Marie.Dupont@exemple.fr", ["Écrivez l'adresse en minuscules, sans majuscule."]),
    ("marie.dupont@exemplefr", ["Il manque le point après le @, par exemple exemple.fr."]),
    ("marie.dupont@", ["C'est juste, mais il manque la fin : 10 signes."]),
    ("marie.dupont@.fr", ["Un point ne va pas au début ni à la fin, ni juste à côté du @."]),
    ("@exemple.fr", ["Il manque le nom avant le @."]),
    ("marie@@exemple.fr", ["Il y a 2 @. Une adresse en a un seul."]),
    ("marie..dupont@exemple.fr", ["Il y a deux points à la suite. Effacez-en un."]),
    ("marie.dupont.@exemple.fr",
     ["Un point ne va pas au début ni à la fin, ni juste à côté du @."]),
    ("marie,dupont@exemple.fr", ["Le signe , ne va pas dans une adresse e-mail."]),
    ("marie.dupond@exemple.fr",
     ["L'adresse est bien écrite, mais ce n'est pas celle demandée.",
      "Les 11 premiers signes sont justes. Regardez le signe suivant."]),
    ("paul@exemple.fr",
     ["L'adresse est bien écrite, mais ce n'est pas celle demandée.",
      "Regardez bien le premier signe."]),
    ("marie.dupont", ["C'est juste, mais il manque la fin : 11 signes."]),
    ("marie.dupont@exemple.f", ["C'est juste, mais il manque le dernier signe."]),
    ("marie.dupont@exemple.frr",
     ["L'adresse est bien écrite, mais ce n'est pas celle demandée.",
      "C'est juste, mais il y a un signe en trop à la fin."]),
])
def test_each_typical_email_mistake_gets_its_own_kind_words(typed: str,
                                                            expected_todo: list[str]) -> None:
    feedback = check_email(typed, EXPECTED)
    assert not feedback.success
    assert todo(feedback) == expected_todo


@pytest.mark.parametrize(("typed", "expected_todo"), [
    ("marie.dupont@", ["Il manque la fin de l'adresse après le @, par exemple exemple.fr."]),
    ("marie.dupont@exemple.f",
     ["Après le dernier point, il faut au moins 2 lettres, comme fr ou com."]),
])
def test_without_an_expected_address_the_shape_is_checked(typed: str,
                                                          expected_todo: list[str]) -> None:
    assert todo(check_email(typed, None)) == expected_todo


def test_an_address_with_several_mistakes_lists_them_most_important_first() -> None:
    feedback = check_email("Hélène Martin", None)
    assert todo(feedback) == [
        "Une adresse e-mail n'a jamais d'espace. Effacez l'espace.",
        "Écrivez l'adresse en minuscules, sans majuscule.",
        "Une adresse e-mail n'a pas d'accent. Écrivez e au lieu de é.",
        "Il manque le @ (arobase). Il va entre le nom et la fin de l'adresse.",
    ]
    assert feedback.private  # it names a letter that was typed


def test_what_is_right_is_said_too() -> None:
    feedback = check_email("marie.dupont@exemplefr", EXPECTED)
    assert [note.text for note in feedback.right] == ["Le @ est bien là."]
    assert not feedback.private


def test_the_right_address_succeeds_and_any_valid_one_without_expected() -> None:
    assert check_email(EXPECTED, EXPECTED).success
    assert check_email("jean-paul_2@la-poste.net", None).success
    assert check_email(EXPECTED, EXPECTED).todo == ()


def test_english_words() -> None:
    feedback = check_email("marie.dupontexemple.fr", EXPECTED, "en")
    assert todo(feedback) == ["The @ (at sign) is missing. It goes between the name and the end."]


SAMPLE = {"count": 2, "length": 6, "plain": "e", "accented": "é", "sign": "#", "position": 3,
          "word": "bonne", "text": "abc", "number": 2}


@pytest.mark.parametrize("count", [1, 2, 5])
def test_messages_never_say_error_in_any_language(count: int) -> None:
    assert {"fr", "en"} <= set(languages())
    banned = {"fr": ("erreur", "faux"), "en": ("error", "wrong")}
    for language in languages():
        for key in sorted(KEYS):
            text = say(language, key, **{**SAMPLE, "count": count, "length": count})
            assert text and "{" not in text, (language, key, text)
            assert not any(word in text.lower() for word in banned.get(language, ())), text


# -- codes -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "expected_todo", "success"), [
    ("482915", [], True),
    ("4829", ["Il manque 2 chiffres : le code en a 6."], False),
    ("48291", ["Il manque 1 chiffre : le code en a 6."], False),
    ("4829150", ["Il y a 1 chiffre de trop : le code en a 6."], False),
    ("48291500", ["Il y a 2 chiffres de trop : le code en a 6."], False),
    ("482 915", ["Un code n'a que des chiffres. Effacez les lettres, les signes et les espaces."],
     False),
    ("482914", ["Le chiffre n°6 n'est pas le bon. Regardez bien le code reçu."], False),
    ("182915", ["Le chiffre n°1 n'est pas le bon. Regardez bien le code reçu."], False),
])
def test_codes(typed: str, expected_todo: list[str], success: bool) -> None:
    feedback = check_code(typed, "482915", 6)
    assert todo(feedback) == expected_todo
    assert feedback.success is success


def test_a_code_with_only_a_length_accepts_any_digits_of_that_length() -> None:
    assert check_code("123456", None, 6).success
    assert todo(check_code("12345", None, 6)) == ["Il manque 1 chiffre : le code en a 6."]
    assert [n.text for n in check_code("482914", "482915", 6).right] == [
        "Le code a bien 6 chiffres."]


# -- passwords -------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "strength"), [
    ("", 0), ("soleil", 0), ("azerty123456!A", 0), ("aaaaBBBB11!!", 0),
    ("soleilbleu", 1), ("Soleilbleu1", 1), ("Soleilbleu12", 2), ("soleil-bleu-7", 2),
    ("Girafe-Bleue-Mange-7-Pommes!", 3),
])
def test_password_strength(typed: str, strength: int) -> None:
    assert password_strength(typed, 12) == strength


def test_password_feedback_in_words_and_minimum_length() -> None:
    feedback = check_password("Girafe", 12)
    assert todo(feedback) == ["Il manque 6 signes : mettez-en au moins 12.", "Ajoutez un chiffre.",
                              "Ajoutez un signe, comme ! ou -."]
    assert feedback.strength_word == "très faible"
    strong = check_password("Girafe-Bleue-Mange-7-Pommes!", 12)
    assert strong.success and strong.strength == 3 and strong.strength_word == "bonne"
    assert [n.text for n in strong.right] == ["La longueur est bonne : au moins 12 signes.",
                                               "Solidité : bonne."]
    assert todo(check_password("Girafe-Bleue-7!", 16)) == [
        "Il manque 1 signe : mettez-en au moins 16."]
    assert todo(check_password("Azerty-Bleue-7!", 12)) == [
        "Évitez les suites faciles à deviner, comme 1234, azerty ou motdepasse."]
    # no longueur: 12 signs at least
    assert todo(check_password("Girafe-7-Ab", None)) == [
        "Il manque 1 signe : mettez-en au moins 12."]


def test_password_feedback_never_quotes_what_was_typed() -> None:
    typed = "Zorglub-Secret-42"
    feedback = check_password(typed, 12)
    assert "Zorglub" not in feedback.text and not feedback.private


# -- free text -------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "expected_todo", "success"), [
    ("horaires mairie", [], True),
    ("  Horaires   Mairie ", [], True),
    ("horairesmairie", ["Mettez un espace entre les mots."], False),
    ("horaires mairié", ["Regardez bien les accents."], False),
    ("horaires", ["C'est juste, mais il manque la fin : 7 signes."], False),
    ("horaires mairies", ["C'est juste, mais il y a un signe en trop à la fin."], False),
    ("horaire mairie", ["Les 7 premiers signes sont justes. Regardez le signe suivant."],
     False),
    ("   ", ["Vous n'avez encore rien tapé. Touchez les touches du clavier."], False),
])
def test_free_text(typed: str, expected_todo: list[str], success: bool) -> None:
    feedback = check_text(typed, "horaires mairie")
    assert todo(feedback) == expected_todo
    assert feedback.success is success


# -- choices and the one entry point ----------------------------------------------------------

CHOICE = Practice(check=PracticeCheck.CHOICE, keyboard="texte", choices=(
    Choice(Text.of("Pharmacie : commande prête."), False, Text.of("Il ne demande rien.")),
    Choice(Text.of("Payez 2 euros ici."), True, Text.of("C'est une arnaque.")),
    Choice(Text.of("Rendez-vous mardi."), False),
), success=Text.of("Bravo ! Vous avez trouvé l'arnaque."))


def test_choices() -> None:
    wrong = check_choice(CHOICE, 0)
    assert not wrong.success
    assert todo(wrong) == ["Il ne demande rien.", "Ce n'est pas ce message. Essayez un autre."]
    assert todo(check_choice(CHOICE, 2)) == ["Ce n'est pas ce message. Essayez un autre."]
    right = check_choice(CHOICE, 1)
    assert right.success
    assert [n.text for n in right.right] == ["Bravo ! Vous avez trouvé l'arnaque.",
                                             "C'est une arnaque."]


def test_check_dispatches_on_the_kind_of_practice() -> None:
    email = Practice(check=PracticeCheck.EMAIL, keyboard="email", expected=EXPECTED)
    assert check(email, EXPECTED).success
    code = Practice(check=PracticeCheck.CODE, keyboard="chiffres", length=4)
    assert check(code, "1234").success
    password = Practice(check=PracticeCheck.PASSWORD, keyboard="texte", length=12)
    assert check(password, "Girafe-Bleue-7").success
    text = Practice(check=PracticeCheck.TEXT, keyboard="texte", expected="horaires mairie")
    assert check(text, "horaires mairie").success
    with pytest.raises(ValueError, match="choice"):
        check(CHOICE, "x")
