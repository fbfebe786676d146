"""``kiosk validate``: check flow files and print one line per problem."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.flows.files import listing
from kiosk.flows.loader import load_flows
from kiosk.flows.problems import Severity
from kiosk.settings import Settings

HELP = "vérifier les fichiers de parcours"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="CHEMIN",
                        help="fichiers ou dossiers (par défaut : le dossier des parcours)")
    parser.add_argument("--strict", action="store_true",
                        help="les avertissements comptent comme des erreurs")


def run(args: argparse.Namespace, settings: Settings) -> int:
    paths = args.paths or [settings.path("flows_dir")]
    result = load_flows(paths, settings.path("assets_dir"), domains=settings.domains())
    for problem in result.problems:
        if args.strict and problem.severity is Severity.WARNING:
            print(problem.format(Path.cwd()).replace(": avertissement :", ": erreur :", 1))
        else:
            print(problem.format(Path.cwd()))
    errors = len(result.errors) + (len(result.warnings) if args.strict else 0)
    warnings = 0 if args.strict else len(result.warnings)
    files = len(listing(paths)[0])
    print(f"{_count(len(result.flows), 'parcours valable', 'parcours valables')}, "
          f"{_count(files, 'fichier lu', 'fichiers lus')}, "
          f"{_count(errors, 'erreur', 'erreurs')}, "
          f"{_count(warnings, 'avertissement', 'avertissements')}.")
    return 1 if errors else 0


def _count(number: int, one: str, many: str) -> str:
    """French plural: 0 and 1 take the singular."""
    return f"{number} {one if number <= 1 else many}"
