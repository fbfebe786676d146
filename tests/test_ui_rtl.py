"""Arabic and Ukrainian screens, rendered offscreen (issue 19, « Right to left, correctly »).

Every step (every page of it) of the test flow ``tests/flows/bidi/caf-arabe.yaml`` and of
every bundled flow written in Arabic or Ukrainian is shown in that language, and checked as a
person would see it:

- no « tofu »: every character drawn is in the font it is drawn with (fontTools reads the
  font's character map): the Arabic font for Arabic runs, Roboto for the rest;
- no overflow: every label lies on the visible screen, above « Retour » / « Suivant », its
  text no taller than its box, no line wider than its label, no word lost;
- Arabic: the screen is mirrored (« Retour » right of « Suivant », « Accueil » right of
  « J'ai besoin d'aide », the first progress dot at the right, the flow's title right of the
  step counter, arrows turned around, every line of text ending at the right edge);
  Ukrainian: not mirrored, drawn by Kivy's own labels.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from ui_helpers import REPO, make_app, run_app, settle, visible, walk_widgets

from kiosk.flows.loader import load_flows
from kiosk.flows.model import Flow
from kiosk.flows.paths import route_to
from kiosk.ui.fonts import arabic_font, kivy_font
from kiosk.ui.widgets.words import Words
from kiosk.visit import Choices

TEST_FLOWS = REPO / "tests" / "flows" / "bidi"
BUNDLED = REPO / "config" / "flows"
EPSILON = 1.0


def _written_in(flow: Flow, language: str) -> bool:
    return language in flow.title.by_language or any(
        language in step.title.by_language for step in flow.steps)


def _cases() -> list[tuple[Path, str, str]]:
    cases = []
    for folder in (TEST_FLOWS, BUNDLED):
        flowset = load_flows(folder, REPO / "assets")
        for flow in sorted(flowset.flows.values(), key=lambda f: f.id):
            for language in ("ar", "uk"):
                if _written_in(flow, language):
                    cases.append((folder, flow.id, language))
    return cases


CASES = _cases()


@cache
def _cmap(path: str) -> frozenset[int]:
    return frozenset(TTFont(path).getBestCmap())


def _font_of(label: Words, arabic: bool) -> str:
    font = arabic_font()
    if arabic:
        return str(font.bold if label.bold else font.regular)
    return str(kivy_font("Roboto-Bold.ttf" if label.bold else "Roboto-Regular.ttf"))


def _labels(app) -> list[Words]:  # type: ignore[no-untyped-def]
    roots = [app.root, *(w for w in (app.overlay,) if w is not None)]
    return [w for root in roots for w in walk_widgets(root)
            if isinstance(w, Words) and w.text.strip() and visible(w)]


def check_labels(app, where: str, mirrored: bool) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    for label in _labels(app):
        name = f"{where} {label.text[:30]!r}"
        block = label.block
        if mirrored and block is None:
            problems.append(f"{name}: not drawn by the text layer on a mirrored screen")
            continue
        # No tofu.
        runs = [(p.text, p.arabic) for p in block.pieces] if block else [(label.text, False)]
        for text, arabic in runs:
            cmap = _cmap(_font_of(label, arabic))
            missing = sorted({f"U+{ord(c):04X}" for c in text if ord(c) not in cmap
                              and not c.isspace()})
            if missing:
                problems.append(f"{name}: no glyph for {missing} in {_font_of(label, arabic)}")
        # No overflow.
        x0, y0 = label.to_window(label.x, label.y)
        if x0 < -EPSILON or y0 < -EPSILON or x0 + label.width > label.get_root_window().width \
                + EPSILON or y0 + label.height > label.get_root_window().height + EPSILON:
            problems.append(f"{name}: outside the visible screen")
        if label.texture_size[1] > label.height + EPSILON and label.size_hint_y is None:
            problems.append(f"{name}: text {label.texture_size[1]} px high in "
                            f"{label.height:.0f} px")
        if block is None:
            continue
        left, _top, right, _bottom = label.padding
        if label.text_size[0] is not None:
            usable = label.text_size[0] - left - right
            wide = [w for w in block.line_widths if w > usable + EPSILON]
            if wide:
                problems.append(f"{name}: a line {max(wide):.0f} px wide in {usable:.0f} px")
        if not (label.shorten or label.max_lines) and \
                " ".join(block.lines).split() != label.text.split():
            problems.append(f"{name}: shows {block.lines!r}")
        # Mirrored: a line that starts at the left in French ends at the right edge here.
        if mirrored and label.halign in ("left", "auto") and label.text_size[0] is not None:
            for line in range(len(block.lines)):
                ends = [p.x + p.texture.width for p in block.pieces if p.line == line]
                if ends and abs(max(ends) - (block.width - right)) > EPSILON:
                    problems.append(f"{name}: line {line} ends at {max(ends):.0f}, not at the "
                                    f"right edge {block.width - right:.0f}")
    return problems


def check_above_footer(app, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Nothing of the step runs into « Retour » / « Suivant » (the step area overflowing)."""
    screen = app.step_screen
    footer_top = screen.ids.footer.to_window(0, screen.ids.footer.top)[1]
    problems = []
    for widget in walk_widgets(screen.ids.area):
        if isinstance(widget, Words) and widget.text.strip() and visible(widget):
            bottom = widget.to_window(widget.x, widget.y)[1]
            if bottom < footer_top - EPSILON:
                problems.append(f"{where} {widget.text[:30]!r}: runs into the footer")
    return problems


