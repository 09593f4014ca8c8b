"""A small, deterministic evaluation cache for the app's tests, benchmark and screenshots.

A synthetic English→German parliament corpus (templates filled with real entity names), two aligners
with score matrices, two projection methods and an eflomal scaling sweep over N and seeds with text and image-caption parallel data. Predictions
are the gold target spans perturbed with a seeded generator, so every error category occurs; the
per-sentence categories and the metrics are computed from those predictions against gold.
"""

from __future__ import annotations

import random
import zlib
from pathlib import Path

import numpy as np

from xproj_core.signature import Signature
from xproj_core.store import CellResult, Store
from xproj_core.tags import tags_to_spans
from xproj_core.types import Alignment, Corpus, SentencePair, Span

CORPUS = "toy-europarl:en-de"
ENTITIES = {
    "PER": [("Angela Merkel", "Angela Merkel"), ("Martin Schulz", "Martin Schulz"), ("Barroso", "Barroso"),
            ("Jean-Claude Juncker", "Jean-Claude Juncker"), ("Antonio Tajani", "Antonio Tajani")],
    "LOC": [("Berlin", "Berlin"), ("Brussels", "Brüssel"), ("Strasbourg", "Straßburg"), ("Turkey", "Türkei"),
            ("Greece", "Griechenland"), ("Rome", "Rom")],
    "ORG": [("Commission", "Kommission"), ("European Parliament", "Europäische Parlament"), ("Council", "Rat"),
            ("United Nations", "Vereinten Nationen")],
}
# (source items, target items, item links); "{TYPE}" items are entity slots filled in order.
TEMPLATES = [
    ("{PER} spoke in {LOC} yesterday .", "{PER} sprach gestern in {LOC} .", "0-0 1-1 2-3 3-4 4-2 5-5"),
    ("The {ORG} has rejected the proposal of {PER} .", "Der Vorschlag von {PER} wurde von der {ORG} abgelehnt .",
     "0-6 1-7 2-4 3-8 4-0 5-1 6-2 7-3 8-9"),
    ("I thank {PER} for the report on {LOC} .", "Ich danke {PER} für den Bericht über {LOC} .", "0-0 1-1 2-2 3-3 4-4 5-5 6-6 7-7 8-8"),
    ("The situation in {LOC} worries the {ORG} .", "Die Lage in {LOC} beunruhigt die {ORG} .", "0-0 1-1 2-2 3-3 4-4 5-5 6-6 7-7"),
    ("{PER} visited {LOC} and {LOC} last week .", "{PER} besuchte letzte Woche {LOC} und {LOC} .", "0-0 1-1 2-4 3-5 4-6 5-2 6-3 7-7"),
    ("We support the position of the {ORG} on this matter .", "Wir unterstützen die Position des {ORG} in dieser Frage .",
     "0-0 1-1 2-2 3-3 4-4 5-4 6-5 7-6 8-7 9-8 10-9"),
    ("Mr President , {PER} is right .", "Herr Präsident , {PER} hat recht .", "0-0 1-1 2-2 3-3 4-4 5-5 6-6"),
]
CELLS = [  # aligner, method, parallel source ("-": uses none), N values, seeds
    ("e5", "heuristic", "-", [0], [0]),
    ("e5", "ilp-align", "-", [0], [0]),
    ("eflomal", "heuristic", "europarl", [0, 250, 1000], [0, 1]),
    ("eflomal", "ilp-align", "europarl", [0, 250, 1000], [0, 1]),
    ("eflomal", "heuristic", "multi30k-captions", [250, 1000], [0, 1]),
]


def _expand(items: list[str], fills: list[tuple[str, str]]) -> tuple[list[str], list[str], list[list[int]]]:
    """Tokens, IOB2 tags and, per item, the token positions it became."""
    tokens, tags, positions = [], [], []
    fill = iter(fills)
    for item in items:
        if item.startswith("{"):
            label, words = next(fill)
            words = words.split()
            positions.append(list(range(len(tokens), len(tokens) + len(words))))
            tokens += words
            tags += ["B-" + label] + ["I-" + label] * (len(words) - 1)
        else:
            positions.append([len(tokens)])
            tokens.append(item)
            tags.append("O")
    return tokens, tags, positions


