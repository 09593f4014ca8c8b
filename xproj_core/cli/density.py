"""``xproj density``: entities per 1,000 English tokens of parallel and image–text corpora."""

from __future__ import annotations

import argparse

from ..density import DEFAULT_CAP, DEFAULT_SEED, entity_density
from ._common import add_command, emit
from .datasets import add_data_dir

COLUMNS = ("spec", "sentences", "sampled", "tokens", "entities", "per_1000_tokens", "share_with_entity")


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "density",
        run_density,
        help="Entity density of the English side of corpora: entities per 1,000 tokens and the share of "
        "sentences with an entity, tagged by an English NER tagger on a seeded sample.",
        example="xproj density visual-genome:en-hin flores:en-hin --cap 2000 --format markdown",
    )
    parser.add_argument("specs", nargs="+", metavar="SPEC", help="dataset names (parallel or image–text)")
    parser.add_argument("--tagger", default="e5-conll", help="NER_TAGGERS spec (default e5-conll)")
    parser.add_argument("--cap", type=int, default=DEFAULT_CAP, help=f"sentences per corpus (default {DEFAULT_CAP})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed of the sample (default {DEFAULT_SEED})")
    parser.add_argument("--format", choices=["markdown", "tsv"], default="markdown")
    add_data_dir(parser)


def run_density(args: argparse.Namespace) -> int:
    rows = [d.as_dict() for d in entity_density(args.specs, args.tagger, args.cap, args.seed, args.data_dir)]
    types = sorted({t for row in rows for t in row["by_type"]})

    def human() -> str:
        header = [*COLUMNS, *types]
        cells = [[str(row[c]) for c in COLUMNS] + [str(row["by_type"].get(t, 0)) for t in types] for row in rows]
        if args.format == "tsv":
            return "\n".join("\t".join(line) for line in [header, *cells])
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(lines + ["| " + " | ".join(line) + " |" for line in cells])

    emit(args, {"tagger": args.tagger, "cap": args.cap, "seed": args.seed, "rows": rows}, human)
    return 0
