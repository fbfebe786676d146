"""The data of a guided procedure ("parcours"), as the engine and the screens see it.

Everything here is immutable and knows nothing of files, YAML or screens. Everything can be
pickled (the flows are read in a process of their own, :mod:`kiosk.flows.reader`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

FALLBACK_LANGUAGE = "fr"


class StepKind(StrEnum):
    """The kinds of step; the value is the word a counsellor writes after ``type:``."""

    INFORMATION = "information"
    QUESTION = "question"
    CHECKLIST = "liste"
    PRACTICE = "exercice"
    WEBSITE = "site"
    HELP = "aide"
    END = "fin"


class PracticeCheck(StrEnum):
    """How a practice step checks what the person typed or chose."""

    EMAIL = "email"
    CODE = "code"
    PASSWORD = "motdepasse"  # noqa: S105 - the word a counsellor writes, not a secret
    TEXT = "texte"
    CHOICE = "choix"


class EndOutcome(StrEnum):
    SUCCESS = "reussite"
    COUNSELLOR = "conseiller"


def read_only(mapping: dict[str, Any]) -> Mapping[str, Any]:
    """``mapping`` behind a read-only view (what :class:`_ReadOnly` arrives as)."""
    return MappingProxyType(mapping)


class _ReadOnly:
    """A read-only mapping on its way through pickle (``MappingProxyType`` cannot be pickled
    by name): it arrives as a ``MappingProxyType`` again."""

    __slots__ = ("mapping",)

    def __init__(self, mapping: Mapping[str, Any]) -> None:
        self.mapping = mapping

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        return read_only, (dict(self.mapping),)


class _ReadOnlyMappings:
    """Pickling for a frozen dataclass whose fields named in ``_read_only`` are read-only
    mappings (``MappingProxyType``, which pickle refuses on its own)."""

    _read_only: tuple[str, ...] = ()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for name in self._read_only:
            state[name] = _ReadOnly(state[name])
        return state


@dataclass(frozen=True)
class Text(_ReadOnlyMappings):
    """A text in one or more languages; French is always there."""

    by_language: Mapping[str, str]
    _read_only = ("by_language",)

    @classmethod
    def of(cls, french: str, **others: str) -> Text:
        return cls(MappingProxyType({FALLBACK_LANGUAGE: french, **others}))

    def get(self, language: str) -> str:
        """The text in ``language``, or in French when the flow lacks that language."""
        return self.by_language.get(language) or self.by_language[FALLBACK_LANGUAGE]

    def has(self, language: str) -> bool:
        return language in self.by_language

    @property
    def fr(self) -> str:
        return self.by_language[FALLBACK_LANGUAGE]

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.by_language.items())))


@dataclass(frozen=True)
class Answer:
    label: Text
    goto: str


@dataclass(frozen=True)
class Choice:
    """One of the messages offered in a "spot the fake" practice."""

    label: Text
    correct: bool
    explanation: Text | None = None


@dataclass(frozen=True)
class Practice:
    check: PracticeCheck
    keyboard: str
    expected: str | None = None
    length: int | None = None
    example: Text | None = None
    hints: tuple[Text, ...] = ()
    success: Text | None = None
    choices: tuple[Choice, ...] = ()


class MarkShape(StrEnum):
    RECTANGLE = "rectangle"
    CIRCLE = "cercle"


@dataclass(frozen=True)
class Mark:
    """Where to tap on a step's picture: a rectangle or a circle (an ellipse in its box),
    drawn by the kiosk over the picture in the theme's colours. Fractions of the picture's
    width and height, from its top left corner."""

    shape: MarkShape
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Step(_ReadOnlyMappings):
    id: str
    kind: StepKind
    title: Text
    text: Text | None = None
    picture: str | None = None
    mark: Mark | None = None
    warning: Text | None = None
    spoken: Text | None = None
    next: str | None = None
    answers: tuple[Answer, ...] = ()
    items: tuple[Text, ...] = ()
    practice: Practice | None = None
    url: str | None = None
    outcome: EndOutcome | None = None
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}),
                                     compare=False, repr=False)
    """The line of each field in the file (for messages); ``line`` when not known."""
    _read_only = ("lines",)

    def successors(self) -> tuple[str, ...]:
        """Ids of the steps this one can lead to, in order."""
        if self.kind is StepKind.END:
            return ()
        if self.kind is StepKind.QUESTION:
            return tuple(answer.goto for answer in self.answers)
        return (self.next,) if self.next else ()

    def spoken_text(self, language: str) -> str:
        """What is read aloud: the spoken text if given, else what the screen shows."""
        if self.spoken is not None:
            return self.spoken.get(language)
        parts = [self.title.get(language)]
        if self.text is not None:
            parts.append(self.text.get(language))
        parts.extend(item.get(language) for item in self.items)
        parts.extend(answer.label.get(language) for answer in self.answers)
        if self.url:
            parts.append(self.url)
        if self.warning is not None:
            parts.append(self.warning.get(language))
        return "\n".join(parts)


@dataclass(frozen=True)
class Flow(_ReadOnlyMappings):
    id: str
    title: Text
    short_title: Text
    description: Text
    themes: tuple[str, ...]
    level: str
    duration_minutes: int
    pictogram: str
    steps: tuple[Step, ...]
    source: Path | None = None
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}),
                                     compare=False, repr=False)
    _index: Mapping[str, Step] = field(init=False, repr=False, compare=False)
    _read_only = ("lines", "_index")

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", MappingProxyType({s.id: s for s in self.steps}))

    @property
    def start(self) -> Step:
        return self.steps[0]

    def step(self, step_id: str) -> Step:
        return self._index[step_id]

    def has_step(self, step_id: str) -> bool:
        return step_id in self._index

    @property
    def texts(self) -> list[Text]:
        """Every text of the flow a visitor reads or hears: titles, steps, answers…"""
        texts = [self.title, self.description]
        for step in self.steps:
            texts.extend(t for t in (step.title, step.text, step.warning, step.spoken) if t)
            texts.extend(step.items)
            texts.extend(a.label for a in step.answers)
        return texts

    @property
    def languages(self) -> frozenset[str]:
        """Languages in which every text of the flow is written."""
        texts = self.texts
        common = set(texts[0].by_language)
        for text in texts[1:]:
            common &= set(text.by_language)
        return frozenset(common)
