"""A flow file as a counsellor wrote it, edited field by field without losing a comment.

The text is always read first by the kiosk's strict reader (:func:`kiosk.flows.yamlnodes.parse`),
which refuses tags, aliases and merges; only then by ruamel.yaml's round-trip reader, which
keeps comments, quoting and layout, so that a file opened and saved unchanged is the same
file, byte for byte.

The round-trip reader and writer are pure Python and the slowest part of the studio (about
40 ms to read and 20 ms to write a flow of 250 lines here). Saving one step therefore reads
and writes that step's lines alone (:class:`OneStep`, about 1 ms), and puts them back among
the other lines of the text, which stay exactly as they were.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections import OrderedDict

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from kiosk.flows.loader import ID_PATTERN, MAX_FILE_BYTES
from kiosk.flows.yamlnodes import YamlProblem, parse

TEXT_FIELDS = ("titre", "texte", "attention", "a_dire", "exemple", "bravo")
"""Step fields that hold a text (in one or more languages)."""


class DocumentError(Exception):
    """A text that cannot be opened in the studio; ``line`` and ``message`` in French."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _yaml(indent: int = 2, offset: int = 2) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a counsellor's long line
    yaml.indent(mapping=indent, sequence=offset + 2, offset=offset)
    return yaml


_KEY_ALONE = re.compile(r"^(\s*)[^\s#-][^:#]*:\s*(#.*)?$")


def guess_layout(text: str) -> tuple[int, int]:
    """(spaces of a nested mapping, spaces before a list's dash) as the file writes them."""
    lines = [line for line in text.splitlines() if line.strip() and
             not line.lstrip().startswith("#")]
    mapping = offset = None
    for line, following in zip(lines, lines[1:]):
        key = _KEY_ALONE.match(line)
        if not key:
            continue
        outer = len(key.group(1))
        inner = len(following) - len(following.lstrip(" "))
        if following.lstrip().startswith("- ") and inner >= outer:
            offset = offset if offset is not None else inner - outer
        elif inner > outer:
            mapping = mapping or inner - outer
        if mapping and offset is not None:
            break
    return mapping or 2, offset if offset is not None else 2


READ_ONLY_CACHE = 64
_READ_ONLY: OrderedDict[bytes, FlowDocument] = OrderedDict()
_CACHE_LOCK = threading.Lock()


