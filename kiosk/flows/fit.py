"""Does every step fit the smallest reference screens in large text, even in pages?

The step screen (:mod:`kiosk.ui.screens.step.layout`) puts what is read on as many pages as
it needs, but the title and everything the visitor acts on (the answers of a question, the
lines of a list) must fit one screen together: the visitor sees every answer at once. This
module applies the same rules to a flow's texts, with no window, on the smallest screens the
kiosk is made for, a 10-inch tablet (1280x800, and 800x1280 held upright) at text size 3:

- the sizes come from :mod:`kiosk.ui.theme.metrics` (the theme's own numbers);
- words are measured by Kivy's own text renderer (``kivy.core.text``, SDL2_ttf: the same
  widths and line breaks as on screen; it needs no window), imported on first use;
- the heights of an answer button, a list line and a title follow their kv rules
  (``kiosk/ui/widgets/common.kv``), and the layout's rule is ``layout.plan``'s: the title,
  a gap, the answers in one to three columns (never narrower than a word), the gap left
  above them, within the step area;
- the step area of each reference screen (what is left under the bar, the step's header
  and its buttons) is :data:`STEP_AREAS`.

``tests/test_ui_fit_validator.py`` renders the real step screen to prove that these numbers
agree with it: the area is the one measured, a step at each limit shows all its answers on
one page, and a step just over the limit does not.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .checks import Finding
from .model import Flow, Step, StepKind, Text
from .problems import Problem, Severity

LEVEL = 3
"""The text size at which every step must fit (the largest)."""
LINE_HEIGHT = 1.15
"""Line height of titles and body text (``<BodyText>`` in common.kv)."""
TITLE_SHARE = 0.5
"""A title takes at most this share of the step area: it is shown on every page, and what
is read or acted on needs the rest."""
MAX_COLUMNS = 3
"""Answers and list lines go in up to three columns (``layout.plan``)."""
MAX_LIST_PAGES = 3
"""A list's lines may take pages of their own (each line is ticked on its own), three at
most; a question's answers are all on one page (the visitor compares them to choose)."""


@dataclass(frozen=True)
class Screen:
    width: int
    height: int
    inches: float
    area: tuple[float, float]
    """The step area's width and height at text size 3 (what ``layout.plan`` is given)."""
    name: str


STEP_AREAS = (
    Screen(1280, 800, 10.1, (1232.0, 399.75), "une tablette 10 pouces en grand texte"),
    Screen(800, 1280, 10.1, (752.0, 836.75),
           "une tablette 10 pouces tenue debout, en grand texte"),
)
"""The smallest reference screens, with their step area as the kiosk lays it out (measured on
the real step screen, the smallest of a step's pages: upright, « Lire la suite » on two lines
makes the footer taller; ``tests/test_ui_fit_validator.py`` fails when it changes)."""


@dataclass(frozen=True)
class Sizes:
    """The theme's sizes on one screen at text size 3 (:mod:`kiosk.ui.theme.metrics`)."""

    target: float
    gap: float
    pad: float
    body: float
    title: float
    button_text: float

    @classmethod
    def of(cls, screen: Screen) -> Sizes:
        return _sizes(screen)


@lru_cache(maxsize=8)
def _sizes(screen: Screen) -> Sizes:
    _core_label()  # kiosk.ui.theme's package imports Kivy: quietly, first
    from kiosk.ui.theme.metrics import metrics_for

    m = metrics_for(screen.width, screen.height, LEVEL, screen.inches)
    return Sizes(m.target, m.gap, m.pad, m.body, m.title, m.button_text)


# -- measuring words with Kivy's renderer -----------------------------------------------------

@lru_cache(maxsize=1)
def _core_label() -> type:
    """Kivy's text renderer class, imported the first time (about 0.25 s, no window)."""
    if "kivy" not in sys.modules:  # quiet and read-only, as the kiosk's own start does
        from kiosk.ui import lockdown

        lockdown.environment()
        os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
        if "KIVY_HOME" not in os.environ:  # as kiosk/ui/boot.py: never the user's ~/.kivy
            home = Path(tempfile.gettempdir()) / f"kiosk-kivy-{os.getuid()}"
            home.mkdir(parents=True, exist_ok=True)
            os.environ["KIVY_HOME"] = str(home)
    from kivy.core.text import Label as CoreLabel

    return CoreLabel


@lru_cache(maxsize=4096)
def text_height(text: str, font_size: float, width: float, bold: bool = False,
                line_height: float = 1.0) -> float:
    """Height of ``text`` wrapped at ``width``, as a Kivy Label draws it."""
    label = _core_label()(text=text, font_size=font_size, bold=bold,
                          text_size=(max(1.0, width), None), line_height=line_height)
    return float(label.render()[1])


