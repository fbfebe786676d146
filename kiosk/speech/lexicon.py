"""Pronunciation lexicons: turn what the voice reads badly into what a person would say.

One TOML file per language in the lexicon folder (``fr.toml``, ``en.toml``…), written by
counsellors. ``Lexicon.apply`` is the only place text is rewritten before synthesis, in
this order, each part read once and never rewritten again:

1. every line gets an end mark, so the voice pauses between a title and its text;
2. web and e-mail addresses are read in short chunks ("impots point gouv point fr");
3. the words and signs the counsellors listed are replaced (longest first);
4. long runs of digits are read one by one ("4 8 2 9 1 5").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.flows.vocabulary import LANGUAGES

SECTIONS = ("mots", "symboles", "adresses", "lecture")
READING_KEYS = {"adresses_par_morceaux": bool, "chiffres_un_par_un": int}
DEFAULT_DIGITS = 5

# Endings that make a string a web address (after a dot), lower case only.
_TLDS = ("fr|com|org|net|gouv|eu|info|io|be|ch|ca|re|gp|mq|gf|yt|nc|pf|pm|uk|de|es|it|pt|"
         "ma|dz|tn|sn|ci|ro|tr|ua|ru|app|coop")
_EMAIL = r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:" + _TLDS + r")"
_URL = (r"(?:https?://)?(?:[A-Za-z0-9-]+\.)+(?:" + _TLDS + r")(?![\w-])"
        r"(?:/[^\s]*)?")
ADDRESS = re.compile(rf"(?<![\w@.-])(?:{_EMAIL}|{_URL})(?![\w@])")
_TRAILING = ".,;:!?)»\"'"
_LINE_END = ".!?:;,…"


class LexiconError(Exception):
    """A lexicon file that cannot be used; ``problems`` are French lines naming file and line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Entry:
    written: str
    spoken: str
    line: int
    exact_case: bool


@dataclass(frozen=True)
class Lexicon:
    """The reading rules of one language."""

    language: str
    words: tuple[Entry, ...] = ()
    symbols: tuple[Entry, ...] = ()
    separators: dict[str, str] = field(default_factory=dict)
    read_addresses: bool = False
    digits_from: int = 0
    source: Path | None = None

    def __post_init__(self) -> None:
        entries = sorted(self.words + self.symbols, key=lambda e: -len(e.written))
        parts = []
        for entry in entries:
            body = re.escape(entry.written)
            if not entry.exact_case:
                body = f"(?i:{body})"
            if entry.written[0].isalnum() or entry.written[0] == "_":
                body = r"(?<![\w])" + body
            if entry.written[-1].isalnum() or entry.written[-1] == "_":
                body = body + r"(?![\w])"
            parts.append(body)
        pattern = re.compile("|".join(parts)) if parts else None
        object.__setattr__(self, "_pattern", pattern)
        lookup = {}
        for entry in entries:
            lookup.setdefault(entry.written if entry.exact_case else entry.written.casefold(),
                              entry.spoken)
        object.__setattr__(self, "_lookup", lookup)

    def _spoken(self, written: str) -> str | None:
        lookup = self._lookup  # type: ignore[attr-defined]
        return lookup.get(written, lookup.get(written.casefold()))

    def apply(self, text: str) -> str:
        """The text to send to the voice."""
        segments: list[tuple[bool, str]] = [(False, end_lines(text))]
        if self.read_addresses:
            segments = _split(segments, ADDRESS, self._read_address)
        if self._pattern is not None:  # type: ignore[attr-defined]
            segments = _split(segments, self._pattern,  # type: ignore[attr-defined]
                              self._read_entry)
        if self.digits_from:
            digits = re.compile(rf"(?<![\w])\d{{{self.digits_from},}}(?![\w])")
            segments = _split(segments, digits, lambda m: (" ".join(m.group(0)), ""))
        spoken = re.sub(r"\s+", " ", "".join(part for _, part in segments)).strip()
        return re.sub(r" ([.,])", r"\1", spoken)

    def _read_entry(self, match: re.Match[str]) -> tuple[str, str]:
        written = match.group(0)
        spoken = self._spoken(written) or written
        if not written[0].isalnum():
            spoken = " " + spoken
        if not written[-1].isalnum():
            spoken = spoken + " "
        return spoken, ""

    def _read_address(self, match: re.Match[str]) -> tuple[str, str]:
        """(what is read, what is left after the address, such as a final full stop)."""
        address = match.group(0)
        tail = ""
        while address and address[-1] in _TRAILING:
            tail = address[-1] + tail
            address = address[:-1]
        whole = self._spoken(address)
        if whole is not None:
            return whole, tail
        bare = re.sub(r"^https?://", "", address).rstrip("/")
        words = []
        for token in re.findall(r"[A-Za-z0-9]+|[^A-Za-z0-9]", bare):
            if token[0].isalnum():
                words.append(self._spoken(token) or token)
            else:
                sign = self.separators.get(token) or self._spoken(token)
                if sign:
                    words.append(sign)
        return " ".join(words), tail


