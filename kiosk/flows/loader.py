"""Turn flow files into Flow objects, collecting every problem on the way.

No input, however mangled, raises anything here: each problem becomes a
:class:`Problem` naming the file, the line and the field, in plain French.
One broken file never stops the others from loading.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import checks, fit
from .domains import address_problem, is_official, known_domains
from .files import MAX_FILE_BYTES, Unreadable, read_flow_bytes, too_big_message
from .flowset import FlowSet, assemble, flow_files, load_flows  # noqa: F401 - re-exported
from .model import (
    FALLBACK_LANGUAGE,
    Answer,
    Choice,
    EndOutcome,
    Flow,
    Mark,
    MarkShape,
    Practice,
    PracticeCheck,
    Step,
    StepKind,
    Text,
)
from .pictures import PictureError, check_picture
from .problems import Problem, Severity
from .vocabulary import LANGUAGES, LEVELS, OLD_THEMES, THEMES
from .yamlnodes import Mapping, Sequence, YamlProblem, parse

MAX_STEPS = 200
MAX_TEXT_CHARS = 3000
"""The longest text of one field in one language (a screen shows about 60 words)."""
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

FLOW_FIELDS = ("id", "titre", "titre_court", "description", "themes", "niveau", "duree",
               "pictogramme", "etapes")
FLOW_REQUIRED = ("id", "titre", "description", "themes", "niveau", "duree", "pictogramme",
                 "etapes")
COMMON_STEP_FIELDS = ("id", "type", "titre", "texte", "image", "repere", "attention", "a_dire",
                      "suivante")
MARK_FIELDS = ("forme", "x", "y", "largeur", "hauteur")
KIND_FIELDS: dict[StepKind, tuple[str, ...]] = {
    StepKind.INFORMATION: (),
    StepKind.QUESTION: ("reponses",),
    StepKind.CHECKLIST: ("elements",),
    StepKind.PRACTICE: ("verification", "attendu", "longueur", "exemple", "indices", "bravo",
                        "choix", "clavier"),
    StepKind.WEBSITE: ("adresse",),
    StepKind.HELP: ("elements",),
    StepKind.END: ("resultat",),
}
KIND_REQUIRED: dict[StepKind, tuple[str, ...]] = {
    StepKind.INFORMATION: ("texte",),
    StepKind.QUESTION: ("reponses",),
    StepKind.CHECKLIST: ("elements",),
    StepKind.PRACTICE: ("texte", "verification"),
    StepKind.WEBSITE: ("texte", "adresse"),
    StepKind.HELP: ("texte",),
    StepKind.END: ("texte",),
}
KEYBOARDS = ("email", "chiffres", "texte")
DEFAULT_KEYBOARD = {
    PracticeCheck.EMAIL: "email", PracticeCheck.CODE: "chiffres",
    PracticeCheck.PASSWORD: "texte", PracticeCheck.TEXT: "texte", PracticeCheck.CHOICE: "texte",
}


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Vouliez-vous dire « {close[0]} » ?" if close else ""



PICTOGRAM_FOLDER = "pictos"
"""Pictograms: white drawings on a transparent background, painted in the theme's text
colour (tiles, buttons). Any other folder holds pictures shown as they are, on their card."""


def picture_folder_problem(key: str, name: str) -> str | None:
    """Why a picture cannot be shown visibly where it is used, in French; None when it can.

    A pictogram from ``pictos/`` is white: as a step's ``image`` (shown as it is, on a white
    card) it would be invisible. A picture from elsewhere has its own colours: as a flow's
    ``pictogramme`` (painted in the text colour on the tiles) a black drawing vanishes on
    the black background of high contrast.
    """
    folder = name.replace("\\", "/").split("/", 1)[0] if "/" in name else ""
    if key == "image" and folder == PICTOGRAM_FOLDER:
        return ("les pictogrammes du dossier pictos/ sont blancs et seraient invisibles sur "
                "une étape : prenez une image du dossier images/ (ou rangez la vôtre dans "
                "images/).")
    if key == "pictogramme" and folder != PICTOGRAM_FOLDER:
        return ("le pictogramme d'un parcours doit venir du dossier pictos/ (un dessin blanc "
                "sur fond transparent, peint dans la couleur du texte) : une autre image "
                "disparaîtrait en contraste élevé. Prenez un pictogramme de pictos/.")
    return None

class _Reader:
    """Reads one parsed file into a Flow; collects problems instead of raising."""

    def __init__(self, path: Path, assets_dir: Path, domains: tuple[str, ...]) -> None:
        self.path = path
        self.assets_dir = assets_dir
        self.domains = domains
        self.problems: list[Problem] = []

    # -- reporting -------------------------------------------------------------------------
    def error(self, line: int, message: str, where: str = "") -> None:
        self.problems.append(Problem(self.path, line, message, Severity.ERROR, where))

    def warn(self, line: int, message: str, where: str = "") -> None:
        self.problems.append(Problem(self.path, line, message, Severity.WARNING, where))

    # -- small readers ---------------------------------------------------------------------
    def fields(self, node: Mapping, allowed: tuple[str, ...], required: tuple[str, ...],
               where: str) -> bool:
        ok = True
        for key in node:
            if key not in allowed:
                self.error(node.line_of(key),
                           f"{where}champ inconnu « {key} ».{_suggest(key, allowed)}", key)
                ok = False
        for key in required:
            if key not in node or node[key] is None:
                swallowed = _swallowed(node, key)
                if swallowed is not None:
                    holder, line = swallowed
                    self.error(line, f"{where}champ obligatoire « {key} » manquant : la ligne "
                               f"« {key}: » est lue comme du texte de « {holder} », car elle "
                               f"est trop décalée vers la droite. Alignez « {key}: » sous "
                               f"« {holder}: » (même nombre d'espaces au début).", key)
                else:
                    line = node.line_of(key)
                    self.error(line, f"{where}champ obligatoire « {key} » manquant ou vide.",
                               key)
                ok = False
        return ok

    def string(self, node: Mapping, key: str, where: str) -> str | None:
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(node.line_of(key), f"{where}« {key} » doit être un simple texte.", key)
            return None
        if not value.strip():
            self.error(node.line_of(key), f"{where}« {key} » est vide.", key)
            return None
        return str(value).strip()

    def text(self, node: Mapping, key: str, where: str) -> Text | None:
        value = node.get(key)
        if value is None:
            return None
        return self.text_value(value, node.line_of(key), key, where)

    def text_value(self, value: Any, line: int, key: str, where: str) -> Text | None:
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            self.error(line, f"{where}le texte « {key} » est beaucoup trop long ({len(value)} "
                       f"caractères, {MAX_TEXT_CHARS} au plus) : coupez-le en plusieurs "
                       "étapes.", key)
            return None
        if isinstance(value, str):
            if not value.strip():
                self.error(line, f"{where}le texte « {key} » est vide.", key)
                return None
            return Text.of(_clean(value))
        if isinstance(value, Mapping):
            result: dict[str, str] = {}
            for language, translated in value.items():
                at = value.line_of(language)
                if language not in LANGUAGES and not _looks_like_language(language):
                    self.error(at, f"{where}« {key} » : le texte « {language}: … » contient un "
                                   "deux-points suivi d'une espace, qui le coupe en deux : "
                                   "mettez tout le texte entre guillemets (\"...\").", key)
                    return None
                if language not in LANGUAGES:
                    self.error(at, f"{where}« {key} » : langue inconnue « {language} » "
                                   f"(langues possibles : {', '.join(LANGUAGES)}).", key)
                elif not isinstance(translated, str) or not translated.strip():
                    self.error(at, f"{where}« {key} » : le texte en « {language} » est vide.", key)
                else:
                    result[language] = _clean(translated)
            if FALLBACK_LANGUAGE not in value:
                self.error(line, f"{where}« {key} » : le texte en français (fr) est obligatoire.",
                           key)
                return None
            if FALLBACK_LANGUAGE not in result:
                return None
            return Text(MappingProxyType(result))
        self.error(line, f"{where}« {key} » doit être un texte, ou une liste de langues "
                         "(fr: ..., en: ...).", key)
        return None

    def text_list(self, node: Mapping, key: str, where: str, minimum: int,
                  maximum: int) -> tuple[Text, ...]:
        value = node.get(key)
        if value is None:
            return ()
        line = node.line_of(key)
        if not isinstance(value, Sequence):
            self.error(line, f"{where}« {key} » doit être une liste (une ligne par élément, "
                             "commençant par « - »).", key)
            return ()
        if not minimum <= len(value) <= maximum:
            self.error(line, f"{where}« {key} » doit avoir entre {minimum} et {maximum} "
                             f"éléments (il y en a {len(value)}).", key)
        items = []
        for item in value:
            at = getattr(item, "line", line)
            text = self.text_value(item, at, key, where)
            if text is not None:
                items.append(text)
        return tuple(items)

    def step_id(self, node: Mapping, key: str, where: str) -> str | None:
        value = self.string(node, key, where)
        if value is not None and not ID_PATTERN.match(value):
            self.error(node.line_of(key), f"{where}« {key} » : « {value} » n'est pas un "
                       "identifiant valable (lettres minuscules sans accent, chiffres et "
                       "tirets).", key)
            return None
        return value

    def picture(self, node: Mapping, key: str, where: str) -> str | None:
        name = self.string(node, key, where)
        if name is None:
            return None
        try:
            check_picture(self.assets_dir, name)
        except PictureError as problem:
            self.error(node.line_of(key), f"{where}{key} {problem}", key)
            return None
        except (OSError, RuntimeError):
            self.error(node.line_of(key), f"{where}{key} « {name} » : ce fichier ne peut pas "
                       "être lu.", key)
            return None
        problem = picture_folder_problem(key, name)
        if problem:
            self.error(node.line_of(key), f"{where}{key} « {name} » : {problem}", key)
            return None
        return name

    # -- the flow --------------------------------------------------------------------------
    def flow(self, data: Any) -> Flow | None:
        if not isinstance(data, Mapping):
            line = getattr(data, "line", 1)
            self.error(line, "le fichier doit décrire un parcours : des lignes « champ: valeur » "
                             "(id, titre, etapes...).")
            return None
        self.fields(data, FLOW_FIELDS, FLOW_REQUIRED, "")
        flow_id = self.step_id(data, "id", "")
        title = self.text(data, "titre", "")
        short = self.text(data, "titre_court", "") or title
        description = self.text(data, "description", "")
        themes = self.themes(data)
        level = self.string(data, "niveau", "")
        if level is not None and level not in LEVELS:
            self.error(data.line_of("niveau"), f"niveau inconnu « {level} » (possibles : "
                       f"{', '.join(LEVELS)}).{_suggest(level, LEVELS)}", "niveau")
        duration = self.duration(data)
        pictogram = self.picture(data, "pictogramme", "")
        steps = self.steps(data)
        if self.problems and any(p.is_error for p in self.problems):
            return None
        if not (flow_id and title and short and description and level and pictogram):
            return None  # pragma: no cover - each of these is required, so reported above
        return Flow(id=flow_id, title=title, short_title=short, description=description,
                    themes=themes, level=level, duration_minutes=duration or 0,
                    pictogram=pictogram, steps=tuple(steps), source=self.path,
                    lines=MappingProxyType(dict(data.key_lines)))

    def themes(self, data: Mapping) -> tuple[str, ...]:
        value = data.get("themes")
        if value is None:
            return ()
        line = data.line_of("themes")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.error(line, "« themes » doit être une liste de thèmes du CRA.", "themes")
            return ()
        themes = []
        for theme in value:
            at = getattr(theme, "line", line)
            name = theme.strip() if isinstance(theme, str) else ""
            if name in OLD_THEMES:  # an older CRA name: read, and the new one suggested
                self.warn(at, f"« {name} » est l'ancien nom de ce thème du CRA : écrivez "
                              f"« {OLD_THEMES[name]} ».", "themes")
                themes.append(OLD_THEMES[name])
            elif name not in THEMES:
                shown = theme if isinstance(theme, str) else "?"
                self.error(at, f"thème inconnu « {shown} » : utilisez un thème du CRA."
                               f"{_suggest(str(shown), (*THEMES, *OLD_THEMES))}", "themes")
            else:
                themes.append(name)
        return tuple(themes)

    def duration(self, data: Mapping) -> int | None:
        value = self.string(data, "duree", "")
        if value is None:
            return None
        if not _is_number(value) or not 1 <= int(value) <= 240:
            self.error(data.line_of("duree"), "« duree » doit être un nombre de minutes, "
                       "entre 1 et 240 (par exemple : duree: 15).", "duree")
            return None
        return int(value)

    def steps(self, data: Mapping) -> list[Step]:
        value = data.get("etapes")
        if value is None:
            return []
        if not isinstance(value, Sequence) or not value:
            self.error(data.line_of("etapes"), "« etapes » doit être une liste d'étapes, "
                       "chacune commençant par « - id: ... ».", "etapes")
            return []
        if len(value) > MAX_STEPS:
            self.error(data.line_of("etapes"), f"le parcours a trop d'étapes ({len(value)}, "
                       f"{MAX_STEPS} au plus) : faites plusieurs parcours.", "etapes")
            return []
        drafts: list[tuple[Mapping, Step]] = []
        seen: dict[str, int] = {}
        for number, node in enumerate(value, start=1):
            step = self.step(node, number)
            if step is None:
                continue
            if step.id in seen:
                self.error(step.line, f"l'identifiant d'étape « {step.id} » est déjà utilisé "
                           f"(ligne {seen[step.id]}).", "id")
                continue
            seen[step.id] = step.line
            drafts.append((node, step))
        steps = _link_defaults([s for _, s in drafts])
        if not any(p.is_error for p in self.problems):
            for problem in checks.graph_problems(steps):
                self.error(problem.line, problem.message, problem.field)
        return steps

    def step(self, node: Any, number: int) -> Step | None:
        if not isinstance(node, Mapping):
            self.error(getattr(node, "line", 1), f"l'étape n°{number} doit être une liste de "
                       "champs (id, type, titre...).")
            return None
        raw_id = node.get("id")
        where = f"étape « {raw_id} » : " if isinstance(raw_id, str) else f"étape n°{number} : "
        kind_name = self.string(node, "type", where)
        kinds = tuple(k.value for k in StepKind)
        if kind_name is None:
            if node.get("type") is None:
                self.error(node.line_of("type"), f"{where}champ obligatoire « type » manquant "
                           f"ou vide (possibles : {', '.join(kinds)}).", "type")
            return None
        if kind_name not in kinds:
            self.error(node.line_of("type"), f"{where}type d'étape inconnu « {kind_name} » "
                       f"(possibles : {', '.join(kinds)}).{_suggest(kind_name, kinds)}", "type")
            return None
        kind = StepKind(kind_name)
        before = len(self.problems)
        self.fields(node, COMMON_STEP_FIELDS + KIND_FIELDS[kind],
                    ("id", "titre") + KIND_REQUIRED[kind], where)
        if kind is StepKind.END and "suivante" in node:
            self.error(node.line_of("suivante"), f"{where}une étape « fin » termine le "
                       "parcours : elle n'a pas de « suivante ».", "suivante")
        if kind is StepKind.QUESTION and "suivante" in node:
            self.error(node.line_of("suivante"), f"{where}dans une question, chaque réponse "
                       "dit où aller (aller_a) : enlevez « suivante ».", "suivante")
        step_id = self.step_id(node, "id", where)
        title = self.text(node, "titre", where)
        step = Step(
            id=step_id or "", kind=kind, title=title or Text.of(""),
            text=self.text(node, "texte", where),
            picture=self.picture(node, "image", where),
            mark=self.mark(node, where),
            warning=self.text(node, "attention", where),
            spoken=self.text(node, "a_dire", where),
            next=self.step_id(node, "suivante", where),
            answers=self.answers(node, where) if kind is StepKind.QUESTION else (),
            items=(self.text_list(node, "elements", where, 1, 10)
                   if "elements" in KIND_FIELDS[kind] else ()),
            practice=self.practice(node, where) if kind is StepKind.PRACTICE else None,
            url=self.url(node, where) if kind is StepKind.WEBSITE else None,
            outcome=self.outcome(node, where) if kind is StepKind.END else None,
            line=node.line,
            lines=MappingProxyType(dict(node.key_lines)),
        )
        if len(self.problems) > before and any(p.is_error for p in self.problems[before:]):
            return step if step_id else None
        return step

    def answers(self, node: Mapping, where: str) -> tuple[Answer, ...]:
        value = node.get("reponses")
        if value is None:
            return ()
        line = node.line_of("reponses")
        if not isinstance(value, Sequence):
            self.error(line, f"{where}« reponses » doit être une liste de réponses.", "reponses")
            return ()
        if not 2 <= len(value) <= 4:
            self.error(line, f"{where}une question a de 2 à 4 réponses (il y en a "
                             f"{len(value)}).", "reponses")
        answers = []
        for number, item in enumerate(value, start=1):
            at = f"{where}réponse n°{number} : "
            if not isinstance(item, Mapping):
                self.error(getattr(item, "line", line), f"{at}écrivez « - texte: ... » puis "
                           "« aller_a: ... ».", "reponses")
                continue
            self.fields(item, ("texte", "aller_a"), ("texte", "aller_a"), at)
            label = self.text(item, "texte", at)
            goto = self.step_id(item, "aller_a", at)
            if label is not None and goto is not None:
                answers.append(Answer(label=label, goto=goto))
        return tuple(answers)

    def practice(self, node: Mapping, where: str) -> Practice | None:
        name = self.string(node, "verification", where)
        checks_ = tuple(c.value for c in PracticeCheck)
        if name is None:
            return None
        if name not in checks_:
            self.error(node.line_of("verification"), f"{where}vérification inconnue « {name} » "
                       f"(possibles : {', '.join(checks_)}).{_suggest(name, checks_)}",
                       "verification")
            return None
        check = PracticeCheck(name)
        keyboard = self.string(node, "clavier", where) or DEFAULT_KEYBOARD[check]
        if keyboard not in KEYBOARDS:
            self.error(node.line_of("clavier"), f"{where}clavier inconnu « {keyboard} » "
                       f"(possibles : {', '.join(KEYBOARDS)}).", "clavier")
        expected = self.string(node, "attendu", where)
        length_text = self.string(node, "longueur", where)
        length = None
        if length_text is not None:
            if not _is_number(length_text) or not 1 <= int(length_text) <= 64:
                self.error(node.line_of("longueur"), f"{where}« longueur » doit être un nombre "
                           "entre 1 et 64.", "longueur")
            else:
                length = int(length_text)
        choices = (self.choices(node, where)
                   if check is PracticeCheck.CHOICE and "choix" in node else ())
        if check is PracticeCheck.CHOICE and "choix" not in node:
            self.error(node.line, f"{where}une vérification « choix » a besoin de la liste "
                       "« choix ».", "choix")
        if check is not PracticeCheck.CHOICE and "choix" in node:
            self.error(node.line_of("choix"), f"{where}« choix » ne sert qu'avec "
                       "« verification: choix ».", "choix")
        if check is PracticeCheck.CODE and expected is None and length is None:
            self.error(node.line, f"{where}un code à taper a besoin de « attendu » ou de "
                       "« longueur ».", "attendu")
        if check is PracticeCheck.TEXT and expected is None:
            self.error(node.line, f"{where}« verification: texte » a besoin de « attendu ».",
                       "attendu")
        if check is PracticeCheck.CODE and expected is not None and not _is_number(expected):
            self.error(node.line_of("attendu"), f"{where}un code ne contient que des chiffres.",
                       "attendu")
        if check is PracticeCheck.EMAIL and expected is not None and not checks.looks_like_email(
                expected):
            self.error(node.line_of("attendu"), f"{where}« {expected} » n'est pas une adresse "
                       "e-mail valable.", "attendu")
        return Practice(check=check, keyboard=keyboard, expected=expected, length=length,
                        example=self.text(node, "exemple", where),
                        hints=self.text_list(node, "indices", where, 1, 5),
                        success=self.text(node, "bravo", where), choices=choices)

    def choices(self, node: Mapping, where: str) -> tuple[Choice, ...]:
        value = node.get("choix")
        line = node.line_of("choix")
        if not isinstance(value, Sequence) or not 2 <= len(value) <= 4:
            self.error(line, f"{where}« choix » doit être une liste de 2 à 4 messages.", "choix")
            return ()
        result = []
        for number, item in enumerate(value, start=1):
            at = f"{where}choix n°{number} : "
            if not isinstance(item, Mapping):
                self.error(getattr(item, "line", line), f"{at}écrivez « - texte: ... » puis "
                           "« bon: oui » ou « bon: non ».", "choix")
                continue
            self.fields(item, ("texte", "bon", "explication"), ("texte", "bon"), at)
            good = self.string(item, "bon", at)
            if good is not None and good not in ("oui", "non"):
                self.error(item.line_of("bon"), f"{at}« bon » vaut « oui » ou « non ».", "bon")
            label = self.text(item, "texte", at)
            if label is not None and good in ("oui", "non"):
                result.append(Choice(label=label, correct=good == "oui",
                                     explanation=self.text(item, "explication", at)))
        if result and sum(c.correct for c in result) != 1:
            self.error(line, f"{where}exactement un des choix doit avoir « bon: oui ».", "choix")
        return tuple(result)

    def mark(self, node: Mapping, where: str) -> Mark | None:
        """``repere``: where to tap on the step's picture, in percent of the picture."""
        value = node.get("repere")
        if value is None:
            return None
        line = node.line_of("repere")
        if "image" not in node:
            self.error(line, f"{where}« repere » montre où toucher sur l'image : ajoutez "
                       "« image ».", "repere")
            return None
        if not isinstance(value, Mapping):
            self.error(line, f"{where}« repere » doit avoir les champs forme, x, y, largeur "
                       "et hauteur (en pour cent de l'image).", "repere")
            return None
        at = f"{where}« repere » : "
        if not self.fields(value, MARK_FIELDS, MARK_FIELDS, at):
            return None
        shapes = tuple(s.value for s in MarkShape)
        shape = self.string(value, "forme", at)
        if shape is not None and shape not in shapes:
            self.error(value.line_of("forme"), f"{at}forme inconnue « {shape} » (possibles : "
                       f"{', '.join(shapes)}).", "repere")
            shape = None
        numbers = {}
        for key in MARK_FIELDS[1:]:
            text = self.string(value, key, at)
            number = _percent(text)
            if number is None:
                if text is not None:
                    self.error(value.line_of(key), f"{at}« {key} » doit être un nombre entre "
                               "0 et 100 (pour cent de l'image).", "repere")
                continue
            numbers[key] = number
        if shape is None or len(numbers) < 4:
            return None
        if (numbers["largeur"] <= 0 or numbers["hauteur"] <= 0
                or numbers["x"] + numbers["largeur"] > 100
                or numbers["y"] + numbers["hauteur"] > 100):
            self.error(line, f"{at}le repère doit tenir dans l'image (x + largeur et "
                       "y + hauteur : 100 au plus, largeur et hauteur plus grandes que 0).",
                       "repere")
            return None
        return Mark(MarkShape(shape), numbers["x"] / 100, numbers["y"] / 100,
                    numbers["largeur"] / 100, numbers["hauteur"] / 100)

    def url(self, node: Mapping, where: str) -> str | None:
        value = self.string(node, "adresse", where)
        if value is None:
            return None
        line = node.line_of("adresse")
        if not value.lower().startswith("https://"):
            self.error(line, f"{where}« {value} » n'est pas une adresse de site valable : elle "
                       "doit commencer par https://", "adresse")
            return None
        problem = address_problem(value)
        if problem is not None:
            self.error(line, f"{where}« adresse » : {problem}", "adresse")
            return None
        if not is_official(value, self.domains):
            self.warn(line, f"{where}« {value} » n'est pas sur un site officiel connu "
                      "(config/domaines-officiels.txt) : vérifiez l'adresse lettre par lettre ; "
                      "si le site est sûr, ajoutez son domaine au réglage « official_domains ».",
                      "adresse")
        return value

    def outcome(self, node: Mapping, where: str) -> EndOutcome:
        value = self.string(node, "resultat", where)
        if value is None:
            return EndOutcome.SUCCESS
        outcomes = tuple(o.value for o in EndOutcome)
        if value not in outcomes:
            self.error(node.line_of("resultat"), f"{where}résultat inconnu « {value} » "
                       f"(possibles : {', '.join(outcomes)}).", "resultat")
            return EndOutcome.SUCCESS
        return EndOutcome(value)


