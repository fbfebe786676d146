"""Every step of every bundled flow, rendered at both reference screens and every text size:
nothing overflows, every touch target is at least 16 mm with 24 px between targets,
and every text colour reaches 7:1 on its background."""

from __future__ import annotations

import gc
import itertools
from dataclasses import replace

import pytest
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from ui_helpers import make_app, rect, run_app, settle, visible, walk_widgets

from kiosk.flows.paths import route_to
from kiosk.ui.theme.metrics import MIN_GAP_PX, TARGET_MM
from kiosk.ui.theme.palette import MIN_CONTRAST, PALETTES, contrast, rgba
from kiosk.visit import EndReason

# (width, height, diagonal in inches): a 15.6-inch terminal and a 10-inch tablet.
SCREENS = [(1920, 1080, 15.6), (1280, 800, 10.0)]


def _targets(root):
    return [w for w in walk_widgets(root) if isinstance(w, ButtonBehavior) and visible(w)]


def _gap(first, second):
    ax0, ay0, ax1, ay1 = first
    bx0, by0, bx1, by1 = second
    dx = max(bx0 - ax1, ax0 - bx1, 0)
    dy = max(by0 - ay1, ay0 - by1, 0)
    return max(dx, dy)


def _problems(app, where):
    found = []
    px_mm = app.theme.px_per_mm
    minimum = TARGET_MM * px_mm - 0.5
    root_widgets = [app.root] + ([app.overlay] if app.overlay else [])
    targets = [t for root in root_widgets for t in _targets(root)]
    for target in targets:
        if min(target.width, target.height) < minimum:
            found.append(f"{where}: target {getattr(target, 'text', '')!r} is "
                         f"{target.width:.0f}x{target.height:.0f} px < {minimum:.0f}")
    in_view = targets  # the step screen has nothing to scroll: every target is in view
    for first, second in itertools.combinations(in_view, 2):
        if _inside(first, second) or _inside(second, first):
            continue
        gap = _gap(rect(first), rect(second))
        if gap < MIN_GAP_PX - 0.5:
            found.append(f"{where}: {getattr(first, 'text', '')!r} and "
                         f"{getattr(second, 'text', '')!r} only {gap:.0f} px apart "
                         f"{rect(first)} {rect(second)}")
    for root in root_widgets:
        for label in walk_widgets(root):
            if not isinstance(label, Label) or not visible(label) or not label.text:
                continue
            tw, th = label.texture_size
            if tw > label.width + 1 or th > label.height + 1:
                found.append(f"{where}: text {label.text[:30]!r} overflows "
                             f"({tw}x{th} in {label.width:.0f}x{label.height:.0f})")
    return found


def _inside(widget, ancestor):
    node = widget.parent
    while node is not None and node is not node.parent:
        if node is ancestor:
            return True
        node = node.parent
    return False


@pytest.mark.parametrize(("width", "height", "diagonal"), SCREENS,
                         ids=["15.6in-1920x1080", "10in-1280x800"])
def test_every_step_fits_with_big_targets(tmp_path, width, height, diagonal):
    app = make_app(tmp_path, screen_diagonal_inches=diagonal)
    problems: list[str] = []
    counted = {"steps": 0}

    def script(app):
        yield
        yield
        for level in (1, 2, 3):
            app.controller.show_with(replace(app.controller.choices, text_level=level))
            yield from settle(app)
            problems.extend(_problems(app, f"home level {level}"))
            for flow in app.flowset.flows.values():
                for step in flow.steps:
                    app.controller.open_flow(flow, route_to(flow, step.id))
                    yield from settle(app)
                    where = f"{flow.id}/{step.id} level {level}"
                    problems.extend(_problems(app, where))
                    screen = app.step_screen
                    while screen.page + 1 < screen.pages:
                        # Long text comes in pages (« Lire la suite »), never shrinks.
                        screen.go_next()
                        yield from settle(app)
                        problems.extend(_problems(app, f"{where} page {screen.page + 1}"))
                    counted["steps"] += 1
            app.controller.end(EndReason.HOME)

    run_app(app, script, size=(width, height))
    assert counted["steps"] == 3 * sum(len(f.steps) for f in app.flowset.flows.values())
    assert problems == [], "\n".join(problems[:60])


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_every_text_colour_reaches_7_to_1(palette):
    for role, (background, text) in PALETTES[palette].items():
        assert contrast(background, text) >= MIN_CONTRAST, (palette, role)


def test_rendered_labels_use_theme_pairs(tmp_path):
    app = make_app(tmp_path)
    pairs: set[tuple[tuple[float, ...], tuple[float, ...]]] = set()

    def script(app):
        yield
        for high in (False, True):
            app.controller.show_with(replace(app.controller.choices, high_contrast=high))
            app.open_flow("creer-adresse-email")
            yield
            yield
            texts = {tuple(round(c, 4) for c in rgba(fg)) for _bg, fg in
                     PALETTES["high" if high else "normal"].values()}
            for label in walk_widgets(app.root):
                if isinstance(label, Label) and visible(label) and label.text:
                    colour = tuple(round(c, 4) for c in label.color)
                    assert colour in texts, (label.text, colour)
                    pairs.add((colour, colour))
            app.controller.end(EndReason.HOME)

    run_app(app, script)
    assert pairs


def test_step_screen_built_and_dropped_1000_times_does_not_leak(tmp_path):
    from kivy.uix.widget import Widget

    app = make_app(tmp_path)
    counts: list[int] = []

    def is_widget(obj):
        try:
            return isinstance(obj, Widget)
        except ReferenceError:  # a weak proxy whose widget is already gone
            return False

    def widgets():
        gc.collect()
        return sum(1 for o in gc.get_objects() if is_widget(o))

    def script(app):
        yield
        flow = app.flowset.flows["creer-adresse-email"]
        app.open_flow(flow.id)
        for round_ in range(1000):
            walker = app.visit.walker
            if walker.finished:
                app.open_flow(flow.id)  # « Terminer » then the same tile again
            elif walker.step.kind.value == "question":
                app.controller.answer(round_ % len(walker.step.answers))
            else:
                app.controller.next()
            if round_ % 50 == 0:
                yield
            if round_ in (100, 999):
                counts.append(widgets())

    run_app(app, script)
    before, after = counts
    assert after - before < 50, counts
