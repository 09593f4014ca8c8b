"""Helpers shared by the CLI commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any


def add_command(
    subparsers: argparse._SubParsersAction,
    name: str,
    handler: Callable[[argparse.Namespace], int],
    help: str,  # noqa: A002 - argparse's own name for it
    example: str,
) -> argparse.ArgumentParser:
    """Add a subcommand whose ``--help`` ends with an example; adds ``--json``."""
    parser = subparsers.add_parser(
        name,
        help=help,
        description=help,
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.set_defaults(handler=handler)
    return parser


def emit(args: argparse.Namespace, payload: dict[str, Any], human: Callable[[], str]) -> None:
    """Print ``payload`` as one JSON object with ``--json``, else the human text."""
    if getattr(args, "json", False):
        json.dump(payload, sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        print(human())


def split_list(value: str | None) -> list[str] | None:
    """``"PER,ORG"`` → ``["PER", "ORG"]``; None or empty → None."""
    if not value:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]
