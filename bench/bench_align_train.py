"""AER vs N of the fine-tuned neural aligner (``xproj align-train``), forgetting, and training time.

    python -m bench.bench_align_train --train multi30k-enfr --n 0 2000 5000 --eval enfr roen silver
    python -m bench.bench_align_train --train romance-en --n 2000 --option learning_rate=1e-4

Training data (never the gold sentences: pairs sharing a side with any gold set are dropped first, and, to
save CPU time, pairs with a side longer than ``--max-tokens``):
``multi30k-enfr`` Multi30K task 1 train en/fr captions (29,000, lower-cased as in bench_aer);
``romance-en`` for ro-en, which has no parallel text here: WMT news es-en (2008–2013) and it-en
(syscomb2009 + 2009) pairs, Romance source → English, as the nearest related data.
Each N draws with ``sample_parallel`` (seed 0; smaller draws are prefixes of larger ones), fine-tunes e5
(models kept in ``$XPROJ_CACHE/models/e5-ft``) and scores every gold set with each ``--extraction`` setting
(``grid`` = all of them: mode × centring × argmax / itermax / softmax at five thresholds, for choosing on the
dev halves). Prints one JSON line per (N, gold set, extraction) and one per training run (seconds, CPU seconds,
load).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from bench.bench_aer import multi30k_enfr_pairs  # noqa: E402
from xproj_core.align.finetuned import FineTunedAligner  # noqa: E402
from xproj_core.align.neural import NeuralAligner  # noqa: E402
from xproj_core.cli.align import parse_options  # noqa: E402
from xproj_core.evaluate.alignment import alignment_scores  # noqa: E402
from xproj_core.io.parallel_text import read_line_pairs  # noqa: E402
from xproj_core.io.pharaoh import read_pharaoh  # noqa: E402
from xproj_core.io.tokpairs import read_token_pair_file  # noqa: E402
from xproj_core.mixture import sample_parallel  # noqa: E402
from xproj_core.types import Corpus, SentencePair  # noqa: E402

DATA = Path(os.environ.get("XPROJ_SHARED_DATA", ROOT.parent / "shared" / "data"))
GOLD = DATA / "word-alignment-gold"
SILVER = {
    "en-cs": "eng_cze",
    "en-de": "eng_deu",
    "en-fr": "eng_fra",
    "en-hi": "eng_hin",
    "en-fa": "eng_per",
    "en-ro": "eng_ron",
    "en-tr": "eng_tur",
}
GRID = {
    f"{mode}-{'center' if center else 'plain'}-{name}": {"mode": mode, "center": center, **settings}
    for mode in ("subword", "word")
    for center in (True, False)
    for name, settings in [
        ("argmax", {"extraction": "argmax"}),
        ("itermax", {"extraction": "itermax"}),
        *[(f"softmax{t:g}", {"extraction": "softmax", "threshold": t}) for t in (0.001, 0.1, 0.2, 0.3, 0.5)],
    ]
}
"""The 28 extraction settings ``--extraction grid`` scores, by name, e.g. ``word-center-argmax``."""
EXTRACTIONS = {**GRID, "argmax": GRID["subword-center-argmax"], "softmax": GRID["subword-center-softmax0.001"]}
"""Every name ``--extraction`` takes; ``argmax`` and ``softmax`` keep their old meaning."""


def gold_sets(names: list[str]) -> dict[str, tuple[Corpus, list]]:
    """Gold corpora with their (sure, possible) links: enfr, roen (awesome-align) and the silver sets."""
    sets = {}
    for name in names:
        if name in ("enfr", "roen"):
            corpus = read_token_pair_file(GOLD / "awesome-align" / f"{name}.src-tgt")
            gold = read_pharaoh(GOLD / "awesome-align" / f"{name}.gold", one_indexed=True, n_pairs=len(corpus))
            sets[name] = corpus, gold
        elif name == "silver":
            for pair, folder in SILVER.items():
                stem = GOLD / "silveralign" / folder / "Silver_Small"
                corpus = read_token_pair_file(stem / "parallel.txt")
                sets[f"silver-{pair}"] = corpus, read_pharaoh(stem / "gold.txt", n_pairs=len(corpus))
    return sets


def romance_en() -> list[SentencePair]:
    pairs = []
    for folder, lang, code, sets in [
        ("en-es", "es", "spa", ["news-test2008", "newssyscomb2009"] + [f"newstest{y}" for y in range(2009, 2014)]),
        ("en-it", "it", "ita", ["newssyscomb2009", "newstest2009"]),
    ]:
        for name in sets:
            base = DATA / "parallel-en-xx" / folder / name
            pairs += [
                SentencePair(p.id, lang, "en", p.tgt_tokens, p.src_tokens)
                for p in read_line_pairs(f"{base}.eng", f"{base}.{code}", "en", lang, f"{folder}/{name}/")
            ]
    return pairs


TRAINING = {"multi30k-enfr": multi30k_enfr_pairs, "romance-en": romance_en}


def without_gold(pairs: list[SentencePair], gold: list[Corpus]) -> list[SentencePair]:
    """Pairs none of whose sides equals (case-insensitively, tokens joined) a side of a gold pair."""
    seen = {" ".join(side).lower() for corpus in gold for p in corpus.pairs for side in (p.src_tokens, p.tgt_tokens)}
    return [p for p in pairs if not {" ".join(p.src_tokens).lower(), " ".join(p.tgt_tokens).lower()} & seen]


def score(aligner: NeuralAligner, corpus: Corpus, gold: list) -> dict[str, float]:
    """Scores on the whole set, plus AER on its first half (``aer_dev``, for choosing settings) and on its
    second half (``aer_test``, for reporting them): the gold sets have no dev split of their own."""
    links = [a.links for a in aligner.align(corpus.pairs)]
    half = len(links) // 2
    parts = {"": slice(None), "_dev": slice(0, half), "_test": slice(half, None)}
    results = {}
    for suffix, part in parts.items():
        scores = alignment_scores(links[part], [s for s, _ in gold[part]], [p for _, p in gold[part]])
        results.update({f"{k}{suffix}": round(v, 4) for k, v in scores.as_dict().items() if not suffix or k == "aer"})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", choices=sorted(TRAINING), required=True)
    parser.add_argument("--n", type=int, nargs="+", default=[0, 2000])
    parser.add_argument("--eval", nargs="+", default=["enfr", "roen"], choices=["enfr", "roen", "silver"])
    parser.add_argument(
        "--extraction",
        nargs="+",
        default=["argmax", "softmax"],
        choices=sorted(EXTRACTIONS) + ["grid"],
        metavar="NAME",
        help="MODE-CENTRING-EXTRACTION, e.g. word-center-argmax or subword-plain-softmax0.2; argmax, softmax "
        "(subword, centred, threshold 0.001); grid = all 28 settings",
    )
    parser.add_argument("--option", action="append", default=[], metavar="K=V", help="e5-ft training option")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-tokens", type=int, default=40, help="drop training pairs with a longer side (CPU time)")
    args = parser.parse_args()
    options = parse_options(args.option)
    sets = gold_sets(args.eval)
    everything = [c for c, _ in gold_sets(["enfr", "roen", "silver"]).values()]
    raw = TRAINING[args.train]()
    pairs = [p for p in without_gold(raw, everything) if max(len(p.src_tokens), len(p.tgt_tokens)) <= args.max_tokens]
    kept = {"train": args.train, "pairs": len(raw), "kept": len(pairs), "max_tokens": args.max_tokens}
    print(json.dumps(kept), flush=True)
    for n in args.n:
        aligner = FineTunedAligner(extra=args.train, n_extra=n, seed=args.seed, **options)
        model = "e5"
        if n:
            cpu, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
            model = str(aligner.fit(sample_parallel(pairs, n, args.seed), progress=True))
            after = resource.getrusage(resource.RUSAGE_SELF)
            print(
                json.dumps(
                    {
                        "train": args.train,
                        "n": n,
                        "options": args.option,
                        "model": model,
                        "seconds": round(time.perf_counter() - start, 1),
                        "cpu_seconds": round(after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime, 1),
                        "load_average": os.getloadavg(),
                    }
                ),
                flush=True,
            )
        for extraction in list(GRID) if "grid" in args.extraction else args.extraction:
            settings = EXTRACTIONS[extraction]
            inner = NeuralAligner(
                f"hf:{model}" if n else "e5", layer=aligner.settings.layer, **{"drop_markers": True, **settings}
            )
            for name, (corpus, gold) in sets.items():
                print(
                    json.dumps(
                        {
                            "train": args.train,
                            "n": n,
                            "options": args.option,
                            "set": name,
                            "extraction": extraction,
                            **score(inner, corpus, gold),
                        }
                    ),
                    flush=True,
                )


if __name__ == "__main__":
    main()