# Invisible characters and bidirectional controls (Unicode "format" characters such as
# U+200B, U+202E, U+2066, U+FEFF): they hide or reverse what a visitor reads. The zero-width
# (non-)joiners U+200C and U+200D are allowed between two letters of a non-Latin script,
# where they are part of the spelling (Persian, Arabic, Indic scripts, emoji).
_FORMAT = re.compile("[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                     "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
                     "\ufff0-\ufffb\U000e0000-\U000e0fff]")
MAX_HIDDEN_REPORTED = 10


def _hidden_characters(text: str) -> list[tuple[int, str]]:
    """(line, character) of each forbidden invisible character, the first ten; linear."""
    found: list[tuple[int, str]] = []
    line, last = 1, 0
    for match in _FORMAT.finditer(text):
        char, at = match.group(), match.start()
        if char in "\u200c\u200d" and _joins_letters(text, at):
            continue
        line += text.count("\n", last, at)
        last = at
        found.append((line, char))
        if len(found) >= MAX_HIDDEN_REPORTED:
            break
    return found


def _joins_letters(text: str, at: int) -> bool:
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    return all(c and (c.isalpha() or ord(c) >= 0x2000) and ord(c) >= 0x0370
               for c in (before, after))
def _percent(text: str | None) -> float | None:
    """A number from 0 to 100 written with digits and at most one decimal point."""
    if text is None or not re.fullmatch(r"\d{1,3}(\.\d{1,2})?", text):
        return None
    number = float(text)
    return number if number <= 100 else None