def check_mirrored(app, where: str, mirrored: bool) -> list[str]:  # type: ignore[no-untyped-def]
    screen, bar = app.step_screen, app.root.ids
    ids = screen.ids
    facts = {
        "« Retour » right of « Suivant »": ids.back.x > ids.next.x,
        "« Accueil » right of « J'ai besoin d'aide »": bar.home.x > bar.help.x,
        "the flow's title right of the step counter": ids.flow_title.x > ids.counter.x,
        "the first progress dot in the right half":
            ids.dots._filled.vertices[0] > ids.dots.center_x,
        "« Retour »'s arrow turned around": ids.back.mirror_icon,
    }
    return [f"{where}: {fact} is {holds}, expected {mirrored}"
            for fact, holds in facts.items() if bool(holds) is not mirrored]


@pytest.mark.parametrize(("folder", "flow_id", "language"), CASES,
                         ids=[f"{f.parent.name}/{i}-{lang}" for f, i, lang in CASES])
def test_every_step_renders_in_its_language(tmp_path, folder, flow_id, language):
    flow = load_flows(folder, REPO / "assets").flows[flow_id]
    app = make_app(tmp_path)
    problems: list[str] = []
    seen: list[str] = []
    mirrored = language == "ar"

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        app.controller.show_with(Choices(language=language, text_level=1,
                                         high_contrast=False, voice="off"))
        yield from settle(app)
        for step in flow.steps:
            app.controller.open_flow(flow, route_to(flow, step.id))
            yield from settle(app, limit=30)
            screen = app.step_screen
            for page in range(int(screen.pages)):
                screen.show_page(page, announce=False)
                yield from settle(app, limit=30)
                where = f"[{flow.id} {language} {step.id} page {page + 1}]"
                problems.extend(check_labels(app, where, mirrored))
                problems.extend(check_above_footer(app, where))
                problems.extend(check_mirrored(app, where, mirrored))
            seen.append(step.id)

    run_app(app, script)
    assert seen == [step.id for step in flow.steps]
    assert not problems, "\n".join(problems[:30])


def test_the_test_flow_is_written_in_arabic_and_ukrainian():
    """The cases above hold the test flow in both languages (they cannot be empty)."""
    assert (TEST_FLOWS, "essai-arabe", "ar") in CASES
    assert (TEST_FLOWS, "essai-arabe", "uk") in CASES
    flow = load_flows(TEST_FLOWS, REPO / "assets").flows["essai-arabe"]
    assert {"ar", "uk", "fr"} <= flow.languages


