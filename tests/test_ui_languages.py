"""The visitor's language in the real app, offscreen (issue 19): the picker (each language in
itself, big buttons in a grid, pages when they do not fit, on every reference screen), reached
from the bar on home, a step and a practice step; the choice lasting the visit; theme
captions and the « not translated » note in the visitor's language, in large text."""

from __future__ import annotations

from fit_checks import REFERENCE_SCREENS, check_gaps, check_target, visible_rect, window_rect
from kivy.core.window import Window
from ui_helpers import make_app, rect, run_app, tap, visible, walk_widgets

from kiosk.flows.languages import lacks_language, language_note
from kiosk.flows.paths import route_to
from kiosk.flows.vocabulary import LANGUAGES, THEME_CAPTIONS
from kiosk.i18n import languages, tr
from kiosk.ui.widgets.common import WarningBox
from kiosk.ui.widgets.languages import LanguagePicker
from kiosk.visit import Choices, EndReason

EMAIL_FLOW, EMAIL_STEP = "creer-adresse-email", "exercice-adresse"
SMALL = (1024, 600, 7.0, "1024x600 7 in")
"""A small tablet, below the reference screens: the languages need pages there."""


def settle(app, limit=30):  # type: ignore[no-untyped-def]
    """Frames until nothing moves on the whole window (overlays included)."""
    previous = None
    for _ in range(limit):
        yield
        shape = [tuple(round(v) for v in rect(w)) for top in Window.children
                 for w in walk_widgets(top)]
        if shape == previous:
            return
        previous = shape


def open_picker(app):  # type: ignore[no-untyped-def]
    tap(app.root.ids.language)
    yield from settle(app)
    picker = app.overlay
    assert isinstance(picker, LanguagePicker)
    return picker


def choose(app, name: str):  # type: ignore[no-untyped-def]
    """Touch the language button of the bar, page to ``name``, touch it: real taps."""
    picker = yield from open_picker(app)
    while name not in [b.text for b in picker.buttons()]:
        assert picker.page + 1 < picker.pages, f"{name} on no page"
        tap(picker.following)
        yield from settle(app)
    tap(next(b for b in picker.buttons() if b.text == name))
    yield from settle(app)
    assert app.overlay is None


def test_the_picker_fits_every_reference_screen_with_every_language(tmp_path):  # type: ignore[no-untyped-def]
    app = make_app(tmp_path, screen_diagonal_inches=10.1)
    problems: list[str] = []
    grids: dict[tuple[str, int], tuple[int, int, int]] = {}
    every = [LANGUAGES[code] for code in languages()]

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        for width, height, inches, screen in (*REFERENCE_SCREENS, SMALL):
            Window.size = (width, height)
            app.theme.diagonal_inches = inches
            for level in (1, 2, 3):
                app.controller.show_with(Choices(language="fr", text_level=level,
                                                 high_contrast=False, voice="normal"))
                yield from settle(app)
                picker = yield from open_picker(app)
                where = f"[{screen}, text {level}]"
                grids[(screen, level)] = (picker.cols, picker.rows, picker.pages)
                seen: list[str] = []
                for page in range(picker.pages):
                    assert picker.page == page
                    if not window_rect(picker.ids.box).inside(visible_rect()):
                        problems.append(f"{where} page {page}: the picker overflows the screen")
                    targets = [(f"{b.text}", b) for b in picker.buttons()]
                    if picker.pages > 1:
                        targets += [("previous", picker.previous), ("next", picker.following)]
                    for name, button in targets:
                        problems.extend(check_target(f"{where} {name}", button,
                                                     app.theme.px_per_mm))
                        if button.text_hidden or button.shown_text != button.text and \
                                name not in ("previous", "next"):
                            problems.append(f"{where} {name}: its name is not shown whole")
                    problems.extend(f"{where} {p}" for p in check_gaps(targets))
                    seen += [b.text for b in picker.buttons()]
                    if page + 1 < picker.pages:
                        tap(picker.following)
                        yield from settle(app)
                if seen != every:
                    problems.append(f"{where}: languages shown {seen}, not {every}")
                app.dialogs.close()
                yield from settle(app)

    run_app(app, script)
    assert not problems, "\n".join(problems[:30])
    assert grids[(SMALL[3], 3)][2] > 1, grids  # the pages were really walked through
    # Bigger text: never more languages on a page; the tablet upright at text 3 still has
    # every language within reach (pages when they do not all fit).
    for screen in ("1280x800 10.1 in", "800x1280 10.1 in portrait"):
        small, big = grids[(screen, 1)], grids[(screen, 3)]
        assert small[0] * small[1] >= big[0] * big[1], (screen, small, big)