@lru_cache(maxsize=4096)
def word_width(word: str, font_size: float, bold: bool = False) -> float:
    return float(_core_label()(font_size=font_size, bold=bold).get_extents(word)[0])


def widest_word(text: str, font_size: float, width: float, bold: bool) -> str | None:
    """The first word of ``text`` wider than ``width`` (Kivy would cut it inside)."""
    for word in text.split():
        if word_width(word, font_size, bold) > width + 1:
            return word
    return None


# -- the heights of the blocks (their kv rules) -----------------------------------------------

def title_height(text: str, sizes: Sizes, width: float) -> float:
    return text_height(text, sizes.title, width, True, LINE_HEIGHT)


def answer_label_width(sizes: Sizes, width: float) -> float:
    """``<BigButton>``: the words have the button's width less its padding."""
    return width - 2 * sizes.pad


def answer_height(text: str, sizes: Sizes, width: float) -> float:
    """``<BigButton>`` (no pictogram): at least a target, else its words and padding."""
    words = text_height(text, sizes.button_text, answer_label_width(sizes, width), True)
    return max(sizes.target, words + 2 * sizes.pad)


def item_label_width(sizes: Sizes, width: float) -> float:
    """``<CheckRow>``: the row less its padding, its box (0.8 target) and a gap."""
    return width - 2 * sizes.pad - sizes.gap - sizes.target * 0.8


def item_height(text: str, sizes: Sizes, width: float) -> float:
    """``<CheckRow>``: at least a target, else its words and 1.5 pad (as its kv rule)."""
    words = text_height(text, sizes.body, item_label_width(sizes, width))
    return max(sizes.target, words + 1.5 * sizes.pad)


@dataclass(frozen=True)
class Acts:
    """How a step's answers (or list lines) are drawn: their height and their words."""

    height: Callable[[str, Sizes, float], float]
    label_width: Callable[[Sizes, float], float]
    font: Callable[[Sizes], float]
    bold: bool


ANSWERS = Acts(answer_height, answer_label_width, lambda s: s.button_text, True)
ITEMS = Acts(item_height, item_label_width, lambda s: s.body, False)


def grid_height(texts: list[str], acts: Acts, sizes: Sizes, width: float,
                columns: int) -> float:
    """Height of ``texts`` in ``columns`` (``layout.grid_height``); infinite when a word
    would be cut in a column that narrow."""
    cell = (width - sizes.gap * (columns - 1)) / columns
    label = acts.label_width(sizes, cell)
    if any(widest_word(t, acts.font(sizes), label, acts.bold) for t in texts):
        return float("inf")
    rows = [texts[i:i + columns] for i in range(0, len(texts), columns)]
    heights = [max(acts.height(t, sizes, cell) for t in row) for row in rows]
    return sum(heights) + sizes.gap * (len(heights) - 1)


def acts_fit(title: str, texts: list[str], acts: Acts, screen: Screen) -> bool:
    """The title and all of ``texts`` fit one page of the step area (``layout.plan``: one
    gap between them, one gap left above the acts), in one to three columns."""
    sizes = Sizes.of(screen)
    width, height = screen.area
    room = height - sizes.gap - title_height(title, sizes, width) - sizes.gap
    for columns in range(1, min(MAX_COLUMNS, len(texts)) + 1):
        if grid_height(texts, acts, sizes, width, columns) <= room:
            return True
    return False


def pages_needed(title: str, texts: list[str], acts: Acts, screen: Screen) -> float:
    """How many pages ``texts`` take under the title (``layout.plan``: on one page in the
    fewest columns that fit; else in the columns that make them shortest, among those whose
    every row fits a page, whole rows on each page); infinite when no row count fits."""
    if acts_fit(title, texts, acts, screen):
        return 1.0
    sizes = Sizes.of(screen)
    width, height = screen.area
    room = height - title_height(title, sizes, width) - sizes.gap  # as layout.plan's acts pages
    best: tuple[float, list[float]] | None = None
    for columns in range(1, min(MAX_COLUMNS, len(texts)) + 1):
        total = grid_height(texts, acts, sizes, width, columns)
        if total == float("inf"):
            continue
        cell = (width - sizes.gap * (columns - 1)) / columns
        rows = [max(acts.height(t, sizes, cell) for t in texts[i:i + columns])
                for i in range(0, len(texts), columns)]
        if max(rows) <= room and (best is None or total < best[0]):
            best = (total, rows)
    if best is None:
        return float("inf")
    pages, used = 1, 0.0
    for row in best[1]:
        extra = row + (sizes.gap if used else 0)
        if used and used + extra > room:
            pages, used, extra = pages + 1, 0.0, row
        used += extra
    return float(pages)


