"""Effect of back-translation refinement (``bt:``) on Europarl-NER en-es, with Apertium eng-spa translations.

    PYTHONPATH=. python bench/bench_backtranslation.py --inner eflomal [--n-extra 10000]

Europarl-NER has gold entities on both sides (799 sentences), so links can be judged without gold links:
* ``link_prec``: of the links leaving English entity words, the share landing on a Spanish word of a gold
  entity of the same type;
* ``word_rec``: the share of English entity words with at least one such link;
* ``proj_f1``: exact-match F1 of the heuristic projection (each English span → the min..max of its linked
  Spanish words, same label) against the gold Spanish spans.
t′ comes from ``apertium -u eng-spa`` on the English tokens (called here by subprocess). With ``--n-extra``
the inner eflomal also trains on that many pairs of the Tatoeba + WMT news-test2008 en-es sets.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xproj_core.align import ALIGNERS  # noqa: E402
from xproj_core.align.backtranslation import BacktranslationAligner, simple_tokenize  # noqa: E402
from xproj_core.io.text import read_lines, read_text  # noqa: E402
from xproj_core.tags import tags_to_spans  # noqa: E402
from xproj_core.types import Alignment, SentencePair, Span  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    sentences = []
    for block in read_text(path).strip().split("\n\n"):
        rows = [line.split("\t") for line in block.split("\n") if line.strip()]
        sentences.append(([r[0] for r in rows], [r[-1] for r in rows]))
    return sentences


def europarl_en_es() -> list[SentencePair]:
    en = read_conll(DATA / "europarl-ner" / "en-europarl.test.conll02")
    es = read_conll(DATA / "europarl-ner" / "es-europarl.test.conll02")
    return [SentencePair(str(k), "en", "es", e[0], s[0], e[1], s[1]) for k, (e, s) in enumerate(zip(en, es))]


def apertium(pairs: list[SentencePair]) -> list[list[str]]:
    text = "".join(" ".join(p.src_tokens) + "\n" for p in pairs)
    out = subprocess.run(["apertium", "-u", "eng-spa"], input=text, capture_output=True, text=True, check=True).stdout
    lines = out.rstrip("\n").split("\n")
    assert len(lines) == len(pairs), (len(lines), len(pairs))
    return [simple_tokenize(line) for line in lines]


def extra_en_es(directory: Path) -> Path:
    base = DATA / "parallel-en-xx" / "en-es"
    path = directory / "extra-en-es.txt"
    with path.open("w", encoding="utf-8") as handle:
        for name in ("tatoeba-test-v2021-08-07", "news-test2008"):
            for e, s in zip(read_lines(base / f"{name}.eng", True), read_lines(base / f"{name}.spa", True)):
                if e.strip() and s.strip():
                    handle.write(" ".join(simple_tokenize(e)) + " ||| " + " ".join(simple_tokenize(s)) + "\n")
    return path


def project(spans: list[Span], alignment: Alignment) -> set[tuple[int, int, str]]:
    projected = set()
    for span in spans:
        targets = alignment.targets_of(range(span.start, span.end))
        if targets:
            projected.add((min(targets), max(targets) + 1, span.label))
    return projected


def evaluate(pairs: list[SentencePair], alignments: list[Alignment]) -> dict[str, float]:
    links = good_links = words = good_words = hits = n_pred = n_gold = 0
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
        predicted, gold = project(pair.src_spans, alignment), {s.key for s in pair.tgt_spans}
        hits += len(predicted & gold)
        n_pred += len(predicted)
        n_gold += len(gold)
    precision, recall = hits / n_pred if n_pred else 0.0, hits / n_gold
    return {
        "link_prec": round(good_links / links, 4) if links else 0.0,
        "word_rec": round(good_words / words, 4),
        "proj_f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "n_links": sum(len(a.links) for a in alignments),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inner", default="eflomal")
    parser.add_argument("--n-extra", type=int, default=0)
    parser.add_argument("--combine", nargs="+", default=["compose", "union", "intersection", "fill", "fuse"])
    parser.add_argument("--mono", nargs="+", default=["ortho", "both"])
    args = parser.parse_args()
    pairs = europarl_en_es()
    for pair, tokens in zip(pairs, apertium(pairs)):
        pair.meta["bt"] = tokens
    with tempfile.TemporaryDirectory() as tmp:
        options = {"extra": str(extra_en_es(Path(tmp))), "n_extra": args.n_extra, "seed": 0} if args.n_extra else {}
        inner = ALIGNERS.create(args.inner, **options)

        def report(name: str, seconds: float, alignments: list[Alignment]) -> None:
            record = {"inner": inner.signature(), "n_extra": args.n_extra, "aligner": name, "seconds": round(seconds, 1)}
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
