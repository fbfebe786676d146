"""The practice keyboard in the real app, offscreen: typing by touch and by a physical keyboard,
kind feedback for each typical mistake, key sizes on both reference screens, and privacy."""

from __future__ import annotations

import itertools
import logging
import sqlite3
import time
from dataclasses import replace

import pytest
from kivy.core.window import Window
from kivy.uix.label import Label
from ui_helpers import (
    FakeClock,
    listen_events,
    make_app,
    rect,
    run_app,
    settle,
    tap,
    visible,
    walk_widgets,
)

from kiosk.flows.paths import route_to
from kiosk.practice.layouts import LAYOUTS, spoken_name
from kiosk.speech import SpeechService, flow_texts
from kiosk.speech.cache import AudioCache
from kiosk.speech.voices import RATES
from kiosk.ui.screens.practice.keyboard import KeyButton
from kiosk.ui.screens.practice.practice import FeedbackBox
from kiosk.ui.theme.metrics import MIN_GAP_PX, TARGET_MM
from kiosk.visit import EndReason

SCREENS = [(1920, 1080, 15.6), (1280, 800, 10.0)]
SCREEN_IDS = ["15.6in-1920x1080", "10in-1280x800"]
EMAIL_FLOW, EMAIL_STEP = "creer-adresse-email", "exercice-adresse"
SUCCESS = "Bravo ! Vous avez écrit une adresse e-mail."


def go_to(app, flow_id: str, step_id: str) -> None:
    flow = app.flowset.flows[flow_id]
    app.controller.open_flow(flow, route_to(flow, step_id))


def find_text(app, text: str):
    for widget in walk_widgets(app.root):
        if getattr(widget, "text", None) == text and visible(widget):
            return widget
    raise AssertionError(f"no visible widget says {text!r}")


def key_for(app, sign: str) -> KeyButton:
    keyboard = app.step_screen.practice.keyboard
    for button in keyboard.keys:
        if (sign == " " and button.key.action == "space") or (
                button.key.action == "char" and button.key.value == sign):
            return button
    raise AssertionError(f"no key {sign!r} on page {keyboard.page}")


def read_on(app):
    """Touch « Lire la suite » until the step's last page, where it is acted on (issue 15:
    a long step is in pages, nothing scrolls)."""
    screen = app.step_screen
    while screen.page + 1 < screen.pages:
        page = screen.page
        assert screen.ids.next.text == "Lire la suite"
        tap(screen.ids.next)
        yield from settle(app)
        assert screen.page == page + 1


def press(app, text: str):
    """Touch the button that says ``text``, on the step's last page."""
    yield from read_on(app)
    widget = find_text(app, text)
    tap(widget)
    yield from settle(app)


def tap_text(app, text: str):
    for sign in text:
        tap(key_for(app, sign))
        yield


def feedback_lines(app) -> list[str]:
    boxes = [w for w in walk_widgets(app.root) if isinstance(w, FeedbackBox)]
    assert len(boxes) == 1, "one feedback box is shown after a check"
    return [label.text for label in reversed(boxes[0].children)]


def typed_everywhere(app, secret: str) -> list[str]:
    """Every widget text that still holds ``secret``."""
    found = [type(w).__name__ for w in walk_widgets(app.root)
             if secret in str(getattr(w, "text", "")) or secret in str(getattr(w, "shown", ""))]
    return found


@pytest.fixture
def practice_events():
    events: list[bool] = []

    def listen(name, data):
        if name == "practice":
            events.append(data["success"])
    return events, listen


# -- typing with the on-screen keys ------------------------------------------------------------

