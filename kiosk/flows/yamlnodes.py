"""Read a YAML document into plain data that remembers its line numbers.

Only what a counsellor needs is accepted: mappings, lists and plain text.
Every scalar stays a string (so ``Non`` or ``Yes`` are never turned into
booleans); anchors, aliases and tags are refused, so a file can neither
explode in memory nor ask for anything to be built or executed.
"""

from __future__ import annotations

import yaml


class YamlProblem(Exception):
    """A YAML file that cannot be read; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class Text(str):
    """A scalar from the file, with the line it was on."""

    line: int

    def __new__(cls, value: str, line: int) -> Text:
        obj = super().__new__(cls, value)
        obj.line = line
        return obj

    def __reduce__(self) -> tuple[type, tuple[str]]:
        """Pickled as a plain ``str``: the line only serves the validator's messages, and a
        flow sent from the process that reads the files (kiosk/flows/reader.py) arrives with
        one C call a string instead of a Python one."""
        return str, (str(self),)


class Mapping(dict):
    """A mapping from the file; ``line`` is its own line, ``key_lines`` each key's line."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A list from the file, with the line it starts on."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


def _convert(node: yaml.Node, seen: set[int], lines: list[str],
             cut: list[tuple[int, str]], in_list: bool = False) -> object:
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise YamlProblem(line, _ALIASES)
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(line, f"« {_tag_name(node.tag)} » n'est pas accepté : les "
                                "balises commençant par « ! » sont interdites, enlevez-la.")
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null", "Null", "NULL"):
            return None
        return Text(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        seq = Sequence(line)
        for item in node.value:
            seq.append(_convert(item, seen, lines, cut, in_list=True))
        return seq
    if isinstance(node, yaml.MappingNode):
        mapping = Mapping(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_line, "un nom de champ doit être un simple mot.")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(key_line, _MERGE)
            key = str(key_node.value)
            if key in mapping:
                raise YamlProblem(key_line, _twice(key, in_list and next(iter(mapping)) == key))
            if (isinstance(value_node, yaml.ScalarNode) and value_node.style is None
                    and _comment_follows(lines, value_node.end_mark)):
                cut.append((value_node.start_mark.line + 1, key))
            mapping[key] = _convert(value_node, seen, lines, cut)
            mapping.key_lines[key] = key_line
        return mapping
    raise YamlProblem(line, "élément inconnu.")  # pragma: no cover - yaml has 3 node kinds


MAX_DEPTH = 50
_TOO_DEEP = (f"le fichier a trop de niveaux imbriqués (plus de {MAX_DEPTH}) : vérifiez les "
             "espaces en début de ligne et les crochets.")
_NULLS = ("", "~", "null", "Null", "NULL")


class _Loader(yaml.SafeLoader):
    """PyYAML's own reader, used to word syntax errors: stops at the first alias (naming
    the alias's own line) and at ``MAX_DEPTH`` levels of nesting."""

    _depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            raise YamlProblem(self.peek_event().start_mark.line + 1, _ALIASES)
        if self._depth >= MAX_DEPTH:
            raise YamlProblem(self.peek_event().start_mark.line + 1, _TOO_DEEP)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Slow(Exception):
    """The fast reader leaves this file to PyYAML's pure-Python reader."""


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def parse(text: str, cut: list[tuple[int, str]] | None = None) -> object:
    """Parse one YAML document; raise YamlProblem with a French message.

    ``cut``, when given, receives (line, field) for each plain text followed by a ``#`` on
    its line: YAML reads the rest of the line as a comment, so the text stops before it
    (``texte: Tapez # pour valider.`` gives « Tapez »).

    Files are read with libyaml when it is there (about 20 times faster), event by event,
    so that nesting is refused before libyaml spends long on it (it is slow, and its
    composer can crash, on deep nesting). A file libyaml finds wrong is read again by the
    pure-Python reader, whose messages the French hints below are written for.
    """
    if _FAST_LOADER is not None and "\t" not in text:  # libyaml lets some tabs pass
        try:
            found: list[tuple[int, str]] = []
            data = _read_events(yaml.parse(text, Loader=_FAST_LOADER), text, found)
        except (yaml.YAMLError, _Slow):
            pass
        else:
            if cut is not None:
                cut.extend(found)
            return data
    return _read_slowly(text, cut)


def _comment_follows(lines: list[str], mark) -> bool:  # type: ignore[no-untyped-def]
    """True when a ``#`` comment starts on the line right after a plain scalar ending at
    ``mark``."""
    if mark is None or mark.line >= len(lines):
        return False
    rest = lines[mark.line][mark.column:]
    return rest[:1] in (" ", "\t") and rest.lstrip().startswith("#")


def _read_slowly(text: str, cut: list[tuple[int, str]] | None = None) -> object:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        line, message = _explain(error)
        raise YamlProblem(line, message) from None
    except yaml.reader.ReaderError as error:
        line = text[: max(error.position, 0)].count("\n") + 1
        code = error.character if isinstance(error.character, int) else 0
        raise YamlProblem(line, f"le fichier contient un caractère invisible interdit "
                                f"(code U+{code:04X}) : effacez-le.") from None
    except yaml.YAMLError as error:
        raise YamlProblem(1, f"écriture YAML incorrecte ({error}).") from None
    if node is None:
        return None
    found: list[tuple[int, str]] = []
    data = _convert(node, set(), text.splitlines(), found)
    if cut is not None:
        cut.extend(found)
    return data


def _check_tag(tag: str | None, line: int) -> None:
    if tag is not None and tag != "!" and tag not in _PLAIN_TAGS:
        raise YamlProblem(line, f"« {_tag_name(tag)} » n'est pas accepté : les balises "
                                "commençant par « ! » sont interdites, enlevez-la.")


def _read_events(events, text: str,  # type: ignore[no-untyped-def]
                 cut: list[tuple[int, str]]) -> object:
    """Build the same data as ``_convert`` from parser events, without recursion.

    As with PyYAML, an alias stops the reading at once; any other problem is raised only
    once the whole file has been read, so that a syntax error further down still wins.
    """
    root: object = None
    stack: list[Mapping | Sequence] = []
    keys: list[Text | None] = []  # for each open mapping, the key waiting for its value
    problem: YamlProblem | None = None
    documents = 0
    depth = 0
    anchors: set[str] = set()
    lines = text.splitlines()
    for event in events:
        kind = type(event)
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Slow
            continue
        if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
            continue
        line = event.start_mark.line + 1
        if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            depth -= 1
            if problem is None:
                stack.pop()
                keys.pop()
            continue
        if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(line, _TOO_DEEP)
        if kind is yaml.AliasEvent:  # PyYAML too stops at the first alias, before the rest
            raise YamlProblem(line, _ALIASES)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            if anchor in anchors:  # as PyYAML words it: "found duplicate anchor"
                raise YamlProblem(line, f"écriture YAML incorrecte : {_ALIASES}")
            anchors.add(anchor)
        if problem is not None:
            continue
        try:
            as_key = bool(stack) and isinstance(stack[-1], Mapping) and keys[-1] is None
            value = _event_value(event, kind, line, as_key)
            if (kind is yaml.ScalarEvent and not as_key and not event.style
                    and stack and isinstance(stack[-1], Mapping)
                    and _comment_follows(lines, event.end_mark)):
                cut.append((line, str(keys[-1])))
            _attach(value, stack, keys, line)
        except YamlProblem as found:
            problem = found
            continue
        if isinstance(value, Mapping | Sequence):
            if not stack and root is None:
                root = value
            stack.append(value)
            keys.append(None)
        elif not stack:
            root = value
    if problem is not None:
        raise problem
    return root


def _event_value(event, kind: type, line: int,  # type: ignore[no-untyped-def]
                 as_key: bool) -> object:
    if kind is yaml.AliasEvent:
        raise YamlProblem(line, _ALIASES)
    _check_tag(event.tag, line)
    if kind is yaml.ScalarEvent:
        plain = event.tag is None and event.implicit[0]
        if as_key:
            if plain and event.value == "<<":
                raise YamlProblem(line, _MERGE)
            return Text(event.value, line)
        if event.value in _NULLS and (plain or event.tag == "tag:yaml.org,2002:null"):
            return None
        return Text(event.value, line)
    return Mapping(line) if kind is yaml.MappingStartEvent else Sequence(line)


def _attach(value: object, stack: list[Mapping | Sequence], keys: list[Text | None],
            line: int) -> None:
    if not stack:
        return
    parent = stack[-1]
    if isinstance(parent, Sequence):
        parent.append(value)
        return
    key = keys[-1]
    if key is None:
        if not isinstance(value, Text):
            raise YamlProblem(line, "un nom de champ doit être un simple mot.")
        if value in parent:
            first = next(iter(parent)) == value
            raise YamlProblem(line, _twice(value, first and len(stack) > 1
                                           and isinstance(stack[-2], Sequence)))
        keys[-1] = value
        return
    parent[key] = value
    parent.key_lines[key] = key.line
    keys[-1] = None


def _twice(key: str, starts_item: bool) -> str:
    """The message for a field written twice in one mapping. When that field is the first of
    a list item (``id`` of a step), the line most likely lacks its ``- ``: a new item."""
    if starts_item:
        return (f"le champ « {key} » est écrit deux fois dans le même élément : si cette ligne "
                f"commence un nouvel élément (une nouvelle étape), il manque le tiret au début "
                f"de la ligne : écrivez « - {key}: ... », aligné avec les autres tirets.")
    return f"le champ « {key} » est écrit deux fois."


def _tag_name(tag: str) -> str:
    """The tag as the counsellor wrote it (``!!python/object`` rather than its long form)."""
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[len("tag:yaml.org,2002:"):]
    return tag


_MERGE = "les fusions « << » ne sont pas acceptées : écrivez chaque champ en entier."
_ALIASES = ("les renvois (& et *) ne sont pas acceptés : écrivez le texte en entier ; "
            "si un texte commence par « & » ou « * », mettez-le entre guillemets.")

# PyYAML's problem strings (their beginning), what they mean for a counsellor, and whether
# the line to show is where the faulty part began (True) or where PyYAML noticed it (False).
HINTS: tuple[tuple[str, str, bool], ...] = (
    ("found character '\\t' that cannot start any token",
     "une tabulation est utilisée : mettez des espaces à la place.", False),
    ("found character",
     "ce texte commence par un signe spécial : mettez tout le texte entre guillemets "
     "(\"...\").", False),
    ("mapping values are not allowed here",
     "un deux-points « : » est mal placé : si le texte contient « : », mettez tout le texte "
     "entre guillemets ; sinon, vérifiez les espaces en début de ligne.", False),
    ("expected <block end>, but found '<scalar>'",
     "après un texte entre guillemets, rien ne doit suivre sur la même ligne : mettez tout "
     "le texte entre les guillemets.", False),
    ("expected <block end>, but found",
     "cette ligne n'est pas alignée avec celles d'avant : vérifiez les espaces en début de "
     "ligne (les tirets « - » d'une même liste doivent être alignés).", False),
    ("could not find expected ':'",
     "il manque un deux-points « : » après le nom du champ, ou un texte sur plusieurs lignes "
     "n'est pas décalé vers la droite.", True),
    ("found unexpected end of stream",
     "un guillemet est ouvert ici mais jamais fermé.", True),
    ("expected ',' or ']'", "un crochet « [ » est ouvert ici mais jamais fermé.", True),
    ("expected ',' or '}'", "une accolade « { » est ouverte ici mais jamais fermée.", True),
    ("found unknown escape character",
     "entre guillemets doubles, la barre « \\ » a un sens spécial : utilisez des guillemets "
     "simples (\'...\').", False),
    ("found undefined alias", _ALIASES, False),
    ("expected alphabetic or numeric character", _ALIASES, False),
    ("second occurrence", _ALIASES, False),
    ("but found another document",
     "le fichier contient une ligne « --- » : un fichier ne décrit qu'un seul parcours, "
     "enlevez cette ligne.", False),
    ("expected chomping or indentation indicators",
     "après « | » ou « > », rien ne doit suivre sur la même ligne : le texte commence à la "
     "ligne suivante, décalé vers la droite.", False),
)


def _explain(error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line and the French message for a YAML syntax error."""
    problem = (error.problem or "").strip()
    for known, french, at_start in HINTS:
        if problem.startswith(known):
            mark = (error.context_mark if at_start else None) or error.problem_mark
            line = mark.line + 1 if mark else 1
            return line, f"écriture YAML incorrecte : {french}"
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    return line, (f"écriture YAML incorrecte ({problem or error}) : vérifiez les espaces en "
                  "début de ligne et les guillemets.")
