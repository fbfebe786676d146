"""Speech: read the kiosk's texts aloud through pyttsx3, in a worker process, with a cache.

The screens use ``SpeechService`` (see ``service.py`` and docs/voix.md).

The names below are imported on first use, not with the package: the worker process
(``python -m kiosk.speech.worker``) imports this package before its own module, and it needs
pyttsx3 only, not the service, the lexicons or the flow model (about 2 MB less in it).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .calls import CallQueue, kivy_post
    from .lexicon import Lexicon, LexiconError, load_lexicon, load_lexicons
    from .service import SpeechService, SpeechUnavailable, flow_texts, step_language
    from .voices import RATES, Voice, choose_voice

_MODULES = {
    "CallQueue": "calls", "kivy_post": "calls",
    "Lexicon": "lexicon", "LexiconError": "lexicon", "load_lexicon": "lexicon",
    "load_lexicons": "lexicon",
    "SpeechService": "service", "SpeechUnavailable": "service", "flow_texts": "service",
    "step_language": "service",
    "RATES": "voices", "Voice": "voices", "choose_voice": "voices",
}

__all__ = ["RATES", "CallQueue", "Lexicon", "LexiconError", "SpeechService",
           "SpeechUnavailable", "Voice", "choose_voice", "flow_texts", "kivy_post",
           "load_lexicon", "load_lexicons", "step_language"]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
