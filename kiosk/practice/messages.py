"""Every sentence a practice step says, by key; the texts go through the ``kiosk`` gettext
catalogue (French msgids, other languages in ``kiosk/locale``).

The keys name the findings (``Note.key``) for tests and statistics; they do not change with
the language. A counted sentence (« Il manque 2 chiffres ») is a plural pair, translated
with ``ntr`` so that every language gets its own plural forms. When exactly one is a
different sentence (« il manque le dernier signe »), it has its own key (``…_one``).

Sentences never contain what the visitor typed, except those marked private in
:data:`PRIVATE` (they name a letter the visitor typed, e.g. an accented one).
"""

from __future__ import annotations

from types import MappingProxyType

from kiosk.i18n import N_, N_plural, ntr, tr

TEXTS = MappingProxyType({
    "empty": N_("Vous n'avez encore rien tapé. Touchez les touches du clavier."),
    "space": N_("Une adresse e-mail n'a jamais d'espace. Effacez l'espace."),
    "upper": N_("Écrivez l'adresse en minuscules, sans majuscule."),
    "accent": N_("Une adresse e-mail n'a pas d'accent. Écrivez {plain} au lieu de {accented}."),
    "missing_at": N_("Il manque le @ (arobase). Il va entre le nom et la fin de l'adresse."),
    "nothing_before_at": N_("Il manque le nom avant le @."),
    "nothing_after_at": N_("Il manque la fin de l'adresse après le @, par exemple exemple.fr."),
    "missing_dot": N_("Il manque le point après le @, par exemple exemple.fr."),
    "short_ending": N_("Après le dernier point, il faut au moins 2 lettres, comme fr ou com."),
    "double_dot": N_("Il y a deux points à la suite. Effacez-en un."),
    "dot_edge": N_("Un point ne va pas au début ni à la fin, ni juste à côté du @."),
    "bad_sign": N_("Le signe {sign} ne va pas dans une adresse e-mail."),
    "right_at": N_("Le @ est bien là."),
    "not_expected": N_("L'adresse est bien écrite, mais ce n'est pas celle demandée."),
    "look_first": N_("Regardez bien le premier signe."),
    "missing_end_one": N_("C'est juste, mais il manque le dernier signe."),
    "extra_end_one": N_("C'est juste, mais il y a un signe en trop à la fin."),
    "only_digits": N_("Un code n'a que des chiffres. Effacez les lettres, les signes et les "
                      "espaces."),
    "wrong_digit": N_("Le chiffre n°{position} n'est pas le bon. Regardez bien le code reçu."),
    "need_lower": N_("Ajoutez une lettre minuscule."),
    "need_upper": N_("Ajoutez une lettre majuscule (touche Maj)."),
    "need_digit": N_("Ajoutez un chiffre."),
    "need_symbol": N_("Ajoutez un signe, comme ! ou -."),
    "common": N_("Évitez les suites faciles à deviner, comme 1234, azerty ou motdepasse."),
    "strength": N_("Solidité : {word}."),
    "strength_0": N_("très faible"),
    "strength_1": N_("faible"),
    "strength_2": N_("moyenne"),
    "strength_3": N_("bonne"),
    "need_space": N_("Mettez un espace entre les mots."),
    "accents_text": N_("Regardez bien les accents."),
    "success": N_("Bravo, c'est juste !"),
    "choice_wrong": N_("Ce n'est pas ce message. Essayez un autre."),
    "choice_right": N_("Bravo, c'est bien celui-là !"),
    "hint": N_("Indice : {text}"),
    "no_more_hints": N_("Il n'y a pas d'autre indice. Vous pouvez voir la réponse."),
    "answer": N_("La réponse : {text}"),
    "answer_password": N_("Un exemple de mot de passe solide : {text}"),
    "answer_choice": N_("La bonne réponse est le message n°{number}."),
})
"""Sentences said as they are (with their ``{fields}`` filled)."""

_MISSING_DIGITS = N_plural("Il manque {count} chiffre : le code en a {length}.",
                           "Il manque {count} chiffres : le code en a {length}.")
_EXTRA_DIGITS = N_plural("Il y a {count} chiffre de trop : le code en a {length}.",
                         "Il y a {count} chiffres de trop : le code en a {length}.")
_SHORT_PASSWORD = N_plural("Il manque {count} signe : mettez-en au moins {length}.",
                           "Il manque {count} signes : mettez-en au moins {length}.")

COUNTED = MappingProxyType({
    "spaces": N_plural("Une adresse e-mail n'a jamais d'espace. Effacez {count} espace.",
                       "Une adresse e-mail n'a jamais d'espace. Effacez les {count} espaces."),
    "many_at": N_plural("Il y a {count} @. Une adresse en a un seul.",
                        "Il y a {count} @. Une adresse en a un seul."),
    "right_start": N_plural("Le début est juste : {count} signe.",
                            "Le début est juste : {count} signes."),
    "look_at": N_plural("Le premier signe est juste. Regardez le signe suivant.",
                        "Les {count} premiers signes sont justes. Regardez le signe suivant."),
    "missing_end": N_plural("C'est juste, mais il manque la fin : {count} signe.",
                            "C'est juste, mais il manque la fin : {count} signes."),
    "extra_end": N_plural("C'est juste, mais il y a {count} signe en trop à la fin.",
                          "C'est juste, mais il y a {count} signes en trop à la fin."),
    "missing_digit": _MISSING_DIGITS,
    "missing_digits": _MISSING_DIGITS,
    "extra_digit": _EXTRA_DIGITS,
    "extra_digits": _EXTRA_DIGITS,
    "right_length": N_plural("Le code a bien {length} chiffre.",
                             "Le code a bien {length} chiffres."),
    "too_short_password": _SHORT_PASSWORD,
    "too_short_password_one": _SHORT_PASSWORD,
    "right_length_password": N_plural("La longueur est bonne : au moins {length} signe.",
                                      "La longueur est bonne : au moins {length} signes."),
    "answer_length": N_plural("Tapez {length} chiffre, sans espace.",
                              "Tapez {length} chiffres, sans espace."),
})
"""Sentences with a count: (singular, plural) msgids, the form chosen by the count."""

COUNTED_BY = MappingProxyType({"right_length": "length", "right_length_password": "length",
                               "answer_length": "length"})
"""The field that chooses the plural form, where it is not ``count``."""

PRIVATE = frozenset({"accent", "bad_sign"})
"""Messages that quote a sign the visitor typed: spoken privately, never cached."""

KEYS = frozenset(TEXTS) | frozenset(COUNTED)


def say(language: str, key: str, **values: object) -> str:
    """The sentence ``key`` in ``language`` (French when the language has no catalogue)."""
    if key in COUNTED:
        singular, plural = COUNTED[key]
        count = values[COUNTED_BY.get(key, "count")]
        if not isinstance(count, int):
            raise TypeError(f"{key}: the count must be an integer, not {count!r}")
        return ntr(singular, plural, count, language, **values)
    return tr(TEXTS[key], language, **values)