def _looks_like_language(key: str) -> bool:
    """A language code as a counsellor may mistype it (``EN``, ``ang``), not a sentence that a
    colon split (``Votre agenda: ...`` read as the language « Votre agenda »)."""
    return 2 <= len(key) <= 3 and key.isascii() and key.isalpha()


_FIELD_LINE = re.compile(r"^\s*([a-z_]+)\s*:(\s|$)")


def _swallowed(node: Mapping, key: str) -> tuple[str, int] | None:
    """(field, line) when a missing ``key`` was written too far right, inside the text of
    another field above it (a ``|`` block takes every line more indented than its field)."""
    for holder, value in node.items():
        texts = list(value.values()) if isinstance(value, Mapping) else [value]
        for text in texts:
            if not isinstance(text, str):
                continue
            for offset, line in enumerate(text.splitlines()):
                found = _FIELD_LINE.match(line)
                if found and found.group(1) == key:
                    return holder, node.line_of(holder) + offset + 1
    return None


def _is_number(text: str) -> bool:
    """Only the digits 0 to 9 (``"²"`` or ``"٣"`` are digits for Python, not for us)."""
    return text.isascii() and text.isdigit()


def _clean(text: str) -> str:
    """Trim each line and drop the trailing newline YAML keeps after ``|`` blocks."""
    return "\n".join(line.strip() for line in str(text).strip().splitlines())


