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


def _convert(node: yaml.Node, seen: set[int]) -> object:
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
            seq.append(_convert(item, seen))
        return seq
    if isinstance(node, yaml.MappingNode):
        mapping = Mapping(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_line, "un nom de champ doit être un simple mot.")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(key_line, "les fusions « << » ne sont pas acceptées : "
                                           "écrivez chaque champ en entier.")
            key = str(key_node.value)
            if key in mapping:
                raise YamlProblem(key_line, f"le champ « {key} » est écrit deux fois.")
            mapping[key] = _convert(value_node, seen)
            mapping.key_lines[key] = key_line
        return mapping
    raise YamlProblem(line, "élément inconnu.")  # pragma: no cover - yaml has 3 node kinds


class _Loader(yaml.SafeLoader):
    """SafeLoader that stops at the first alias (``*name``), naming the alias's own line."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            raise YamlProblem(self.peek_event().start_mark.line + 1, _ALIASES)
        return super().compose_node(parent, index)


def parse(text: str) -> object:
    """Parse one YAML document; raise YamlProblem with a French message."""
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
    return _convert(node, set())


def _tag_name(tag: str) -> str:
    """The tag as the counsellor wrote it (``!!python/object`` rather than its long form)."""
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[len("tag:yaml.org,2002:"):]
    return tag


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
