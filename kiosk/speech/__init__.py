"""Speech: read the kiosk's texts aloud through pyttsx3, in a worker process, with a cache.

The screens use ``SpeechService`` (see ``service.py`` and docs/voix.md).
"""

from .calls import CallQueue, kivy_post
from .lexicon import Lexicon, LexiconError, load_lexicon, load_lexicons
from .service import SpeechService, SpeechUnavailable, flow_texts, step_language
from .voices import RATES, Voice, choose_voice

__all__ = ["RATES", "CallQueue", "Lexicon", "LexiconError", "SpeechService",
           "SpeechUnavailable", "Voice", "choose_voice", "flow_texts", "kivy_post",
           "load_lexicon", "load_lexicons", "step_language"]
