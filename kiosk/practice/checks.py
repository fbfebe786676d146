"""Check what a visitor typed in a practice step, and say kindly what is right and what is missing.

Pure functions, no Kivy. What the visitor typed is never put into a message, except a
single sign in the notes marked ``private`` (e.g. « Écrivez e au lieu de é »), and it is
never kept: the caller holds it, these functions only read it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kiosk.flows.model import Practice, PracticeCheck

from .messages import PRIVATE, say

DEFAULT_PASSWORD_LENGTH = 12
"""Smallest password length when the step gives no ``longueur`` (CNIL recommendation)."""
WEAK_PASSWORD_LENGTH = 8
STRONG = 3
EMAIL_LOCAL_SIGNS = frozenset("._%+-")
_COMMON = ("1234", "4321", "abcd", "azerty", "qwerty", "motdepasse", "password", "0000")
_REPEATED = re.compile(r"(.)\1{3}")


@dataclass(frozen=True)
class Note:
    """One sentence of feedback; ``key`` names the finding, for tests and statistics."""

    key: str
    text: str
    private: bool = False


@dataclass(frozen=True)
class Feedback:
    success: bool
    right: tuple[Note, ...] = ()
    """What is already right (shown first, to encourage)."""
    todo: tuple[Note, ...] = ()
    """What is missing or to change, most important first."""
    strength: int | None = None
    """For a password: 0 (très faible) to 3 (bonne)."""
    strength_word: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(note.key for note in self.right + self.todo)

    @property
    def private(self) -> bool:
        """True when a sentence quotes something typed: speak it only with speak_private."""
        return any(note.private for note in self.right + self.todo)

    @property
    def text(self) -> str:
        return "\n".join(note.text for note in self.right + self.todo)


def _note(language: str, key: str, **values: object) -> Note:
    return Note(key, say(language, key, **values), key in PRIVATE)


def _plain(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", char)
                   if not unicodedata.combining(c))


def _prefix_length(first: str, second: str) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


def _plural(language: str, key: str, count: int, **values: object) -> Note:
    return _note(language, key + "_one" if count == 1 else key, count=count, **values)


def _compare(language: str, typed: str, expected: str) -> list[Note]:
    """Notes for a text that is not exactly the expected one, by position only."""
    same = _prefix_length(typed, expected)
    if same == len(typed) and len(typed) < len(expected):
        return [_plural(language, "missing_end", len(expected) - same)]
    if same == len(expected) and len(typed) > len(expected):
        return [_plural(language, "extra_end", len(typed) - same)]
    if same == 0:
        return [_note(language, "look_first")]
    return [_note(language, "look_at", count=same)]


# -- e-mail ----------------------------------------------------------------------------------

def check_email(typed: str, expected: str | None, language: str = "fr") -> Feedback:
    if not typed:
        return Feedback(False, todo=(_note(language, "empty"),))
    todo: list[Note] = []
    right: list[Note] = []
    spaces = typed.count(" ")
    if spaces == 1:
        todo.append(_note(language, "space"))
    elif spaces > 1:
        todo.append(_note(language, "spaces", count=spaces))
    core = typed.replace(" ", "")
    if any(c.isupper() for c in core):
        todo.append(_note(language, "upper"))
    accented = next((c for c in core if c.isalpha() and _plain(c) != c), None)
    if accented is not None:
        todo.append(_note(language, "accent", plain=_plain(accented.lower()),
                          accented=accented.lower()))
    bad = next((c for c in core if not (c.isalnum() or c == "@" or c in EMAIL_LOCAL_SIGNS)),
               None)
    if bad is not None:
        todo.append(_note(language, "bad_sign", sign=bad))
    ats = core.count("@")
    shape: list[Note] = []
    if ats == 0:
        shape.append(_note(language, "missing_at"))
    elif ats > 1:
        shape.append(_note(language, "many_at", count=ats))
    else:
        right.append(_note(language, "right_at"))
        local, domain = core.split("@")
        if not local:
            shape.append(_note(language, "nothing_before_at"))
        if not domain:
            shape.append(_note(language, "nothing_after_at"))
        elif "." not in domain:
            shape.append(_note(language, "missing_dot"))
        if ".." in core:
            shape.append(_note(language, "double_dot"))
        elif (local.startswith(".") or local.endswith(".") or domain.startswith(".")
              or domain.endswith(".")):
            shape.append(_note(language, "dot_edge"))
        elif "." in domain and len(domain.rsplit(".", 1)[1]) < 2:
            shape.append(_note(language, "short_ending"))
    if expected is not None and not todo and typed != expected and expected.startswith(typed):
        # All typed so far is right: only the end is missing.
        return Feedback(False, right=tuple(right), todo=tuple(_compare(language, typed,
                                                                       expected)))
    todo.extend(shape)
    if not todo and expected is not None and typed != expected:
        todo.append(_note(language, "not_expected"))
        todo.extend(_compare(language, typed, expected))
    return Feedback(not todo, right=tuple(right) if todo else (), todo=tuple(todo))


# -- codes -----------------------------------------------------------------------------------

def check_code(typed: str, expected: str | None, length: int | None,
               language: str = "fr") -> Feedback:
    if not typed:
        return Feedback(False, todo=(_note(language, "empty"),))
    size = length if length is not None else len(expected or "")
    todo: list[Note] = []
    right: list[Note] = []
    if not typed.isdigit() or not typed.isascii():
        todo.append(_note(language, "only_digits"))
    digits = sum(c.isdigit() and c.isascii() for c in typed)
    if digits < size:
        missing = size - digits
        todo.append(_note(language, "missing_digit" if missing == 1 else "missing_digits",
                          count=missing, length=size))
    elif digits > size:
        extra = digits - size
        todo.append(_note(language, "extra_digit" if extra == 1 else "extra_digits",
                          count=extra, length=size))
    elif not todo:
        right.append(_note(language, "right_length", length=size))
        if expected is not None and typed != expected:
            position = _prefix_length(typed, expected) + 1
            todo.append(_note(language, "wrong_digit", position=position))
    return Feedback(not todo, right=tuple(right) if todo else (), todo=tuple(todo))


# -- passwords -------------------------------------------------------------------------------

def password_strength(typed: str, length: int | None = None) -> int:
    """0 very weak, 1 weak, 2 medium, 3 good (long enough, four kinds of signs, no sequence)."""
    minimum = length or DEFAULT_PASSWORD_LENGTH
    kinds = _kinds(typed)
    if len(typed) < WEAK_PASSWORD_LENGTH or _is_common(typed):
        return 0
    if len(typed) < minimum or len(kinds) <= 2:
        return 1
    return 2 if len(kinds) == 3 else STRONG


def _kinds(typed: str) -> set[str]:
    found = set()
    for char in typed:
        if char.isalpha():
            found.add("upper" if char.isupper() else "lower")
        elif char.isdigit():
            found.add("digit")
        elif not char.isspace():
            found.add("symbol")
    return found


def _is_common(typed: str) -> bool:
    lowered = typed.lower()
    return any(word in lowered for word in _COMMON) or bool(_REPEATED.search(lowered))


def check_password(typed: str, length: int | None, language: str = "fr") -> Feedback:
    minimum = length or DEFAULT_PASSWORD_LENGTH
    strength = password_strength(typed, minimum)
    word = say(language, f"strength_{strength}")
    if not typed:
        return Feedback(False, todo=(_note(language, "empty"),), strength=0, strength_word=word)
    todo: list[Note] = []
    right: list[Note] = []
    if len(typed) < minimum:
        todo.append(_plural(language, "too_short_password", minimum - len(typed),
                            length=minimum))
    else:
        right.append(_note(language, "right_length_password", length=minimum))
    kinds = _kinds(typed)
    for kind in ("lower", "upper", "digit", "symbol"):
        if kind not in kinds:
            todo.append(_note(language, f"need_{kind}"))
    if _is_common(typed):
        todo.append(_note(language, "common"))
    right.append(_note(language, "strength", word=word))
    return Feedback(not todo, right=tuple(right), todo=tuple(todo), strength=strength,
                    strength_word=word)


# -- free text -------------------------------------------------------------------------------

def _squeeze(text: str) -> str:
    return " ".join(text.split())


def check_text(typed: str, expected: str, language: str = "fr") -> Feedback:
    if not typed.strip():
        return Feedback(False, todo=(_note(language, "empty"),))
    said = _squeeze(typed).casefold()
    wanted = _squeeze(expected).casefold()
    if said == wanted:
        return Feedback(True)
    if said.replace(" ", "") == wanted.replace(" ", ""):
        return Feedback(False, todo=(_note(language, "need_space"),))
    if _plain(said) == _plain(wanted):
        return Feedback(False, todo=(_note(language, "accents_text"),))
    return Feedback(False, todo=tuple(_compare(language, said, wanted)))


# -- one entry point -------------------------------------------------------------------------

def check(practice: Practice, typed: str, language: str = "fr") -> Feedback:
    """Check ``typed`` against what a (typing) practice step expects."""
    kind = practice.check
    if kind is PracticeCheck.EMAIL:
        return check_email(typed, practice.expected, language)
    if kind is PracticeCheck.CODE:
        return check_code(typed, practice.expected, practice.length, language)
    if kind is PracticeCheck.PASSWORD:
        return check_password(typed, practice.length, language)
    if kind is PracticeCheck.TEXT:
        return check_text(typed, practice.expected or "", language)
    raise ValueError(f"a {kind.value!r} practice is answered by a choice, not by typing")


def check_choice(practice: Practice, index: int, language: str = "fr") -> Feedback:
    """The visitor chose message ``index`` (0-based) of a "choix" practice."""
    choice = practice.choices[index]
    explanation = (Note("explanation", choice.explanation.get(language))
                   if choice.explanation is not None else None)
    if choice.correct:
        bravo = (Note("success", practice.success.get(language)) if practice.success
                 else _note(language, "choice_right"))
        return Feedback(True, right=(bravo,) + ((explanation,) if explanation else ()))
    return Feedback(False, todo=((explanation,) if explanation else ()) +
                    (_note(language, "choice_wrong"),))
