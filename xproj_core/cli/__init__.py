"""The ``xproj`` command line.

Each module in this package adds one or more subcommands through ``add_commands(subparsers)``; the
modules are discovered automatically. A command handler takes the parsed arguments and returns an
exit code. ``XprojError`` is printed on one line to stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from typing import Sequence

from .. import __version__
from ..errors import XprojError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xproj",
        description="Cross-lingual NER by annotation projection: align, project, evaluate, correct, export.",
        epilog="Run `xproj COMMAND --help` for a command's options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"xproj {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
        importlib.import_module(f"{__name__}.{module}").add_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 1
    try:
        return int(args.handler(args) or 0)
    except XprojError as error:
        print(f"xproj: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("xproj: interrupted", file=sys.stderr)
        return 130