def most_that_fit(title: str, texts: list[str], acts: Acts, screen: Screen,
                  pages: int = 1) -> int:
    """How many of ``texts`` (the first ones) fit with the title on ``pages`` pages."""
    count = 0
    while count < len(texts) and \
            pages_needed(title, texts[:count + 1], acts, screen) <= pages:
        count += 1
    return count


# -- the checks --------------------------------------------------------------------------------

def _languages(*texts: Text) -> list[str]:
    found: list[str] = []
    for text in texts:
        for language in text.by_language:
            if language not in found:
                found.append(language)
    return found


def _tag(language: str) -> str:
    return "" if language == "fr" else f" [{language}]"


def _step_problems(step: Step) -> Iterator[Finding]:
    """A finding for each way ``step`` cannot fit."""
    where = f"étape « {step.id} »"
    at = step.lines.get("titre", step.line)
    for language in _languages(step.title):
        title = step.title.get(language)
        for screen in STEP_AREAS:
            sizes = Sizes.of(screen)
            width, height = screen.area
            word = widest_word(title, sizes.title, width, True)
            if word is not None:
                yield Finding(at, f"{where}{_tag(language)} : le titre a un mot trop long pour "
                              f"l'écran d'{screen.name} : « {word} ». Coupez-le ou "
                              "raccourcissez-le.", "titre")
                break
            if title_height(title, sizes, width) > height * TITLE_SHARE:
                yield Finding(at, f"{where}{_tag(language)} : le titre est trop long pour "
                              f"l'écran d'{screen.name} : il prendrait plus de la moitié de "
                              "l'écran. Raccourcissez-le.", "titre")
                break
    if step.kind is StepKind.QUESTION:
        yield from _answers_problems(step)
    elif step.kind is StepKind.CHECKLIST:
        yield from _items_problems(step)


def _first_fault(step: Step, texts: list[Text], acts: Acts, pages: int) -> Iterator[tuple[
        str, Screen, list[tuple[int, str]], int | None]]:
    """For the first language and screen where ``texts`` do not fit: (language, screen,
    the words too wide for their button by number, how many fit when all words fit)."""
    for language in _languages(step.title, *texts):
        title = step.title.get(language)
        words = [t.get(language) for t in texts]
        for screen in STEP_AREAS:
            sizes = Sizes.of(screen)
            label = acts.label_width(sizes, screen.area[0])
            cut = [(number, word) for number, text in enumerate(words, start=1)
                   if (word := widest_word(text, acts.font(sizes), label, acts.bold))]
            if cut:
                yield language, screen, cut, None
                return
            if pages_needed(title, words, acts, screen) > pages:
                yield language, screen, [], most_that_fit(title, words, acts, screen, pages)
                return


def _answers_problems(step: Step) -> Iterator[Finding]:
    at = step.lines.get("reponses", step.line)
    for language, screen, cut, count in _first_fault(step, [a.label for a in step.answers],
                                                     ANSWERS, 1):
        tag = _tag(language)
        for number, word in cut:
            yield Finding(at, f"étape « {step.id} »{tag} : la réponse n°{number} a un mot trop "
                          f"long pour son bouton sur {screen.name} : « {word} ». Coupez-le ou "
                          "raccourcissez-le.", "reponses")
        if count is not None:
            yield Finding(at, f"Cette question a trop de réponses pour {screen.name} (étape "
                          f"« {step.id} »{tag}) : gardez-en {count} au plus, ou "
                          "raccourcissez-les.", "reponses")


def _items_problems(step: Step) -> Iterator[Finding]:
    at = step.lines.get("elements", step.line)
    for language, screen, cut, count in _first_fault(step, list(step.items), ITEMS,
                                                     MAX_LIST_PAGES):
        tag = _tag(language)
        for number, word in cut:
            yield Finding(at, f"étape « {step.id} »{tag} : la ligne n°{number} de la liste a un "
                          f"mot trop long pour {screen.name} : « {word} ». Coupez-le ou "
                          "raccourcissez-le.", "elements")
        if count is not None:
            yield Finding(at, f"Cette liste a trop de lignes pour {screen.name} (étape "
                          f"« {step.id} »{tag}) : même sur {MAX_LIST_PAGES} pages, gardez-en "
                          f"{count} au plus (coupez-la en deux étapes), ou raccourcissez-les.",
                          "elements")


def fit_problems(flow: Flow) -> list[Problem]:
    """An error for each step that cannot fit the smallest reference screens at text size 3,
    even in pages."""
    path = flow.source or Path("?")
    return [Problem(path, found.line, found.message, Severity.ERROR, found.field)
            for step in flow.steps for found in _step_problems(step)]
