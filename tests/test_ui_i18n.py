"""Switching the visit's language while the kiosk runs changes every visible string at once:
the kv rules (bound to ``app.lang``) and the content built in Python (rebuilt on the switch)."""

from __future__ import annotations

from ui_helpers import make_app, run_app, settle, tap, visible, walk_widgets

from kiosk.ui.widgets.overlays import Overlay

FLOW = "creer-adresse-email"


def texts(app) -> set[str]:  # type: ignore[no-untyped-def]
    """Every text shown on the current screen and bar (visible labels and buttons)."""
    screen = app.root.ids.screens.current_screen
    shown = set()
    for root in (app.root.ids.top, screen):
        for widget in walk_widgets(root):
            text = getattr(widget, "text", None)
            if isinstance(text, str) and text and visible(widget):
                shown.add(text)
    return shown


def choose_language(app, name: str):  # type: ignore[no-untyped-def]
    """Touch the language button, then the language's name in the overlay: real taps."""
    tap(app.root.ids.language)
    yield from settle(app)
    assert isinstance(app.overlay, Overlay)
    names = [b.text for b in app.overlay.buttons()]
    assert name in names, (app.overlay.title, names)
    tap(app.overlay.buttons()[names.index(name)])
    yield from settle(app)


def test_home_switches_language_and_back(tmp_path):  # type: ignore[no-untyped-def]
    app = make_app(tmp_path)

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        home = app.home_screen
        french = texts(app)
        assert {"Que voulez-vous faire ?", "Accueil", "J'ai besoin d'aide", "Contraste",
                "Page suivante"} <= french
        assert home.ids.page_of.text == f"Page 1 sur {home.pages}"
        yield from choose_language(app, "English")
        english = texts(app)
        assert {"What do you want to do?", "Home", "I need help", "Contrast",
                "Next page"} <= english
        assert home.ids.page_of.text == f"Page 1 of {home.pages}"
        assert not {"Que voulez-vous faire ?", "Accueil", "J'ai besoin d'aide"} & english
        yield from choose_language(app, "Français")
        assert texts(app) == french

    run_app(app, script)


def test_step_switches_language_kv_and_python_built_content(tmp_path):  # type: ignore[no-untyped-def]
    app = make_app(tmp_path)

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        app.open_flow(FLOW)
        yield from settle(app)
        step = app.step_screen
        app.controller.next()  # the second step: « Retour » is shown too
        yield from settle(app)
        total = step.total
        assert step.ids.counter.text == f"Étape 2 sur {total}"
        assert step.ids.next.text == "Suivant" and step.ids.back.text == "Retour"
        walker = app.visit.walker
        french_text = walker.step.text.get("fr")
        assert french_text in texts(app)
        yield from choose_language(app, "English")
        assert step.ids.counter.text == f"Step 2 of {total}"
        assert step.ids.next.text == "Next" and step.ids.back.text == "Back"
        assert step.ids.repeat.text == "Repeat"
        english = texts(app)
        assert {"Home", "I need help", "Contrast"} <= english
        assert walker.step.text.get("en") in english and french_text not in english
        assert app.visit.walker.step.id == walker.step.id  # same step, only the words changed

    run_app(app, script)


def test_a_question_and_a_practice_step_rebuild_their_kiosk_words(tmp_path):  # type: ignore[no-untyped-def]
    app = make_app(tmp_path)

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        app.open_flow(FLOW)
        yield from settle(app)
        walker = app.visit.walker
        kinds = []
        while walker.step.kind.value != "exercice" and len(kinds) < 30:
            kinds.append(walker.step.kind.value)
            if walker.step.kind.value == "question":
                assert "Touchez une réponse." in texts(app)
                yield from choose_language(app, "English")
                assert "Touch an answer." in texts(app)
                assert "Touchez une réponse." not in texts(app)
                yield from choose_language(app, "Français")
            if walker.step.kind.value == "question":
                app.controller.answer(1)  # « Non, pas encore »: towards the practice of an address
            else:
                app.controller.next()
            yield from settle(app)
        assert walker.step.kind.value == "exercice" and "question" in kinds, kinds
        screen = app.step_screen
        while screen.page + 1 < screen.pages:  # « Lire la suite » to where it is acted on
            tap(screen.ids.next)
            yield from settle(app)
        assert "Écrire ma réponse" in texts(app)  # a button the practice builds in Python
        yield from choose_language(app, "English")
        assert "Write my answer" in texts(app) and "Écrire ma réponse" not in texts(app)

    run_app(app, script)
