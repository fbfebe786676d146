"""The mark (``repere``) on a step's picture: read strictly from the flow file, and drawn by
the kiosk over the picture in the theme's primary colours, in both contrasts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.flows.loader import load_flow_text
from kiosk.flows.model import Mark, MarkShape

REPO = Path(__file__).resolve().parent.parent
COMPLETE = (REPO / "tests" / "flows" / "complet.yaml").read_text(encoding="utf-8")
ASSETS = REPO / "tests" / "assets"
IMAGE_LINE = "    image: images/ecran-accueil.png\n"


def with_mark(mark: str) -> str:
    text = COMPLETE.replace(IMAGE_LINE, IMAGE_LINE + mark, 1)
    assert text != COMPLETE
    return text


def load(text: str):  # type: ignore[no-untyped-def]
    return load_flow_text(text.encode(), Path("essai.yaml"), ASSETS)


def test_a_mark_is_read_in_fractions_of_the_picture() -> None:
    flow, problems = load(with_mark("    repere:\n      forme: cercle\n      x: 10\n"
                                    "      y: 20.5\n      largeur: 30\n      hauteur: 40\n"))
    assert flow is not None, problems
    assert flow.step("bienvenue").mark == Mark(MarkShape.CIRCLE, 0.1, 0.205, 0.3, 0.4)
    assert flow.step("adresse").mark is None


@pytest.mark.parametrize(("mark", "message"), [
    ("    repere: en haut\n", "« repere » doit avoir les champs forme, x, y, largeur et hauteur"),
    ("    repere:\n      forme: triangle\n      x: 1\n      y: 1\n      largeur: 1\n"
     "      hauteur: 1\n", "forme inconnue « triangle » (possibles : rectangle, cercle)"),
    ("    repere:\n      forme: rectangle\n      x: dix\n      y: 1\n      largeur: 1\n"
     "      hauteur: 1\n", "« x » doit être un nombre entre 0 et 100"),
    ("    repere:\n      forme: rectangle\n      x: 90\n      y: 1\n      largeur: 20\n"
     "      hauteur: 1\n", "le repère doit tenir dans l'image"),
    ("    repere:\n      forme: rectangle\n      x: 1\n      y: 1\n      largeur: 20\n",
     "champ obligatoire « hauteur » manquant"),
])
def test_a_wrong_mark_is_an_error_at_its_line(mark: str, message: str) -> None:
    flow, problems = load(with_mark(mark))
    assert flow is None
    errors = [p for p in problems if p.is_error]
    assert len(errors) == 1 and message in errors[0].message, errors
    assert errors[0].message.startswith("étape « bienvenue » : ")


def test_a_mark_needs_a_picture() -> None:
    text = COMPLETE.replace("    a_dire: Bienvenue.", "    repere:\n      forme: cercle\n"
                            "      x: 1\n      y: 1\n      largeur: 1\n      hauteur: 1\n"
                            "    a_dire: Bienvenue.", 1).replace(IMAGE_LINE, "")
    flow, problems = load(text)
    assert flow is None
    assert any("« repere » montre où toucher sur l'image : ajoutez « image »" in p.message
               for p in problems)


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high"])
@pytest.mark.parametrize("shape", ["rectangle", "cercle"])
def test_the_kiosk_draws_the_mark_in_theme_colours(tmp_path: Path, high_contrast: bool,
                                                   shape: str) -> None:
    from kivy.core.window import Window
    from PIL import Image
    from ui_helpers import run_app, settle

    from kiosk.flows.flowset import FlowSet
    from kiosk.settings import load_settings
    from kiosk.ui.app import KioskApp
    from kiosk.ui.screens.step.step import PictureFrame
    from kiosk.ui.theme.palette import PALETTES

    flow, problems = load(with_mark(f"    repere:\n      forme: {shape}\n      x: 20\n"
                                    "      y: 25\n      largeur: 50\n      hauteur: 40\n"))
    assert flow is not None, problems
    config = tmp_path / "kiosk.toml"
    config.write_text(f'flows_dir = "{tmp_path / "flows"}"\nassets_dir = "{ASSETS}"\n'
                      f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    app = KioskApp(load_settings(config), FlowSet(flows={flow.id: flow}))
    seen: dict[str, object] = {}

    def script(app):  # type: ignore[no-untyped-def]
        if high_contrast:
            app.controller.toggle_contrast()
        yield
        app.open_flow(flow.id)
        yield from settle(app)
        frame = next(w for w in app.step_screen.walk() if isinstance(w, PictureFrame))
        left, bottom, width, height = frame.mark_box
        seen["box"] = [*frame.to_window(left, bottom), width, height]
        seen["shot"] = Window.screenshot(name=str(tmp_path / "shot.png"))
        seen["height"] = Window.height
        yield

    run_app(app, script)
    x, y, width, height = seen["box"]  # type: ignore[misc]
    assert width > 50 and height > 30
    picture = Image.open(seen["shot"]).convert("RGB")  # type: ignore[arg-type]
    inner = PALETTES["high" if high_contrast else "normal"]["primary"][0]
    expected = tuple(int(inner[i:i + 2], 16) for i in (1, 3, 5))
    # The left edge, half-way up (a rectangle's side, an ellipse's leftmost point).
    row = int(seen["height"] - (y + height / 2))  # type: ignore[operator]
    found = [picture.getpixel((int(x) + dx, row)) for dx in range(-1, 2)]
    assert any(max(abs(a - b) for a, b in zip(pixel, expected)) <= 8 for pixel in found), \
        (found, expected)
    # Inside the mark, the picture itself shows (not filled).
    assert picture.getpixel((int(x + width / 2), row)) != expected
