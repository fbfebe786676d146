"""``kiosk export``: the figures per month and procedure as a CSV file (counts under 5 hidden)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from kiosk.commands.stats import parse_day
from kiosk.settings import Settings
from kiosk.usage import export, store

HELP = "exporter les statistiques par mois et par parcours (fichier CSV)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=parse_day, metavar="AAAA-MM-JJ",
                        help="premier jour (par défaut : il y a 25 mois)")
    parser.add_argument("--to", dest="end", type=parse_day, metavar="AAAA-MM-JJ",
                        help="dernier jour, inclus (par défaut : aujourd'hui)")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, metavar="FICHIER.csv",
                       help="fichier à écrire")
    group.add_argument("--usb", action="store_true",
                       help="écrire le fichier sur la clé USB branchée")


def run(args: argparse.Namespace, settings: Settings) -> int:
    now = datetime.now()
    start = args.start or store.months_before(now, store.RETENTION_MONTHS).date()
    end = args.end or now.date()
    if end < start:
        print("La date de fin (--to) est avant la date de début (--from).")
        return 2
    db_path = settings.path("data_dir") / store.DB_NAME
    if args.usb:
        print(export.export_to_usb(db_path, mount_root=settings.usb_mount_root or None,
                                   start=start, end=end, now=now))
        return 0
    rows = export.write_export(db_path, start, end, args.out)
    print(f"{args.out} : {rows} lignes (mois × parcours), du {start:%d/%m/%Y} au {end:%d/%m/%Y}. "
          "Les nombres de 1 à 4 sont écrits « <5 ».")
    return 0
