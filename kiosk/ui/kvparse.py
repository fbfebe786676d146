"""Kivy's kv parser without its slowest part, for the Kivy version it was checked against.

``import kivy.lang`` parses Kivy's own ``style.kv`` (1,340 lines) before anything else can
happen: ~70 ms at each start, most of it in ``ParserRuleProperty.precompile``. For each
expression, Kivy puts as many newlines in front of it as its line number (so that the
compiled code and its errors name the right line), then runs its regular expressions over
that padding too: for the 755 expressions of style.kv, about half a million characters
that can never match. :func:`precompile` is Kivy's method with the regular expressions
run once, on the expression alone; it compiles exactly the same padded text, so the code
objects, the constants, the keys watched and every error are the same
(``tests/test_kv_parse.py`` compares both on every kv file the kiosk loads, Kivy's too).

:func:`install` must run before ``kivy.lang`` is first imported
(:func:`kiosk.ui.boot.configure` calls it): it puts the method in place as soon as
``kivy.lang.parser`` has run, before ``kivy.lang.builder`` loads style.kv, and only for
Kivy :data:`KIVY_VERSION` (pinned in pyproject.toml); with any other, Kivy's own stays.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType
from typing import Any

KIVY_VERSION = "2.3.1"
PARSER = "kivy.lang.parser"

_parser: ModuleType | None = None
KIVY_PRECOMPILE: Any = None
"""Kivy's own ``ParserRuleProperty.precompile``, once :func:`install` replaced it."""


def precompile(self: Any) -> None:
    """``kivy.lang.parser.ParserRuleProperty.precompile`` (Kivy 2.3.1), regular expressions
    run once on the bare expression: a padding of newlines never matches any of them."""
    parser = _parser
    assert parser is not None
    name = self.name
    value = self.value
    # The value with its strings taken out (Kivy computes it again on the padded text
    # below: the same, after the newlines, since none of its patterns matches a newline).
    bare = parser.sub(parser.lang_str, "", value)
    mode = self.mode
    if self.mode is None:
        self.mode = mode = "exec" if name[:3] == "on_" else "eval"
    padded = "\n" * self.line + value  # the very text Kivy compiles
    filename = self.ctx.filename or "<string>"
    # dont_inherit: no __future__ flag of this module (Kivy's parser has none).
    if mode == "eval" and re.search(parser.lang_key, bare) is None:
        self.co_value = eval(compile(padded, filename, "eval", dont_inherit=True))  # noqa: S307 - Kivy's own constant folding
        return
    self.co_value = compile(padded, filename, mode, dont_inherit=True)
    if mode == "exec":
        return
    watched = set()
    for text in parser.lang_fstr.findall(value):
        expression = ast.parse(text)
        watched |= set(self.get_names_from_expression(expression.body[0].value))
    cut = bare.find("#")
    if cut != -1:
        bare = bare[:cut]
    watched |= set(parser.findall(parser.lang_keyvalue, bare))
    if watched:
        self.watched_keys = [key.split(".") for key in watched]
    if parser.findall(parser.lang_tr, bare):
        if self.watched_keys:
            self.watched_keys += [["_"]]
        else:
            self.watched_keys = [["_"]]


def _replace(module: ModuleType) -> None:
    global _parser, KIVY_PRECOMPILE  # noqa: PLW0603 - set once, when Kivy's parser loads
    _parser = module
    KIVY_PRECOMPILE = module.ParserRuleProperty.precompile
    module.ParserRuleProperty.precompile = precompile


class _AfterParser:
    """Finds ``kivy.lang.parser`` as Python would, and replaces the method once it ran."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if fullname != PARSER:
            return None
        sys.meta_path.remove(self)
        spec = PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            _replace(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]  # this loader only
        return spec


def install() -> bool:
    """Replace the method when Kivy's parser loads; False (Kivy's own stays) when Kivy is
    not :data:`KIVY_VERSION` or its parser is already loaded."""
    import kivy

    if kivy.__version__ != KIVY_VERSION or PARSER in sys.modules:
        return False
    if not any(isinstance(finder, _AfterParser) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AfterParser())
    return True
