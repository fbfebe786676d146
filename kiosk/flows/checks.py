"""Checks on a whole flow: the shape of its paths, and how easy it is to read (FALC)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Flow, Step, StepKind, Text
from .problems import Problem, Severity
from .vocabulary import ACRONYMS, JARGON

MAX_SENTENCE_WORDS = 15
MAX_TEXT_WORDS = 60
MAX_TITLE_WORDS = 10
MAX_ITEM_WORDS = 15

EMAIL_PATTERN = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
# Every jargon word at once, longest first, not inside a longer word.
_JARGON = re.compile(r"(?<![\w-])(" + "|".join(
    re.escape(word) for word in sorted(JARGON, key=len, reverse=True)) + r")(?![\w-])")
# An address inside a word (``ameli.fr``, ``nom@mail.fr``): looked for in each word on its
# own, so the time stays linear in the text's length (one pattern over the whole text,
# ``\S+\.fr\S*``, took 71 s on one 128,000-character word).
_URLISH = re.compile(r".\.(fr|com|gouv|org|net|eu)|.@.", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"(\s+)")


def looks_like_email(text: str) -> bool:
    return bool(EMAIL_PATTERN.match(text))


@dataclass(frozen=True)
class Finding:
    line: int
    message: str
    field: str = ""


def graph_problems(steps: list[Step]) -> list[Finding]:
    """Dangling links, unreachable steps, and steps from which no end can be reached."""
    findings: list[Finding] = []
    if not steps:
        return findings
    index = {step.id: step for step in steps}
    for step in steps:
        if step.kind is StepKind.QUESTION:
            for number, answer in enumerate(step.answers, start=1):
                if answer.goto not in index:
                    findings.append(Finding(step.line, f"étape « {step.id} » : la réponse "
                                    f"n°{number} mène à l'étape « {answer.goto} », qui "
                                    "n'existe pas.", "aller_a"))
        elif step.next is not None and step.next not in index:
            findings.append(Finding(step.line, f"étape « {step.id} » : l'étape suivante "
                                    f"« {step.next} » n'existe pas.", "suivante"))
        elif step.next is None and step.kind is not StepKind.END:
            findings.append(Finding(step.line, f"étape « {step.id} » : c'est la dernière étape "
                                    "du fichier, mais ce n'est pas une étape « fin » : ajoutez "
                                    "« suivante » ou une étape « fin ».", "suivante"))
    if findings:
        return findings
    if not any(step.kind is StepKind.END for step in steps):
        findings.append(Finding(steps[0].line, "le parcours n'a aucune étape « fin ».", "type"))
        return findings
    reachable = _reachable(steps[0].id, index)
    for step in steps:
        if step.id not in reachable:
            findings.append(Finding(step.line, f"étape « {step.id} » : aucune étape ne mène "
                                    "ici, la personne ne la verra jamais.", "id"))
    finishing = _can_finish(index)
    for step in steps:
        if step.id in reachable and step.id not in finishing:
            findings.append(Finding(step.line, f"étape « {step.id} » : depuis cette étape, on "
                                    "ne peut jamais arriver à une fin (impasse ou boucle "
                                    "sans sortie).", "suivante"))
    return findings


def _reachable(start: str, index: dict[str, Step]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for target in index[todo.pop()].successors():
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _can_finish(index: dict[str, Step]) -> set[str]:
    predecessors: dict[str, set[str]] = {key: set() for key in index}
    for step in index.values():
        for target in step.successors():
            predecessors[target].add(step.id)
    done = {key for key, step in index.items() if step.kind is StepKind.END}
    todo = list(done)
    while todo:
        for source in predecessors[todo.pop()]:
            if source not in done:
                done.add(source)
                todo.append(source)
    return done


# -- FALC ----------------------------------------------------------------------------------

def _texts(flow: Flow) -> Iterator[tuple[int, str, str, Text, int]]:
    """(line, where, field name, text, word limit for the whole text) for every text shown."""
    flow_line = flow.lines.get
    yield flow_line("titre", 1), "", "titre", flow.title, MAX_TITLE_WORDS
    yield flow_line("description", 1), "", "description", flow.description, MAX_SENTENCE_WORDS * 2
    for step in flow.steps:
        where = f"étape « {step.id} », "

        def at(name: str, step: Step = step) -> int:
            return step.lines.get(name, step.line)

        yield at("titre"), where, "titre", step.title, MAX_TITLE_WORDS
        if step.text is not None:
            yield at("texte"), where, "texte", step.text, MAX_TEXT_WORDS
        if step.warning is not None:
            yield at("attention"), where, "attention", step.warning, MAX_SENTENCE_WORDS * 2
        if step.spoken is not None:
            yield at("a_dire"), where, "a_dire", step.spoken, MAX_TEXT_WORDS * 2
        for item in step.items:
            yield at("elements"), where, "elements", item, MAX_ITEM_WORDS
        for answer in step.answers:
            yield at("reponses"), where, "reponses", answer.label, MAX_ITEM_WORDS
        if step.practice is not None:
            for choice in step.practice.choices:
                yield at("choix"), where, "choix", choice.label, MAX_TEXT_WORDS
                if choice.explanation is not None:
                    yield at("choix"), where, "explication", choice.explanation, MAX_TEXT_WORDS
            for hint in step.practice.hints:
                yield at("indices"), where, "indices", hint, MAX_SENTENCE_WORDS * 2


def words(text: str) -> list[str]:
    """The words of ``text``, an address counting as one word; linear time."""
    parts = _SPACE.split(text)
    for index in range(0, len(parts), 2):
        if _URLISH.search(parts[index]):
            parts[index] = " x "
    return _WORD.findall("".join(parts))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def writing_problems(flow: Flow) -> list[Problem]:
    """FALC warnings: long sentences, text too long for a screen, capitals, jargon.

    The same warning is given once per line, even when a word comes back several times.
    """
    found: dict[tuple[int, str], Problem] = {}
    path = flow.source or Path("?")

    def warn(line: int, message: str, field: str) -> None:
        found.setdefault((line, message), Problem(path, line, message, Severity.WARNING, field))

    for line, step, field, text, limit in _texts(flow):
        for language, value in text.by_language.items():
            tag = "" if language == "fr" else f" [{language}]"
            where = f"{step}« {field} »{tag}"
            all_words = words(value)
            total = len(all_words)
            if total > limit:
                advice = ("coupez-le en deux étapes" if field in ("texte", "a_dire")
                          else "raccourcissez-le")
                warn(line, f"{where} : texte trop long pour un écran ({total} mots, {limit} au "
                           f"plus) : {advice}.", field)
            for sentence in sentences(value):
                count = len(words(sentence))
                if count > MAX_SENTENCE_WORDS:
                    start = " ".join(sentence.split()[:5])
                    warn(line, f"{where} : phrase trop longue ({count} mots, "
                               f"{MAX_SENTENCE_WORDS} au plus) : « {start}… ».", field)
            for word in all_words:
                bare = word.strip("'’-")
                if (len(bare) >= 4 and bare.isupper() and bare.upper() not in ACRONYMS):
                    warn(line, f"{where} : « {bare} » est écrit en capitales : écrivez en "
                               "minuscules, c'est plus facile à lire.", field)
            if language == "fr":
                present = set(_JARGON.findall(value.lower()))
                for jargon, plain in JARGON.items():
                    if jargon in present:
                        warn(line, f"{where} : « {jargon} » est un mot difficile : écrivez "
                                   f"plutôt « {plain} ».", field)
    return list(found.values())
