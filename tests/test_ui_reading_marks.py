"""Nothing only heard, on the real app with the real voice: the words of a step are marked
where they are written as they are heard, the help chime shows a banner, and a reading with
no words on the screen shows them in the banner. The player's clock is a number the test
moves (never a sleep); waiting on the voice is bounded, never asserted."""

from __future__ import annotations

import re
import time

from kivy.core.window import Window
from ui_helpers import FakeClock, make_app, run_app, settle

from kiosk.speech import SpeechService
from kiosk.speech.player import KivyPlayer

FLOW = "creer-adresse-email"
WORDS = re.compile(r"\w[\w'’.,@/:-]*\w|\w")


def wait(condition, seconds=45.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        yield


def use_voice(app, clock):
    service = SpeechService(app.settings, player=KivyPlayer(clock=clock))
    app.audio.use(service)
    yield from wait(lambda: service.wait_ready(0))
    return service


def test_the_words_of_a_step_are_marked_in_order_where_they_are_written(tmp_path):
    player_clock = FakeClock()
    app = make_app(tmp_path)
    seen: dict = {}

    def script(app):
        service = yield from use_voice(app, player_clock)
        step = app.flowset.flows[FLOW].start
        service.synthesize(step.spoken_text("fr"), "fr")  # as prefetched on a kiosk
        app.open_flow(FLOW)
        yield from settle(app)
        yield from wait(lambda: app.audio.reading is not None)
        reading = app.audio.reading
        seen["source"] = reading.times.source
        marks = app.reading_marks
        seen["found"] = [p.text for p in marks.places]
        marked_labels = set()
        start = player_clock.now
        while player_clock.now - start < reading.times.duration + 0.5:
            player_clock.advance(marks.every)
            marks.tick()
            for place in marks.places:
                if place.label.markup and "[u]" in place.label.text:
                    marked_labels.add(place.text)
            if "picture" not in seen and len(marks.marked) > 6:
                yield
                Window.screenshot(name=str(tmp_path / "marked.png"))
                seen["picture"] = True
        seen["marked"] = list(marks.marked)
        seen["labels"] = marked_labels
        seen["words"] = WORDS.findall(reading.text)
        seen["banner"] = app.banner.shown
        service.stop()
        yield
        seen["restored"] = [(p.label.markup, p.label.text == p.text) for p in marks.places]

    run_app(app, script)
    assert seen["source"] == "espeak"
    assert seen["found"], "the step's texts were found in what is read"
    words = seen["words"]
    marked = seen["marked"]
    # in order, each word at most once, ending on the last word read
    assert [words.index(w) for w in marked] == sorted(words.index(w) for w in marked) or \
        marked == [w for w in words if w in marked]
    assert marked[-1] == words[-1]
    assert len(marked) >= 0.8 * len(words)
    assert seen["labels"]  # marked in the step's own labels
    assert seen["banner"] is False  # every word was on the screen: no caption needed
    assert seen["restored"] == [(False, True)] * len(seen["restored"])


def test_the_help_chime_shows_a_calm_banner_that_goes_after_a_few_seconds(tmp_path):
    app = make_app(tmp_path)
    seen: dict = {}

    def script(app):
        app.dialogs.help()
        yield
        seen["shown"] = app.banner.shown
        seen["on_top"] = Window.children[0] is app.banner  # over the help overlay
        seen["title"] = app.banner.title
        seen["text"] = app.banner.text
        Window.screenshot(name=str(tmp_path / "chime.png"))
        event = app.banner._hide_event
        seen["stays"] = event.timeout
        event.get_callback()(event.timeout)  # its time is up
        seen["after"] = app.banner.shown
        app.dialogs.close()
        app.dialogs.help()
        yield
        seen["again"] = app.banner.shown
        app.dialogs.close()  # « D'accord »: the call is over, its banner goes with it
        seen["closed"] = app.banner.shown

    run_app(app, script)
    assert seen["again"] and seen["closed"] is False
    assert seen["shown"] and seen["on_top"]
    assert seen["title"] == "Son : carillon"
    assert "appeler un conseiller" in seen["text"]
    assert 3 <= seen["stays"] <= 10  # appears once and stays a few seconds: no flashing
    assert seen["after"] is False


def test_words_read_but_not_written_show_in_the_banner(tmp_path):
    player_clock = FakeClock()
    app = make_app(tmp_path)
    seen: dict = {}
    said = "Bonjour. Ceci est lu mais pas écrit."

    def script(app):
        service = yield from use_voice(app, player_clock)
        service.synthesize(said, "fr")
        app.audio.say(said)
        yield from wait(lambda: app.audio.reading is not None)
        marks = app.reading_marks
        captions = []
        start = player_clock.now
        while player_clock.now - start < app.audio.reading.times.duration + 0.5:
            player_clock.advance(marks.every)
            marks.tick()
            if app.banner.shown:
                captions.append(app.banner.text)
        seen["captions"] = captions
        seen["title"] = app.banner.title
        service.stop()
        yield
        seen["after"] = app.banner.shown

    run_app(app, script)
    captions = seen["captions"]
    assert seen["title"] == "Lu à voix haute"
    assert captions[0].startswith("[b][u]Bonjour[/u][/b]")
    assert captions[-1].endswith("[b][u]écrit[/u][/b].")
    assert seen["after"] is False


def test_a_practice_feedback_read_aloud_is_marked_in_its_box(tmp_path):
    from kiosk.flows.paths import route_to
    from kiosk.ui.screens.practice.practice import FeedbackBox

    player_clock = FakeClock()
    app = make_app(tmp_path, screen_diagonal_inches=15.6)
    seen: dict = {}

    def script(app):
        service = yield from use_voice(app, player_clock)
        flow = app.flowset.flows[FLOW]
        app.controller.open_flow(flow, route_to(flow, "exercice-adresse"))
        yield from settle(app)
        practice = app.step_screen.practice
        practice.session.insert("marie.dupont@exemplefr")  # as typed on the keys
        practice.check()
        yield from settle(app)
        feedback = practice.feedback_text
        yield from wait(lambda: app.audio.reading is not None
                        and app.audio.reading.text == feedback)
        marks = app.reading_marks
        in_box = [p for p in marks.places
                  if any(isinstance(a, FeedbackBox) for a in ancestors(p.label))]
        seen["in_box"] = [p.text for p in in_box]
        marked_in_box = set()
        start = player_clock.now
        while player_clock.now - start < app.audio.reading.times.duration + 0.5:
            player_clock.advance(marks.every)
            marks.tick()
            marked_in_box |= {p.text for p in in_box if "[u]" in p.label.text}
        seen["marked_in_box"] = marked_in_box
        seen["last"] = marks.marked[-1]
        seen["words"] = WORDS.findall(feedback)
        service.stop()
        yield

    run_app(app, script, size=(1920, 1080))
    assert seen["in_box"], "the feedback's lines were found in what is read"
    assert seen["marked_in_box"] == set(seen["in_box"])
    assert seen["last"] == seen["words"][-1]


def ancestors(widget):
    while widget.parent is not None and widget.parent is not widget:
        widget = widget.parent
        yield widget