class FlowDocument:
    """One flow file's data, as ruamel.yaml keeps it (with comments), and its layout."""

    def __init__(self, data: CommentedMap, indent: int, offset: int) -> None:
        self.data = data
        self.indent = indent
        self.offset = offset

    @classmethod
    def parse(cls, text: str) -> FlowDocument:
        """Read ``text``; DocumentError when the kiosk's strict reader refuses it."""
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            raise DocumentError(1, "le fichier est trop gros (1024 Ko au plus).")
        try:
            strict = parse(text.lstrip("\ufeff"))
        except YamlProblem as problem:
            raise DocumentError(problem.line, problem.message) from None
        except RecursionError:
            raise DocumentError(1, "le fichier est imbriqué trop profondément.") from None
        if not isinstance(strict, dict):
            raise DocumentError(1, "le fichier doit décrire un parcours : des lignes « champ: "
                                   "valeur » (id, titre, etapes...).")
        indent, offset = guess_layout(text)
        data = _yaml(indent, offset).load(text.lstrip("\ufeff"))
        if not isinstance(data, CommentedMap):  # pragma: no cover - the strict reader agreed
            raise DocumentError(1, "le fichier doit décrire un parcours.")
        return cls(data, indent, offset)

    @classmethod
    def read_only(cls, text: str) -> FlowDocument:
        """``parse(text)`` for pages that only read the document (never change it): the
        last READ_ONLY_CACHE texts read are kept parsed, by their content (a version's text
        never changes), since the round-trip reader is the slowest part of a page."""
        key = hashlib.sha256(text.encode("utf-8")).digest()
        with _CACHE_LOCK:
            found = _READ_ONLY.get(key)
            if found is not None:
                _READ_ONLY.move_to_end(key)
                return found
        document = cls.parse(text)
        with _CACHE_LOCK:
            _READ_ONLY[key] = document
            while len(_READ_ONLY) > READ_ONLY_CACHE:
                _READ_ONLY.popitem(last=False)
        return document

    @classmethod
    def new(cls, flow_id: str, title: str) -> FlowDocument:
        text = (f"id: {flow_id}\ntitre: {_plain(title)}\ndescription: À écrire.\n"
                "themes: [aide aux démarches administratives]\nniveau: débutant\nduree: 10\n"
                "pictogramme: pictos/parcours.png\netapes:\n"
                "  - id: debut\n    type: information\n    titre: Bienvenue\n"
                "    texte: À écrire.\n"
                "  - id: fin\n    type: fin\n    titre: Bravo !\n    texte: C'est fini.\n")
        return cls.parse(text)

    def dump(self) -> str:
        out = io.StringIO()
        _yaml(self.indent, self.offset).dump(self.data, out)
        return out.getvalue()

    # -- reading ---------------------------------------------------------------------------
    @property
    def flow_id(self) -> str:
        return str(self.data.get("id") or "")

    @property
    def title(self) -> str:
        """The flow's title in French ("" when it has none)."""
        return _french(self.data.get("titre"))

    @property
    def steps(self) -> CommentedSeq:
        steps = self.data.get("etapes")
        if not isinstance(steps, CommentedSeq):
            steps = CommentedSeq()
            self.data["etapes"] = steps
        return steps

    def step_ids(self) -> list[str]:
        return [str(s.get("id", "")) for s in self.steps if isinstance(s, CommentedMap)]

    def step_line(self, index: int) -> int:
        """1-based line where step ``index`` starts in the text as last read."""
        return self.steps.lc.item(index)[0] + 1

    def step(self, step_id: str) -> tuple[int, CommentedMap]:
        for index, step in enumerate(self.steps):
            if isinstance(step, CommentedMap) and str(step.get("id")) == step_id:
                return index, step
        raise KeyError(step_id)

    def languages(self) -> list[str]:
        """Languages that appear in any text of the flow, French first."""
        return _languages_in(self.data)

    # -- changing --------------------------------------------------------------------------
    def set_value(self, node: CommentedMap, key: str, value: object) -> None:
        """Set ``key`` (removed when ``value`` is None or ""); an equal value is left as it is
        written (quotes, comment)."""
        if value is None or value in ("", [], {}):
            if key in node:
                del node[key]
            return
        if key in node and _same(node[key], value):
            return
        if key in node:
            node[key] = value
        else:
            _insert_in_order(node, key, value)

    def set_text(self, node: CommentedMap, key: str, by_language: dict[str, str]) -> None:
        """A text in one or more languages: a plain text when French alone, a block of
        languages otherwise; several lines are written after ``|``."""
        values = {lang: text.replace("\r\n", "\n").strip() for lang, text in by_language.items()}
        values = {lang: text for lang, text in values.items() if text}
        if not values:
            self.set_value(node, key, None)
            return
        if set(values) == {"fr"}:
            self.set_value(node, key, _scalar(values["fr"]))
            return
        current = node.get(key)
        block = current if isinstance(current, CommentedMap) else CommentedMap()
        for lang in list(block):
            if lang not in values:
                del block[lang]
        for lang in sorted(values, key=lambda code: (code != "fr", code)):
            self.set_value(block, lang, _scalar(values[lang]))
        if current is not block:
            self.set_value(node, key, block)

    def set_text_list(self, node: CommentedMap, key: str,
                      items: list[dict[str, str]]) -> None:
        items = [{lang: t.strip() for lang, t in item.items() if t.strip()} for item in items]
        items = [item for item in items if item]
        if not items:
            self.set_value(node, key, None)
            return
        new = CommentedSeq()
        for item in items:
            if set(item) == {"fr"}:
                new.append(_scalar(item["fr"]))
            else:
                block = CommentedMap()
                for lang in sorted(item, key=lambda code: (code != "fr", code)):
                    block[lang] = _scalar(item[lang])
                new.append(block)
        self.set_value(node, key, new)

    def add_step(self, kind: str, after: int | None) -> str:
        """A new step of ``kind`` after step ``after`` (when None: after the last step that is
        not an end); its id."""
        taken = set(self.step_ids())
        number = len(taken) + 1
        while f"etape-{number}" in taken:
            number += 1
        step_id = f"etape-{number}"
        step = CommentedMap()
        step["id"] = step_id
        step["type"] = kind
        step["titre"] = "À écrire"
        if kind != "question":
            step["texte"] = "À écrire."
        if after is None:  # before the end steps written last: reached, and leads to one
            after = len(self.steps) - 1
            while after >= 0 and str(self.steps[after].get("type")) == "fin":
                after -= 1
        below = self.steps[after + 1] if after + 1 < len(self.steps) else None
        if kind == "question":
            target = str(below.get("id")) if below is not None else step_id
            step["reponses"] = CommentedSeq([CommentedMap(texte="Oui", aller_a=target),
                                             CommentedMap(texte="Non", aller_a=target)])
        elif kind in ("liste",):
            step["elements"] = CommentedSeq(["À écrire"])
        elif kind == "exercice":
            step["verification"] = "texte"
            step["attendu"] = "bonjour"
        elif kind == "site":
            step["adresse"] = "https://www.service-public.fr"
        self.steps.insert(after + 1, step)
        return step_id

    def move_step(self, index: int, delta: int) -> None:
        target = index + delta
        if 0 <= index < len(self.steps) and 0 <= target < len(self.steps):
            step = self.steps.pop(index)
            self.steps.insert(target, step)

    def delete_step(self, index: int) -> None:
        if 0 <= index < len(self.steps):
            del self.steps[index]

    def rename_step(self, old: str, new: str) -> None:
        """Change a step's id, and every ``suivante`` and ``aller_a`` that named it."""
        for step in self.steps:
            if not isinstance(step, CommentedMap):
                continue
            if step.get("id") == old:
                step["id"] = new
            if step.get("suivante") == old:
                step["suivante"] = new
            for answer in step.get("reponses") or []:
                if isinstance(answer, CommentedMap) and answer.get("aller_a") == old:
                    answer["aller_a"] = new


