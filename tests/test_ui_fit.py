"""Home and the top bar fit every reference screen, as a person sees them (issue 15).

One app, rendered offscreen, taken through the reference screens (tests/fit_checks.py) at
text sizes 1 and 3 (and 2 upright), in French and English (``make fit``: every text size,
both contrasts): every tile, its pictogram
(>= 12 mm) and its title with no word cut inside, the page buttons and every bar button lie
fully on the visible screen, >= 16 mm, 24 px apart. One app run keeps it to a few seconds.
"""

from __future__ import annotations

import itertools
import os

from fit_checks import (
    PICTOGRAM_MM,
    REFERENCE_SCREENS,
    check_gaps,
    check_target,
    check_unbroken_words,
    mm,
    window_rect,
)
from kivy.core.window import Window
from ui_helpers import make_app, run_app, settle

from kiosk.visit import Choices

FULL = os.environ.get("FIT_MATRIX", "") == "full"
"""``make fit``: every text size and both contrasts on every screen."""
BAR = ("home", "language", "text_size", "contrast", "sound", "help")


def _pictogram(tile):  # type: ignore[no-untyped-def]
    """The pictogram's drawn square: the tile's first child's largest square."""
    area = tile.children[-1]
    return min(area.width, area.height)


def _check_screen(app, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    theme, home, bar = app.theme, app.home_screen, app.root.ids
    ppm = theme.px_per_mm
    problems: list[str] = []
    targets = []
    for name in BAR:
        button = bar[name]
        problems += check_target(f"{where} bar {name}", button, ppm)
        if button.shown_text:
            problems += check_unbroken_words(f"{where} bar {name}", button.ids.label)
        else:
            assert button.text_hidden and button.icon, f"{where} bar {name}: no words, no icon"
        targets.append((f"bar {name}", button))
    tiles = home.tiles()
    assert tiles, f"{where}: no tile"
    for tile in tiles:
        name = f"{where} tile {tile.flow_id}"
        problems += check_target(name, tile, ppm)
        picture = mm(_pictogram(tile), ppm)
        if picture < PICTOGRAM_MM - 0.05:
            problems.append(f"{name}: pictogram {picture:.1f} mm < {PICTOGRAM_MM} mm")
        title, caption = tile.children[-2], tile.children[-3]
        problems += check_unbroken_words(f"{name} title", title)
        problems += check_unbroken_words(f"{name} caption", caption)
        targets.append((f"tile {tile.flow_id}", tile))
    if home.pages > 1:
        for name in ("previous", "next"):
            button = home.ids[name]
            problems += check_target(f"{where} {name}", button, ppm)
            if button.shown_text:
                problems += check_unbroken_words(f"{where} {name}", button.ids.label)
            targets.append((name, button))
    problems += [f"{where} {p}" for p in check_gaps(targets)]
    # No two tiles' words overlap (the titles of « Texte 3/3 » ran into each other).
    boxes = [window_rect(t.children[-2]) for t in tiles]
    for index, box in enumerate(boxes):
        for other in boxes[index + 1:]:
            if box.gap_to(other) <= 0:
                problems.append(f"{where}: two tile titles overlap")
    return problems


def test_home_and_bar_fit_every_reference_screen(tmp_path):
    app = make_app(tmp_path, screen_diagonal_inches=10.1)
    problems: list[str] = []
    seen: dict[tuple, tuple[int, int]] = {}

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        for width, height, inches, screen in REFERENCE_SCREENS:
            Window.size = (width, height)
            app.theme.diagonal_inches = inches
            levels = (1, 2, 3) if height > width or FULL else (1, 3)
            for level, lang in itertools.product(levels, ("fr", "en")):
                # High contrast with the largest text (make fit: both contrasts, always).
                for high in (False, True) if FULL else (level == 3,):
                    app.controller.show_with(Choices(language=lang, text_level=level,
                                                     high_contrast=high, voice="normal"))
                    yield from settle(app, limit=30)
                    where = f"[{screen}, text {level}, {lang}, high contrast {high}]"
                    problems.extend(_check_screen(app, where))
                    seen[(screen, level, lang)] = (app.home_screen.cols,
                                                   app.home_screen.rows)

    try:
        run_app(app, script)
    finally:
        Window.size = (1280, 800)  # the window the other tests expect (ui_helpers)
    assert not problems, "\n".join(problems[:40])
    # Bigger text, fewer and larger tiles; the grid follows the screen's shape.
    for screen in ("1920x1080 15.6 in", "1366x768 15.6 in", "1280x800 10.1 in",
                   "800x1280 10.1 in portrait"):
        small, big = seen[(screen, 1, "fr")], seen[(screen, 3, "fr")]
        assert small[0] * small[1] >= big[0] * big[1], (screen, small, big)
    assert seen[("800x1280 10.1 in portrait", 1, "fr")][1] > \
        seen[("800x1280 10.1 in portrait", 1, "fr")][0]  # upright: more rows than columns