def test_the_language_lasts_the_visit_from_home_step_and_practice(tmp_path):  # type: ignore[no-untyped-def]
    app = make_app(tmp_path)

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        home = app.home_screen
        picker = yield from open_picker(app)
        names = [b.text for b in picker.buttons()]
        assert names[0] == "Français" and "العربية" in names and "Українська" in names
        assert "Español" in names and all(b.icon == "" for b in picker.buttons())  # no flags
        selected = [b.text for b in picker.buttons() if b.role == "selected"]
        assert selected == ["Français"]
        app.dialogs.close()
        yield from choose(app, "Українська")
        assert home.ids.title.text == "Що ви хочете зробити?"
        # The bar's language button, and its short word when its name does not fit (upright).
        assert app.root.ids.language.text == "Українська"
        assert app.root.ids.language.short_text == "UK"
        # A step, then a practice step: the same bar, the same picker.
        flow = app.flowset.flows[EMAIL_FLOW]
        app.controller.open_flow(flow)
        yield from settle(app)
        assert app.step_screen.ids.next.text == "Далі"
        yield from choose(app, "English")
        assert app.step_screen.ids.next.text == "Next"
        app.controller.open_flow(flow, route_to(flow, EMAIL_STEP))
        yield from settle(app)
        assert app.visit.walker.step.kind.value == "exercice"
        yield from choose(app, "Español")
        assert app.step_screen.ids.back.text == "Atrás"
        assert app.controller.choices.language == "es"
        # « Accueil » keeps the visit and its language; a new flow opens in it.
        app.controller.home()
        yield from settle(app)
        assert app.root.ids.screens.current == "home"
        assert home.ids.title.text == "¿Qué quiere hacer?"
        assert app.root.ids.home.text == "Inicio"
        app.controller.open_flow(flow)
        yield from settle(app)
        assert app.step_screen.ids.next.text == "Siguiente"
        # The idle wipe ends the visit: French again.
        app.controller.end(EndReason.IDLE)
        yield from settle(app)
        assert home.ids.title.text == "Que voulez-vous faire ?"
        assert app.controller.choices.language == "fr"

    run_app(app, script)


def test_captions_and_the_note_speak_the_visitors_language(tmp_path):  # type: ignore[no-untyped-def]
    app = make_app(tmp_path)

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        yield from choose(app, "English")
        home = app.home_screen
        shown = []
        for page in range(home.pages):
            home.change_page(page - home.page)
            yield from settle(app)
            shown += [(tile.flow_id, tile.caption) for tile in home.tiles()]
        french = {caption for caption in THEME_CAPTIONS.values()}
        for flow_id, caption in shown:
            theme = app.flowset.flows[flow_id].themes[0]
            words = caption.split(" · ")[0]
            assert words == tr(THEME_CAPTIONS[theme], "en") and words not in french - {
                "Justice", "Associations", "E-mail"}, (flow_id, caption)
        # A flow with no Arabic: the note in Arabic, as large as the step's text, first.
        missing = next(f for f in app.flows if lacks_language(f, "ar"))
        yield from choose(app, "العربية")
        app.open_flow(missing.id)
        yield from settle(app)
        notes = [w for w in walk_widgets(app.step_screen) if isinstance(w, WarningBox)
                 and w.text == language_note("ar")]
        assert len(notes) == 1 and visible(notes[0])
        label = notes[0].ids.label if "label" in notes[0].ids else next(
            c for c in walk_widgets(notes[0]) if getattr(c, "text", None) == notes[0].text)
        assert label.font_size >= app.theme.body and not label.italic
        assert language_note("ar") == "هذا الدليل غير مترجم إلى لغتك بعد. النص باللغة الفرنسية."
        content = app.step_screen.ids.content
        texts = [w for w in reversed(content.children) if hasattr(w, "text")]
        assert texts[1] is notes[0]  # under the step's title, before its French text

    run_app(app, script)



def test_the_practice_keyboard_stays_on_screen_in_every_language(tmp_path):  # type: ignore[no-untyped-def]
    """Upright at text size 3, a longer « J'ai besoin d'aide » (« Мені потрібна допомога »)
    showed on three lines, made the bar taller and pushed the last row of the practice
    keyboard below the screen: the bar's buttons show their short words instead."""
    app = make_app(tmp_path, screen_diagonal_inches=10.1)
    off: dict[str, list[str]] = {}
    shown: dict[str, str] = {}

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        Window.size = (800, 1280)
        flow = app.flowset.flows[EMAIL_FLOW]
        for code in languages():
            app.controller.show_with(Choices(language=code, text_level=3,
                                             high_contrast=False, voice="normal"))
            app.controller.open_flow(flow, route_to(flow, EMAIL_STEP))
            yield from settle(app)
            practice = app.step_screen.practice
            practice.open_typing()
            yield from settle(app)
            screen = visible_rect()
            off[code] = [key.text for key in practice.keyboard.keys
                         if not window_rect(key).inside(screen)]
            shown[code] = app.root.ids.help.shown_text
            practice.close_typing()
            yield from settle(app)

    run_app(app, script)
    assert {code: keys for code, keys in off.items() if keys} == {}, off
    assert len(off) == len(languages())
    assert shown["uk"] == tr("Aide", "uk"), shown
