"""The validator's fit limits are the kiosk's own (issue 15), proved on the real step screen.

Rendered offscreen on the two 10-inch reference screens in large text:
- the step area of ``kiosk.flows.fit.STEP_AREAS`` is the one the step screen lays out;
- a question at the validator's limit shows all its answers on one page, one answer more
  and they no longer fit one page; a list at the limit shows its lines on three pages at
  most, one line more and it takes more (or does not fit at all).
The validator refuses one answer or line over the limit of the landscape tablet (the stricter
screen) and takes the limit; to render each case on each screen anyway, the steps are built
with the answers or lines wanted from a small valid flow.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kivy.core.window import Window
from ui_helpers import REPO, FakeClock, run_app, settle

from kiosk.commands.preview import go_to
from kiosk.flows import fit
from kiosk.flows.flowset import FlowSet
from kiosk.flows.loader import load_flow_text
from kiosk.flows.model import Answer, Text
from kiosk.settings import load_settings
from kiosk.ui.app import KioskApp
from kiosk.visit import Choices

TITLE = "Avez-vous votre carte ?"
LIST_TITLE = "Préparez ces choses"
ANSWERS = [f"{start}, je l'ai avec moi dans mon sac ou dans la poche de ma veste"
           for start in ("Oui", "Non", "Je ne sais pas", "Plus tard", "Jamais", "Souvent",
                         "Parfois", "Demain")]
ITEMS = [f"{item}, rangé dans une pochette avec vos autres papiers" for item in (
    "Votre carte Vitale", "Votre RIB", "Votre code postal", "Votre adresse e-mail",
    "Votre téléphone", "Votre mot de passe", "Votre avis d'impôt", "Votre livret de famille",
    "Votre carte d'identité", "Votre numéro fiscal", "Votre facture", "Votre bail",
    "Votre carte grise", "Votre passeport")]


def _flow_text(flow_id: str, step: list[str]) -> str:
    return "\n".join([
        f"id: {flow_id}", "titre: Essai", "description: Un parcours pour essayer.",
        "themes: [e-mail]", "niveau: débutant", "duree: 5", "pictogramme: pictos/email.png",
        "etapes:", *step,
        "  - id: fin", "    type: fin", "    titre: Fin", "    texte: Au revoir.", ""])


def _question(flow_id: str, count: int) -> str:
    lines = ["  - id: q", "    type: question", f"    titre: {TITLE}", "    reponses:"]
    for answer in ANSWERS[:count]:
        lines += [f"      - texte: {answer}", "        aller_a: fin"]
    return _flow_text(flow_id, lines)


def _list(flow_id: str, count: int) -> str:
    lines = ["  - id: q", "    type: liste", f"    titre: {LIST_TITLE}", "    elements:"]
    lines += [f"      - {item}" for item in ITEMS[:count]]
    lines += ["    suivante: fin"]
    return _flow_text(flow_id, lines)


def _cases() -> list[tuple[str, str, int, str]]:
    """(flow id, its text, screen index, what the kiosk must show) for every limit."""
    cases = []
    for index, screen in enumerate(fit.STEP_AREAS):
        most = fit.most_that_fit(TITLE, ANSWERS, fit.ANSWERS, screen)
        assert 1 <= most < len(ANSWERS)
        cases.append((f"q-{index}-fit", _question(f"q-{index}-fit", most), index, "one page"))
        cases.append((f"q-{index}-over", _question(f"q-{index}-over", most + 1), index,
                      "not one page"))
        most = fit.most_that_fit(LIST_TITLE, ITEMS, fit.ITEMS, screen, fit.MAX_LIST_PAGES)
        assert 1 <= most < len(ITEMS)
        cases.append((f"l-{index}-fit", _list(f"l-{index}-fit", most), index, "3 pages"))
        cases.append((f"l-{index}-over", _list(f"l-{index}-over", most + 1), index,
                      "more than 3 pages"))
    return cases


def test_the_validators_limits_are_what_the_step_screen_shows(tmp_path: Path) -> None:
    cases = _cases()
    flows = {}
    base = {"q": load_flow_text(_question("base-q", 2).encode(), Path("q.yaml"),
                                REPO / "assets")[0],
            "l": load_flow_text(_list("base-l", 1).encode(), Path("l.yaml"),
                                REPO / "assets")[0]}
    for flow_id, text, index, _expect in cases:
        flow, problems = load_flow_text(text.encode(), Path(f"{flow_id}.yaml"), REPO / "assets")
        if index == 0:  # the stricter screen: the validator takes the limit, not one more
            assert (flow is not None) == flow_id.endswith("-fit"), (flow_id, problems)
        count = text.count("\n      - ")
        start = base[flow_id[0]]
        assert start is not None
        step = start.step("q")
        if step.answers:
            step = replace(step, answers=tuple(Answer(Text.of(a), "fin")
                                               for a in ANSWERS[:count]))
        else:
            step = replace(step, items=tuple(Text.of(i) for i in ITEMS[:count]))
        flows[flow_id] = replace(start, id=flow_id, steps=(step, *start.steps[1:]))
    config = tmp_path / "kiosk.toml"
    (tmp_path / "flows").mkdir()
    config.write_text(f'flows_dir = "{tmp_path / "flows"}"\nassets_dir = "{REPO / "assets"}"\n'
                      f'data_dir = "{tmp_path / "data"}"\nscreen_diagonal_inches = 10.1\n',
                      encoding="utf-8")
    app = KioskApp(load_settings(config), FlowSet(flows=flows), now=FakeClock())
    seen: dict[str, object] = {}

    def script(app):  # type: ignore[no-untyped-def]
        yield from settle(app)
        for index, screen in enumerate(fit.STEP_AREAS):
            Window.size = (screen.width, screen.height)
            app.theme.diagonal_inches = screen.inches
            for flow_id, _text, at, _expect in cases:
                if at != index:
                    continue
                app.controller.show_with(Choices(language="fr", text_level=fit.LEVEL,
                                                 high_contrast=False, voice="normal"))
                go_to(app, flow_id, "q")
                yield from settle(app, limit=30)
                step_screen = app.step_screen
                plan = step_screen._plan  # the step screen's own plan (kiosk code, not Kivy)
                pages_with_acts = sum(1 for acts in plan.acts if acts)
                seen[flow_id] = (plan.fits, pages_with_acts)
                if flow_id.endswith("fit") and flow_id.startswith("q"):
                    # The smallest area of the step's pages: upright, « Lire la suite » on
                    # two lines makes the footer taller than « Suivant » does.
                    sizes = []
                    for page in range(int(step_screen.pages)):
                        step_screen.show_page(page, announce=False)
                        yield from settle(app, limit=30)
                        area = step_screen.ids.area
                        left, top, right, bottom = area.padding
                        sizes.append((area.width - left - right, area.height - top - bottom))
                    seen[f"area-{index}"] = min(sizes, key=lambda size: size[1])

    run_app(app, script, size=(1280, 800))
    for index, screen in enumerate(fit.STEP_AREAS):
        width, height = seen[f"area-{index}"]  # type: ignore[misc]
        assert abs(width - screen.area[0]) <= 1 and abs(height - screen.area[1]) <= 1, (
            f"{screen.width}x{screen.height}: the step area is {width}x{height}; "
            f"update kiosk.flows.fit.STEP_AREAS")
    for flow_id, _text, _index, expect in cases:
        fits, pages = seen[flow_id]  # type: ignore[misc]
        if expect == "one page":
            assert fits and pages == 1, (flow_id, fits, pages)
        elif expect == "not one page":
            assert not fits or pages > 1, (flow_id, fits, pages)
        elif expect == "3 pages":
            assert fits and pages <= fit.MAX_LIST_PAGES, (flow_id, fits, pages)
        else:
            assert not fits or pages > fit.MAX_LIST_PAGES, (flow_id, fits, pages)