def test_language_switch_while_running_mirrors_and_back(tmp_path):
    """On a step, French, Arabic, Ukrainian, French again: the screen mirrors, then comes
    back to the very same places; the French labels are Kivy's own, unchanged; the language button
    shows « العربية » in the Arabic font, « Українська » in Kivy's own label."""
    flow = load_flows(TEST_FLOWS, REPO / "assets").flows["essai-arabe"]
    app = make_app(tmp_path)
    places: dict[str, list[tuple[float, float]]] = {}
    problems: list[str] = []

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        app.controller.open_flow(flow)
        yield from settle(app, limit=30)
        places["fr"] = [tuple(w.pos) for w in walk_widgets(app.root)]
        problems.extend(check_mirrored(app, "[fr]", False))
        layered = [w.text for w in _labels(app) if w.block is not None]
        if layered:
            problems.append(f"French labels drawn by the text layer: {layered}")
        app.controller.choose_language("ar")
        yield from settle(app, limit=30)
        problems.extend(check_mirrored(app, "[ar]", True))
        problems.extend(check_labels(app, "[ar]", True))
        arabic = app.root.ids.language.ids.label  # the bar's language button: « العربية »
        if arabic.text != "العربية" or arabic.block is None or \
                not all(p.arabic for p in arabic.block.pieces if p.text.strip()):
            problems.append(f"« العربية » is not drawn with the Arabic font: {arabic.text!r}")
        app.dialogs.languages()  # the picker, mirrored, over the Arabic screen
        yield from settle(app, limit=30)
        problems.extend(check_labels(app, "[ar, languages]", True))
        buttons = app.overlay.buttons()  # a grid: the first language at the top right
        if len(buttons) > 1 and not (buttons[0].y > buttons[1].y or buttons[0].x > buttons[1].x):
            problems.append("the language picker does not start at the right")
        app.dialogs.close()
        app.controller.choose_language("uk")
        yield from settle(app, limit=30)
        problems.extend(check_mirrored(app, "[uk]", False))
        ukrainian = app.root.ids.language.ids.label
        if ukrainian.text != "Українська" or ukrainian.block is not None:
            problems.append(f"« Українська » is not drawn by Kivy's own label: {ukrainian.text}")
        app.controller.choose_language("fr")
        yield from settle(app, limit=30)
        places["fr again"] = [tuple(w.pos) for w in walk_widgets(app.root)]
        problems.extend(check_mirrored(app, "[fr again]", False))

    run_app(app, script)
    assert not problems, "\n".join(problems[:30])
    assert places["fr again"] == places["fr"]


def test_home_tiles_start_at_the_right_in_arabic(tmp_path):
    app = make_app(tmp_path)
    order: dict[str, list[float]] = {}

    def script(app):  # type: ignore[no-untyped-def]
        for language in ("fr", "ar"):
            app.controller.show_with(Choices(language=language, text_level=1,
                                             high_contrast=False, voice="off"))
            yield from settle(app, limit=30)
            order[language] = [tile.x for tile in app.home_screen.tiles()]
        previous, following = app.home_screen.ids.previous, app.home_screen.ids.next
        order["pager"] = [previous.x, following.x, previous.mirror_icon]

    run_app(app, script)
    assert order["fr"][0] < order["fr"][1]  # the first two tiles of the first row
    assert order["ar"][0] > order["ar"][1]  # first tile at the right
    assert order["pager"][0] > order["pager"][1] and order["pager"][2]


