"""``xproj datasets``: the named corpora (vendored demo data and a data directory) with their sizes."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from ..datasets import VENDORED, data_roots, list_datasets
from ._common import add_command, emit


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="a data directory with the ../shared/data layout (default: $XPROJ_DATA)")


def run_datasets(args: argparse.Namespace) -> int:
    roots = data_roots(args.data_dir)
    infos = list_datasets(args.data_dir)
    payload = {"data_roots": [str(r) for r in roots], "datasets": [asdict(i) for i in infos]}

    def human() -> str:
        width = max(len(i.name) for i in infos)
        lines = [f"{'name':<{width}}  {'pairs':>7}  where     description"]
        for info in infos:
            where = "vendored" if info.root == str(VENDORED) else "data dir"
            lines.append(f"{info.name:<{width}}  {info.size:>7}  {where:<8}  {info.description}")
        lines.append(f"{len(infos)} datasets in {', '.join(str(r) for r in roots)}")
        return "\n".join(lines)

    emit(args, payload, human)
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "datasets",
        run_datasets,
        "List the named corpora (vendored demo data, and a data directory when given) with their sizes.",
        "xproj datasets --data-dir ../shared/data",
    )
    add_data_dir(parser)
