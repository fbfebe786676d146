"""The kiosk's own words through GNU gettext: catalogues in ``kiosk/locale``.

Two domains, both with French texts as msgids (French is the source language):

- ``kiosk``: what a visitor reads or hears from the kiosk itself (buttons, overlays,
  practice feedback, key names). One catalogue per language the visitor can choose;
  :func:`tr` and :func:`ntr` read it.
- ``counsellor``: the counsellor's space and its PIN pad, French only;
  :func:`french` and :func:`french_n` read it.

Flows carry their own texts in their YAML files; they do not go through here.
Placeholders are ``str.format`` fields by name (``{count}``), filled after translation,
so a translation may move them. How to add a language: docs/traduire.md.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "kiosk"
COUNSELLOR_DOMAIN = "counsellor"
SOURCE_LANGUAGE = "fr"

class CatalogueMissing(RuntimeError):
    """A compiled catalogue (.mo) is missing: the package is incomplete."""


@cache
def _catalogue(domain: str, language: str) -> gettext.GNUTranslations:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.mo"
    try:
        with path.open("rb") as file:
            return gettext.GNUTranslations(file)
    except FileNotFoundError:
        raise CatalogueMissing(
            f"{path} : catalogue de traduction absent. Lancez « make translations »."
        ) from None


def languages() -> tuple[str, ...]:
    """The languages a visitor can choose: French first, then every shipped catalogue."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE_LANGUAGE, *(code for code in found if code != SOURCE_LANGUAGE))


def _translations(language: str) -> gettext.GNUTranslations:
    """The kiosk's catalogue for ``language``; French when the language has none."""
    if (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
        return _catalogue(DOMAIN, language)
    return _catalogue(DOMAIN, SOURCE_LANGUAGE)


def _fill(text: str, values: dict[str, object]) -> str:
    return text.format(**values) if values else text


def tr(message: str, language: str, /, **values: object) -> str:
    """``message`` (its French text) in ``language``, with ``{name}`` fields filled."""
    return _fill(_translations(language).gettext(message), values)


def ntr(singular: str, plural: str, n: int, language: str, /, **values: object) -> str:
    """The form of a counted message that ``n`` takes in ``language`` (« 1 essai »,
    « 4 essais »); the count itself is one of ``values``, by its name in the text."""
    return _fill(_translations(language).ngettext(singular, plural, n), values)


def N_(message: str) -> str:
    """Mark ``message`` for extraction where it is written, in a table of texts chosen by
    key; it is translated later with :func:`tr`."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a counted message (both forms) for extraction; translated later with
    :func:`ntr`."""
    return singular, plural


def french(message: str, /, **values: object) -> str:
    """A text of the counsellor's space (French only), from the ``counsellor`` catalogue."""
    return _fill(_catalogue(COUNSELLOR_DOMAIN, SOURCE_LANGUAGE).gettext(message), values)


def french_n(singular: str, plural: str, n: int, /, **values: object) -> str:
    """A counted text of the counsellor's space: « 1 essai », « 4 essais »."""
    text = _catalogue(COUNSELLOR_DOMAIN, SOURCE_LANGUAGE).ngettext(singular, plural, n)
    return _fill(text, values)
