"""The reference matrix of issue 15, and what is checked on each rendered step screen.

A *case* is one way the kiosk can look: a reference screen (``fit_checks.REFERENCE_SCREENS``),
a text size (1, 2, 3), a language (fr, en) and a contrast (normal, high). For a case,
:func:`walk_steps` shows every step of every bundled flow, page by page (« Lire la suite »),
and for a practice step with a keyboard, opens the keyboard too; :func:`step_problems`
checks each of these screens once, from the rendered widget tree:

- what the visitor must read or act on is there and lies fully inside the visible window:
  the step's title, every answer, every checklist item (together, on one page), the web
  address and the QR code whole (quiet zone included, at least 25 mm), the practice field,
  « Écrire ma réponse », the drawn phone with its code, « Retour », « Répéter », « Suivant »
  or « Lire la suite »; with the keyboard open: the typed field, every key, « Effacer »,
  « Tout effacer », « Vérifier » and the phone;
- every touch target on screen is at least 16 mm on the physical screen, with 24 px between
  targets (a target inside another one, a key inside its keyboard, counts once);
- every label on screen, whatever it says, shows all its words, none of them cut across
  lines (``fit_lines``: Kivy's public ``refs``), its text inside its box, its box inside
  the window.

Nothing on the step screen scrolls (``test_step_no_scroll``): what lies inside the window
is what a person sees.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from fit_checks import GAP_PX, REFERENCE_SCREENS, TARGET_MM, Rect, visible_rect, window_rect
from fit_lines import line_report
from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.image import Image
from kivy.uix.label import Label
from ui_helpers import settle, visible, walk_widgets

from kiosk.flows.model import PracticeCheck, StepKind
from kiosk.flows.paths import route_to
from kiosk.visit import Choices, EndReason

QR_MIN_MM = 25.0
QR_QUIET_MODULES = 4
LANGUAGES = ("fr", "en")
CONTRASTS = ("normal", "high")
LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Case:
    screen: tuple[int, int, float, str]
    level: int
    language: str
    contrast: str
    flows: tuple[str, ...] = ()
    """The flows walked (all the bundled ones when empty)."""

    @property
    def name(self) -> str:
        width, height, inches, _name = self.screen
        return f"{width}x{height} {inches} in, text {self.level}, {self.language}, " \
               f"{self.contrast}" + (f", {' '.join(self.flows)}" if self.flows else "")


def full_matrix() -> list[Case]:
    """4 screens x 3 text sizes x 2 languages x 2 contrasts: 48 cases."""
    return [Case(*values) for values in itertools.product(REFERENCE_SCREENS, LEVELS,
                                                          LANGUAGES, CONTRASTS)]


def fast_matrix() -> list[Case]:
    """What ``make test`` runs: every step at the two smallest screens (10.1" landscape and
    portrait) at text size 3, where space is shortest — landscape in French and normal
    contrast, portrait in English (longer words, and the « only in French » line) and high
    contrast; then a sample of the rest: each reference screen at another text size,
    language and contrast, with one flow that has every kind of step (a different one each
    time)."""
    by_name = {screen[3]: screen for screen in REFERENCE_SCREENS}
    return [Case(by_name["1280x800 10.1 in"], 3, "fr", "normal"),
            Case(by_name["800x1280 10.1 in portrait"], 3, "en", "high"),
            Case(by_name["1920x1080 15.6 in"], 1, "fr", "normal", ("compte-ameli",)),
            Case(by_name["1366x768 15.6 in"], 3, "en", "high", ("creer-adresse-email",)),
            Case(by_name["1280x800 10.1 in"], 2, "fr", "high", ("chercher-sur-internet",)),
            Case(by_name["800x1280 10.1 in portrait"], 1, "en", "normal", ("franceconnect",))]


@dataclass
class Tally:
    screens: int = 0
    """Screens rendered and checked (a step's page, or its keyboard open)."""
    steps: int = 0
    labels: int = 0
    targets: int = 0


# -- checks -------------------------------------------------------------------------------
def _inside_screen(name: str, box: Rect) -> list[str]:
    screen = visible_rect()
    return [] if box.inside(screen) else [f"{name}: {box} is not inside the window {screen}"]


def _short_text(widget) -> str:  # type: ignore[no-untyped-def]
    text = getattr(widget, "text", "") or type(widget).__name__
    return repr(text[:40])


PRACTICE = "kiosk.ui.screens.practice"
"""Widgets of this package are another part's (the practice screen): their problems are
reported with « practice » first, so that the tests can keep them apart."""


def _owner(widget) -> str:  # type: ignore[no-untyped-def]
    """« practice » when ``widget`` is, or lies inside, a widget of the practice screen."""
    node = widget
    while node is not None:
        if type(node).__module__.startswith(PRACTICE):
            return "practice "
        if node.parent is node:
            break
        node = node.parent
    return ""


def _is_ancestor(ancestor, widget) -> bool:  # type: ignore[no-untyped-def]
    node = widget.parent
    while node is not None and node is not node.parent:
        if node is ancestor:
            return True
        node = node.parent
    return False


def target_problems(roots, px_per_mm: float) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    """Every visible touch target (enabled or not: it is drawn the same size): on screen,
    >= 16 mm, 24 px from the others."""
    targets = [w for root in roots for w in walk_widgets(root)
               if isinstance(w, ButtonBehavior) and visible(w)]
    problems: list[str] = []
    smallest = TARGET_MM * px_per_mm - 0.5
    boxes = [window_rect(t) for t in targets]
    for target, box in zip(targets, boxes, strict=True):
        name = f"{_owner(target)}target {_short_text(target)}"
        problems += _inside_screen(name, box)
        if min(box.width, box.height) < smallest:
            problems.append(f"{name}: {box.width:.0f}x{box.height:.0f} px, "
                            f"{min(box.width, box.height) / px_per_mm:.1f} mm < {TARGET_MM} mm")
    for (a, box_a), (b, box_b) in itertools.combinations(zip(targets, boxes, strict=True), 2):
        if _is_ancestor(a, b) or _is_ancestor(b, a):
            continue
        gap = box_a.gap_to(box_b)
        if gap < GAP_PX - 0.5:
            problems.append(f"{_owner(a) or _owner(b)}targets {_short_text(a)} and "
                            f"{_short_text(b)}: {gap:.0f} px "
                            f"apart < {GAP_PX}")
    return problems, len(targets)


def label_problems(roots) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    """Every visible label: all its words shown, none cut, its text in its box on screen."""
    problems: list[str] = []
    count = 0
    for root in roots:
        for label in walk_widgets(root):
            if not isinstance(label, Label) or not label.text.strip() or not visible(label):
                continue
            count += 1
            name = f"{_owner(label)}label {_short_text(label)}"
            report = line_report(label)
            if not report.trusted:
                problems.append(f"{name}: its lines could not be checked: cut in the copy "
                                f"{list(report.cut)}, wider than the line {list(report.wider)}")
            if report.cut:
                problems.append(f"{name}: words cut across lines: {list(report.cut)}")
            if report.missing and not (label.shorten and label.split_str == " "):
                problems.append(f"{name}: words not shown: {list(report.missing)}")
            width, height = label.texture_size
            if width > label.width + 1 or height > label.height + 1:
                problems.append(f"{name}: text {width}x{height} px in a "
                                f"{label.width:.0f}x{label.height:.0f} px box")
            problems += _inside_screen(name, window_rect(label))
    return problems, count


def qr_problems(qr, px_per_mm: float) -> list[str]:  # type: ignore[no-untyped-def]
    """The QR code as drawn: whole in the window, >= 25 mm, with its quiet zone."""
    image: Image = qr.ids.image
    shown_w, shown_h = image.norm_image_size
    cx, cy = image.to_window(*image.center)
    drawn = Rect(cx - shown_w / 2, cy - shown_h / 2, cx + shown_w / 2, cy + shown_h / 2)
    problems = _inside_screen("QR code", drawn)
    if not drawn.inside(window_rect(qr)):
        problems.append(f"QR code: drawn {drawn} outside its box {window_rect(qr)}")
    side = min(shown_w, shown_h) / px_per_mm
    if side < QR_MIN_MM - 0.05:
        problems.append(f"QR code: {side:.1f} mm < {QR_MIN_MM} mm")
    problems += quiet_zone_problems(image.texture)
    return problems


_QUIET: dict[int, list[str]] = {}


def quiet_zone_problems(texture) -> list[str]:  # type: ignore[no-untyped-def]
    """The texture's outer band (4 modules of 8 px, segno's scale) is all light."""
    if id(texture) in _QUIET:
        return _QUIET[id(texture)]
    width, height = texture.size
    pixels = texture.pixels
    band = QR_QUIET_MODULES * 8
    dark = 0
    for y in range(height):
        for x in itertools.chain(range(band), range(width - band, width)) \
                if band <= y < height - band else range(width):
            offset = (y * width + x) * 4
            if pixels[offset] < 128:
                dark += 1
    found = [f"QR code: {dark} dark pixels in its quiet zone"] if dark else []
    _QUIET[id(texture)] = found
    return found


def must_see(name: str, widget, seen: list | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """``widget`` is on the screen, shown, and fully inside the window (and noted in
    ``seen`` for :func:`overlaps`)."""
    if widget is None:
        return [f"{name}: not on the screen"]
    widget = getattr(widget, "__self__", widget)  # ids hold weak proxies
    name = _owner(widget) + name
    if widget.get_root_window() is None:
        return [f"{name}: not on the screen"]
    if not visible(widget):
        return [f"{name}: hidden (no size or transparent)"]
    if seen is not None:
        seen.append((name, widget))
    return _inside_screen(name, window_rect(widget))


def overlaps(seen: list) -> list[str]:  # type: ignore[type-arg]
    """No two of the elements the visitor must see cover each other (one inside the other,
    a label in its button, is not covering)."""
    problems = []
    for (a_name, a), (b_name, b) in itertools.combinations(seen, 2):
        if a is b or _is_ancestor(a, b) or _is_ancestor(b, a):
            continue
        box_a, box_b = window_rect(a), window_rect(b)
        width = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        height = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if width > 1 and height > 1:
            problems.append(f"{_owner(a) or _owner(b)}{a_name} and {b_name} overlap "
                            f"({width:.0f}x{height:.0f} px)")
    return problems


def step_problems(app, step, typing: bool,  # type: ignore[no-untyped-def]
                  tally: Tally | None = None) -> list[str]:
    """The checks of one rendered step screen (one page, or its keyboard open)."""
    screen = app.step_screen
    ppm = app.theme.px_per_mm
    roots = list(Window.children)  # the root and whatever lies over it (overlays, banners)
    problems: list[str] = []
    seen: list = []  # type: ignore[type-arg]
    blocks, plan = screen._blocks, screen._plan  # noqa: SLF001 - the kiosk's own objects
    if not typing:
        problems += must_see("title", blocks.title, seen)
        for name in ("back", "repeat", "next"):
            problems += must_see(f"« {screen.ids[name].text} »", screen.ids[name], seen)
        page = int(screen.page)
        last = page + 1 == screen.pages
        acts_pages = [i for i, acts in enumerate(plan.acts) if acts]
        if len(acts_pages) > 1 and step.kind in (StepKind.QUESTION, StepKind.CHECKLIST):
            what = "answers" if step.kind is StepKind.QUESTION else "checklist items"
            problems.append(f"{what} spread over pages {acts_pages}: not all on screen "
                            f"together")
        for widget in plan.acts[page]:
            problems += must_see(f"act {_short_text(widget)}", widget, seen)
        if blocks.picture_required and blocks.picture is not None and (
                last or blocks.picture.get_root_window() is not None):
            phone = blocks.picture.ids.phone  # drawn on every page beside the text, or above
            problems += must_see("the drawn phone", phone, seen)
            problems += must_see("the phone's message", phone.ids.message, seen)
        if last or plan.acts[page]:
            for qr in (w for w in walk_widgets(screen) if type(w).__name__ == "QrCode"):
                problems += qr_problems(qr, ppm)
        if last and step.kind is StepKind.QUESTION:
            shown = [w for w in walk_widgets(screen) if isinstance(w, ButtonBehavior)
                     and w in blocks.acts]
            if len(shown) != len(step.answers):
                problems.append(f"{len(shown)} of {len(step.answers)} answers on the last page")
        if last and step.kind is StepKind.CHECKLIST:
            shown = [w for w in blocks.acts if w.get_root_window() is not None]
            if len(shown) != len(step.items):
                problems.append(f"{len(shown)} of {len(step.items)} checklist items on the "
                                f"last page")
        if last and step.kind is StepKind.WEBSITE and not any(
                type(w).__name__ == "QrCode" for w in walk_widgets(screen)):
            problems.append("no QR code on the last page")
        if last and step.kind is StepKind.PRACTICE and _typed(step):
            practice = screen.practice
            problems += must_see("the practice field", practice.answer_view, seen)
            writes = [w for w in walk_widgets(screen) if isinstance(w, ButtonBehavior)
                      and getattr(w, "text", "") in (app.tr("Écrire ma réponse", app.lang),
                                                     app.tr("Corriger ma réponse", app.lang))]
            problems += must_see("« Écrire ma réponse »", writes[0] if writes else None, seen)
    else:
        panel = screen.practice.panel
        problems += must_see("the typed field", panel.ids.typed, seen)
        for name in ("erase", "erase_all", "check"):
            problems += must_see(f"« {panel.ids[name].text} »", panel.ids[name], seen)
        keys = [w for w in walk_widgets(panel.ids.keyboard) if isinstance(w, ButtonBehavior)]
        if not keys:
            problems.append("the keyboard shows no key")
        for key in keys:
            problems += must_see(f"key {_short_text(key)}", key, seen)
        if panel.side:
            phone = panel.ids.phone_frame.ids.phone
            problems += must_see("the drawn phone", phone, seen)
            problems += must_see("the phone's message", phone.ids.message, seen)
    problems += overlaps(seen)
    found, targets = target_problems(roots, ppm)
    problems += found
    found, labels = label_problems(roots)
    if step.kind is StepKind.PRACTICE:
        # A practice step's words come from kiosk/ui/screens/practice/practice.py (the
        # example to type, the hints...): its problems are that part's.
        found = [p if p.startswith("practice ") else f"practice {p}" for p in found]
    problems += found
    if tally is not None:
        tally.screens += 1
        tally.targets += targets
        tally.labels += labels
    return problems


def _typed(step) -> bool:  # type: ignore[no-untyped-def]
    return step.practice is not None and step.practice.check is not PracticeCheck.CHOICE


# -- walking the matrix -------------------------------------------------------------------
def set_case(app, case: Case):  # type: ignore[no-untyped-def]
    """Show ``case`` on the running app (window size, density, text, language, contrast)."""
    width, height, inches, _name = case.screen
    Window.size = (width, height)
    app.theme.diagonal_inches = inches
    app.controller.show_with(Choices(language=case.language, text_level=case.level,
                                     high_contrast=case.contrast == "high",
                                     voice=app.controller.choices.voice))
    yield from settle(app, limit=30)


def walk_steps(app, case: Case, problems: list[str],  # type: ignore[no-untyped-def]
               tally: Tally) -> Iterator[None]:
    """Every step of the flows (all by default) at ``case``, each page and keyboard checked;
    problems appended as « [case] flow/step page n: what ».

    Each screen is rendered once and every check runs on it."""
    yield from set_case(app, case)
    flows = [app.flowset.flows[i] for i in (case.flows or sorted(app.flowset.flows))]
    for flow in flows:
        for step in flow.steps:
            app.controller.open_flow(flow, route_to(flow, step.id))
            yield from settle(app)
            screen = app.step_screen
            where = f"[{case.name}] {flow.id}/{step.id}"
            choices = app.controller.choices
            shown = (choices.text_level, choices.language, choices.high_contrast,
                     tuple(Window.size), app.theme.diagonal_inches)
            wanted = (case.level, case.language, case.contrast == "high",
                      case.screen[:2], case.screen[2])
            assert shown == wanted, f"{where}: shown as {shown}, not {wanted}"
            while True:
                found = step_problems(app, step, typing=False, tally=tally)
                problems += [f"{where} page {int(screen.page) + 1}/{screen.pages}: {p}"
                             for p in found]
                if screen.page + 1 >= screen.pages:
                    break
                screen.go_next()
                yield from settle(app)
            if step.kind is StepKind.PRACTICE and _typed(step):
                screen.practice.open_typing()
                yield from settle(app)
                problems += [f"{where} keyboard: {p}" for p in
                             step_problems(app, step, typing=True, tally=tally)]
                screen.practice.close_typing()
            tally.steps += 1
    # Not between flows: ending a visit puts the text size, language and contrast back.
    app.controller.end(EndReason.HOME)