def make_pair(index: int) -> tuple[SentencePair, set[tuple[int, int]]]:
    """The ``index``-th synthetic pair and its true token links."""
    rng = random.Random(index)
    src_t, tgt_t, link_text = TEMPLATES[index % len(TEMPLATES)]
    src_items, tgt_items = src_t.split(), tgt_t.split()
    chosen = [(slot[1:-1], rng.choice(ENTITIES[slot[1:-1]])) for slot in src_items if slot.startswith("{")]
    src_tokens, src_tags, src_pos = _expand(src_items, [(label, pair[0]) for label, pair in chosen])
    tgt_slots = [(label, pair[1]) for label, pair in chosen]
    order = [i for i, item in enumerate(src_items) if item.startswith("{")]
    links_items = [tuple(map(int, link.split("-"))) for link in link_text.split()]
    slot_of_tgt = {t: order.index(s) for s, t in links_items if s in order}
    tgt_fill = [tgt_slots[slot_of_tgt[t]] for t, item in enumerate(tgt_items) if item.startswith("{")]
    tgt_tokens, tgt_tags, tgt_pos = _expand(tgt_items, tgt_fill)
    links: set[tuple[int, int]] = set()
    for s, t in links_items:
        ss, ts = src_pos[s], tgt_pos[t]
        for k, i in enumerate(ss):
            links.add((i, ts[min(k * len(ts) // len(ss), len(ts) - 1)]))
        for k, j in enumerate(ts):
            links.add((ss[min(k * len(ss) // len(ts), len(ss) - 1)], j))
    pair = SentencePair(f"toy-{index}", "en", "de", src_tokens, tgt_tokens, src_tags, tgt_tags)
    return pair, links


def _perturb(gold: list[Span], n_tokens: int, rng: random.Random, error: float) -> list[Span]:
    out: list[Span] = []
    for span in gold:
        roll = rng.random()
        score = round(rng.uniform(0.55, 0.99), 2)
        if roll < error * 0.4:
            continue  # missed
        if roll < error * 0.7 and span.end < n_tokens:
            out.append(Span(span.start, span.end + 1, span.label, score * 0.6))  # wrong boundary
        elif roll < error:
            other = "ORG" if span.label != "ORG" else "LOC"
            out.append(Span(span.start, span.end, other, score * 0.7))  # wrong type
        else:
            out.append(Span(span.start, span.end, span.label, score))
    taken = {i for s in out for i in range(s.start, s.end)}
    if rng.random() < error * 0.5:
        free = [i for i in range(n_tokens) if i not in taken]
        if free:
            start = rng.choice(free)
            out.append(Span(start, start + 1, "MISC", round(rng.uniform(0.2, 0.5), 2)))  # spurious
    return _non_overlapping(out)


def _non_overlapping(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans):
        if not any(span.overlaps(k) for k in kept):
            kept.append(span)
    return kept


def _counts(gold: list[Span], pred: list[Span]) -> tuple[dict[str, int], int, int, int]:
    """Category counts (prediction-first matching) and (true positives, predicted, gold)."""
    counts = dict.fromkeys(["correct", "wrong_type", "wrong_boundary", "spurious", "missed"], 0)
    partners = set()
    for p in pred:
        overlapping = [g for g in gold if g.overlaps(p)]
        if not overlapping:
            counts["spurious"] += 1
            continue
        g = max(overlapping, key=lambda g: ((g.start, g.end) == (p.start, p.end), g.label == p.label))
        partners.add(g)
        if (g.start, g.end) != (p.start, p.end):
            counts["wrong_boundary"] += 1
        else:
            counts["correct" if g.label == p.label else "wrong_type"] += 1
    counts["missed"] = sum(g not in partners for g in gold)
    return counts, counts["correct"], len(pred), len(gold)


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _alignment(pair: SentencePair, links: set[tuple[int, int]], rng: random.Random, noise: float) -> Alignment:
    n_src, n_tgt = len(pair.src_tokens), len(pair.tgt_tokens)
    scores = np.clip(np.random.default_rng(rng.randrange(1 << 30)).uniform(0, noise, (n_src, n_tgt)), 0, 1)
    kept = {link for link in links if rng.random() > noise * 0.5}
    for i, j in links:
        scores[i, j] = rng.uniform(0.6, 0.98) if (i, j) in kept else rng.uniform(0.3, 0.5)
    return Alignment(scores, kept)


Made = list[tuple[SentencePair, set[tuple[int, int]]]]


def _write_cell(store: Store, sig: Signature, made: Made, error: float) -> None:
    """One cell whose predictions are the gold target spans perturbed at rate ``error``, with its metrics."""
    predictions, categories, f1s, totals = [], [], [], [0, 0, 0]
    per_type: dict[str, list[int]] = {}
    for index, (pair, _) in enumerate(made):
        rng = random.Random(zlib.crc32(f"{sig}|{index}".encode()))
        gold = tags_to_spans(pair.tgt_tags or [])
        pred = _perturb(gold, len(pair.tgt_tokens), rng, max(error, 0.02))
        counts, tp, n_pred, n_gold = _counts(gold, pred)
        predictions.append(pred)
        categories.append(counts)
        f1s.append(1.0 if n_pred == n_gold == 0 else _f1(tp, n_pred, n_gold)[2])
        totals = [totals[0] + tp, totals[1] + n_pred, totals[2] + n_gold]
        for label in {s.label for s in gold + pred}:
            g = [s for s in gold if s.label == label]
            p = [s for s in pred if s.label == label]
            acc = per_type.setdefault(label, [0, 0, 0])
            acc[0] += len({s.key for s in g} & {s.key for s in p})
            acc[1] += len(p)
            acc[2] += len(g)
    metrics = {}
    for scope, (tp, n_pred, n_gold) in [("overall", totals), *per_type.items()]:
        p, r, f = _f1(tp, n_pred, n_gold)
        metrics[scope] = {"precision": p, "recall": r, "f1": f, "support": n_gold, "predicted": n_pred}
    store.write_cell(CellResult(sig, {"fixture": True}, metrics, predictions, categories, f1s))


def build_fixture_cache(path: str | Path, n_sentences: int = 60) -> Store:
    """Write the fixture cache at ``path`` (a fresh SQLite file) and return the open store."""
    store = Store(path)
    made = [make_pair(i) for i in range(n_sentences)]
    corpus = Corpus(CORPUS, [pair for pair, _ in made], {"description": "synthetic test corpus"})
    digest = store.put_corpus(corpus)
    for aligner, noise in (("e5", 0.25), ("eflomal", 0.45)):
        rng = random.Random(aligner)
        store.put_alignments(aligner, CORPUS, [_alignment(p, links, rng, noise) for p, links in made])
    for aligner, method, parallel, sizes, seeds in CELLS:
        for n in sizes:
            for seed in seeds:
                sig = Signature(CORPUS, "en-de", n=n, aligner=aligner, method=method, seed=seed, parallel=parallel,
                                data=digest)
                error = (0.35 if aligner == "eflomal" else 0.2) - 0.1 * (method == "ilp-align") - 0.00012 * n
                error += 0.05 * (parallel == "multi30k-captions")
                _write_cell(store, sig, made, error)
    return store


LONG_CORPUS = "toy-long:en-de"
LONG_ALIGNERS = ("e5(extraction=itermax)", "imported:${cache}/demo/accalign-bam.pharaoh")
"""Specs as the demo writes them: the second contains ``$`` (never to be shown as a formula)."""


def long_pair(index: int, parts: int) -> tuple[SentencePair, set[tuple[int, int]]]:
    """``parts`` consecutive synthetic pairs joined into one long pair (with their links)."""
    pieces = [make_pair(index + k) for k in range(parts)]
    src, tgt, src_tags, tgt_tags, links = [], [], [], [], set()
    for pair, pair_links in pieces:
        links |= {(i + len(src), j + len(tgt)) for i, j in pair_links}
        src, tgt = src + pair.src_tokens, tgt + pair.tgt_tokens
        src_tags, tgt_tags = src_tags + list(pair.src_tags or []), tgt_tags + list(pair.tgt_tags or [])
    return SentencePair(f"toy-long-{index}", "en", "de", src, tgt, src_tags, tgt_tags), links


def add_long_corpus(store: Store, n_sentences: int = 4, parts: int = 5) -> str:
    """Add :data:`LONG_CORPUS`: pairs of 40+ words, score matrices of :data:`LONG_ALIGNERS`, a heuristic cell each."""
    made = [long_pair(parts * i, parts) for i in range(n_sentences)]
    digest = store.put_corpus(Corpus(LONG_CORPUS, [pair for pair, _ in made], {"description": "long synthetic pairs"}))
    for aligner, noise in zip(LONG_ALIGNERS, (0.25, 0.4)):
        rng = random.Random(aligner)
        store.put_alignments(aligner, LONG_CORPUS, [_alignment(p, links, rng, noise) for p, links in made])
        sig = Signature(LONG_CORPUS, "en-de", aligner=aligner, method="heuristic", data=digest)
        _write_cell(store, sig, made, noise / 2)
    return LONG_CORPUS
