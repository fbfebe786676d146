"""kiosk.ui.kvparse: Kivy's kv parser gives the very same rules with the faster method.

Every kv file the kiosk loads, Kivy's own style.kv included, is parsed twice, once with
Kivy's ``ParserRuleProperty.precompile`` and once with :func:`kiosk.ui.kvparse.precompile`:
same compiled code (line numbers included), same constants, same watched keys, same mode,
for every property, handler and canvas instruction of every rule; same error for broken
expressions. And ``kiosk run``'s set-up puts it in place before style.kv is parsed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import CodeType

import kivy
import pytest
from kivy.lang import parser as kivy_parser
from kivy.lang.parser import Parser, ParserRuleProperty

from kiosk.ui import kvparse

REPO = Path(__file__).resolve().parent.parent
KV_FILES = [Path(kivy.kivy_data_dir) / "style.kv", *sorted((REPO / "kiosk" / "ui").glob("*.kv"))]
KIVYS = kvparse.KIVY_PRECOMPILE or ParserRuleProperty.precompile


def described(prop: ParserRuleProperty) -> tuple:
    value = prop.co_value
    if isinstance(value, CodeType):  # equal code: same bytecode, names, constants, lines
        value = ("code", value, list(value.co_lines()), list(value.co_positions()))
    return (prop.name, prop.line, prop.mode, prop.watched_keys, value)


def rule_tree(rule) -> tuple:  # type: ignore[no-untyped-def]
    if rule is None:
        return ()
    return (rule.name, rule.line,
            [described(p) for p in rule.properties.values()],
            [described(h) for h in rule.handlers],
            [rule_tree(child) for child in rule.children],
            rule_tree(rule.canvas_before), rule_tree(rule.canvas_root),
            rule_tree(rule.canvas_after))


def parsed(text: str, filename: str, method, monkeypatch: pytest.MonkeyPatch) -> list:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(kvparse, "_parser", kivy_parser)
    monkeypatch.setattr(ParserRuleProperty, "precompile", method)
    result = Parser(content=text, filename=filename)
    return [(selector.key if hasattr(selector, "key") else repr(selector), rule_tree(rule))
            for selector, rule in result.rules] + [sorted(result.dynamic_classes)]


@pytest.mark.parametrize("path", KV_FILES, ids=lambda p: p.name)
def test_every_rule_is_parsed_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    kivys = parsed(text, str(path), KIVYS, monkeypatch)
    ours = parsed(text, str(path), kvparse.precompile, monkeypatch)
    assert len(kivys) > 1
    assert ours == kivys


BROKEN = """
<Label>:
    text: "a"

<Button>:
    color: 1, 2 +
"""


def test_a_broken_expression_is_reported_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    errors = []
    for method in (KIVYS, kvparse.precompile):
        with pytest.raises(SyntaxError) as raised:  # Kivy lets the compiler's error through
            parsed(BROKEN, "cassé.kv", method, monkeypatch)
        errors.append((str(raised.value), raised.value.filename, raised.value.lineno,
                       raised.value.text))
    assert errors[0] == errors[1]
    assert errors[0][1:] == ("cassé.kv", 6, "1, 2 +")


CHILD = """
import json, sys
from kiosk.ui.boot import Display, configure

configure(Display(800, 600, fullscreen=False, offscreen=True))
import kivy.lang
from kivy.lang import Builder
from kivy.lang.parser import ParserRuleProperty
from kiosk.ui import kvparse

print(json.dumps({
    "ours": ParserRuleProperty.precompile is kvparse.precompile,
    "kivys_module": kvparse.KIVY_PRECOMPILE.__module__,
    "style_rules": len(Builder.rules),
    "hook_left": any(type(f).__name__ == "_AfterParser" for f in sys.meta_path),
    "source": kivy.lang.parser.__loader__.get_source("kivy.lang.parser") is not None,
}))
"""


def test_kiosk_set_up_uses_it_from_kivys_own_style_kv(tmp_path: Path) -> None:
    env = dict(os.environ, KIVY_HOME=str(tmp_path / "kivy"))
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    record = json.loads(done.stdout.strip().splitlines()[-1])
    assert record == {"ours": True, "kivys_module": "kivy.lang.parser",
                      "style_rules": record["style_rules"], "hook_left": False,
                      "source": True}
    assert record["style_rules"] > 50  # style.kv was parsed (with our method)


def test_not_installed_for_another_kivy_or_too_late(monkeypatch: pytest.MonkeyPatch) -> None:
    meta_path = list(sys.meta_path)
    monkeypatch.setattr(sys, "meta_path", meta_path)
    assert kvparse.install() is False  # kivy.lang.parser is already loaded in this process
    monkeypatch.setattr(kivy, "__version__", "2.3.2")
    monkeypatch.delitem(sys.modules, kvparse.PARSER)
    assert kvparse.install() is False
    assert meta_path == sys.meta_path