def test_type_an_address_key_by_key_correct_it_and_succeed(tmp_path, practice_events):
    events, listen = practice_events
    app = make_app(tmp_path, screen_diagonal_inches=10.0)
    listen_events(app, listen)
    seen: dict[str, object] = {}

    def script(app):
        yield from settle(app)
        go_to(app, EMAIL_FLOW, EMAIL_STEP)
        yield from settle(app)
        yield from press(app, "Écrire ma réponse")
        screen = app.step_screen
        assert screen.typing and screen.practice.keyboard.variant == "compact"
        yield from tap_text(app, "marie.dupontexemple.fr")
        panel = screen.practice.panel
        assert panel.ids.typed.text == "marie.dupontexemple.fr"
        assert panel.ids.typed.cursor == len("marie.dupontexemple.fr")
        tap(panel.ids.check)
        yield from settle(app)
        assert not screen.typing
        seen["missing_at"] = feedback_lines(app)
        seen["spoken"] = screen.practice_feedback
        yield from press(app, "Corriger ma réponse")
        panel = screen.practice.panel
        for _ in range(len("exemple.fr")):
            tap(panel.ids.erase)
            yield
        assert panel.ids.typed.text == "marie.dupont"
        yield from tap_text(app, "@exemple.fr")
        tap(panel.ids.check)
        yield from settle(app)
        seen["success"] = feedback_lines(app)

    run_app(app, script)
    assert seen["missing_at"] == [
        "Il manque le @ (arobase). Il va entre le nom et la fin de l'adresse."]
    assert seen["spoken"] == "Il manque le @ (arobase). Il va entre le nom et la fin de l'adresse."
    assert seen["success"] == [SUCCESS]
    assert events == [False, True]


@pytest.mark.parametrize(("typed", "expected"), [
    ("marie.dupontexemple.fr",
     ["Il manque le @ (arobase). Il va entre le nom et la fin de l'adresse."]),
    ("marie dupont@exemple.fr",
     ["Le @ est bien là.", "Une adresse e-mail n'a jamais d'espace. Effacez l'espace."]),
    ("marie.dupônt@exemple.fr",
     ["Le @ est bien là.", "Une adresse e-mail n'a pas d'accent. Écrivez o au lieu de ô."]),
    ("marie.dupont@exemplefr",
     ["Le @ est bien là.", "Il manque le point après le @, par exemple exemple.fr."]),
])
def test_each_typical_mistake_typed_on_the_keys_gets_its_feedback(tmp_path, typed, expected):
    app = make_app(tmp_path, screen_diagonal_inches=15.6)
    seen: dict[str, list[str]] = {}

    def script(app):
        yield from settle(app)
        go_to(app, EMAIL_FLOW, EMAIL_STEP)
        yield from settle(app)
        yield from press(app, "Écrire ma réponse")
        assert app.step_screen.practice.keyboard.variant == "wide"
        yield from tap_text(app, typed)
        tap(app.step_screen.practice.panel.ids.check)
        yield from settle(app)
        seen["lines"] = feedback_lines(app)
        yield from press(app, "Corriger ma réponse")
        tap(app.step_screen.practice.panel.ids.erase_all)
        yield
        assert app.step_screen.practice.session.text == ""
        yield from tap_text(app, "marie.dupont@exemple.fr")
        tap(app.step_screen.practice.panel.ids.check)
        yield from settle(app)
        seen["then"] = feedback_lines(app)

    run_app(app, script, size=(1920, 1080))
    assert seen["lines"] == expected
    assert seen["then"] == [SUCCESS]


def test_cursor_arrows_maj_and_pages(tmp_path):
    app = make_app(tmp_path, screen_diagonal_inches=10.0)
    seen: dict[str, object] = {}

    def script(app):
        yield from settle(app)
        go_to(app, "compte-ameli", "exercice-mot-de-passe")
        yield from settle(app)
        yield from press(app, "Écrire ma réponse")
        practice = app.step_screen.practice
        keyboard = practice.keyboard
        assert keyboard.page == "lettres"
        shift = next(b for b in keyboard.keys if b.key.action == "shift")
        tap(shift)
        yield
        assert key_for(app, "g").text == "G"
        yield from tap_text(app, "gi")
        assert practice.session.text == "Gi"  # one capital, then small letters again
        tap(next(b for b in keyboard.keys if b.key.action == "page"))
        yield from settle(app)
        assert keyboard.page == "signes"
        yield from tap_text(app, "7!")
        left = next(b for b in keyboard.keys if b.key.action == "left")
        tap(left)
        tap(left)
        yield
        tap(key_for(app, "-"))
        yield
        seen["text"] = practice.session.text
        seen["masked"] = practice.panel.ids.typed.shown
        seen["model"] = practice.panel.model_text

    run_app(app, script)
    assert seen["text"] == "Gi-7!"
    assert seen["masked"] == "•••••"
    assert seen["model"] == ("Au moins 12 signes, avec des chiffres et un signe. "
                             "Solidité : très faible.")


