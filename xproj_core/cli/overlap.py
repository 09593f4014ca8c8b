"""``xproj overlap``: per language, the parallel pairs that share a sentence with its gold test sets."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from ..datasets.languages import language_sources, languages
from ..overlap import THRESHOLD, language_overlap
from ._common import add_command, emit
from .datasets import add_data_dir


def run_overlap(args: argparse.Namespace) -> int:
    if args.langs:
        found_by_lang = {code: language_sources(code, args.data_dir) for code in args.langs}
    else:
        found_by_lang = {
            code: found
            for code, found in languages(args.data_dir).items()
            if found.gold_tests and (found.parallel or found.image_text)
        }
    report = []
    for code, found in found_by_lang.items():
        rows = language_overlap(code, args.data_dir, args.threshold, found)
        report.append(
            {
                "lang": found.lang,
                "gold_tests": found.gold_tests,
                "sources": [asdict(r) for r in rows],
                "pairs": sum(r.pairs for r in rows),
                "removed": sum(r.removed for r in rows),
                "near": sum(r.near for r in rows),
            }
        )

    def human() -> str:
        lines = [f"{'lang':<5} {'pairs':>7} {'removed':>7} {'near':>5}  gold test sets; sources with overlap"]
        for entry in report:
            hits = [f"{s['name']} -{s['removed']}/~{s['near']}" for s in entry["sources"] if s["removed"] or s["near"]]
            lines.append(
                f"{entry['lang']:<5} {entry['pairs']:>7} {entry['removed']:>7} {entry['near']:>5}  "
                f"{', '.join(entry['gold_tests'])}; {', '.join(hits) or '-'}"
            )
        return "\n".join(lines)

    emit(args, {"threshold": args.threshold, "languages": report}, human)
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "overlap",
        run_overlap,
        "Count, per language, the parallel and image-text pairs whose sentence is in a gold test set "
        "(normalised exact match: removed before training) or near one "
        "(char 3-gram Jaccard >= threshold: reported).",
        "xproj overlap hau yor hin --data-dir ../shared/data",
    )
    add_data_dir(parser)
    parser.add_argument(
        "langs", nargs="*", help="languages (default: every language with a gold test set and parallel data)"
    )
    parser.add_argument(
        "--threshold", type=float, default=THRESHOLD, help="near-duplicate Jaccard threshold (default 0.9)"
    )