def _split(segments: list[tuple[bool, str]], pattern: re.Pattern[str],
           read: Callable[[re.Match[str]], tuple[str, str]]) -> list[tuple[bool, str]]:
    """Replace matches of ``pattern`` in the parts not yet read; replaced parts are final."""
    result: list[tuple[bool, str]] = []
    for final, text in segments:
        if final:
            result.append((final, text))
            continue
        position = 0
        for match in pattern.finditer(text):
            if match.start() > position:
                result.append((False, text[position:match.start()]))
            spoken, tail = read(match)
            result.append((True, spoken))
            if tail:
                result.append((False, tail))
            position = match.end()
        if position < len(text):
            result.append((False, text[position:]))
    return result


def end_lines(text: str) -> str:
    """One line of text per sentence: lines without an end mark get a full stop."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    return " ".join(line if line[-1] in _LINE_END else line + "." for line in lines)


# -- reading files --------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\s*([^\]]*?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def _key_lines(text: str) -> dict[tuple[str, str | None], int]:
    """Where each (section, key) is written, keys decoded as TOML does; key None: the header."""
    lines: dict[tuple[str, str | None], int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            section = header.group(1).strip().strip('"')
            lines.setdefault((section, None), number)
            continue
        key = _KEY.match(line)
        if key:
            try:
                name = next(iter(tomllib.loads(f"{key.group(1)} = 0")))
            except tomllib.TOMLDecodeError:
                continue
            lines.setdefault((section, name), number)
    return lines


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def load_lexicon(path: Path) -> Lexicon:
    """Read and check one lexicon file; raise LexiconError listing every problem."""
    language = path.stem
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LexiconError([f"{path}:1: le fichier n'est pas enregistré en UTF-8."]) from None
    except OSError as error:
        raise LexiconError([f"{path}: fichier illisible ({error.strerror}).]"]) from None
    problems: list[str] = []
    if language not in LANGUAGES:
        problems.append(f"{path}:1: le nom du fichier doit être un code de langue suivi de "
                        f".toml ({', '.join(f'{c}.toml' for c in LANGUAGES)}).")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+), column (\d+)", str(error))
        line, column = match.groups() if match else ("?", "?")
        raise LexiconError(problems + [
            f"{path}:{line}: cette ligne est mal écrite (vers le caractère {column}). Chaque "
            f"ligne s'écrit \"écrit\" = \"ce que la voix dit\", avec des guillemets droits "
            f"des deux côtés ; une partie s'écrit [mots] seul sur sa ligne."]) from None
    lines = _key_lines(text)

    def where(section: str, key: str | None = None) -> str:
        return f"{path}:{lines.get((section, key), lines.get((section, None), '?'))}"

    words: list[Entry] = []
    symbols: list[Entry] = []
    separators: dict[str, str] = {}
    reading: dict[str, object] = {}
    seen: dict[str, tuple[str, int]] = {}
    for section, content in raw.items():
        if section not in SECTIONS:
            if isinstance(content, dict):
                problems.append(f"{where(section)}: partie inconnue [{section}]. Parties "
                                f"possibles : {', '.join(f'[{s}]' for s in SECTIONS)}.")
            else:
                problems.append(f"{where('', section)}: « {section} » doit être écrit sous une "
                                f"partie, par exemple sous [mots].")
            continue
        if not isinstance(content, dict):
            problems.append(f"{where('', section)}: « {section} » est une partie : écrivez "
                            f"[{section}] seul sur sa ligne.")
            continue
        for key, value in content.items():
            at = where(section, key)
            if section == "lecture":
                expected = READING_KEYS.get(key)
                if expected is None:
                    problems.append(f"{at}: réglage de lecture inconnu « {key} ». Réglages "
                                    f"possibles : {', '.join(READING_KEYS)}.")
                elif expected is bool and not isinstance(value, bool):
                    problems.append(f"{at}: « {key} » doit valoir true (oui) ou false (non).")
                elif expected is int and (isinstance(value, bool) or not isinstance(value, int)
                                          or not 0 <= value <= 30):
                    problems.append(f"{at}: « {key} » doit être un nombre entier entre 0 et 30 "
                                    f"(0 : jamais).")
                else:
                    reading[key] = value
                continue
            if not isinstance(value, str):
                problems.append(f"{at}: « {key} » : ce que la voix dit doit être un texte entre "
                                f"guillemets, par exemple \"{key}\" = \"...\".")
                continue
            if not key.strip():
                problems.append(f"{at}: le mot écrit à gauche du signe = est vide.")
                continue
            if not value.strip():
                problems.append(f"{at}: « {key} » : le texte à dire (à droite du signe =) est "
                                f"vide.")
                continue
            if key != key.strip():
                problems.append(f"{at}: « {key} » commence ou finit par une espace : "
                                f"enlevez-la.")
                continue
            has_word = any(c.isalnum() for c in key)
            if section == "mots" and not has_word:
                problems.append(f"{at}: « {key} » n'a ni lettre ni chiffre : mettez-le dans la "
                                f"partie [symboles].")
                continue
            if section == "symboles" and any(c.isalpha() for c in key):
                problems.append(f"{at}: « {key} » contient des lettres : mettez-le dans la "
                                f"partie [mots].")
                continue
            if section == "adresses":
                if len(key) != 1 or key.isalnum():
                    problems.append(f"{at}: « {key} » : la partie [adresses] ne contient que "
                                    f"des signes d'un seul caractère, comme \".\" ou \"/\".")
                    continue
                separators[key] = value.strip()
                continue
            exact = _is_acronym(key)
            clash = seen.get(key.casefold())
            if clash is not None:
                problems.append(f"{at}: « {key} » est déjà écrit ligne {clash[1]} "
                                f"(« {clash[0]} ») ; gardez une seule ligne.")
                continue
            line = lines.get((section, key), 0)
            seen[key.casefold()] = (key, line)
            entry = Entry(key, value.strip(), line, exact)
            (words if section == "mots" else symbols).append(entry)
    if problems:
        raise LexiconError(problems)
    return Lexicon(language=language, words=tuple(words), symbols=tuple(symbols),
                   separators=separators,
                   read_addresses=bool(reading.get("adresses_par_morceaux", True)),
                   digits_from=int(reading.get("chiffres_un_par_un", DEFAULT_DIGITS)),  # type: ignore[call-overload]
                   source=path)


def load_lexicons(folder: Path) -> tuple[dict[str, Lexicon], list[str]]:
    """Every lexicon in ``folder`` by language, and the problems of the files left out."""
    lexicons: dict[str, Lexicon] = {}
    problems: list[str] = []
    if not folder.is_dir():
        return lexicons, problems
    for path in sorted(folder.glob("*.toml")):
        try:
            lexicon = load_lexicon(path)
        except LexiconError as error:
            problems.extend(error.problems)
            continue
        lexicons[lexicon.language] = lexicon
    return lexicons, problems


def plain(language: str) -> Lexicon:
    """The rules used when a language has no lexicon file: line ends only."""
    return Lexicon(language=language)
