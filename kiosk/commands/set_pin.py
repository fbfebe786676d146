"""``kiosk set-pin``: choose the counsellor's code (stored only as a salted slow hash)."""

from __future__ import annotations

import argparse
import getpass

from kiosk.pin import PinError, check_pin_format, set_pin
from kiosk.settings import Settings

HELP = "choisir le code de l'espace conseiller (4 à 8 chiffres)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pin", default=None, metavar="CODE",
                        help="le code, pour les scripts (sinon il est demandé deux fois)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    pin = args.pin
    if pin is None:
        pin = getpass.getpass("Nouveau code (4 à 8 chiffres) : ")
        try:
            check_pin_format(pin)
        except PinError as error:
            print(error)
            return 1
        if getpass.getpass("Tapez-le encore une fois : ") != pin:
            print("Les deux codes sont différents. Rien n'a changé.")
            return 1
    try:
        path = set_pin(settings.path("data_dir"), pin)
    except PinError as error:
        print(error)
        return 1
    print(f"Code enregistré (seule une empreinte du code est gardée, dans {path}).")
    return 0