# -- a physical keyboard ------------------------------------------------------------------------

def test_the_same_with_a_physical_keyboard(tmp_path, practice_events):
    events, listen = practice_events
    app = make_app(tmp_path, screen_diagonal_inches=10.0)
    listen_events(app, listen)
    seen: dict[str, object] = {}

    def script(app):
        yield from settle(app)
        go_to(app, EMAIL_FLOW, EMAIL_STEP)
        yield from settle(app)
        for sign in "marie.dupontexemple.fr":
            Window.dispatch("on_textinput", sign)
        yield from settle(app)
        screen = app.step_screen
        assert screen.typing  # typing opens the keys
        Window.dispatch("on_key_down", 27, 9, None, [])  # Escape closes them, nothing lost
        yield from settle(app)
        seen["escape"] = (screen.typing, screen.practice.session.text, app.root is not None)
        Window.dispatch("on_key_down", 13, 36, None, [])  # Enter checks
        yield from settle(app)
        seen["first"] = feedback_lines(app)
        for _ in range(len("exemple.fr")):
            Window.dispatch("on_key_down", 276, 80, None, [])  # left arrow
        Window.dispatch("on_textinput", "@")
        Window.dispatch("on_textinput", "x")
        Window.dispatch("on_key_down", 8, 42, None, [])  # backspace = Effacer
        yield
        seen["text"] = screen.practice.session.text
        Window.dispatch("on_key_down", 271, 88, None, [])  # keypad Enter
        yield from settle(app)
        seen["second"] = feedback_lines(app)
        go_to(app, EMAIL_FLOW, "site-service")
        yield from settle(app)
        Window.dispatch("on_textinput", "z")  # another step: the keys are no longer listened to
        yield
        seen["after"] = screen.practice

    run_app(app, script)
    assert seen["first"] == ["Il manque le @ (arobase). Il va entre le nom et la fin de l'adresse."]
    assert seen["escape"] == (False, "marie.dupontexemple.fr", True)
    assert seen["text"] == "marie.dupont@exemple.fr"
    assert seen["second"] == [SUCCESS]
    assert seen["after"] is None
    assert events == [False, True]


# -- sizes ----------------------------------------------------------------------------------

def _key_problems(app, where: str) -> list[str]:
    panel = app.step_screen.practice.panel
    px_mm = app.theme.px_per_mm
    minimum = TARGET_MM * px_mm - 0.5
    buttons = [w for w in walk_widgets(panel) if hasattr(w, "state") and visible(w)]
    keys = [b for b in buttons if isinstance(b, KeyButton)]
    found = []
    assert keys, where
    window_w, window_h = Window.size
    for button in buttons:
        x0, y0, x1, y1 = rect(button)
        if min(button.width, button.height) < minimum:
            found.append(f"{where}: {button.text!r} {button.width:.0f}x{button.height:.0f} px")
        if x0 < -0.5 or y0 < -0.5 or x1 > window_w + 0.5 or y1 > window_h + 0.5:
            found.append(f"{where}: {button.text!r} off screen {rect(button)}")
    boxes = [(button, rect(button)) for button in buttons]
    for (first, (ax0, ay0, ax1, ay1)), (second, (bx0, by0, bx1, by1)) in \
            itertools.combinations(boxes, 2):
        gap = max(bx0 - ax1, ax0 - bx1, by0 - ay1, ay0 - by1, 0)
        if gap < MIN_GAP_PX - 0.5:
            found.append(f"{where}: {first.text!r} and {second.text!r} {gap:.0f} px apart")
    top_bar = app.root.ids.top
    for button in buttons:
        if rect(button)[3] > rect(top_bar)[1] - MIN_GAP_PX + 0.5:
            found.append(f"{where}: {button.text!r} too close to the top bar")
    for label in walk_widgets(panel):
        if isinstance(label, Label) and visible(label) and label.text:
            tw, th = label.texture_size
            if tw > label.width + 1 or th > label.height + 1:
                found.append(f"{where}: text {label.text[:20]!r} overflows")
    return found