def test_typing_stays_latin_with_an_explanation(tmp_path):
    """In Arabic or Ukrainian, a practice step says that the keyboard types Latin letters
    (web addresses and passwords are written so); its keys are Latin letters and the typed
    line reads left to right. In French there is nothing to explain."""
    flow = load_flows(TEST_FLOWS, REPO / "assets").flows["essai-arabe"]
    app = make_app(tmp_path)
    seen: dict[str, object] = {}
    explanation = ("Le clavier écrit en lettres latines (a, b, c), comme les adresses internet "
                   "et les mots de passe.")

    def script(app):  # type: ignore[no-untyped-def]
        for language in ("fr", "ar", "uk"):
            app.controller.show_with(Choices(language=language, text_level=1,
                                             high_contrast=False, voice="off"))
            app.controller.open_flow(flow, route_to(flow, "essai-adresse"))
            yield from settle(app, limit=30)
            texts = []  # on any page of the step (a longer language may take more pages)
            for page in range(app.step_screen.pages):
                app.step_screen.show_page(page, announce=False)
                yield from settle(app)
                texts += [w.text for w in walk_widgets(app.step_screen) if isinstance(w, Words)]
            seen[language] = app.tr(explanation, language) in texts
        practice = app.step_screen.practice
        practice.open_typing()
        yield from settle(app, limit=30)
        for letter in "marie":
            practice.press(next(k.key for k in practice.keyboard.keys if k.text == letter))
        yield from settle(app)
        keys = [k.text for k in practice.keyboard.keys if len(k.text) == 1]
        seen["keys"] = "".join(sorted(set(keys)))
        seen["typed"] = practice.panel.ids.typed.text
        practice.close_typing()

    run_app(app, script)
    assert seen["fr"] is False and seen["ar"] is True and seen["uk"] is True
    assert set("azertyuiop") <= set(str(seen["keys"]))
    assert seen["typed"] == "marie"


@pytest.mark.parametrize("text", [
    "رقمك هو CAF 1234. اكتب إلى marie.dupont@exemple.fr قبل 15 مارس 2025.",
    "هل لديك حساب في CAF؟", "رقم CAF الخاص بك (7 أرقام)", "کد شما 1234 است",
])
def test_a_line_is_measured_no_narrower_than_drawn(text):
    """Wrapping measures a line word by word (each word shaped once): never less than the
    line drawn whole, so a wrapped line never runs past its label, and hardly more."""
    from kiosk.ui import rtl
    from kiosk.ui.widgets.words import line_width, visual_width

    for bold in (False, True):
        measured = line_width(text, 28, bold)
        drawn = visual_width(rtl.visual_line(text), 28, bold)
        assert drawn - 0.5 <= measured <= drawn * 1.04, (measured, drawn)


def test_a_word_read_aloud_is_marked_in_arabic_text(tmp_path):
    """The reading marks (kiosk/ui/reading.py) give a label Kivy markup: the layer draws the
    marked word in the marking colour, and no tag shows as text."""
    app = make_app(tmp_path)
    seen: dict[str, object] = {}

    def red_pixels(label) -> int:  # type: ignore[no-untyped-def]
        count = 0
        for piece in label.block.pieces:
            pixels = piece.texture.pixels
            count += sum(1 for i in range(0, len(pixels), 4)
                         if pixels[i] > 200 and pixels[i + 1] < 60 and pixels[i + 3] > 200)
        return count

    def script(app):  # type: ignore[no-untyped-def]
        app.controller.show_with(Choices(language="ar", text_level=1, high_contrast=False,
                                         voice="off"))
        yield from settle(app)
        label = Words(text="اكتب إلى CAF اليوم", font_size=40, color=(0, 0, 0, 1),
                      text_size=(600, None))
        app.home_screen.add_widget(label)
        label.texture_update()
        seen["plain"] = red_pixels(label)
        label.markup = True
        label.text = "اكتب [u][color=#ff0000]إلى[/color][/u] CAF اليوم"
        label.texture_update()
        seen["marked"] = red_pixels(label)
        seen["drawn"] = "".join(p.text for p in label.block.pieces)
        app.home_screen.remove_widget(label)

    run_app(app, script)
    from kiosk.ui import rtl

    assert seen["plain"] == 0 and seen["marked"] > 50
    assert seen["drawn"] == rtl.visual_line("اكتب إلى CAF اليوم")
