"""A monkey test: 1,000 random touches and key presses on the real app, offscreen
(``MONKEY_ACTIONS=10000`` for a longer one: ``make stress`` runs 10,000).

Seeded, so a failure can be replayed (MONKEY_SEED=N tries another sequence). The monkey taps
real buttons it finds by walking the widget tree (tiles, answers, next/back, the top bar,
overlay buttons), touches random places (some with a drag), presses keys (Escape, Backspace,
Enter, arrows, the Android back key, letters typed) and lets idle time pass. Several actions
per frame keep it within a CI budget. After every frame no error may have been caught by the
app, and every 1,000 actions, then at the end, the home screen must be reachable in a few
real taps (Accueil, then "Oui" if the kiosk asks).
"""

from __future__ import annotations

import os
import random
import time

import pytest
from kivy.uix.behaviors import ButtonBehavior

# ui_helpers configures Kivy before the window exists: take the window from it.
from ui_helpers import FakeClock, UnitTestTouch, Window, make_app, run_app, settle, tap, visible

from kiosk.i18n import tr
from kiosk.ui.app import KioskApp

ACTIONS = int(os.environ.get("MONKEY_ACTIONS", "1000"))
PER_FRAME = 25
SEED = int(os.environ.get("MONKEY_SEED", "20261122"))
KEYS = [27, 8, 13, 9, 273, 274, 275, 276, 1073742094]  # Esc, ⌫, ⏎, ⇥, arrows, Android back
WIDTH, HEIGHT = 1280, 800

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def walk(widget):  # type: ignore[no-untyped-def]
    yield widget
    for child in widget.children:
        yield from walk(child)


def buttons_on_screen() -> list:
    """Every visible button in the window, overlays included, whose centre is on screen."""
    found = []
    for top in Window.children:
        for widget in walk(top):
            if isinstance(widget, ButtonBehavior) and not widget.disabled and visible(widget):
                x, y = widget.to_window(*widget.center)
                if 0 <= x < WIDTH and 0 <= y < HEIGHT:
                    found.append(widget)
    return found


def random_touch(rng: random.Random) -> None:
    x, y = rng.uniform(0, WIDTH - 1), rng.uniform(0, HEIGHT - 1)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    if rng.random() < 0.3:  # a drag, as a shaky finger or a swipe on a list
        touch.touch_move(min(max(x + rng.uniform(-300, 300), 0), WIDTH - 1),
                         min(max(y + rng.uniform(-300, 300), 0), HEIGHT - 1))
    touch.touch_up()


def press_key(rng: random.Random) -> None:
    if rng.random() < 0.5:
        letter = rng.choice("abcdefghijklmnopqrstuvwxyzéèàç@.0123456789 ")
        Window.dispatch("on_key_down", ord(letter[0]), 0, letter, [])
        Window.dispatch("on_textinput", letter)
        Window.dispatch("on_key_up", ord(letter[0]), 0)
    else:
        key = rng.choice(KEYS)
        Window.dispatch("on_key_down", key, 0, None, [])
        Window.dispatch("on_keyboard", key, 0, None, [])
        Window.dispatch("on_key_up", key, 0)


def go_home(app: KioskApp):  # type: ignore[no-untyped-def]
    """Reach the home screen with real taps only; fail if it takes more than four."""
    for _ in range(4):
        if app.root.ids.screens.current == "home" and app.overlay is None \
                and app.dialogs.idle_view is None:
            return
        view = app.dialogs.idle_view or app.overlay
        if view is not None:
            wanted = (tr("Oui, revenir à l'accueil", app.lang), tr("Je suis encore là", app.lang))
            choices = view.buttons()
            tap(next((b for b in choices if b.text in wanted), choices[-1]))
        else:
            tap(app.root.ids.home)
        yield from settle(app, limit=4)
    assert app.root.ids.screens.current == "home", "home not reachable in four taps"
    assert app.overlay is None and app.dialogs.idle_view is None


def test_thousands_of_random_touches_and_keys(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    app = make_app(tmp_path, clock)
    rng = random.Random(SEED)
    counts = {"button": 0, "touch": 0, "key": 0, "idle": 0}
    screens: set[str] = set()
    flows: set[str] = set()
    began = time.perf_counter()

    def script(app: KioskApp):  # type: ignore[no-untyped-def]
        yield from settle(app)
        done = 0
        while done < ACTIONS:
            for _ in range(PER_FRAME):
                roll = rng.random()
                if roll < 0.55:
                    choices = buttons_on_screen()
                    if choices:
                        tap(rng.choice(choices))
                        counts["button"] += 1
                    else:
                        random_touch(rng)
                        counts["touch"] += 1
                elif roll < 0.80:
                    random_touch(rng)
                    counts["touch"] += 1
                elif roll < 0.97:
                    press_key(rng)
                    counts["key"] += 1
                else:  # a visitor walks away for a while
                    clock.advance(rng.choice([5, 30, 95, 130, 400]))
                    app._tick_idle()
                    counts["idle"] += 1
                done += 1
                screens.add(app.root.ids.screens.current)
                if app.visit.walker is not None:
                    flows.add(app.visit.walker.flow.id)
            yield
            assert not app.errors, app.errors[0]
            if done % 1000 < PER_FRAME:
                yield from go_home(app)
        yield from go_home(app)

    run_app(app, script, size=(WIDTH, HEIGHT))
    seconds = time.perf_counter() - began
    with capsys.disabled():
        print(f"\nmonkey: {ACTIONS} actions {counts} in {seconds:.1f} s, "
              f"{len(flows)} flows entered")
    assert sum(counts.values()) == ACTIONS
    assert screens == {"home", "step"}
    assert len(flows) >= 5  # it really went into the flows, not only the top bar
    assert not app.errors
