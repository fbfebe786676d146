"""``kiosk studio``: the counsellors' web studio (Django), and its first account."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from kiosk.settings import Settings

HELP = "ouvrir le studio des conseillers (écrire les parcours dans un navigateur)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--address", default=None, metavar="ADRESSE:PORT",
                        help="où écouter (par défaut : le réglage studio_address)")
    parser.add_argument("--create-account", metavar="NOM",
                        help="créer un compte (le mot de passe est demandé), puis s'arrêter")
    parser.add_argument("--role", choices=("conseiller", "coordinateur"), default="coordinateur",
                        help="rôle du compte créé (par défaut : coordinateur)")
    parser.add_argument("--place", metavar="LIEU", default="Mon lieu",
                        help="lieu du compte créé (créé s'il n'existe pas)")
    parser.add_argument("--password-stdin", action="store_true",
                        help="lire le mot de passe sur l'entrée standard (pour un script)")


def setup(args: argparse.Namespace, settings: Settings) -> None:
    """Point Django at these settings and bring the database up to date."""
    if settings.config_path is not None:
        os.environ["KIOSK_CONFIG"] = str(settings.config_path)
    if getattr(args, "data_dir", None):
        os.environ["KIOSK_DATA_DIR"] = str(args.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiosk.studio.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        setup(args, settings)
    except Exception as error:  # the database cannot be reached or migrated
        print(f"Le studio ne peut pas ouvrir sa base de données : {error}", file=sys.stderr)
        return 1
    if args.create_account:
        return create_account(args)
    return serve(args.address or str(settings.studio_address))


def create_account(args: argparse.Namespace) -> int:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from kiosk.studio.accounts.models import Account, Place

    if Account.objects.filter(username=args.create_account).exists():
        print(f"Le compte « {args.create_account} » existe déjà.", file=sys.stderr)
        return 1
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mot de passe (12 signes au moins) : ")
        if getpass.getpass("Le même mot de passe, encore : ") != password:
            print("Les deux mots de passe sont différents.", file=sys.stderr)
            return 1
    try:
        validate_password(password)
    except ValidationError as error:
        print("Mot de passe refusé : " + " ".join(error.messages), file=sys.stderr)
        return 1
    place, _created = Place.objects.get_or_create(name=args.place)
    Account.objects.create_user(args.create_account, password=password, role=args.role,
                                place=place)
    print(f"Compte « {args.create_account} » ({args.role}, {place}) créé.")
    return 0


def serve(address: str) -> int:
    from waitress import serve as waitress_serve

    from kiosk.studio.wsgi import application

    host, _, port = address.rpartition(":")
    print(f"Studio ouvert sur http://{host or '127.0.0.1'}:{port}/ (Ctrl+C pour arrêter).")
    waitress_serve(application, host=host or "127.0.0.1", port=int(port), threads=8,
                   ident="studio")
    return 0
