"""``kiosk preview``: every step of a flow rendered to PNG, offscreen, in step order.

Each page of a step gets its picture (``04-a-preparer-page2.png``), and a practice step
with a keyboard one more with the keyboard open (``08-exercice-clavier.png``). With
``--all-sizes``, the flow is drawn on every reference screen (``REFERENCE_SCREENS``) at
text sizes 1, 2 and 3, one folder each (``1280x800-tablette-10-pouces-texte3/``).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk.flows.loader import load_flows
from kiosk.flows.model import Flow, Step
from kiosk.flows.paths import route_to
from kiosk.settings import Settings
from kiosk.ui.boot import Display, configure, parse_size
from kiosk.ui.theme.metrics import REFERENCE_SCREENS
from kiosk.visit import Choices, EndReason

HELP = "enregistrer chaque étape d'un parcours en image (PNG), sans écran"
MAX_PAGES = 20
"""A step with more pages than this is not drawn further (the validator refuses far less)."""


@dataclass(frozen=True)
class View:
    """One way the screen looks: its size, its density, the text size and the colours."""

    width: int
    height: int
    inches: float
    """Diagonal of the screen (0: the kiosk's setting, or what the system says)."""
    level: int
    high_contrast: bool
    folder: str
    """Sub-folder of the pictures ("" for the output folder itself)."""


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flow_id", metavar="PARCOURS", help="identifiant du parcours")
    parser.add_argument("--out", type=Path, required=True, help="dossier des images")
    parser.add_argument("--size", default="1280x800", metavar="LxH",
                        help="taille de l'écran (par défaut : 1280x800)")
    parser.add_argument("--text-size", type=int, choices=(1, 2, 3), default=1,
                        help="taille du texte : 1, 2 ou 3 (par défaut : 1)")
    parser.add_argument("--contrast", choices=("normal", "high", "both"), default="normal",
                        help="couleurs : normal, high (contraste élevé) ou both (les deux)")
    parser.add_argument("--lang", default="fr", help="langue (par défaut : fr)")
    parser.add_argument("--all-sizes", action="store_true",
                        help="les 4 écrans de référence (1920x1080, 1366x768, tablette "
                             "1280x800 et debout 800x1280) en texte 1, 2 et 3, un dossier "
                             "pour chacun (remplace --size et --text-size)")


def folder_name(width: int, height: int, inches: float, level: int, high: bool) -> str:
    """``1280x800-tablette-10-pouces-texte3`` (``-contraste`` in high contrast)."""
    kind = "tablette-debout" if height > width else "tablette" if inches < 12 else "ecran"
    size = f"{inches:g}".replace(".", "-")
    return f"{width}x{height}-{kind}-{size}-pouces-texte{level}" + \
        ("-contraste" if high else "")


def views(args: argparse.Namespace, settings: Settings) -> list[View]:
    contrasts = {"normal": (False,), "high": (True,), "both": (False, True)}[args.contrast]
    if args.all_sizes:
        return [View(width, height, inches, level, high,
                     folder_name(width, height, inches, level, high))
                for width, height, inches, _name in REFERENCE_SCREENS
                for level in (1, 2, 3) for high in contrasts]
    width, height = parse_size(args.size)
    return [View(width, height, 0.0, args.text_size, high,
                 "contraste" if high and len(contrasts) > 1 else "")
            for high in contrasts]


def run(args: argparse.Namespace, settings: Settings) -> int:
    flowset = load_flows(settings.path("flows_dir"), settings.path("assets_dir"),
                         domains=settings.domains())
    flow = flowset.flows.get(args.flow_id)
    if flow is None:
        known = ", ".join(sorted(flowset.flows)) or "aucun"
        print(f"Parcours « {args.flow_id} » introuvable ou invalide. Parcours valables : "
              f"{known}.", file=sys.stderr)
        return 1
    try:
        shown = views(args, settings)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    # The window opens as wide and as tall as the largest view: offscreen, SDL draws a window
    # made larger later only within the size it opened with (an upright tablet after a
    # 1920x1080 screen came out with its top 200 rows black).
    configure(Display(max(v.width for v in shown), max(v.height for v in shown),
                      fullscreen=False, offscreen=True))
    from kiosk.ui.app import KioskApp
    from kiosk.ui.demo.script import Script

    script = Script(args.out)
    script.clear(tuple(view.folder for view in shown if view.folder))
    for view in shown:
        add_view(script, flow, view, args.lang)
    failure = script.play(KioskApp(settings, flowset))
    for path in script.saved:
        print(path)
    if failure is not None:
        print(f"L'aperçu a échoué : {failure}", file=sys.stderr)
        return 1
    return 0


def add_view(script, flow: Flow, view: View, language: str) -> None:  # type: ignore[no-untyped-def]
    """Home, then every step of ``flow`` page by page, as ``view`` shows them."""

    def file(number: int, name: str) -> str:
        return str(Path(view.folder) / f"{number:02d}-{name}.png")

    def setup(app) -> None:  # type: ignore[no-untyped-def]
        from kivy.core.window import Window

        Window.size = (view.width, view.height)
        if view.inches:
            app.theme.diagonal_inches = view.inches
        if app.controller.walker is not None:  # the last step of the view before
            app.controller.end(EndReason.HOME)
        app.controller.show_with(Choices(language=language, text_level=view.level,
                                         high_contrast=view.high_contrast,
                                         voice=app.controller.choices.voice))

    script.add("accueil", setup, file(1, "accueil"))
    for number, step in enumerate(flow.steps, start=2):
        script.add(step.id, lambda app, s=step, n=number: open_step(app, script, flow, s,
                                                                    file(n, s.id)),
                   file(number, step.id))


def open_step(app, script, flow: Flow, step: Step, name: str) -> None:  # type: ignore[no-untyped-def]
    """Show ``step``; its next pages and its keyboard are added once it is laid out."""
    from kiosk.ui.demo.script import SKIP

    go_to(app, flow.id, step.id)
    base = name.removesuffix(".png")

    def page(app, number: int) -> object:  # type: ignore[no-untyped-def]
        """Page ``number`` (0 first) of the step, saved as ``-page{number + 1}``."""
        screen = app.step_screen
        if number >= min(screen.pages, MAX_PAGES):
            script.add_next(f"{step.id}-clavier", keyboard, f"{base}-clavier.png")
            return SKIP
        screen.show_page(number)
        script.add_next(f"{step.id}-page", lambda a: page(a, number + 1),
                        f"{base}-page{number + 2}.png")
        return None

    def keyboard(app) -> object:  # type: ignore[no-untyped-def]
        practice = app.step_screen.practice
        if practice is None or not practice.session.typing:
            return SKIP
        practice.open_typing()
        script.add_next(f"{step.id}-fin", close_keyboard)
        return None

    def close_keyboard(app) -> object:  # type: ignore[no-untyped-def]
        app.step_screen.practice.close_typing()
        return SKIP

    script.add_next(f"{step.id}-page", lambda a: page(a, 1), f"{base}-page2.png")


def go_to(app, flow_id: str, step_id: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``flow_id`` and walk to ``step_id`` the shortest way, as a visitor would."""
    flow = app.flowset.flows[flow_id]
    app.controller.open_flow(flow, route_to(flow, step_id))
