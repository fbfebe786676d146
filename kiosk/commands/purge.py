"""``kiosk purge``: delete the usage records older than the retention period."""

from __future__ import annotations

import argparse
from datetime import datetime

from kiosk.settings import Settings
from kiosk.usage import store

HELP = "effacer les statistiques trop anciennes (plus de 25 mois)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--months", type=int, default=None, metavar="MOIS",
                        help="garder ce nombre de mois (par défaut : le réglage "
                             "retention_months ; 25 au plus)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    months = args.months if args.months is not None else settings.retention_months
    if not 1 <= months <= store.RETENTION_MONTHS:
        print(f"--months doit être entre 1 et {store.RETENTION_MONTHS}.")
        return 2
    db_path = settings.path("data_dir") / store.DB_NAME
    if not db_path.exists():
        print(f"Rien à effacer : {db_path} n'existe pas.")
        return 0
    db, _ = store.open_db(db_path)
    try:
        deleted = store.purge(db, datetime.now(), months)
    finally:
        db.close()
    print(f"{deleted} événements de plus de {months} mois effacés.")
    return 0
