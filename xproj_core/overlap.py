"""Parallel text that shares sentences with a gold test set: removed before any training.

News parallel text (MAFAND-MT, WMT) and news NER test sets (MasakhaNER2) can share sentences. A pair
is removed when its sentence in the gold language equals a gold test sentence after
:func:`normalise` (NFC, casefold, punctuation and symbols to spaces, whitespace collapsed); pairs
whose sentence is only close to one (character n-gram Jaccard >= ``threshold``) are reported as
near-duplicates and kept. The near-duplicate search is exact and fast: a prefix-filtered set
similarity join (rarest n-grams first), so only candidate pairs sharing a rare n-gram are compared.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .datasets import load_corpus
from .datasets.languages import LanguageSources, gold_tests, iso3, language_sources
from .types import Corpus, SentencePair

THRESHOLD = 0.9
NGRAM = 3


def normalise(text: str) -> str:
    """NFC, casefolded, punctuation and symbols replaced by spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).casefold()
    kept = (" " if unicodedata.category(c)[0] in "PSZ" or c.isspace() else c for c in text)
    return " ".join("".join(kept).split())


def char_ngrams(text: str, n: int = NGRAM) -> frozenset[str]:
    """Character n-grams of `` text `` (padded with one space each side)."""
    padded = f" {text} "
    return frozenset(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


@dataclass(frozen=True)
class NearDuplicate:
    """A kept pair (its index in the input) whose sentence is close to gold sentence ``gold_index``."""

    pair_index: int
    gold_index: int
    score: float


@dataclass
class OverlapResult:
    """The pairs kept, and what was found: ``removed`` exact matches, ``near`` near-duplicates."""

    kept: list[SentencePair]
    removed: list[int] = field(default_factory=list)
    near: list[NearDuplicate] = field(default_factory=list)


class GoldIndex:
    """Normalised gold sentences, indexed for exact lookup and for the Jaccard similarity join."""

    def __init__(self, sentences: Sequence[str], threshold: float = THRESHOLD, n: int = NGRAM) -> None:
        self.threshold, self.n = threshold, n
        self.exact = {normalise(s) for s in sentences}
        self.grams = [char_ngrams(normalise(s), n) for s in sentences]
        frequency = Counter(g for grams in self.grams for g in grams)
        self.rank = {g: (count, g) for g, count in frequency.items()}
        self.by_prefix_gram: dict[str, list[int]] = defaultdict(list)
        for index, grams in enumerate(self.grams):
            for gram in self._prefix(grams):
                self.by_prefix_gram[gram].append(index)

    def _prefix(self, grams: frozenset[str]) -> list[str]:
        """The rarest ``|x| - ceil(t |x|) + 1`` n-grams: two sets with Jaccard >= t share one of them."""
        ordered = sorted(grams, key=lambda g: self.rank.get(g, (0, g)))
        return ordered[: len(grams) - math.ceil(self.threshold * len(grams)) + 1]

    def nearest(self, text: str) -> tuple[int, float] | None:
        """The most similar gold sentence with Jaccard >= threshold, as (index, score), or None."""
        grams = char_ngrams(normalise(text), self.n)
        best: tuple[int, float] | None = None
        candidates = {i for gram in self._prefix(grams) for i in self.by_prefix_gram.get(gram, ())}
        for index in sorted(candidates):
            other = self.grams[index]
            if not self.threshold * len(other) <= len(grams) <= len(other) / self.threshold:
                continue
            score = jaccard(grams, other)
            if score >= self.threshold and (best is None or score > best[1]):
                best = (index, score)
        return best


def side_text(pair: SentencePair, side: str) -> str:
    """The raw text of one side (``meta[side_text]``), else its tokens joined by spaces."""
    return pair.meta.get(f"{side}_text") or " ".join(getattr(pair, f"{side}_tokens"))


def remove_overlap(
    pairs: Sequence[SentencePair], gold: GoldIndex, side: str = "tgt", report_near: bool = True, lang: str = ""
) -> OverlapResult:
    """Drop the pairs whose ``side`` sentence (with ``lang``: the side in that language, pair by pair)
    is a normalised exact match of a gold sentence; report near-duplicates among the kept pairs
    (``report_near=False`` skips that search)."""
    result = OverlapResult(kept=[])
    for index, pair in enumerate(pairs):
        text = side_text(pair, language_side(pair, lang) if lang else side)
        if normalise(text) in gold.exact:
            result.removed.append(index)
            continue
        result.kept.append(pair)
        match = gold.nearest(text) if report_near else None
        if match is not None:
            result.near.append(NearDuplicate(index, *match))
    return result


@dataclass
class SourceOverlap:
    """Overlap counts of one parallel source with the gold test sets of its language."""

    name: str
    pairs: int
    removed: int
    near: int


def language_gold_index(
    lang: str, data_dir: str | Path | None = None, threshold: float = THRESHOLD, tests: Sequence[str] | None = None
) -> GoldIndex:
    """The sentences of the gold test sets ``tests`` (default: all of the language's; E043 when none)."""
    tests = tests if tests is not None else gold_tests(lang, data_dir)
    sentences = [" ".join(p.tgt_tokens) for name in tests for p in load_corpus(name, data_dir)]
    return GoldIndex(sentences, threshold)


def language_side(pair: SentencePair, lang: str) -> str:
    """``src`` when the pair's source side is in ``lang``, else ``tgt``."""
    return "src" if iso3(pair.src_lang) == iso3(lang) else "tgt"


def filter_parallel(
    corpus: Corpus, lang: str, data_dir: str | Path | None = None, gold: GoldIndex | None = None
) -> OverlapResult:
    """:func:`remove_overlap` of a parallel corpus (joined ones too) against the gold test sets of ``lang``."""
    gold = gold or language_gold_index(lang, data_dir)
    return remove_overlap(corpus.pairs, gold, lang=lang)


def without_gold(pairs: Sequence[SentencePair], gold_sets: Sequence[str]) -> list[SentencePair]:
    """The pairs whose sentence in the gold sets' language is in none of the named gold sets (exact
    normalised match; no near-duplicate search)."""
    corpora = [load_corpus(name) for name in gold_sets]
    gold = GoldIndex([" ".join(p.tgt_tokens) for corpus in corpora for p in corpus])
    return remove_overlap(pairs, gold, lang=corpora[0][0].tgt_lang, report_near=False).kept


def language_overlap(
    lang: str, data_dir: str | Path | None = None, threshold: float = THRESHOLD, found: LanguageSources | None = None
) -> list[SourceOverlap]:
    """Overlap counts of every parallel and image–text source of ``lang`` with its gold test sets
    (``found``: the language's :func:`language_sources`, when already at hand)."""
    found = found or language_sources(lang, data_dir)
    if not found.gold_tests:
        gold_tests(lang, data_dir)  # raises E043 naming the languages that have one
    gold = language_gold_index(lang, data_dir, threshold, found.gold_tests)
    rows = []
    for info in [*found.parallel, *found.image_text]:
        result = filter_parallel(load_corpus(info.name, data_dir), lang, gold=gold)
        rows.append(SourceOverlap(info.name, info.size, len(result.removed), len(result.near)))
    return rows
