"""``xproj silver``: parallel text → English labels → alignment → projection → a silver target corpus."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from ._common import add_command, emit, split_list
from .align import parse_options


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "silver",
        run,
        help="Label the English side of parallel text, project the labels onto the target side, write a silver "
        "corpus (each sentence with a confidence); resumable.",
        example="xproj silver --parallel mafand:en-hau:train --exclude masakhaner2:hau:test --out silver-hau.conll",
    )
    parser.add_argument(
        "--parallel",
        action="append",
        required=True,
        metavar="SPEC",
        help="dataset name or file (.jsonl, .tsv with a header, `src ||| tgt` tokens); repeatable, concatenated",
    )
    parser.add_argument("--out", required=True, help="silver corpus to write: .conll/.txt (CoNLL) or .jsonl")
    parser.add_argument("--n", type=int, help="use N pairs drawn by --seed (default: all)")
    parser.add_argument("--seed", type=int, default=0, help="sampling seed (default: %(default)s)")
    parser.add_argument("--labels", default="e5-conll", help="source NER tagger spec (default: %(default)s)")
    parser.add_argument("--aligner", default="e5", help="aligner spec (default: %(default)s)")
    parser.add_argument(
        "--aligner-option", action="append", default=[], metavar="KEY=VALUE", help="aligner option (repeatable)"
    )
    parser.add_argument(
        "--method",
        action="append",
        metavar="PROJECTOR",
        help="projector (default: heuristic); repeat for several: the first gives the labels, "
        "their agreement goes into the confidence",
    )
    parser.add_argument("--types", default="PER,ORG,LOC", help="entity types to project (default: %(default)s)")
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GOLD",
        help="drop pairs whose target sentence occurs in this gold set (normalised exact match); repeatable",
    )
    parser.add_argument(
        "--only-complete", action="store_true", help="keep only sentences with every source entity projected"
    )
    parser.add_argument("--min-confidence", type=float, default=0.0, help="keep sentences at or above this")
    parser.add_argument("--max-empty-share", type=float, help="cap on the share of kept sentences without entities")
    parser.add_argument("--chunk", type=int, default=500, help="pairs per checkpointed chunk (default: %(default)s)")
    parser.add_argument("--data-dir", help="folder with the datasets (default: the usual data roots)")


def _components(args: argparse.Namespace) -> tuple[Any, Any, list[Any]]:
    """The source tagger (with the feature store when it takes one), the aligner, the projectors."""
    from ..align import ALIGNERS
    from ..models import NER_TAGGERS
    from ..models.encoders import cache_dir
    from ..project import PROJECTORS

    entry, _ = NER_TAGGERS.entry(args.labels)
    tagger = NER_TAGGERS.create(args.labels, **({"cache": str(cache_dir())} if "cache" in entry.options else {}))
    projectors = [PROJECTORS.create(method) for method in args.method or ["heuristic"]]
    needs = any(p.needs_alignment for p in projectors)
    aligner = ALIGNERS.create(args.aligner, **parse_options(args.aligner_option)) if needs else None
    return tagger, aligner, projectors


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from ..mixture import sample_parallel
    from ..overlap import GoldIndex, remove_overlap
    from ..silver import (
        SilverFilter,
        SilverSettings,
        build_silver,
        check_format,
        checkpoint_dir,
        filter_silver,
        finish_checkpoints,
        join_parallel,
        summary,
        write_silver,
    )
    from ..silver_train import load_tagged

    start = time.time()
    out = Path(args.out)
    check_format(out)
    settings = SilverSettings(
        tuple(args.parallel),
        args.labels,
        args.aligner,
        tuple(args.method or ["heuristic"]),
        tuple(split_list(args.types) or ()),
        args.n,
        args.seed,
    )
    pairs = join_parallel(args.parallel, args.data_dir)
    removed: dict[str, int] = {}
    for gold in args.exclude:  # normalised exact matches of the gold sentences (xproj_core.overlap)
        index = GoldIndex([" ".join(tokens) for tokens, _ in load_tagged(gold, args.data_dir)])
        overlap = remove_overlap(pairs, index, side="tgt", report_near=False)
        pairs, removed[gold] = overlap.kept, len(overlap.removed)
    if args.n is not None and args.n < len(pairs):  # the same nested draw as the sweep's
        pairs = sample_parallel(pairs, args.n, args.seed)
    tagger, aligner, projectors = _components(args)
    checkpoints = checkpoint_dir(out)
    with tqdm(total=len(pairs), desc="silver", unit="pair") as bar:
        sentences = build_silver(settings, pairs, tagger, aligner, projectors, checkpoints, args.chunk, bar.update)
    rule = SilverFilter(args.only_complete, args.min_confidence, args.max_empty_share, args.seed)
    kept = filter_silver(sentences, rule)
    write_silver(out, kept, settings)
    finish_checkpoints(checkpoints)
    payload = {
        **summary(sentences, kept),
        "overlap_removed": removed,
        "out": str(out),
        "settings": settings.as_dict(),
        "seconds": round(time.time() - start, 1),
    }
    emit(args, payload, lambda: _human(payload))
    return 0


def _human(payload: dict[str, Any]) -> str:
    removed = "".join(
        f"\nremoved {n} pairs whose target occurs in {gold}" for gold, n in payload["overlap_removed"].items()
    )
    return (
        f"{payload['pairs']} pairs: {payload['source_entities']} source entities, {payload['projected_entities']} "
        f"projected, {payload['complete']} sentences complete{removed}\n"
        f"kept {payload['kept']} sentences ({payload['without_entities']} without entities, mean confidence "
        f"{payload['mean_confidence']}) → {payload['out']} in {payload['seconds']} s"
    )
