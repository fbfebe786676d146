"""The ``kiosk`` command: parses arguments and hands over to one subcommand module.

Only the module of the subcommand asked for is imported (``kiosk run`` never loads what
``kiosk stats`` or ``kiosk say`` need); ``kiosk --help`` and a wrong command import them all
to list them (docs/performance.md, "Start-up").
"""

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


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``only`` (a subcommand's name), that subcommand alone, so that
    no other subcommand's module is imported. Both parse that subcommand identically."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Borne : parcours guidés.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE")
    parent = common_options()
    for name in COMMANDS if only is None else (only,):
        module = importlib.import_module(f"kiosk.commands.{name.replace('-', '_')}")
        sub = subparsers.add_parser(name, parents=[parent], help=module.HELP,
                                    description=module.HELP)
        module.register(sub)
        sub.set_defaults(handler=module.run)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(args.config, data_dir=args.data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words[0] if words and words[0] in COMMANDS else None)
    args = parser.parse_args(words)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        settings = settings_from(args)
    except SettingsError as error:
        print(f"Réglages : {error}", file=sys.stderr)
        return 2
    return int(args.handler(args, settings) or 0)
