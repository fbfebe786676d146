"""The ``kiosk`` command: parses arguments and hands over to one subcommand module."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.commands import COMMANDS
from kiosk.settings import Settings, SettingsError, load_settings


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand takes."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", type=Path, default=None,
                        help="fichier de réglages (par défaut : config/kiosk.toml)")
    parent.add_argument("--data-dir", type=Path, default=None,
                        help="dossier des données (par défaut : celui des réglages)")
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Borne : parcours guidés.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE")
    parent = common_options()
    for name in COMMANDS:
        module = importlib.import_module(f"kiosk.commands.{name.replace('-', '_')}")
        sub = subparsers.add_parser(name, parents=[parent], help=module.HELP,
                                    description=module.HELP)
        module.register(sub)
        sub.set_defaults(handler=module.run)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(args.config, data_dir=args.data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        settings = settings_from(args)
    except SettingsError as error:
        print(f"Réglages : {error}", file=sys.stderr)
        return 2
    return int(args.handler(args, settings) or 0)
