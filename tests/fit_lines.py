"""Where a Kivy label's lines break, found through Kivy's public API only.

A :class:`~kivy.uix.label.Label` does not publish its wrapped lines (they live in its core
label's private cache). It does publish ``refs``: with ``markup`` on, every
``[ref=name]...[/ref]`` span gets the list of boxes it covers in the texture, **one box per
line it is drawn on**. So :func:`line_report` draws a copy of the label with the same text
and every property that shapes the text (font, size, boldness, wrap width, alignment,
padding, line height, line count, shortening...), each word in a ref of its own, and reads
the boxes back:

- a word with two boxes or more was cut across lines (Kivy splits a word only when the word
  alone is wider than the line, « Suivan / t »; otherwise it breaks at a space);
- a word with no box is not shown (``shorten``, ``max_lines``).

The copy is checked against a second, independent public measure: each word's own width
(``kivy.core.text.Label.get_extents``, with the label's font) against the line's width. The
words the copy shows cut must be exactly the words wider than the line; when they are not,
the result is reported as not trusted. (The copy may break a long line one word earlier or
later than the label: markup measures a line word by word, and a line that fills its width
to the pixel can come out one pixel apart. That moves a whole word to the next line in one
and not the other, and never cuts a word, so line counts are not compared.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kivy.core.text import Label as CoreLabel
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
_CORE = ("font_size", "font_name", "font_family", "font_context", "font_features",
         "font_hinting", "font_kerning", "font_blended", "font_script_name", "font_direction",
         "base_direction", "bold", "italic", "text_language")
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
    """The words the copy shows cut are exactly those wider than the line."""
    wider: tuple[str, ...]
    """Words wider than the line by their own measure (``get_extents``)."""


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
    cut = tuple(words[int(n)] for n, spans in sorted(boxes.items(), key=lambda b: int(b[0]))
                if len(spans) > 1)
    missing = tuple(word for n, word in enumerate(words) if str(n) not in boxes)
    tops = {round(box[1]) for spans in boxes.values() for box in spans}
    wider: tuple[str, ...] = ()
    if text_size[0] is not None:
        left, _top, right, _bottom = label.padding
        line = text_size[0] - left - right
        measure = CoreLabel(**{k: v for k, v in options.items() if k in _CORE})
        wider = tuple(w for w in words if measure.get_extents(w)[0] > line)
    report = LineReport(len(tops), cut, missing, set(cut) == set(wider), wider)
    _CACHE[key] = report
    return report
