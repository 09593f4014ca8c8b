"""Neural aligners: AER sweep, parity with simalign 0.4, and throughput/overhead/memory.

  python bench/bench_align_neural.py aer      # AER on the awesome-align en-fr / ro-en gold
  python bench/bench_align_neural.py parity   # links vs simalign 0.4 on Europarl-NER en-de
  python bench/bench_align_neural.py speed    # pairs/s vs simalign, extraction overhead, memory

Needs ../shared/data; simalign runs on the exported e5 directory (cache/models/e5), never a hub name.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import time
from pathlib import Path

from xproj_core.align.neural import NeuralAligner
from xproj_core.datasets import load_corpus
from xproj_core.evaluate.alignment import alignment_scores
from xproj_core.io.pharaoh import read_pharaoh
from xproj_core.types import SentencePair

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
GOLD = DATA / "word-alignment-gold" / "awesome-align"
EXTRACTIONS = ("argmax", "itermax", "match", "softmax")


def gold_pairs(name: str) -> tuple[list[SentencePair], list]:
    """The pairs and gold links of an awesome-align gold set (``enfr`` or ``roen``)."""
    lines = (GOLD / f"{name}.src-tgt").read_text(encoding="utf-8").splitlines()
    pairs = []
    for k, line in enumerate(lines):
        src, _, tgt = line.partition(" ||| ")
        pairs.append(SentencePair(str(k), name[:2], name[2:], src.split(), tgt.split()))
    return pairs, read_pharaoh(GOLD / f"{name}.gold", one_indexed=True)


def europarl_pairs(tgt: str = "de", limit: int | None = None) -> list[SentencePair]:
    """Europarl-NER en-xx test pairs."""
    pairs = load_corpus(f"europarl-ner:en-{tgt}").pairs
    return pairs[:limit] if limit else pairs


def aer(args: argparse.Namespace) -> None:
    sets = {name: gold_pairs(name) for name in ("enfr", "roen")}
    print("| layer | center | mode | extraction | threshold | AER en-fr | AER ro-en | P/R en-fr | P/R ro-en |")
    print("|---|---|---|---|---|---|---|---|---|")
    for layer in args.layers:
        encoded = {}
        for name, (pairs, _) in sets.items():
            base = NeuralAligner("e5", layer=layer)
            sentences = list({tuple(t): None for p in pairs for t in (p.src_tokens, p.tgt_tokens)})
            encoded[name] = dict(zip(sentences, base.encode(sentences)))
        for center, mode, extraction in itertools.product((False, True), ("subword", "word"), EXTRACTIONS):
            for threshold in args.thresholds if extraction == "softmax" else [None]:
                aligner = NeuralAligner(
                    "e5", layer=layer, mode=mode, extraction=extraction, threshold=threshold or 1e-3, center=center
                )
                cells = []
                for name, (pairs, gold) in sets.items():
                    enc = encoded[name]
                    links = [
                        aligner.align_encoded(
                            enc[tuple(p.src_tokens)], enc[tuple(p.tgt_tokens)], len(p.src_tokens), len(p.tgt_tokens)
                        ).links
                        for p in pairs
                    ]
                    cells.append(alignment_scores(links, [g[0] for g in gold], [g[1] for g in gold]))
                print(
                    f"| {layer} | {center} | {mode} | {extraction} | {threshold or ''} | {cells[0].aer:.3f} | "
                    f"{cells[1].aer:.3f} | {cells[0].precision:.2f}/{cells[0].recall:.2f} | "
                    f"{cells[1].precision:.2f}/{cells[1].recall:.2f} |",
                    flush=True,
                )


def simalign_links(model_dir: Path, pairs: list[SentencePair], token_type: str, layer: int) -> dict[str, list]:
    from simalign import SentenceAligner

    aligner = SentenceAligner(model=str(model_dir), token_type=token_type, matching_methods="mai", layer=layer)
    out: dict[str, list] = {"argmax": [], "itermax": [], "match": []}
    for p in pairs:
        result = aligner.get_word_aligns(p.src_tokens, p.tgt_tokens)
        for ours, theirs in (("argmax", "inter"), ("itermax", "itermax"), ("match", "mwmf")):
            out[ours].append(frozenset(map(tuple, result[theirs])))
    return out


def parity(args: argparse.Namespace) -> None:
    from xproj_core.models.encoders import e5_dir

    pairs = europarl_pairs("de", args.limit)
    model_dir = e5_dir()  # what the e5 aligner loads
    for mode, token_type in (("subword", "bpe"), ("word", "word")):
        theirs = simalign_links(model_dir, pairs, token_type, args.layer)
        for extraction in ("argmax", "itermax", "match"):
            ours = NeuralAligner(
                "e5", layer=args.layer, mode=mode, extraction=extraction, center=False, drop_markers=False
            ).align(pairs)
            same = sum(a.links == b for a, b in zip(ours, theirs[extraction]))
            print(f"parity {mode}/{token_type} {extraction}: {same}/{len(pairs)} pairs identical", flush=True)


def speed(args: argparse.Namespace) -> None:
    import torch

    from xproj_core.models.encoders import e5_dir

    pairs = europarl_pairs("de", args.n)
    n_words = sum(len(p.src_tokens) + len(p.tgt_tokens) for p in pairs)
    print(f"{len(pairs)} Europarl-NER en-de pairs, {n_words} words, torch threads {torch.get_num_threads()}")
    from simalign import SentenceAligner

    from xproj_core.align import neural

    rows = []
    for extraction in ("argmax", "itermax"):
        aligner = NeuralAligner("e5", layer=args.layer, extraction=extraction)
        aligner.align(pairs[:8])  # load the encoder outside the timing
        neural._ENCODED.clear()  # time real encoding, not the per-process memo
        start = time.perf_counter()
        aligner.align(pairs)
        rows.append((f"xproj e5 {extraction}", time.perf_counter() - start))
    # bare forward pass of the same batches: encoding only, no extraction
    sentences = list({tuple(t): None for p in pairs for t in (p.src_tokens, p.tgt_tokens)})
    start = time.perf_counter()
    aligner.encode(sentences)
    bare = time.perf_counter() - start
    rows.append(("bare forward (same batches)", bare))
    xproj_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    simalign_times = {}
    for extraction, method in (("argmax", "a"), ("itermax", "i")):
        reference = SentenceAligner(model=str(e5_dir()), token_type="bpe", matching_methods=method, layer=args.layer)
        reference.get_word_aligns(pairs[0].src_tokens, pairs[0].tgt_tokens)  # load outside the timing
        start = time.perf_counter()
        for p in pairs:
            reference.get_word_aligns(p.src_tokens, p.tgt_tokens)
        simalign_times[extraction] = time.perf_counter() - start
        rows.append((f"simalign 0.4 bpe {extraction}", simalign_times[extraction]))
    print("| run | seconds | pairs/s |")
    print("|---|---|---|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.1f} | {len(pairs) / seconds:.1f} |")
    for k, extraction in enumerate(("argmax", "itermax")):
        print(f"speed-up over simalign, {extraction}: {simalign_times[extraction] / rows[k][1]:.2f}x")
    for label, seconds in rows[:2]:
        print(f"extraction overhead {label}: {seconds / bare:.3f}x the bare forward pass")
    print(
        f"peak RSS after the xproj runs: {xproj_peak:.0f} MiB; after simalign too (its own model copy): "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("aer")
    p.add_argument("--layers", type=int, nargs="+", default=[7, 8])
    p.add_argument("--thresholds", type=float, nargs="+", default=[1e-3, 0.3])
    p.set_defaults(run=aer)
    p = sub.add_parser("parity")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--layer", type=int, default=8)
    p.set_defaults(run=parity)
    p = sub.add_parser("speed")
    p.add_argument("--n", type=int, default=500)
    p.add_argument("--layer", type=int, default=8)
    p.set_defaults(run=speed)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
