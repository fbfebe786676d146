"""One visitor's try at one practice step: the text typed, the cursor, hints and answer.

Pure logic, no Kivy. The typed text lives only in this object, in memory; :meth:`wipe`
empties it, and the screens call it whenever the step changes or the visit ends.
Nothing here logs, writes or raises with the typed text.
"""

from __future__ import annotations

from kiosk.flows.model import Practice, PracticeCheck

from .checks import Feedback, check, check_choice, password_strength
from .messages import say

DEFAULT_PASSWORD_EXAMPLE = "Girafe-Bleue-Mange-7-Pommes!"  # noqa: S105 - an example to show


class PracticeSession:
    def __init__(self, practice: Practice, language: str = "fr") -> None:
        self.practice = practice
        self.language = language
        self._text = ""
        self.cursor = 0
        self.feedback: Feedback | None = None
        """The answer to the last check; cleared when the text changes."""
        self.hints_shown = 0
        self.answer_shown = False
        self.tries = 0
        self.succeeded = False
        self.chosen: int | None = None

    def __repr__(self) -> str:  # never shows the text, even in a debugger or a traceback
        return f"<PracticeSession {self.practice.check.value} {len(self._text)} signs>"

    @property
    def text(self) -> str:
        return self._text

    @property
    def typing(self) -> bool:
        return self.practice.check is not PracticeCheck.CHOICE

    # -- editing ---------------------------------------------------------------------------
    def _changed(self) -> None:
        self.feedback = None

    def insert(self, chars: str) -> None:
        if not chars:
            return
        self._text = self._text[:self.cursor] + chars + self._text[self.cursor:]
        self.cursor += len(chars)
        self._changed()

    def backspace(self) -> bool:
        """Remove the sign before the cursor ("Effacer"); False when there is none."""
        if self.cursor == 0:
            return False
        self._text = self._text[:self.cursor - 1] + self._text[self.cursor:]
        self.cursor -= 1
        self._changed()
        return True

    def delete(self) -> bool:
        """Remove the sign after the cursor (the Suppr key)."""
        if self.cursor >= len(self._text):
            return False
        self._text = self._text[:self.cursor] + self._text[self.cursor + 1:]
        self._changed()
        return True

    def clear(self) -> None:
        """"Tout effacer"."""
        self._text = ""
        self.cursor = 0
        self._changed()

    def move(self, step: int) -> None:
        self.cursor = max(0, min(len(self._text), self.cursor + step))

    def move_to(self, position: int) -> None:
        self.cursor = max(0, min(len(self._text), position))

    def wipe(self) -> None:
        """Forget everything typed and chosen."""
        self.clear()
        self.feedback = None
        self.chosen = None
        self.succeeded = False

    # -- answering -------------------------------------------------------------------------
    def check(self) -> Feedback:
        self.tries += 1
        self.feedback = check(self.practice, self._text, self.language)
        self.succeeded = self.succeeded or self.feedback.success
        return self.feedback

    def choose(self, index: int) -> Feedback:
        self.tries += 1
        self.chosen = index
        self.feedback = check_choice(self.practice, index, self.language)
        self.succeeded = self.succeeded or self.feedback.success
        return self.feedback

    def success_text(self) -> str:
        if self.practice.success is not None:
            return self.practice.success.get(self.language)
        return say(self.language, "success")

    def strength(self) -> tuple[int, str]:
        """Password strength now (0..3) and its word, for the live meter."""
        value = password_strength(self._text, self.practice.length)
        return value, say(self.language, f"strength_{value}")

    def next_hint(self) -> str:
        hints = self.practice.hints
        if self.hints_shown >= len(hints):
            return say(self.language, "no_more_hints")
        self.hints_shown += 1
        return say(self.language, "hint", text=hints[self.hints_shown - 1].get(self.language))

    def shown_hints(self) -> list[str]:
        return [say(self.language, "hint", text=hint.get(self.language))
                for hint in self.practice.hints[:self.hints_shown]]

    def answer(self) -> str:
        """What "Voir la réponse" shows."""
        self.answer_shown = True
        practice = self.practice
        if practice.check is PracticeCheck.CHOICE:
            number = next(i for i, c in enumerate(practice.choices, start=1) if c.correct)
            return say(self.language, "answer_choice", number=number)
        if practice.check is PracticeCheck.PASSWORD:
            if practice.example is not None:
                return practice.example.get(self.language)
            return say(self.language, "answer_password", text=DEFAULT_PASSWORD_EXAMPLE)
        if practice.expected is not None:
            return say(self.language, "answer", text=practice.expected)
        return say(self.language, "answer_length", length=practice.length)

    def model(self) -> str:
        """What to copy, shown above the keyboard while typing ("" when nothing to copy)."""
        practice = self.practice
        if practice.check is PracticeCheck.PASSWORD:
            return ""
        return practice.expected or ""
