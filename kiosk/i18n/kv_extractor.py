"""Babel extractor for Kivy language (.kv) files.

Registered in pyproject.toml under Babel's ``babel.extractors`` entry point as ``kv``,
so a mapping file names it like a built-in method (``[kv: **.kv]``). Kivy's own parser
splits the file into rules and property values; each value is Python, and every call to
a keyword function in it (``app.tr("Suivant", app.lang)``) yields its message, with the
line where it is written in the .kv file.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator, Mapping
from typing import IO, Any

Message = tuple[int, str, tuple[str | None, ...], list[str]]


def extract_kv(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Any,
               options: Mapping[str, Any]) -> Iterator[Message]:
    """Babel extraction method: ``(line, function, messages, comments)`` per call."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")  # pybabel's own arguments are not Kivy's
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")  # leave pybabel's logging as it is
    from kivy.lang.parser import Parser

    encoding = options.get("encoding", "utf-8")
    source = fileobj.read().decode(encoding)
    parser = Parser(content=source, filename=getattr(fileobj, "name", None))
    rules = [rule for _selector, rule in parser.rules]
    if parser.root is not None:
        rules.append(parser.root)
    found: list[Message] = []
    for rule in rules:
        for prop in _properties(rule):
            found.extend(_calls(prop.value, prop.line, prop.name.startswith("on_"), keywords))
    yield from sorted(found, key=lambda message: message[0])


def _properties(rule: Any) -> Iterator[Any]:
    """Every property and handler of a rule, its children and its canvas instructions."""
    yield from rule.properties.values()
    yield from rule.handlers
    for child in rule.children:
        yield from _properties(child)
    for canvas in (rule.canvas_before, rule.canvas_root, rule.canvas_after):
        if canvas is not None:
            yield from _properties(canvas)


def _calls(value: str, line: int, statement: bool,
           keywords: Mapping[str, Any]) -> Iterator[Message]:
    # As Kivy compiles it: blank lines first, so that line numbers are the file's.
    tree = ast.parse("\n" * line + value, mode="exec" if statement else "eval")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (func.attr if isinstance(func, ast.Attribute)
                else func.id if isinstance(func, ast.Name) else None)
        if name not in keywords:
            continue
        messages = tuple(arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                         else None for arg in node.args)
        yield node.lineno, name, messages, []
