"""One visitor's visit: the display choices and the walk, all wiped at the end (no Kivy)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from kiosk.flows.engine import Walker
from kiosk.settings import Settings


@dataclass
class Visit:
    """Everything one visitor chose or did; nothing of it outlives the visit."""

    language: str
    text_level: int
    high_contrast: bool
    sound_on: bool
    slow_speech: bool
    walker: Walker | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def fresh(cls, settings: Settings) -> Visit:
        return cls(language=settings.language, text_level=settings.text_size,
                   high_contrast=False, sound_on=settings.speech_enabled,
                   slow_speech=settings.speech_rate == "lent")

    @property
    def in_flow(self) -> bool:
        """True in the middle of a procedure (not on its first step, not at its end)."""
        return self.walker is not None and self.walker.number > 1 and not self.walker.finished
