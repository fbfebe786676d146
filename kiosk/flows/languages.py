"""How far a flow is written in each language, and what a visitor reads when it is not
(no Kivy: the validator, the step screen and the voice share it)."""

from __future__ import annotations

from kiosk.i18n import tr

from .model import FALLBACK_LANGUAGE, Flow


def coverage(flow: Flow, language: str) -> float:
    """The share (0 to 1) of the flow's texts written in ``language``; French is 1."""
    texts = flow.texts
    if language == FALLBACK_LANGUAGE or not texts:
        return 1.0
    return sum(1 for text in texts if text.has(language)) / len(texts)


def lacks_language(flow: Flow, language: str) -> bool:
    """True when some text of ``flow`` is not written in ``language``: the visitor reads
    French there, and is told so (:func:`language_note`)."""
    return language != FALLBACK_LANGUAGE and language not in flow.languages


def language_note(language: str) -> str:
    """What a visitor reads (and hears) on a flow not written in their language, in it."""
    return tr("Ce parcours n'est pas encore traduit dans votre langue. "
              "Le texte est en français.", language)
