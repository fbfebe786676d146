"""``kiosk rapport``: the monthly activity report, a two-page PDF in French."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from kiosk.commands.stats import parse_month
from kiosk.flows.loader import load_flows
from kiosk.settings import Settings
from kiosk.usage import monthly, report, store

HELP = "écrire le rapport d'activité d'un mois (PDF de deux pages)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mois", type=parse_month, metavar="AAAA-MM",
                        help="le mois (par défaut : le dernier mois terminé)")
    parser.add_argument("--out", type=Path, metavar="FICHIER.pdf",
                        help="fichier à écrire (par défaut : rapport-borne-AAAA-MM.pdf ici)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    now = datetime.now()
    month = args.mois or monthly.last_closed(now)
    if month > monthly.last_closed(now):
        print(f"Le mois {month} n'est pas terminé : son rapport se fait à partir du 1er "
              f"{month.plus(1).label}.")
        return 2
    db_path = settings.path("data_dir") / store.DB_NAME
    if not db_path.exists():
        print(f"Aucune statistique pour l'instant ({db_path} n'existe pas).")
        return 1
    flows = load_flows(settings.path("flows_dir"), settings.path("assets_dir"),
                       domains=settings.domains()).flows
    out = args.out or Path(report.file_name(month))
    report.write_report(db_path, month, out, flows)
    print(f"{out} : « {report.title(month)} » (2 pages A4).")
    return 0
