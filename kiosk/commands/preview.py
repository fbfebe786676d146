"""``kiosk preview``: every step of a flow rendered to PNG, offscreen, in step order."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.flows.loader import load_flows
from kiosk.flows.paths import route_to
from kiosk.settings import Settings
from kiosk.ui.boot import Display, configure, parse_size
from kiosk.visit import Choices

HELP = "enregistrer chaque étape d'un parcours en image (PNG), sans écran"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flow_id", metavar="PARCOURS", help="identifiant du parcours")
    parser.add_argument("--out", type=Path, required=True, help="dossier des images")
    parser.add_argument("--size", default="1280x800", metavar="LxH",
                        help="taille de l'écran (par défaut : 1280x800)")
    parser.add_argument("--text-size", type=int, choices=(1, 2, 3), default=1,
                        help="taille du texte : 1, 2 ou 3 (par défaut : 1)")
    parser.add_argument("--contrast", choices=("normal", "high"), default="normal",
                        help="couleurs : normal ou high (contraste élevé)")
    parser.add_argument("--lang", default="fr", help="langue (par défaut : fr)")


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
        width, height = parse_size(args.size)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    configure(Display(width, height, fullscreen=False, offscreen=True))
    from kiosk.ui.app import KioskApp
    from kiosk.ui.demo.script import Script

    script = Script(args.out)
    script.clear()

    def setup(app: KioskApp) -> None:
        app.controller.show_with(Choices(language=args.lang, text_level=args.text_size,
                                         high_contrast=args.contrast == "high",
                                         voice=app.controller.choices.voice))

    script.add("accueil", setup)
    for step in flow.steps:
        script.add(step.id, lambda app, s=step: go_to(app, flow.id, s.id))
    failure = script.play(KioskApp(settings, flowset))
    for path in script.saved:
        print(path)
    if failure is not None:
        print(f"L'aperçu a échoué : {failure}", file=sys.stderr)
        return 1
    return 0


def go_to(app, flow_id: str, step_id: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``flow_id`` and walk to ``step_id`` the shortest way, as a visitor would."""
    flow = app.flowset.flows[flow_id]
    app.controller.open_flow(flow, route_to(flow, step_id))
