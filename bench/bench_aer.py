"""AER of aligners on the awesome-align gold sets (en-fr 447 pairs, ro-en 248 pairs).

    PYTHONPATH=. python bench/bench_aer.py --aligner eflomal --set enfr --option extra=multi30k-enfr --option n_extra=29000

``extra=multi30k-enfr`` stands for Multi30K task 1 train en/fr captions (29,000), tokenised here (words,
punctuation split off, apostrophes kept on the word before as in the Hansard gold) into a temporary
``src ||| tgt`` file. Prints one JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xproj_core.align import ALIGNERS  # noqa: E402
from xproj_core.align.statistical import read_parallel_text  # noqa: E402
from xproj_core.cli.align import parse_options  # noqa: E402
from xproj_core.evaluate.alignment import alignment_scores  # noqa: E402
from xproj_core.io.pharaoh import read_pharaoh  # noqa: E402
from xproj_core.io.text import read_lines  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
GOLD = DATA / "word-alignment-gold" / "awesome-align"
TOKEN = re.compile(r"\w+'|\w+|[^\w\s]")


def multi30k_enfr(directory: Path) -> Path:
    """Multi30K task 1 train en/fr as a tokenised, lower-cased ``src ||| tgt`` file."""
    raw = DATA / "multi30k" / "task1" / "raw"
    en, fr = read_lines(raw / "train.en.gz"), read_lines(raw / "train.fr.gz")
    path = directory / "multi30k-enfr.txt"
    with path.open("w", encoding="utf-8") as handle:
        for e, f in zip(en, fr):
            handle.write(" ".join(TOKEN.findall(e.lower())) + " ||| " + " ".join(TOKEN.findall(f.lower())) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aligner", required=True)
    parser.add_argument("--set", choices=["enfr", "roen"], required=True)
    parser.add_argument("--option", action="append", default=[], metavar="K=V")
    parser.add_argument("--repeat", type=int, default=1, help="runs (eflomal's sampler is not seeded)")
    args = parser.parse_args()
    options = parse_options(args.option)
    with tempfile.TemporaryDirectory() as tmp:
        if options.get("extra") == "multi30k-enfr":
            options["extra"] = str(multi30k_enfr(Path(tmp)))
        corpus = read_parallel_text(GOLD / f"{args.set}.src-tgt")
        gold = read_pharaoh(GOLD / f"{args.set}.gold", one_indexed=True, n_pairs=len(corpus))
        for run in range(args.repeat):
            aligner = ALIGNERS.create(args.aligner, **options)
            start = time.perf_counter()
            alignments = aligner.align(corpus.pairs)
            seconds = time.perf_counter() - start
            scores = alignment_scores([a.links for a in alignments], [s for s, _ in gold], [p for _, p in gold])
            record = {"set": args.set, "aligner": args.aligner, "options": args.option, "run": run,
                      "seconds": round(seconds, 2), **{k: round(v, 4) for k, v in scores.as_dict().items()}}
            print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
