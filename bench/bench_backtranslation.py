"""Effect of back-translation refinement (``bt:``) on Europarl-NER en-es, with Apertium eng-spa translations.

    python bench/bench_backtranslation.py --inner eflomal [--n-extra 10000]

Europarl-NER has gold entities on both sides (799 sentences), so links can be judged without gold links:
* ``link_prec``: of the links leaving English entity words, the share landing on a Spanish word of a gold
  entity of the same type;
* ``word_rec``: the share of English entity words with at least one such link;
* ``proj_f1``: micro F1 (exact match) of the heuristic projection (``project_heuristic``: d=1, length-ratio
  filter 0.8) of the gold English spans against the gold Spanish spans.
t′ comes from ``apertium -u eng-spa`` on the English tokens (called here by subprocess). With ``--n-extra``
the inner eflomal also trains on that many pairs of the Tatoeba + WMT news-test2008 en-es sets.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

from xproj_core.align import ALIGNERS
from xproj_core.align.backtranslation import BacktranslationAligner
from xproj_core.datasets import load_corpus
from xproj_core.evaluate.spans import span_scores
from xproj_core.io.text import read_lines
from xproj_core.io.tokenize import tokenize_elided
from xproj_core.io.tokpairs import write_token_pairs
from xproj_core.project.heuristic import project_heuristic
from xproj_core.types import Alignment, SentencePair

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def apertium(pairs: list[SentencePair]) -> list[list[str]]:
    text = "".join(" ".join(p.src_tokens) + "\n" for p in pairs)
    out = subprocess.run(["apertium", "-u", "eng-spa"], input=text, capture_output=True, text=True, check=True).stdout
    lines = out.rstrip("\n").split("\n")
    assert len(lines) == len(pairs), (len(lines), len(pairs))
    return [tokenize_elided(line) for line in lines]


def extra_en_es(directory: Path) -> Path:
    base = DATA / "parallel-en-xx" / "en-es"
    path = directory / "extra-en-es.txt"
    pairs = []
    for name in ("tatoeba-test-v2021-08-07", "news-test2008"):
        for e, s in zip(read_lines(base / f"{name}.eng", True), read_lines(base / f"{name}.spa", True)):
            if e.strip() and s.strip():
                pairs.append(SentencePair(str(len(pairs)), "en", "es", tokenize_elided(e), tokenize_elided(s)))
    write_token_pairs(path, pairs)
    return path


def evaluate(pairs: list[SentencePair], alignments: list[Alignment]) -> dict[str, float]:
    links = good_links = words = good_words = 0
    for pair, alignment in zip(pairs, alignments):
        tgt_type = {j: s.label for s in pair.tgt_spans for j in range(s.start, s.end)}
        for span in pair.src_spans:
            for i in range(span.start, span.end):
                targets = alignment.targets_of([i])
                good = [j for j in targets if tgt_type.get(j) == span.label]
                links += len(targets)
                good_links += len(good)
                words += 1
                good_words += bool(good)
    projected = [project_heuristic(a, p.src_spans) for p, a in zip(pairs, alignments)]
    return {
        "link_prec": round(good_links / links, 4) if links else 0.0,
        "word_rec": round(good_words / words, 4),
        "proj_f1": round(span_scores([p.tgt_spans for p in pairs], projected).micro.f1, 4),
        "n_links": sum(len(a.links) for a in alignments),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inner", default="eflomal")
    parser.add_argument("--n-extra", type=int, default=0)
    parser.add_argument("--combine", nargs="+", default=["compose", "union", "intersection", "fill", "fuse"])
    parser.add_argument("--mono", nargs="+", default=["ortho", "both"])
    args = parser.parse_args()
    pairs = load_corpus("europarl-ner:en-es").pairs
    for pair, tokens in zip(pairs, apertium(pairs)):
        pair.meta["bt"] = tokens
    with tempfile.TemporaryDirectory() as tmp:
        options = {"extra": str(extra_en_es(Path(tmp))), "n_extra": args.n_extra, "seed": 0} if args.n_extra else {}
        inner = ALIGNERS.create(args.inner, **options)

        def report(name: str, seconds: float, alignments: list[Alignment]) -> None:
            record = {
                "inner": inner.signature(),
                "n_extra": args.n_extra,
                "aligner": name,
                "seconds": round(seconds, 1),
            }
            print(json.dumps({**record, **evaluate(pairs, alignments)}), flush=True)

        # the three alignments are computed once and combined in every way, so the variants share them
        start = time.perf_counter()
        direct = inner.align(pairs)
        report("direct", time.perf_counter() - start, direct)
        middle = BacktranslationAligner(inner).middle_pairs(pairs)
        first = inner.align(middle)
        for mono in args.mono:
            start = time.perf_counter()
            second = BacktranslationAligner(inner, mono=mono).mono_alignments(middle, pairs, False)
            mono_seconds = time.perf_counter() - start
            for how in args.combine:
                start = time.perf_counter()
                refined = BacktranslationAligner(inner, combine=how, mono=mono).refine(direct, first, second)
                report(f"bt combine={how} mono={mono}", mono_seconds + time.perf_counter() - start, refined)


if __name__ == "__main__":
    main()
