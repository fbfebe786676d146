"""Every text colour reaches 7:1 on its background, rendered labels use the theme's pairs, and
the step screen does not leak. (That every step fits every reference screen, with targets of
16 mm and no word cut, is checked by test_ui_fit_steps.py.)"""

from __future__ import annotations

import gc
from dataclasses import replace

import pytest
from kivy.uix.label import Label
from ui_helpers import make_app, run_app, visible, walk_widgets

from kiosk.ui.theme.palette import MIN_CONTRAST, PALETTES, contrast, rgba
from kiosk.visit import EndReason


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
