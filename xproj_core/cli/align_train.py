"""``xproj align-train``: fine-tune the neural aligner's encoder on the user's parallel text."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..align.finetuned import TRAINING_OPTIONS
from ..errors import Errors, XprojError
from ..types import SentencePair
from ._common import add_command, emit
from .align import parse_options


def read_training_pairs(spec: str) -> list[SentencePair]:
    """Pairs of a dataset name, canonical ``.jsonl``, ``src ||| tgt`` file, or ``.tsv`` with a header line
    (first column source, second target; untokenised text is tokenised)."""
    from ..io.parallel_text import read_tsv_pairs
    from ..mixture import load_parallel

    if spec.endswith(".tsv") and Path(spec).is_file():
        return read_tsv_pairs(spec, "src", "tgt")
    return list(load_parallel(spec).pairs)


def run_align_train(args: argparse.Namespace) -> int:
    from ..align.finetuned import settings_from, train_aligner_model
    from ..datasets import load_corpus
    from ..mixture import sample_parallel
    from ..overlap import without_gold

    options = parse_options(args.option)
    unknown = set(options) - set(TRAINING_OPTIONS)
    if unknown:
        known = ", ".join(sorted(TRAINING_OPTIONS))
        raise XprojError(Errors.E110, setting=sorted(unknown)[0], detail=f"known: {known}")
    settings = settings_from(options, seed=args.seed, layer=args.layer)
    pairs = [p for spec in args.data for p in read_training_pairs(spec)]
    data = list(args.data)
    if args.exclude:
        kept = without_gold(pairs, args.exclude)
        data.append(f"without {len(pairs) - len(kept)} pairs in {', '.join(args.exclude)}")
        pairs = kept
    if args.n is not None:
        pairs = sample_parallel(pairs, args.n, args.seed)
    if not pairs:
        raise XprojError(Errors.E112, detail=f"{', '.join(args.data)} has no sentence pairs")
    evaluate = {spec: load_corpus(spec) for spec in args.eval}
    data += [f"sampled n={args.n}, seed={args.seed}"] if args.n is not None else []
    record = train_aligner_model(args.base, pairs, settings, args.out, data, evaluate, progress=not args.json)
    payload: dict[str, Any] = {"out": args.out, **record}

    def human() -> str:
        report = record["training"]
        lines = [
            f"fine-tuned {args.base} on {report['n_pairs']} pairs in {report['seconds']} s "
            f"({report['steps']} steps on {report['device']}) → {args.out}  (align with hf:{args.out})"
        ]
        evaluation = record.get("evaluation", {})
        lines += [f"  AER {name}: {s['before']:.4f} → {s['after']:.4f}" for name, s in evaluation.items()]
        return "\n".join(lines)

    emit(args, payload, human)
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "align-train",
        run_align_train,
        "Fine-tune the neural aligner's encoder on parallel text (self-training, no gold alignments needed).",
        "xproj align-train --data pairs.txt --n 2000 --out models/e5-enfr --eval alignment-gold:en-fr "
        "--option objectives=so+psi",
    )
    parser.add_argument(
        "--data",
        action="append",
        required=True,
        help="dataset name, .jsonl, 'src ||| tgt' file or .tsv with a header (repeatable)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GOLD",
        help="drop pairs whose sentence in this gold set's language occurs in it (normalised exact match; "
        "repeatable), e.g. masakhaner2:bam:test",
    )
    parser.add_argument("--n", type=int, default=None, help="fine-tune on N pairs sampled with --seed (default all)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample and of the training (default 0)")
    parser.add_argument("--out", required=True, help="new Hugging Face model directory")
    parser.add_argument("--base", default="e5", help="encoder to start from: e5 or hf:NAME_OR_PATH (default e5)")
    parser.add_argument("--layer", type=int, default=None, help="alignment layer (default: the aligner's, 7)")
    parser.add_argument(
        "--eval",
        action="append",
        default=[],
        metavar="GOLD",
        help="gold-aligned dataset to score before and after, e.g. alignment-gold:en-fr (repeatable)",
    )
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="training option (repeatable): " + ", ".join(TRAINING_OPTIONS),
    )
