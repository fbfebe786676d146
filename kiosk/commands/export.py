"""``kiosk export``: the figures per month and procedure as a CSV file for a spreadsheet."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from kiosk.commands.stats import parse_month
from kiosk.flows.loader import load_flows
from kiosk.settings import Settings
from kiosk.usage import export, monthly, store

HELP = "exporter les statistiques par mois et par démarche (fichier CSV pour un tableur)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=parse_month, metavar="AAAA-MM",
                        help="premier mois (par défaut : le plus ancien gardé)")
    parser.add_argument("--to", dest="end", type=parse_month, metavar="AAAA-MM",
                        help="dernier mois, inclus (par défaut : le dernier mois terminé)")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, metavar="FICHIER.csv",
                       help="fichier à écrire")
    group.add_argument("--usb", action="store_true",
                       help="écrire le fichier (et le rapport du dernier mois) sur la clé USB")


def run(args: argparse.Namespace, settings: Settings) -> int:
    now = datetime.now()
    db_path = settings.path("data_dir") / store.DB_NAME
    flows = load_flows(settings.path("flows_dir"), settings.path("assets_dir"),
                       domains=settings.domains()).flows
    if args.usb:
        print(export.export_to_usb(db_path, mount_root=settings.usb_mount_root or None,
                                   now=now, flows=flows))
        return 0
    conn = store.read_connection(db_path)
    try:
        months = monthly.closed_months(conn, now)
    finally:
        conn.close()
    last = monthly.last_closed(now)
    if args.end and args.end > last:
        print(f"Le mois {args.end} n'est pas terminé : les exports s'arrêtent au dernier mois "
              f"terminé ({last}).")
        return 2
    if args.start and args.end and args.end < args.start:
        print("Le dernier mois (--to) est avant le premier (--from).")
        return 2
    months = [m for m in months if (not args.start or m >= args.start)
              and (not args.end or m <= args.end)]
    rows = export.write_export(db_path, months, args.out, flows)
    span = f"de {months[0].label} à {months[-1].label}" if months else "aucun mois"
    print(f"{args.out} : {rows} lignes (mois × démarche, et le total de chaque mois), {span}. "
          "Un nombre caché s'écrit « s » (secret statistique).")
    return 0
