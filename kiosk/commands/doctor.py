"""``kiosk doctor``: check everything the kiosk needs and say it in plain French."""

from __future__ import annotations

import argparse

from kiosk.doctor import run_checks, verdict
from kiosk.settings import Settings

HELP = "vérifier que la borne a tout ce qu'il lui faut (écran, toucher, son, voix, données…)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sans-voix", action="store_true", dest="no_speech",
                        help="ne pas essayer les voix (plus rapide)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if settings.config_path is not None:
        print(f"Réglages : {settings.config_path}")
    checks = run_checks(settings, speech=not args.no_speech)
    for check in checks:
        print(check.line(), flush=True)
    message, status = verdict(checks)
    print(message)
    return status
