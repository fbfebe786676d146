"""The French guides cover everything: each setting, each command and its options, each step
kind and field, and each message the flow validator can print.

docs/reglages.md has a ``## name`` section per setting, docs/commandes.md a ``## kiosk NAME``
section per command, docs/ecrire-un-parcours.md a ``### type: NAME`` section per step kind
and every message of kiosk/flows (found by reading the source, not listed by hand).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from flowfixtures import COMPLETE, make_assets

from kiosk.cli import build_parser
from kiosk.commands import COMMANDS
from kiosk.flows.loader import (
    COMMON_STEP_FIELDS,
    FLOW_FIELDS,
    KEYBOARDS,
    KIND_FIELDS,
    load_flow_text,
)
from kiosk.flows.model import EndOutcome, PracticeCheck, StepKind
from kiosk.flows.vocabulary import JARGON, LANGUAGES, LEVELS, THEMES
from kiosk.settings import SETTINGS

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
FLOWS_PACKAGE = REPO / "kiosk" / "flows"
MESSAGE_MODULES = ("loader.py", "checks.py", "pictures.py", "yamlnodes.py", "files.py",
                   "domains.py", "fit.py")


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def sections(text: str, level: str = "## ") -> dict[str, str]:
    """Heading text -> the text under it, up to the next heading of the same level."""
    found: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if line.startswith(level):
            current = line[len(level):].strip()
            found[current] = ""
        elif current is not None:
            found[current] += line + "\n"
    return found


# -- settings --------------------------------------------------------------------------------

def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return str(value)


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.name for s in SETTINGS])
def test_every_setting_is_documented_with_its_default(setting) -> None:  # type: ignore[no-untyped-def]
    documented = sections(read("reglages.md"))
    assert setting.name in documented, f"docs/reglages.md: ajoutez « ## {setting.name} »"
    body = documented[setting.name]
    default_line = next((line for line in body.splitlines() if "Par défaut" in line), "")
    shown = {toml_value(setting.default)}
    if isinstance(setting.default, float) and setting.default.is_integer():
        shown.add(str(int(setting.default)))
    expected = toml_value(setting.default)
    assert any(f"`{value}`" in default_line for value in shown), (
        f"docs/reglages.md, ## {setting.name}: la ligne « - Par défaut : `{expected}` »")
    assert len(squeeze(body).strip()) > len(default_line.strip()) + 10, "dites à quoi il sert"


def test_no_setting_documented_that_does_not_exist() -> None:
    names = {s.name for s in SETTINGS}
    documented = set(sections(read("reglages.md")))
    assert documented - names == set()


# -- commands --------------------------------------------------------------------------------

def command_options() -> dict[str, list[str]]:
    """Each subcommand and its own long options (not -h, --config, --data-dir)."""
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    common = {"-h", "--help", "--config", "--data-dir"}
    options: dict[str, list[str]] = {}
    for name, sub in subparsers.choices.items():
        options[name] = [max(action.option_strings, key=len) for action in sub._actions
                         if action.option_strings and not common & set(action.option_strings)]
    return options


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_and_option_is_documented(command: str) -> None:
    documented = sections(read("commandes.md"))
    heading = f"kiosk {command}"
    assert heading in documented, f"docs/commandes.md: ajoutez « ## {heading} »"
    body = documented[heading]
    for option in command_options()[command]:
        assert f"`{option}" in body or f"{option} " in body or f"{option}\n" in body, (
            f"docs/commandes.md, ## {heading}: expliquez l'option {option}")


def test_common_options_are_documented() -> None:
    text = read("commandes.md")
    assert "`--config" in text and "`--data-dir" in text


# -- writing a flow --------------------------------------------------------------------------

GUIDE = "ecrire-un-parcours.md"


def test_every_step_kind_has_its_section() -> None:
    kinds = set(sections(read(GUIDE), "### "))
    for kind in StepKind:
        assert f"type: {kind.value}" in kinds, f"ajoutez « ### type: {kind.value} »"


def test_every_field_and_word_is_documented() -> None:
    guide = read(GUIDE)
    fields = set(FLOW_FIELDS) | set(COMMON_STEP_FIELDS) | {
        f for names in KIND_FIELDS.values() for f in names} | {"aller_a", "bon", "explication"}
    words = ({c.value for c in PracticeCheck} | set(KEYBOARDS) | {o.value for o in EndOutcome}
             | set(LANGUAGES))
    for word in sorted(fields | words):
        assert f"`{word}`" in guide, f"docs/{GUIDE}: expliquez `{word}`"
    flat = squeeze(guide)
    for word in (*THEMES, *LEVELS, *JARGON):
        assert word in flat, f"docs/{GUIDE}: il manque « {word} »"


def test_the_guide_example_is_the_tested_complete_flow(tmp_path: Path) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", read(GUIDE), flags=re.DOTALL)
    assert blocks[0] == COMPLETE.read_text(encoding="utf-8")
    flow, problems = load_flow_text(blocks[0].encode(), Path("exemple.yaml"),
                                    make_assets(tmp_path))
    assert problems == [] and flow is not None


STRIP = " \t\n.,;:«»?!()"
MESSAGE_ARGUMENT = {"error": 1, "warn": 1, "Finding": 1, "PictureError": 0, "YamlProblem": 1,
                    "Problem": 2}


def message_templates(path: Path) -> list[list[str]]:
    """The fixed parts of every message the module can give (f-string holes left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            constants[node.target.id] = node.value

    def parts(node: ast.expr) -> list[str] | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.JoinedStr):
            return [v.value for v in node.values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        if isinstance(node, ast.Name) and node.id in constants:
            return parts(constants[node.id])
        return None

    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        position = MESSAGE_ARGUMENT.get(name or "")
        if position is not None and len(node.args) > position:
            message = parts(node.args[position])
            if message:
                found.append(message)
    hints = constants.get("HINTS")
    if isinstance(hints, ast.Tuple):
        for entry in hints.elts:
            assert isinstance(entry, ast.Tuple)
            message = parts(entry.elts[1])
            if message:
                found.append(message)
    return found


def all_templates() -> list[tuple[str, list[str]]]:
    return [(module, template) for module in MESSAGE_MODULES
            for template in message_templates(FLOWS_PACKAGE / module)]


def test_messages_are_found_in_the_source() -> None:
    """Guard for the test below: it must really see the messages."""
    templates = all_templates()
    assert len(templates) > 60
    joined = " ".join(" ".join(t) for _, t in templates)
    assert "champ inconnu" in joined and "phrase trop longue" in joined
    assert "une tabulation est utilisée" in joined and "dimensions impossibles" in joined


@pytest.mark.parametrize(("module", "template"), all_templates(),
                         ids=[f"{m}:{'…'.join(t)[:40]}" for m, t in all_templates()])
def test_every_message_is_explained_in_the_guide(module: str, template: list[str]) -> None:
    guide = squeeze(read(GUIDE))
    for raw in template:
        piece = squeeze(raw).strip(STRIP)
        if len(piece) >= 6:
            assert piece in guide, f"docs/{GUIDE}: recopiez le message de {module} : « {piece} »"
