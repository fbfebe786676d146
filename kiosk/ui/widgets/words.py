"""The text layer: every label a visitor reads is a :class:`Words`, every row that has a
start and an end is :class:`Mirrored` (kiosk/ui/rtl.py says why and how).

- A :class:`Words` whose text holds no right-to-left letter, on a screen that is not
  mirrored, is drawn by Kivy's own :class:`~kivy.uix.label.Label`, unchanged.
- Otherwise it draws itself: lines wrapped in logical order and measured as drawn, each
  shaped and reordered, Arabic runs in the Arabic font (kiosk/ui/fonts.py), the rest in
  the label's own; on a mirrored screen (``rtl``) a line starts at the right.
- ``text`` always stays the logical text (what is read aloud, what the tests compare).

``rtl`` follows the theme (``app.theme.rtl``, from the visit's language) through
``words.kv``, so a language change redraws every label and mirrors every row at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.core.text import LabelBase
from kivy.core.text.markup import MarkupLabel as CoreMarkupLabel
from kivy.graphics import Color, InstructionGroup, PopMatrix, PushMatrix, Rectangle, Translate
from kivy.graphics.texture import Texture
from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.utils import escape_markup

from kiosk.ui import kv, rtl
from kiosk.ui.fonts import arabic_font, letter_extents

ARABIC_FONT = "BorneArabic"
"""The name the Arabic font is registered under in Kivy (``LabelBase.register``)."""

_TAG = re.compile(r"(\[/?[a-z_]+(?:=[^\]]*)?\])")
_ENTITIES = (("&bl;", "["), ("&br;", "]"), ("&amp;", "&"))


@cache
def _registered() -> str:
    font = arabic_font()
    LabelBase.register(ARABIC_FONT, fn_regular=str(font.regular), fn_bold=str(font.bold))
    return ARABIC_FONT


@cache
def _measurer(font_name: str, font_size: float, bold: bool) -> CoreLabel:
    return CoreLabel(font_name=font_name, font_size=font_size, bold=bold)


def visual_width(visual: str, font_size: float, bold: bool = False,
                 font_name: str = "Roboto") -> float:
    """Width in pixels of a visual line (:func:`kiosk.ui.rtl.visual_line`) as drawn."""
    total = 0.0
    for run in rtl.script_runs(visual):
        name = _registered() if run.arabic else font_name
        total += _measurer(name, float(font_size), bool(bold)).get_extents(run.text)[0]
    return total


def line_width(text: str, font_size: float, bold: bool = False,
               font_name: str = "Roboto") -> float:
    """Width in pixels of ``text`` (logical order, one line) as the text layer draws it.

    Right-to-left text: the sum of its words, each shaped and measured once (letters join
    within a word only, and reordering moves words without changing their widths), and of
    its spaces, at the wider of the two fonts' spaces: never less than what is drawn."""
    if not rtl.has_rtl(text):
        return float(_measurer(font_name, float(font_size), bool(bold)).get_extents(text)[0])
    words = text.split(" ")
    space = _space_width(float(font_size), bool(bold), font_name)
    return sum(_word_width(word, float(font_size), bool(bold), font_name) for word in words) \
        + space * (len(words) - 1)


@lru_cache(maxsize=8192)
def _word_width(word: str, font_size: float, bold: bool, font_name: str) -> float:
    return visual_width(rtl.visual_line(word), font_size, bold, font_name) if word else 0.0


@cache
def _space_width(font_size: float, bold: bool, font_name: str) -> float:
    return max(float(_measurer(name, font_size, bold).get_extents(" ")[0])
               for name in (font_name, _registered()))