def text_of(value: object) -> dict[str, str]:
    """A text field's value as {language: text}."""
    if isinstance(value, CommentedMap | dict):
        return {str(k): str(v) for k, v in value.items() if isinstance(v, str | int | float)}
    if value is None:
        return {}
    return {"fr": str(value)}


def slug(text: str) -> str:
    """An identifier from a title: « Étape 1 » gives « etape-1 »."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:64].strip("-")
    return value if ID_PATTERN.match(value or "") else "parcours"


def _plain(text: str) -> str:
    return '"' + text.replace("\\", "").replace('"', "'") + '"'


def _scalar(text: str) -> str:
    return LiteralScalarString(text + "\n") if "\n" in text else text


def _same(current: object, new: object) -> bool:
    if isinstance(current, CommentedMap | CommentedSeq):
        return False if not isinstance(new, type(current)) else current == new
    return str(current).rstrip("\n") == str(new).rstrip("\n") and not isinstance(
        new, CommentedMap | CommentedSeq)


_ORDER = ("id", "type", "titre", "texte", "image", "repere", "attention", "a_dire",
          "reponses", "elements", "verification", "attendu", "longueur", "exemple", "indices",
          "bravo", "choix", "clavier", "adresse", "resultat", "suivante")


def _insert_in_order(node: CommentedMap, key: str, value: object) -> None:
    """Insert a new field where the guide puts it among the fields already there."""
    rank = _ORDER.index(key) if key in _ORDER else len(_ORDER)
    position = len(node)
    for index, existing in enumerate(node):
        if existing in _ORDER and _ORDER.index(existing) > rank:
            position = index
            break
    if position == len(node) and len(node):
        last = list(node)[-1]
        trailing = node.ca.items.pop(last, None)  # blank lines after the last field
        node.insert(position, key, value)
        if trailing is not None:
            node.ca.items[key] = trailing
        return
    node.insert(position, key, value)


def _french(value: object) -> str:
    if hasattr(value, "get"):
        value = value.get("fr")  # type: ignore[union-attr]
    return "" if value is None else str(value)


def _languages_in(data: object) -> list[str]:
    """Languages that appear in any text of ``data`` (the round-trip reader's or the kiosk's
    strict reader's), French first."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("fr", "en", "es", "pt", "ar", "de", "it", "ro", "tr", "uk",
                           "ru") and isinstance(value, str):
                    found.add(str(key))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return ["fr"] + sorted(found - {"fr"})


