"""``xproj datasets``: the named corpora (vendored demo data and a data directory) with their sizes;
``--lang`` lists what one language has (parallel, image–text and gold sources)."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from ..datasets import VENDORED, DatasetInfo, data_roots, list_datasets
from ..datasets.base import KINDS
from ..datasets.languages import language_sources
from ._common import add_command, emit


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="a data directory with the ../shared/data layout (default: $XPROJ_DATA)")


def _table(infos: list[DatasetInfo]) -> list[str]:
    if not infos:
        return ["(none)"]
    width = max(len(i.name) for i in infos)
    lines = [f"{'name':<{width}}  {'pairs':>7}  where     description"]
    for info in infos:
        where = "vendored" if info.root == str(VENDORED) else "data dir"
        lines.append(f"{info.name:<{width}}  {info.size:>7}  {where:<8}  {info.description}")
    return lines


def run_datasets(args: argparse.Namespace) -> int:
    roots = data_roots(args.data_dir)
    if args.lang:
        found = language_sources(args.lang, args.data_dir)
        payload = {"data_roots": [str(r) for r in roots], **asdict(found)}
        sections = [
            ("parallel text with English", found.parallel),
            ("image–text pairs", found.image_text),
            ("gold NER", found.gold),
        ]

        def human() -> str:
            lines = [f"language {found.lang}"]
            for title, infos in sections:
                lines += ["", f"{title} ({sum(i.size for i in infos)} pairs):", *_table(infos)]
            lines += ["", f"gold test sets: {', '.join(found.gold_tests) or '(none)'}"]
            return "\n".join(lines)

        emit(args, payload, human)
        return 0
    infos = list_datasets(args.data_dir, kinds=[args.kind] if args.kind else None)
    payload = {"data_roots": [str(r) for r in roots], "datasets": [asdict(i) for i in infos]}
    emit(args, payload, lambda: "\n".join([*_table(infos), f"{len(infos)} datasets in {', '.join(map(str, roots))}"]))
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "datasets",
        run_datasets,
        "List the named corpora (vendored demo data, and a data directory when given) with their sizes.",
        "xproj datasets --data-dir ../shared/data --lang hau",
    )
    add_data_dir(parser)
    parser.add_argument("--lang", help="list the parallel, image–text and gold sources of one language (e.g. hau, hi)")
    parser.add_argument("--kind", choices=KINDS, help="list only one kind of corpus")
