"""Speech rates and the choice of a voice for a language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Words per minute for each speed a visitor can choose (pyttsx3's "rate" is words a minute).
RATES: dict[str, int] = {"normal": 150, "lent": 115}

# Voices preferred for a language, best first (espeak-ng identifiers as pyttsx3 gives them).
PREFERRED: dict[str, tuple[str, ...]] = {
    "fr": ("roa/fr", "roa/fr-be", "roa/fr-ch"),
    "en": ("gmw/en", "gmw/en-us"),
    "es": ("roa/es", "roa/es-419"),
    "pt": ("roa/pt", "roa/pt-br"),
    "ar": ("sem/ar",),
    "de": ("gmw/de",),
    "it": ("roa/it",),
    "ro": ("roa/ro",),
    "tr": ("trk/tr",),
    "uk": ("zle/uk",),
    "ru": ("zle/ru",),
    "fa": ("ira/fa",),
}

# Language names as voice names spell them (Windows and macOS voices have no espeak tags).
NAMES: dict[str, tuple[str, ...]] = {
    "fr": ("french", "français"), "en": ("english",), "es": ("spanish", "español"),
    "pt": ("portuguese", "português"), "ar": ("arabic",), "de": ("german", "deutsch"),
    "it": ("italian", "italiano"), "ro": ("romanian",), "tr": ("turkish",),
    "uk": ("ukrainian",), "ru": ("russian",), "fa": ("persian", "farsi"),
}


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict) -> Voice:
        return cls(str(data["id"]), str(data.get("name", "")),
                   tuple(str(x) for x in data.get("languages", ())))


def _tags(voice: Voice) -> list[str]:
    return [tag.lower().replace("_", "-") for tag in voice.languages]


def choose_voice(voices: Iterable[Voice], language: str) -> Voice | None:
    """The best voice for ``language``, another variant of it, or None when there is none.

    There is no fallback to another language: a French voice reading Arabic says
    nonsense, and the text is always on screen.
    """
    # espeak's mbrola voices need the separate mbrola program: never choose them.
    voices = [v for v in voices if not v.id.lower().startswith("mb/")]
    by_id = {v.id.lower(): v for v in voices}
    for wanted in PREFERRED.get(language, ()):
        if wanted in by_id:
            return by_id[wanted]
    exact = [v for v in voices if any(t in (language, f"{language}-{language}")
                                      for t in _tags(v))]
    if exact:
        return exact[0]
    variants = sorted((v for v in voices if any(t.startswith(language + "-") for t in _tags(v))),
                      key=lambda v: v.id)
    if variants:
        return variants[0]
    names = NAMES.get(language, ())
    named = [v for v in voices if any(n in v.name.lower() for n in names)]
    return named[0] if named else None
