"""``kiosk run``: the kiosk on the screen; with no display, a visitor's walk saved as PNG."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kiosk import logs
from kiosk.flows.flowset import load_flows
from kiosk.pin import has_pin
from kiosk.settings import Settings
from kiosk.ui.boot import Display, configure, has_display, parse_size

HELP = "lancer la borne (sans écran : une démonstration enregistrée en images)"
DEMO_FLOW = "creer-adresse-email"
NO_PIN = 3  # the service does not restart on this status: a PIN must be set first


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--windowed", metavar="LxH", default=None,
                        help="dans une fenêtre de cette taille (développement), ex. 1280x800")
    parser.add_argument("--flow", default=None, metavar="PARCOURS",
                        help="ouvrir directement ce parcours au lieu de l'accueil (essais)")
    parser.add_argument("--screen", metavar="LxH", default=None,
                        help="écran entier de cette taille sans bureau : une fenêtre sans bord "
                             "en haut à gauche (le service de la borne s'en sert)")
    parser.add_argument("--demo", action="store_true",
                        help="démonstration hors écran même si un écran est disponible")
    parser.add_argument("--demo-flow", default=DEMO_FLOW, metavar="PARCOURS",
                        help=f"parcours de la démonstration (par défaut : {DEMO_FLOW})")
    parser.add_argument("--out", type=Path, default=Path("demo"),
                        help="dossier des images de la démonstration (par défaut : demo)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Warnings and errors (with tracebacks) to stderr, so the journal, and to a rotating
    # file that « kiosk doctor » reads back; nothing personal in either (kiosk/logs.py).
    logs.setup(settings.path("data_dir"))
    # Read and checked exactly as « kiosk validate » does (kiosk/flows/files.py: regular
    # files only, size-capped, no link out of the folder), so a hostile file is reported
    # and the others start.
    flowset = load_flows(settings.path("flows_dir"), settings.path("assets_dir"),
                         domains=settings.domains())
    for problem in flowset.errors:
        print(problem.format(Path.cwd()), file=sys.stderr)
    if not flowset.flows:
        logging.getLogger("kiosk").error("no valid flow in %s: the kiosk cannot start",
                                         settings.path("flows_dir"))
        print("Aucun parcours valable : la borne ne peut pas démarrer. "
              "Lancez « kiosk validate ».", file=sys.stderr)
        return 1
    demo = args.demo or not has_display()
    try:
        wanted = args.screen or args.windowed
        size = parse_size(wanted) if wanted else (1280, 800)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if args.flow is not None and args.flow not in flowset.flows:
        print(f"Parcours inconnu : « {args.flow} ». Parcours disponibles : "
              f"{', '.join(sorted(flowset.flows))}.", file=sys.stderr)
        return 2
    if demo:
        return _demo(args, settings, flowset, size)
    if not has_pin(settings.path("data_dir")) and not _choose_pin_now(settings):
        print("Aucun code conseiller n'est réglé : la borne ne démarre pas sans lui "
              "(il protège l'espace conseiller). Choisissez-en un avec « kiosk set-pin ».",
              file=sys.stderr)
        return NO_PIN
    _open_window(args, size)
    from kiosk.ui.app import KioskApp

    app = KioskApp(settings, flowset, speech=True)
    if args.flow is not None:
        app.bind(on_start=lambda _app: app.open_flow(args.flow))
    app.run()
    return 0


def _open_window(args: argparse.Namespace, size: tuple[int, int]) -> None:
    if args.screen:
        # A bare X server has no window manager: "fullscreen" would leave an 800x600
        # window. A borderless window of the screen's own size at 0,0 fills it exactly.
        configure(Display(size[0], size[1], fullscreen=False, offscreen=False))
        from kivy.config import Config

        Config.set("graphics", "borderless", "1")
    else:
        configure(Display(size[0], size[1], fullscreen=args.windowed is None, offscreen=False))


def _choose_pin_now(settings: Settings) -> bool:
    """At a terminal (``make run`` on a computer), ask for the code there, as ``kiosk set-pin``
    does; the service has no terminal and stops instead. True when a code is now set."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    from kiosk.commands import set_pin

    print("Aucun code conseiller n'est encore réglé. Choisissez-le maintenant : il ouvre "
          "l'espace conseiller de la borne.")
    return set_pin.run(argparse.Namespace(pin=None), settings) == 0


def _demo(args: argparse.Namespace, settings: Settings, flowset, size: tuple[int, int]) -> int:
    flow = flowset.flows.get(args.demo_flow) or next(iter(flowset.flows.values()))
    print("Pas d'écran disponible : démonstration hors écran." if not args.demo
          else "Démonstration hors écran.")
    configure(Display(size[0], size[1], fullscreen=False, offscreen=True))
    from kiosk.ui.app import KioskApp
    from kiosk.ui.demo.script import Script
    from kiosk.ui.demo.visitor import visitor_script

    script = visitor_script(Script(args.out), flow)
    script.clear()
    failure = script.play(KioskApp(settings, flowset))
    for path in script.saved:
        print(path)
    if failure is not None:
        print(f"La démonstration a échoué : {failure}", file=sys.stderr)
        return 1
    print(f"{len(script.saved)} écrans enregistrés dans {args.out}/ "
          f"(parcours « {flow.title.fr} »).")
    return 0
