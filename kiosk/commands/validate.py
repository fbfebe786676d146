"""``kiosk validate``: check flow files and print one line per problem."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from kiosk.flows.files import listing
from kiosk.flows.languages import coverage
from kiosk.flows.loader import load_flows
from kiosk.flows.model import Flow
from kiosk.flows.problems import Severity
from kiosk.i18n import languages
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
    for line in coverage_lines(result.flows.values()):
        print(line)
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


COVERAGE_TITLE = "Langues des parcours (part des textes écrits dans chaque langue) :"


def coverage_lines(flows: Iterable[Flow]) -> list[str]:
    """How much of each flow is written in each language the kiosk offers, one line a flow:
    « compte-ameli : fr 100 %, en 100 %, ar 0 % »."""
    flows = sorted(flows, key=lambda flow: flow.id)
    if not flows:
        return []
    offered = languages()
    return [COVERAGE_TITLE] + [
        f"  {flow.id} : " + ", ".join(f"{code} {_percent(coverage(flow, code))} %"
                                      for code in offered)
        for flow in flows]


def _percent(share: float) -> int:
    """Whole percent, rounded down: 100 % only when every text is written."""
    return int(share * 100 + 1e-9)
