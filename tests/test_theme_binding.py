"""Every widget follows a contrast or text-size change by binding, never by a rebuild.

The bug this catches: kv rules called ``app.theme.role(self.role)``, a method Kivy cannot
bind to, so after « Contraste » a ``selected`` button kept the old white text on the new
yellow (about 1.3:1) until its screen was rebuilt.
"""

from __future__ import annotations

import pytest
from ui_helpers import make_app, run_app, settle, visible, walk_widgets

from kiosk.ui.theme.palette import contrast as contrast_ratio
from kiosk.ui.widgets.common import BigButton


def _label(button: BigButton):
    return button.ids.label


@pytest.mark.parametrize("start_high", [False, True])
def test_a_selected_button_follows_contrast_without_a_rebuild(tmp_path, start_high):
    app = make_app(tmp_path)
    seen: dict[str, object] = {}

    def script(app):
        yield
        if start_high:
            app.controller.toggle_contrast()
        app.dialogs.languages()  # the current language's button has the "selected" role
        yield from settle(app)
        selected = [w for w in walk_widgets(app.overlay) if isinstance(w, BigButton)
                    and w.role == "selected"]
        assert len(selected) == 1
        button = selected[0]
        app.controller.toggle_contrast()  # the overlay stays open: nothing is rebuilt
        yield from settle(app)
        theme = app.theme
        seen["high"] = theme.high_contrast
        seen["fg"] = tuple(_label(button).color)
        seen["bg"] = tuple(button.background)
        seen["want"] = (tuple(theme.selected_fg), tuple(theme.selected_bg))
        seen["visible"] = visible(button)

    run_app(app, script)
    assert seen["high"] is (not start_high)
    assert seen["visible"]
    assert (seen["fg"], seen["bg"]) == seen["want"]
    assert contrast_ratio(seen["fg"], seen["bg"]) >= 7


def test_text_size_changes_every_label_in_place(tmp_path):
    app = make_app(tmp_path)
    sizes: list[float] = []

    def script(app):
        yield
        app.dialogs.languages()
        yield from settle(app)
        button = next(w for w in walk_widgets(app.overlay) if isinstance(w, BigButton))
        sizes.append(_label(button).font_size)
        app.controller.cycle_text_size()
        yield from settle(app)
        sizes.append(_label(button).font_size)

    run_app(app, script)
    assert sizes[1] > sizes[0]
