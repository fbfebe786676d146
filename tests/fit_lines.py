"""Where a Kivy label's lines break, found through Kivy's public API only.

A :class:`~kivy.uix.label.Label` does not publish its wrapped lines (they live in its core
label's private cache). It does publish ``refs``: with ``markup`` on, every
``[ref=name]...[/ref]`` span gets the list of boxes it covers in the texture, **one box per
line it is drawn on**. So :func:`broken_words` draws a copy of the label with the same text
and every property that shapes the text (font, size, boldness, wrap width, alignment,
padding, line height, line count, shortening...), each word in a ref of its own, and reads
the boxes back:

- a word with two boxes or more was cut across lines (Kivy splits a word that is wider than
  the line, « Suivan / t »);
- the copy must come out exactly the size of the label's own texture (``texture_size``),
  or the result is not trusted and reported as such: markup wraps text with the same layout
  code as plain text (``kivy.core.text.markup`` lays each span out with Kivy's text layout,
  breaking at spaces), and the comparison proves it label by label.

A word Kivy drops (``shorten``, ``max_lines``) has no box: the label does not show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kivy.uix.label import Label
from kivy.utils import escape_markup

# What shapes the text of a label besides its text (kivy.uix.label.Label's properties).
SHAPING = ("font_size", "font_name", "font_family", "font_context", "font_features",
           "font_hinting", "font_kerning", "font_blended", "font_script_name",
           "font_direction", "font_language", "base_direction", "bold", "italic",
           "underline", "strikethrough", "halign", "valign", "padding", "line_height",
           "max_lines", "shorten", "shorten_from", "split_str", "strip", "text_language",
           "outline_width", "unicode_errors", "mipmap", "limit_render_to_text_bbox",
           "ellipsis_options")
_TAG = re.compile(r"(\[[^\]]*\])")
_SPACE = re.compile(r"(\s+)")


@dataclass(frozen=True)
class LineReport:
    lines: int
    """How many lines the label's words are drawn on."""
    cut: tuple[str, ...]
    """Words drawn on more than one line (cut inside)."""
    missing: tuple[str, ...]
    """Words not drawn at all (shortened away or beyond ``max_lines``)."""
    trusted: bool
    """The copy came out the size of the label's texture: it wrapped as the label did."""
    copy_size: tuple[int, int]


def _marked(text: str, markup: bool) -> tuple[str, list[str]]:
    """``text`` with each word in a ``[ref=N]`` span, and the words by N."""
    words: list[str] = []
    out: list[str] = []
    parts = _TAG.split(text) if markup else [text]
    for part in parts:
        if markup and _TAG.fullmatch(part):
            if part.startswith(("[ref", "[/ref")):
                continue  # the label's own refs: the words inside get ours
            out.append(part)
            continue
        plain = part if not markup else (part.replace("&bl;", "[").replace("&br;", "]")
                                         .replace("&amp;", "&"))
        for token in _SPACE.split(plain):
            if not token:
                continue
            if token.isspace():
                out.append(token)
            else:
                out.append(f"[ref={len(words)}]{escape_markup(token)}[/ref]")
                words.append(token)
    return "".join(out), words


_CACHE: dict[tuple, LineReport] = {}


def line_report(label: Label) -> LineReport:
    """How ``label``'s words are drawn now (its texture must be up to date)."""
    options = {name: getattr(label, name) for name in SHAPING if hasattr(label, name)}
    text_size = tuple(label.text_size) if label.text_size else (None, None)
    key = (label.text, bool(label.markup), text_size,
           tuple((k, tuple(v) if isinstance(v, list) else
                  tuple(sorted(v.items())) if isinstance(v, dict) else v)
                 for k, v in options.items()))
    if key in _CACHE:
        return _CACHE[key]
    marked, words = _marked(label.text, bool(label.markup))
    copy = Label(text=marked, markup=True, text_size=text_size, **options)
    copy.texture_update()
    boxes = copy.refs
    cut = tuple(words[int(n)] for n, spans in boxes.items() if len(spans) > 1)
    missing = tuple(word for n, word in enumerate(words) if str(n) not in boxes)
    tops = {round(box[1]) for spans in boxes.values() for box in spans}
    size = tuple(int(v) for v in copy.texture_size)
    trusted = all(abs(a - b) <= 1 for a, b in zip(size, label.texture_size, strict=True))
    report = LineReport(len(tops), cut, missing, trusted, size)  # type: ignore[arg-type]
    _CACHE[key] = report
    return report
