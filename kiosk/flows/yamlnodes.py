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
        raise YamlProblem(line, "les renvois (& et *) ne sont pas acceptés : "
                                "écrivez le texte en entier.")
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(line, f"la balise « {node.tag} » n'est pas acceptée.")
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
                raise YamlProblem(key_line, "les renvois (<<) ne sont pas acceptés.")
            key = str(key_node.value)
            if key in mapping:
                raise YamlProblem(key_line, f"le champ « {key} » est écrit deux fois.")
            mapping[key] = _convert(value_node, seen)
            mapping.key_lines[key] = key_line
        return mapping
    raise YamlProblem(line, "élément inconnu.")  # pragma: no cover - yaml has 3 node kinds


def parse(text: str) -> object:
    """Parse one YAML document; raise YamlProblem with a French message."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, _explain(error)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(1, f"le fichier n'est pas du YAML valide ({error}).") from None
    if node is None:
        return None
    return _convert(node, set())


def _explain(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    hints = {
        "found character '\\t' that cannot start any token":
            "une tabulation est utilisée : mettez des espaces à la place.",
        "mapping values are not allowed here":
            "un deux-points « : » est mal placé ; si le texte contient « : », "
            "mettez tout le texte entre guillemets.",
        "expected <block end>, but found '-'":
            "un tiret « - » n'est pas aligné avec les autres.",
    }
    for known, french in hints.items():
        if problem.startswith(known):
            return f"écriture YAML incorrecte : {french}"
    return f"écriture YAML incorrecte : {problem or error} (vérifiez les espaces en début de " \
           "ligne et les guillemets)."