def _link_defaults(steps: list[Step]) -> list[Step]:
    """Give each step without ``suivante`` the next step in the file."""
    linked = []
    for index, step in enumerate(steps):
        needs_next = step.kind not in (StepKind.END, StepKind.QUESTION) and step.next is None
        if needs_next and index + 1 < len(steps):
            linked.append(replace(step, next=steps[index + 1].id))
        else:
            linked.append(step)
    return linked


def load_flow_text(raw: bytes, path: Path, assets_dir: Path,
                   domains: tuple[str, ...] | None = None) -> tuple[Flow | None, list[Problem]]:
    """Load one flow from the bytes of its file. ``domains``: the known official domains
    (:func:`kiosk.flows.domains.known_domains`; None: the shipped list)."""
    reader = _Reader(path, assets_dir, known_domains() if domains is None else domains)
    if not raw.strip():
        reader.error(1, "le fichier est vide.")
        return None, reader.problems
    if len(raw) > MAX_FILE_BYTES:
        reader.error(1, too_big_message(len(raw)))
        return None, reader.problems
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        reader.error(line, "le fichier n'est pas enregistré en UTF-8 : dans votre éditeur, "
                           "choisissez « Enregistrer sous » puis le codage UTF-8.")
        return None, reader.problems
    if "\x00" in text:
        reader.error(text[: text.index("\x00")].count("\n") + 1,
                     "le fichier contient un caractère invisible interdit (code U+0000) : "
                     "effacez-le.")
        return None, reader.problems
    hidden = _hidden_characters(text.lstrip("\ufeff"))
    if hidden:
        for line, char in hidden:
            reader.error(line, f"le fichier contient un caractère invisible ou qui change le "
                               f"sens d'écriture (U+{ord(char):04X}) : il peut cacher ou "
                               "retourner un texte. Effacez-le (retapez la ligne).")
        return None, reader.problems
    cut: list[tuple[int, str]] = []
    try:
        data = parse(text.lstrip("\ufeff"), cut)
    except YamlProblem as problem:
        reader.error(problem.line, problem.message)
        return None, reader.problems
    except RecursionError:
        reader.error(1, "le fichier est imbriqué trop profondément.")
        return None, reader.problems
    flow = reader.flow(data)
    for line, key in cut:
        reader.warn(line, f"« {key} » : le texte s'arrête avant « # » : ce qui suit « # » "
                          "est un commentaire, que la borne ne montre pas. Si « # » fait "
                          "partie du texte, mettez tout le texte entre guillemets.", key)
    if flow is not None:
        reader.problems.extend(checks.writing_problems(flow))
        too_big = fit.fit_problems(flow)
        if too_big:  # refused like any other error: the kiosk never shows it cut
            reader.problems.extend(too_big)
            flow = None
    return flow, sorted(reader.problems, key=lambda problem: problem.line)


def load_flow_file(path: Path, assets_dir: Path, folder: Path | None = None,
                   domains: tuple[str, ...] | None = None) -> tuple[Flow | None, list[Problem]]:
    """Load one flow file; never raises for what the file is or contains.

    ``folder``: the flows folder it was found in (a link must stay inside it); only a
    regular file of at most :data:`MAX_FILE_BYTES` is read (:mod:`kiosk.flows.files`)."""
    try:
        raw = read_flow_bytes(path, folder)
    except Unreadable as problem:
        return None, [Problem(path, 1, str(problem))]
    return load_flow_text(raw, path, assets_dir, domains)
