"""``xproj reproduce``: run one cached cell again from its signature and compare the numbers."""

from __future__ import annotations

import argparse

from ..store import Store
from ..sweep.reproduce import reproduce
from ._common import add_command, emit


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "reproduce",
        run,
        help=(
            "Run one cell again from its signature alone (the sweep engine, a scratch cache) and compare its "
            "P/R/F1 with the cached cell's; exit 1 when they differ."
        ),
        example=(
            "xproj reproduce 'corpus:masakhaner2:hau:test|pair:en-hau|N:4000|aligner:eflomal(n_samplers=1)|...'"
            "\n  # signatures: xproj sweep CONFIG --dry-run --json; xproj results --tagger --json (signatures of the\n"
            "  # chosen cells); the Scaling page's 'Reproduce this result'"
        ),
    )
    parser.add_argument("signature", help="the cell's signature string (quote it: it contains '|')")
    parser.add_argument("--cache", help="cache holding the cell (default: $XPROJ_CACHE or cache/xproj.sqlite)")
    parser.add_argument(
        "--parallel",
        metavar="SPEC",
        help="dataset spec of the signature's parallel source (default: the cached cell's parallel_spec)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        help="torch threads (default: the cached cell's torch_threads, else 1, as a sweep worker runs)",
    )
    parser.add_argument(
        "--plugin", action="append", metavar="MODULE", help="module registering the cell's components (repeatable)"
    )


def run(args: argparse.Namespace) -> int:
    store = Store(args.cache)
    result = reproduce(
        args.signature, store, args.parallel, tuple(args.plugin or ()), args.threads, progress=not args.json
    )

    def human() -> str:
        lines = [f"parallel source: {result.parallel_spec}"] if result.parallel_spec else []
        lines.append(f"{'':<10} {'cached':>8} {'rerun':>8}")
        for key in ("precision", "recall", "f1", "support"):
            shown = [
                "-" if v is None else str(v) if key == "support" else f"{v:.4f}"
                for v in (result.cached.get(key), result.rerun[key])
            ]
            lines.append(f"{key:<10} {shown[0]:>8} {shown[1]:>8}")
        verdict = {True: "identical (P, R and F1 to 4 decimals)", False: "DIFFERENT", None: "not cached"}
        lines += [f"note: {n}" for n in result.notes]
        lines.append(f"{verdict[result.identical]}; the rerun took {result.seconds:.1f} s")
        return "\n".join(lines)

    emit(args, result.as_dict(), human)
    return 1 if result.identical is False else 0