def parse_markup(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Kivy markup cut into (plain text, open tags) pieces: the tags the kiosk uses to mark
    words ([b], [u], [color=…]) and the escapes of :func:`kivy.utils.escape_markup`."""
    pieces: list[tuple[str, tuple[str, ...]]] = []
    open_tags: list[str] = []
    for part in _TAG.split(text):
        if not part:
            continue
        if _TAG.fullmatch(part):
            if part.startswith("[/"):
                name = part[2:-1]
                for index in range(len(open_tags) - 1, -1, -1):
                    if open_tags[index][1:].split("=")[0].rstrip("]") == name:
                        del open_tags[index]
                        break
            else:
                open_tags.append(part)
            continue
        plain = part
        for entity, char in _ENTITIES:
            plain = plain.replace(entity, char)
        pieces.append((plain, tuple(open_tags)))
    return pieces


def _close(tags: tuple[str, ...]) -> str:
    return "".join(f"[/{tag[1:].split('=')[0].rstrip(']')}]" for tag in reversed(tags))


@dataclass(frozen=True)
class Piece:
    """A run of a line, drawn: its texture and where it goes, from the block's top left."""

    texture: Texture
    x: float
    top: float
    text: str
    """The run's characters, in display order (shaped)."""
    arabic: bool
    """Drawn with the Arabic font (else with the label's own)."""
    line: int
    """Which line of the block it is on (0: the first)."""


@dataclass
class Block:
    """A text as the layer draws it: its size and its pieces."""

    width: float
    height: float
    pieces: list[Piece] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """The lines, in logical order, as wrapped."""
    line_widths: list[float] = field(default_factory=list)
    """Their widths in pixels as drawn."""


def lay_out(text: str, *, markup: bool = False, font_size: float, font_name: str = "Roboto",
            bold: bool = False, italic: bool = False, halign: str = "left",
            valign: str = "bottom", padding: list[float] | None = None,
            line_height: float = 1.0,
            text_size: tuple[float | None, float | None] = (None, None),
            color: tuple[float, ...] = (1, 1, 1, 1), max_lines: int = 0) -> Block | None:
    """``text`` (logical order, Kivy markup when ``markup``) laid out by the text layer:
    wrapped at ``text_size[0]`` in logical order, each line shaped and reordered, each run
    drawn with the font of its script, every run of a line on one baseline (Kivy's markup
    would put runs of fonts of different heights on different baselines). None for an
    empty text."""
    pieces = parse_markup(text) if markup else [(text, ())]
    plain = "".join(part for part, _tags in pieces)
    if not plain.strip():
        return None
    left, top, right, bottom = padding or (0, 0, 0, 0)
    width, height = text_size
    room = None if width is None else max(1.0, width - left - right)
    lines = rtl.wrap(plain, room, lambda line: line_width(line, font_size, bold, font_name))
    lines = rtl.shorten(lines, max_lines)
    marks = _marks_by_line(lines, pieces) if any(tags for _p, tags in pieces) else None
    own = _measurer(font_name, float(font_size), bool(bold))
    own_ascent, own_descent = float(own.get_ascent()), abs(float(own.get_descent()))
    arabic_ascent, arabic_descent = letter_extents(arabic_font().bold if bold
                                                   else arabic_font().regular)
    drawn: list[tuple[float, float, float, list[tuple[Texture, float, rtl.Run]]]] = []
    for index, line in enumerate(lines):
        runs: list[tuple[Texture, float, rtl.Run]] = []
        ascent, descent = own_ascent, own_descent  # a line is never lower than the font's
        for run in rtl.script_runs(rtl.visual_line(line)):
            core = _run_label(run, marks[index] if marks else (), font_size=font_size,
                              font_name=font_name, bold=bold, italic=italic, color=color)
            core.refresh()
            if core.texture is None:
                continue
            baseline = float(core.get_ascent())  # from the top of the run's texture
            if run.arabic:  # the letters' own height, not the font's room for vowel signs
                ascent = max(ascent, arabic_ascent * font_size)
                descent = max(descent, arabic_descent * font_size)
            else:
                ascent = max(ascent, baseline)
                descent = max(descent, core.texture.height - baseline)
            runs.append((core.texture, baseline, run))
        drawn.append((sum(t.width for t, _a, _t in runs), ascent, descent, runs))
    text_w = max(line_w for line_w, _a, _d, _r in drawn)
    block_w = width if width is not None else text_w + left + right
    line_hs = [(a + d) * line_height for _w, a, d, _r in drawn]
    text_h = sum(line_hs) - (line_hs[-1] - (drawn[-1][1] + drawn[-1][2]))
    block_h = height if height is not None else text_h + top + bottom
    if valign == "top" or height is None:
        y = top
    elif valign in ("middle", "center"):
        y = top + (block_h - top - bottom - text_h) / 2
    else:
        y = block_h - bottom - text_h
    block = Block(block_w, block_h, lines=lines, line_widths=[w for w, _a, _d, _r in drawn])
    for number, ((line_w, ascent, _descent, runs), line_h) in enumerate(zip(drawn, line_hs)):
        if halign == "right":
            x = block_w - right - line_w
        elif halign == "center":
            x = left + (block_w - left - right - line_w) / 2
        else:
            x = left
        for texture, run_ascent, run in runs:
            block.pieces.append(Piece(texture, x, y + ascent - run_ascent, run.text, run.arabic,
                                      number))
            x += texture.width
        y += line_h
    return block


def _run_label(run: rtl.Run, marks: tuple[tuple[str, tuple[str, ...]], ...], *,
               font_size: float, font_name: str, bold: bool, italic: bool,
               color: tuple[float, ...]) -> CoreLabel:
    """The core label that draws one run: with markup only when a word of it is marked."""
    name = _registered() if run.arabic else font_name
    options = {"font_size": font_size, "font_name": name, "bold": bold, "italic": italic,
               "color": color}
    marked = escape_markup(run.text)
    for words, tags in marks:  # a word being read aloud, where it shows
        shown = escape_markup(rtl.visual_line(words))
        at = marked.rfind(shown) if shown else -1
        if at >= 0:
            marked = marked[:at] + "".join(tags) + shown + _close(tags) + marked[at + len(shown):]
    if marked != escape_markup(run.text):
        return CoreMarkupLabel(text=marked, **options)
    return CoreLabel(text=run.text, **options)


def _marks_by_line(lines: list[str], pieces: list[tuple[str, tuple[str, ...]]],
                   ) -> list[tuple[tuple[str, tuple[str, ...]], ...]]:
    """For each line, its marked words (text, tags): the pieces with tags that fall in it
    (the kiosk marks whole words, so a marked piece lies in one line)."""
    plain = "".join(text for text, _tags in pieces)
    starts, position = [], 0
    for line in lines:
        found = plain.find(line, position) if line else position
        starts.append(max(found, position))
        position = starts[-1] + len(line)
    marks: list[list[tuple[str, tuple[str, ...]]]] = [[] for _ in lines]
    offset = 0
    for text, tags in pieces:
        if tags and text.strip():
            index = max((i for i, start in enumerate(starts) if start <= offset), default=0)
            marks[index].append((text.strip(), tags))
        offset += len(text)
    return [tuple(found) for found in marks]


@cache
def _clear_texture() -> Texture:
    """A 1x1 transparent texture: what Kivy's own Label rectangle shows while the pieces
    (drawn by :class:`Words` on its ``canvas.after``) show the text."""
    texture = Texture.create(size=(1, 1), colorfmt="rgba")
    texture.blit_buffer(b"\x00\x00\x00\x00", colorfmt="rgba", bufferfmt="ubyte")
    return texture


class Words(Label):
    """A label for the visitor: Kivy's, plus right-to-left text and mirrored alignment.

    ``halign`` is read as the start of a line: "left" shows at the right when ``rtl``."""

    rtl = BooleanProperty(False)
    """True on a mirrored screen (Arabic, Persian): lines start at the right."""

    def __init__(self, **kwargs: object) -> None:
        self._redraw = Clock.create_trigger(self.texture_update, -1)
        self._pieces: InstructionGroup | None = None
        self._origin: Translate | None = None
        self.block: Block | None = None
        """What the text layer drew last (None while Kivy's Label draws the text)."""
        super().__init__(**kwargs)
        self.fbind("rtl", self._redraw)

    def texture_update(self, *largs: object) -> None:
        if not self.rtl and not rtl.has_rtl(self.text):
            if self._pieces is not None:
                self._pieces.clear()
                self.block = None
            super().texture_update(*largs)  # Kivy's own way: nothing added for LTR text
            return
        self._draw_right_to_left()

    def _draw_right_to_left(self) -> None:
        block = lay_out(self.text, markup=bool(self.markup), font_size=self.font_size,
                        font_name=self.font_name, bold=bool(self.bold),
                        italic=bool(self.italic),
                        halign=rtl.mirror_halign(self.halign) if self.rtl else self.halign,
                        valign=self.valign, padding=list(self.padding),
                        line_height=self.line_height, text_size=tuple(self.text_size),
                        color=tuple(self.disabled_color if self.disabled else self.color),
                        max_lines=int(self.max_lines) or (1 if self.shorten else 0))
        if self._pieces is None:
            self._origin = Translate()
            self._pieces = InstructionGroup()
            self.canvas.after.add(PushMatrix())
            self.canvas.after.add(self._origin)
            self.canvas.after.add(self._pieces)
            self.canvas.after.add(PopMatrix())
            self.fbind("pos", self._place)
            self.fbind("size", self._place)
            self.fbind("texture_size", self._place)
        self._pieces.clear()
        self.block = block
        if block is None:
            self.texture = None
            self.texture_size = [0, 0]
            return
        self._pieces.add(Color(1, 1, 1, 1))
        for piece in block.pieces:
            self._pieces.add(Rectangle(texture=piece.texture, size=piece.texture.size,
                                       pos=(piece.x, block.height - piece.top
                                            - piece.texture.height)))
        self.texture = _clear_texture()
        self.texture_size = [int(block.width), int(block.height)]
        self._place()

    def _place(self, *_args: object) -> None:
        """The pieces where Kivy's Label draws its texture: centred in the widget."""
        if self._origin is not None:
            width, height = self.texture_size
            self._origin.xy = (int(self.center_x - width / 2), int(self.center_y - height / 2))


def block_height(text: str, font_size: float, width: float, bold: bool = False,
                 halign: str = "center") -> float:
    """Height of ``text`` wrapped at ``width`` as the text layer draws it."""
    block = lay_out(text, font_size=font_size, bold=bold, halign=halign,
                    text_size=(width, None))
    return block.height if block is not None else 0.0


class Mirrored:
    """For a horizontal BoxLayout: with ``mirrored``, its children are laid out from the
    right (the first at the right edge), whatever their order; nothing changes otherwise."""

    mirrored = BooleanProperty(False)
    """True on a mirrored screen (Arabic, Persian)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.fbind("mirrored", self._relayout_mirrored)

    def _relayout_mirrored(self, *_args: object) -> None:
        self.do_layout()

    def do_layout(self, *largs: object) -> None:
        super().do_layout(*largs)  # type: ignore[misc]
        if self.mirrored and getattr(self, "orientation", "horizontal") == "horizontal":
            # x + width, not right: an alias that may lag behind a size change
            edges = 2 * self.x + self.width  # type: ignore[attr-defined]
            for child in self.children:  # type: ignore[attr-defined]
                child.x = edges - child.x - child.width


class MirrorRow(Mirrored, BoxLayout):
    """A horizontal row of things (buttons, a picture beside its text) that a right-to-left
    language lays out from the right."""


kv.load_beside(__file__)