PRACTICES = [("creer-adresse-email", "exercice-adresse"), ("franceconnect", "exercice-code"),
             ("compte-ameli", "exercice-mot-de-passe"), ("chercher-sur-internet",
                                                         "exercice-recherche")]


@pytest.mark.parametrize(("width", "height", "diagonal"), SCREENS, ids=SCREEN_IDS)
def test_every_key_is_16_mm_with_24_px_gaps_on_both_screens(tmp_path, width, height, diagonal):
    app = make_app(tmp_path, screen_diagonal_inches=diagonal)
    problems: list[str] = []
    pages_seen: set[tuple[str, str, str, str]] = set()

    def script(app):
        yield from settle(app)
        for language, level in itertools.product(("fr", "en"), (1, 2, 3)):
            app.controller.show_with(replace(app.controller.choices, language=language,
                                             text_level=level))
            for flow_id, step_id in PRACTICES:
                go_to(app, flow_id, step_id)
                yield from settle(app)
                app.step_screen.practice.open_typing()
                yield from settle(app)
                keyboard = app.step_screen.practice.keyboard
                for page in keyboard.layout.pages:
                    keyboard.page = page.name
                    yield from settle(app)
                    where = f"{flow_id} {language} level {level} {keyboard.variant}/{page.name}"
                    problems.extend(_key_problems(app, where))
                    pages_seen.add((keyboard.keyboard, keyboard.variant, language, page.name))
                app.controller.end(EndReason.HOME)
                yield from settle(app)

    run_app(app, script, size=(width, height))
    assert problems == [], "\n".join(problems[:40])
    variant = "wide" if width == 1920 else "compact"
    expected = {(key[0], variant, language, page.name)
                for key, layout in LAYOUTS.items() if key[2] == variant
                for language in ("fr", "en")
                if key[1] == ("qwerty" if language == "en" else "azerty")
                for page in layout.pages}
    assert pages_seen == expected


# -- spot the fake --------------------------------------------------------------------------

def test_spot_the_fake_among_three_messages(tmp_path, practice_events):
    events, listen = practice_events
    app = make_app(tmp_path, screen_diagonal_inches=10.0)
    listen_events(app, listen)
    seen: dict[str, list[str]] = {}

    def script(app):
        yield from settle(app)
        go_to(app, "reconnaitre-arnaque", "exercice-reperer")
        yield from settle(app)
        from kiosk.ui.screens.practice.practice import ChoiceCard

        screen = app.step_screen

        def to_the_messages():
            # On a 10-inch screen the messages, in three columns, may have a page of their
            # own: the visitor touches « Lire la suite » until they show.
            while not any(isinstance(w, ChoiceCard) for w in walk_widgets(app.root)):
                assert screen.page + 1 < screen.pages, "the messages are on a page"
                tap(screen.ids.next)
                yield from settle(app)
            return sorted((w for w in walk_widgets(app.root) if isinstance(w, ChoiceCard)),
                          key=lambda c: c.index)

        cards = yield from to_the_messages()
        assert len(cards) == 3
        tap(cards[0])
        yield from settle(app)
        seen["wrong"] = feedback_lines(app)  # the feedback shows first
        cards = yield from to_the_messages()
        seen["captions"] = [c.caption for c in cards]
        yield from settle(app)
        tap(cards[1])
        yield from settle(app)
        seen["right"] = feedback_lines(app)

    run_app(app, script)
    assert seen["wrong"] == ["Ce message ne demande rien, ni code, ni argent.",
                             "Ce n'est pas ce message. Essayez un autre."]
    assert seen["captions"] == ["Message n°1 : votre choix", "Message n°2", "Message n°3"]
    assert seen["right"][0] == "Bravo ! Vous avez trouvé l'arnaque."
    assert events == [False, True]


# -- privacy --------------------------------------------------------------------------------

SECRET = "Zorglub-Secret-4242"


