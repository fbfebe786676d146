"""``kiosk demo-data``: fill a usage database with realistic synthetic visits."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.flows.loader import load_flows
from kiosk.settings import Settings
from kiosk.usage import demo, store

HELP = "remplir la base des statistiques avec des visites inventées (démonstration)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=100_000, metavar="N",
                        help="nombre d'événements à créer (par défaut : 100000)")
    parser.add_argument("--seed", type=int, default=1, help="graine du hasard (par défaut : 1)")
    parser.add_argument("--db", type=Path, default=None, metavar="FICHIER",
                        help="base à remplir (par défaut : usage.db du dossier des données)")
    parser.add_argument("--replace", action="store_true",
                        help="effacer d'abord la base si elle existe")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.events < 1:
        print("--events doit être un nombre positif.")
        return 2
    db_path = args.db or settings.path("data_dir") / store.DB_NAME
    if db_path.exists():
        if not args.replace:
            print(f"{db_path} existe déjà : ajoutez --replace pour l'effacer d'abord, ou "
                  "choisissez un autre fichier avec --db.")
            return 1
        for extra in ("", "-wal", "-shm"):
            Path(str(db_path) + extra).unlink(missing_ok=True)
    flows = load_flows(settings.path("flows_dir"), settings.path("assets_dir"),
                       domains=settings.domains()).flows
    written = demo.generate(db_path, args.events, flows, seed=args.seed)
    print(f"{written} événements inventés écrits dans {db_path} "
          f"({len(flows) or len(demo.FAKE_FLOWS)} parcours, sur deux ans).")
    return 0
