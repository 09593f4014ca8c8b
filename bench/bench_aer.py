"""AER of aligners on the awesome-align gold sets (en-fr 447 pairs, ro-en 248 pairs).

    python bench/bench_aer.py --aligner eflomal --set enfr --option extra=multi30k-enfr --option n_extra=29000
    python bench/bench_aer.py --aligner fused:e5+eflomal --grid --set roen

With ``--grid`` and a ``fused:A+B`` aligner, A and B align once and their score matrices are fused with
every weight and normalisation of the grid (``a.``/``b.`` options go to A/B as usual); A and B are scored too.

``extra=multi30k-enfr`` stands for Multi30K task 1 train en/fr captions (29,000), tokenised here (words,
punctuation split off, apostrophes kept on the word before as in the Hansard gold) into a temporary
``src ||| tgt`` file. Prints one JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from xproj_core.align import ALIGNERS
from xproj_core.align.fused import FusedAligner, extract_links
from xproj_core.cli.align import parse_options
from xproj_core.evaluate.alignment import alignment_scores
from xproj_core.io.pharaoh import read_pharaoh
from xproj_core.io.text import read_lines
from xproj_core.io.tokenize import tokenize_elided
from xproj_core.io.tokpairs import read_token_pair_file, write_token_pairs
from xproj_core.types import Alignment, SentencePair

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
GOLD = DATA / "word-alignment-gold" / "awesome-align"


def multi30k_enfr_pairs() -> list[SentencePair]:
    """Multi30K task 1 train en/fr, tokenised and lower-cased."""
    raw = DATA / "multi30k" / "task1" / "raw"
    en, fr = read_lines(raw / "train.en.gz"), read_lines(raw / "train.fr.gz")
    return [
        SentencePair(str(k), "en", "fr", tokenize_elided(e.lower()), tokenize_elided(f.lower()))
        for k, (e, f) in enumerate(zip(en, fr))
    ]


def multi30k_enfr(directory: Path) -> Path:
    """Multi30K task 1 train en/fr as a tokenised, lower-cased ``src ||| tgt`` file."""
    path = directory / "multi30k-enfr.txt"
    write_token_pairs(path, multi30k_enfr_pairs())
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aligner", required=True)
    parser.add_argument("--set", choices=["enfr", "roen"], required=True)
    parser.add_argument("--option", action="append", default=[], metavar="K=V")
    parser.add_argument("--repeat", type=int, default=1, help="runs (eflomal's sampler is not seeded)")
    parser.add_argument("--grid", action="store_true", help="fused:A+B: fuse with a grid of weights and normalisations")
    parser.add_argument("--weights", type=float, nargs="+", default=[0.3, 0.4, 0.5, 0.6, 0.7])
    parser.add_argument("--extractions", nargs="+", default=["argmax"], choices=["argmax", "itermax", "match"])
    args = parser.parse_args()
    options = parse_options(args.option)
    with tempfile.TemporaryDirectory() as tmp:
        for key, value in options.items():
            if value == "multi30k-enfr":
                options[key] = str(multi30k_enfr(Path(tmp)))
        corpus = read_token_pair_file(GOLD / f"{args.set}.src-tgt")
        gold = read_pharaoh(GOLD / f"{args.set}.gold", one_indexed=True, n_pairs=len(corpus))

        def report(name: str, seconds: float, alignments: list, run: int = 0, **extra: object) -> None:
            scores = alignment_scores([a.links for a in alignments], [s for s, _ in gold], [p for _, p in gold])
            record = {
                "set": args.set,
                "aligner": name,
                "options": args.option,
                "run": run,
                **extra,
                "seconds": round(seconds, 2),
                **{k: round(v, 4) for k, v in scores.as_dict().items()},
            }
            print(json.dumps(record), flush=True)

        if args.grid:
            fused = ALIGNERS.create(args.aligner, **options)
            inner = []
            for aligner in (fused.first, fused.second):
                start = time.perf_counter()
                inner.append(aligner.align(corpus.pairs))
                report(aligner.signature(), time.perf_counter() - start, inner[-1])
            for extraction in args.extractions:
                for normalisation in ("minmax", "rank"):
                    for weight in args.weights:
                        grid = FusedAligner(fused.first, fused.second, weight, normalisation)
                        alignments = [
                            Alignment(m, extract_links(m, extraction))
                            for m in (grid.fuse(a.scores, b.scores) for a, b in zip(*inner))
                        ]
                        report(
                            args.aligner,
                            0.0,
                            alignments,
                            weight=weight,
                            normalisation=normalisation,
                            extraction=extraction,
                        )
            return
        for run in range(args.repeat):
            aligner = ALIGNERS.create(args.aligner, **options)
            start = time.perf_counter()
            alignments = aligner.align(corpus.pairs)
            report(args.aligner, time.perf_counter() - start, alignments, run)


if __name__ == "__main__":
    main()