def test_what_was_typed_is_wiped_and_never_written(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    clock = FakeClock()
    app = make_app(tmp_path, clock, screen_diagonal_inches=10.0)
    seen: dict[str, object] = {}
    # The real voice (espeak-ng through pyttsx3), making audio but playing nothing.
    speech = SpeechService(app.settings, player=None)
    speech.start()
    speaks = speech.wait_ready(30)
    if speaks:
        app.audio.use(speech, started=True)
    said: list[str] = []
    real_private = speech.speak_private

    def spy(text, language=None):  # records what the screen asked, then really speaks
        said.append(text)
        return real_private(text, language)

    speech.speak_private = spy  # type: ignore[method-assign]
    public: list[str] = []  # the kiosk's and the flows' words: these may be cached
    real_public = speech.speak

    def spy_public(text, language=None):
        public.append(text)
        return real_public(text, language)

    speech.speak = spy_public  # type: ignore[method-assign]

    def script(app):
        yield from settle(app)
        # 1. a step change wipes
        go_to(app, "compte-ameli", "exercice-mot-de-passe")
        yield from settle(app)
        for sign in SECRET:
            Window.dispatch("on_textinput", sign)
        Window.dispatch("on_key_down", 13, 36, None, [])
        yield from settle(app)
        old = app.step_screen.practice
        assert old.session.text == SECRET
        tap(app.step_screen.ids.next)
        yield from settle(app)
        seen["after_next"] = (old.session.text, typed_everywhere(app, SECRET))
        # 2. the idle wipe
        go_to(app, EMAIL_FLOW, EMAIL_STEP)
        yield from settle(app)
        for sign in SECRET.lower():
            Window.dispatch("on_textinput", sign)
        yield from settle(app)
        old = app.step_screen.practice
        clock.advance(10_000)
        app._tick_idle()
        yield from settle(app)
        seen["after_idle"] = (old.session.text, typed_everywhere(app, SECRET.lower()),
                              app.root.ids.screens.current)
        # 3. Accueil
        go_to(app, "chercher-sur-internet", "exercice-recherche")
        yield from settle(app)
        for sign in SECRET:
            Window.dispatch("on_textinput", sign)
        yield from settle(app)
        old = app.step_screen.practice
        app.controller.end(EndReason.HOME)
        yield from settle(app)
        seen["after_home"] = (old.session.text, typed_everywhere(app, SECRET))
        assert app.usage_log.flush(10)
        deadline = time.monotonic() + 60  # the worker runs on the wall clock
        while speaks and speech.synthesized == 0 and time.monotonic() < deadline:
            yield  # the last private reading is made (then deleted) by the worker

    try:
        run_app(app, script)
    finally:
        speech.close()
    assert seen["after_next"] == ("", [])
    assert seen["after_idle"] == ("", [], "home")
    assert seen["after_home"] == ("", [])
    if speaks:  # letters of what was shown were spoken, privately; the password was not
        assert said == [spoken_name(c, "fr") for c in SECRET.lower() + SECRET]
        assert speech.synthesized > 0
        # Only the public words may be in the cache: each file is named by its text's key.
        assert not [t for t in public if SECRET.lower() in t.lower()]
        voice = speech.voice_for("fr")
        flows_words = [t for flow in app.flowset.flows.values()
                       for t, _ in flow_texts(flow, "fr")]  # made ahead when a flow opens
        allowed = {AudioCache.key(speech._engine_id, voice.id, RATES[speech.rate],
                                  speech.spoken_text(t, "fr")) for t in public + flows_words}
        cache = tmp_path / "data" / "voix-cache"
        cached = {p.stem for p in cache.rglob("*.wav")}
        assert cached <= allowed
    else:
        assert speech.reason  # the machine has no voice: it says why
    app.usage_log.close()
    data = tmp_path / "data"
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.name.startswith("usage") for p in files)
    for path in files:
        raw = path.read_bytes()
        for secret in (SECRET, SECRET.lower(), "Zorglub", "zorglub"):
            assert secret.encode() not in raw, path
            assert secret.encode("utf-16-le") not in raw, path
    assert "orglub" not in caplog.text
    with sqlite3.connect(data / "usage.db") as conn:
        kinds = [row[0] for row in conn.execute("SELECT kind FROM events")]
    assert "practice_tried" in kinds
