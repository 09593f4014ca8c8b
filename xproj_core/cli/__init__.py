"""The ``xproj`` command line.

Each module in this package adds one or more subcommands through ``add_commands(subparsers)``; the
modules are discovered automatically. A command handler takes the parsed arguments and returns an
exit code. ``XprojError`` is printed on one line to stderr with exit code 2; SIGINT and SIGTERM stop any
command with one line and exit code 130 / 143, a closed stdout pipe with exit code 141, quietly (see
:mod:`xproj_core.interrupt`).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from .. import __version__, interrupt
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
    with interrupt.stop_on_signals():
        try:
            code = interrupt.quiet_broken_pipe(lambda: int(args.handler(args) or 0))
        except XprojError as error:
            print(f"xproj: error: {error}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            return interrupt.report_stop()
        return interrupt.report_stop() if interrupt.received() else code