class OneStep(FlowDocument):
    """One step of a flow's text, read alone by the round-trip reader (its ``data`` is a list
    of that one step), changed, then written back in place of its own lines: every other line
    of the text is kept as it is. What the step form needs from the rest of the flow (the
    steps' ids, the languages, the title) comes from the kiosk's strict reader, which reads
    the whole text in about 1 ms.

    :meth:`open` gives None when the step cannot be read alone exactly (a step written in an
    unusual way: its lines must read and write back byte for byte): the caller then reads
    the whole text with :meth:`FlowDocument.parse`. A step's id cannot be changed here (the
    answers of other steps that lead to it change too): read the whole text for that.
    """

    def __init__(self, data: CommentedSeq, indent: int, offset: int, *, before: str,
                 after: str, strict: dict) -> None:
        super().__init__(data, indent, offset)  # type: ignore[arg-type]
        self.before = before
        self.after = after
        self.strict = strict

    @classmethod
    def open(cls, text: str, step_id: str) -> OneStep | None:
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            return None
        try:
            strict = parse(text.lstrip("\ufeff"))
        except (YamlProblem, RecursionError):
            return None
        steps = strict.get("etapes") if isinstance(strict, dict) else None
        if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
            return None
        found = [i for i, s in enumerate(steps) if str(s.get("id", "")) == step_id]
        if len(found) != 1:
            return None
        index = found[0]
        lines = text.splitlines(keepends=True)
        start = steps[index].line - 1  # the line of the step's first field, after its « - »
        if index + 1 < len(steps):
            end = steps[index + 1].line - 1
        else:  # the last step: up to the next field of the flow, or the end of the text
            etapes = strict.key_lines["etapes"]
            end = min((line - 1 for line in strict.key_lines.values() if line > etapes),
                      default=len(lines))
        if not (0 <= start < end <= len(lines)) or not lines[start].lstrip(" ").startswith("- "):
            return None
        chunk = "".join(lines[start:end])
        indent, offset = guess_layout(text)
        try:
            data = _yaml(indent, offset).load(chunk)
        except YAMLError:
            return None
        if not (isinstance(data, CommentedSeq) and len(data) == 1 and
                isinstance(data[0], CommentedMap) and str(data[0].get("id")) == step_id):
            return None
        document = cls(data, indent, offset, before="".join(lines[:start]),
                       after="".join(lines[end:]), strict=strict)
        if document.dump_step() != chunk:  # not read exactly: read the whole text instead
            return None
        return document

    def dump_step(self) -> str:
        out = io.StringIO()
        _yaml(self.indent, self.offset).dump(self.data, out)
        return out.getvalue()

    def dump(self) -> str:
        return self.before + self.dump_step() + self.after

    @property
    def flow_id(self) -> str:
        return str(self.strict.get("id") or "")

    @property
    def title(self) -> str:
        return _french(self.strict.get("titre"))

    @property
    def steps(self) -> CommentedSeq:
        return self.data  # type: ignore[return-value]

    def step_ids(self) -> list[str]:
        return [str(s.get("id", "")) for s in self.strict["etapes"]]

    def languages(self) -> list[str]:
        return _languages_in(self.strict)

    def rename_step(self, old: str, new: str) -> None:
        raise RuntimeError("OneStep cannot rename a step: read the whole text for that")
