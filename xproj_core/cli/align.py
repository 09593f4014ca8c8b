"""``xproj align``, ``xproj align-eval`` and ``xproj aligners``."""

from __future__ import annotations

import argparse
import time
from typing import Any

from ..align import ALIGNERS
from ..errors import Errors, XprojError
from ..evaluate.alignment import alignment_scores
from ..io.pharaoh import read_pharaoh, write_pharaoh
from ._common import add_command, emit


def parse_value(text: str) -> Any:
    """``"3"`` → 3, ``"0.5"`` → 0.5, ``"true"``/``"false"`` → bool, anything else stays a string."""
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse_options(items: list[str]) -> dict[str, Any]:
    """``["n_extra=500", "extra=nllb-seed:eng-bam"]`` → keyword options."""
    options: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise XprojError(Errors.E016, option=item, detail="expected KEY=VALUE")
        options[key.strip()] = parse_value(value.strip())
    return options


def _create(args: argparse.Namespace) -> Any:
    try:
        return ALIGNERS.create(args.aligner, **parse_options(args.option))
    except TypeError as error:  # an option the factory does not take
        raise XprojError(Errors.E016, option=" ".join(args.option), detail=str(error)) from None


def _add_aligner_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--aligner", required=True, help="aligner spec, e.g. eflomal, e5, imported:FILE (see `xproj aligners`)"
    )
    parser.add_argument(
        "--option", action="append", default=[], metavar="KEY=VALUE", help="aligner option (repeatable)"
    )


def run_align(args: argparse.Namespace) -> int:
    from ..mixture import load_parallel

    corpus = load_parallel(args.corpus)
    aligner = _create(args)
    start = time.perf_counter()
    alignments = aligner.align(corpus.pairs, progress=not args.json)
    seconds = time.perf_counter() - start
    write_pharaoh(args.out, [a.links for a in alignments])
    payload = {
        "out": args.out,
        "n_pairs": len(alignments),
        "seconds": round(seconds, 3),
        "aligner": aligner.signature(),
    }
    emit(
        args,
        payload,
        lambda: f"wrote {len(alignments)} alignments to {args.out} in {seconds:.1f} s ({aligner.signature()})",
    )
    return 0


def run_align_eval(args: argparse.Namespace) -> int:
    from ..io.tokpairs import read_token_pair_file

    corpus = read_token_pair_file(args.pairs)
    gold = read_pharaoh(args.gold, one_indexed=args.one_indexed, n_pairs=len(corpus))
    if len(gold) != len(corpus):
        raise XprojError(Errors.E601, path=args.gold, what="the gold file", n_lines=len(gold), n_pairs=len(corpus))
    aligner = _create(args)
    start = time.perf_counter()
    alignments = aligner.align(corpus.pairs, progress=not args.json)
    seconds = time.perf_counter() - start
    try:
        scores = alignment_scores([a.links for a in alignments], [s for s, _ in gold], [p for _, p in gold])
    except ValueError as error:
        raise XprojError(Errors.E018, detail=str(error)) from None
    payload = {
        **scores.as_dict(),
        "pairs_per_s": len(corpus) / seconds if seconds else None,
        "aligner": aligner.signature(),
    }
    emit(
        args,
        payload,
        lambda: (
            f"{aligner.signature()} on {len(corpus)} pairs: "
            f"precision {scores.precision:.4f}  recall {scores.recall:.4f}  "
            f"F1 {scores.f1:.4f}  AER {scores.aer:.4f}  ({payload['pairs_per_s']:.1f} pairs/s)"
        ),
    )
    return 0


def run_aligners(args: argparse.Namespace) -> int:
    entries = ALIGNERS.entries()
    payload = {
        "aligners": [
            {
                "name": e.name,
                "description": e.description,
                "argument": e.argument_help if e.takes_argument else None,
                "options": e.options,
            }
            for e in entries
        ]
    }

    def human() -> str:
        lines = []
        for e in entries:
            lines.append(f"{e.name}{':' + e.argument_help if e.takes_argument else ''}  —  {e.description}")
            lines.extend(f"    {key}: {text}" for key, text in e.options.items())
        return "\n".join(lines)

    emit(args, payload, human)
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "align",
        run_align,
        "Word-align a corpus and write Pharaoh links.",
        "xproj align --aligner eflomal --option extra=nllb-seed:eng-bam --option n_extra=2000 "
        "--corpus bam-translate-test --out bam.pharaoh",
    )
    _add_aligner_arguments(parser)
    parser.add_argument("--corpus", required=True, help="dataset name, canonical .jsonl, or a 'src ||| tgt' file")
    parser.add_argument("--out", required=True, help="output Pharaoh file (0-based i-j links)")

    parser = add_command(
        subparsers,
        "align-eval",
        run_align_eval,
        "Align 'src ||| tgt' pairs and score them against gold links.",
        "xproj align-eval --aligner eflomal --pairs enfr.src-tgt --gold enfr.gold --one-indexed",
    )
    _add_aligner_arguments(parser)
    parser.add_argument("--pairs", required=True, help="file of tokenised 'src ||| tgt' lines")
    parser.add_argument("--gold", required=True, help="Pharaoh gold: i-j sure, ipj possible")
    parser.add_argument("--one-indexed", action="store_true", help="gold indices start at 1")

    add_command(
        subparsers, "aligners", run_aligners, "List the registered aligners and their options.", "xproj aligners --json"
    )
