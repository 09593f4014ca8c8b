"""``easyproject``: mark-then-translate projection (Chen et al. 2023, EasyProject).

Each source entity is wrapped in ``[ ]`` (source brackets are first turned into parentheses), the
marked sentence is translated with a translator that carries the markers (Apertium does: it treats
them as blanks), and the bracketed target ranges are read back. Bracketed ranges are matched to
source entities by similarity to each entity translated on its own (plus a bonus for keeping the
order), so reordering does not swap labels. An entity whose markers were lost falls back to fuzzy
matching of its separate translation (or its source string) against the target tokens.

EasyProject makes its own target sentence (translate-train), which does not fit ``ProjectionInput``
(a given target sentence). So there are two entry points:

* :meth:`EasyProject.translate_train` — source-labelled pairs in, new pairs out whose target side is the
  marker-free translation with the projected tags (``meta`` records translator, tokenizer, markers);
* :meth:`EasyProject.project` — the Projector protocol, for a *given* target sentence: each entity's
  target string (from the markers, else its separate translation) is located in the given target
  tokens by fuzzy matching. With the translator's own output as target this equals translate-train.

``last_stats`` holds the counts of the last run: entities, markers that survived, fuzzy fallbacks,
lost entities, and ``survival_rate``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any

import numpy as np

from ..io.tokenize import tokenize_translation, tokenizer_name
from ..models.base import TRANSLATORS, Translator
from ..tags import spans_to_tags
from ..types import SentencePair, Span
from .base import PROJECTORS, ProjectionInput

OPEN, CLOSE = "[", "]"
ORDER_BONUS = 0.25
FUZZY_WEIGHT = 0.8
"""A fuzzy-matched span's score is its similarity times this; marker spans score their bracket match."""


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Character similarity (difflib ratio) of two token sequences, case-insensitive."""
    return SequenceMatcher(None, " ".join(a).lower(), " ".join(b).lower()).ratio()


def mark(tokens: Sequence[str], spans: Sequence[Span]) -> str:
    """The source sentence with ``[ ]`` around each entity (existing brackets become parentheses)."""
    clean = ["(" if t == OPEN else ")" if t == CLOSE else t for t in tokens]
    starts, ends = {s.start for s in spans}, {s.end for s in spans}
    out: list[str] = []
    for index, token in enumerate(clean + [""]):
        if index in ends:
            out.append(CLOSE)
        if index in starts:
            out.append(OPEN)
        if token:
            out.append(token)
    return " ".join(out)


def read_markers(tokens: Sequence[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """Tokens without markers, and the non-empty bracketed ranges over them (unbalanced markers ignored)."""
    clean: list[str] = []
    ranges: list[tuple[int, int]] = []
    opened: list[int] = []
    for token in tokens:
        if token == OPEN:
            opened.append(len(clean))
        elif token == CLOSE:
            if opened:
                start = opened.pop()
                if start < len(clean):
                    ranges.append((start, len(clean)))
        else:
            clean.append(token)
    return clean, sorted(ranges)


def locate(candidates: Sequence[Sequence[str]], tokens: Sequence[str], taken: Sequence[Span]) -> tuple[int, int, float]:
    """The free window of ``tokens`` most similar to any candidate (lengths ±1): ``(start, end, similarity)``."""
    best = (0, 0, 0.0)
    for candidate in candidates:
        for length in range(max(1, len(candidate) - 1), len(candidate) + 2):
            for start in range(0, len(tokens) - length + 1):
                end = start + length
                if any(s.start < end and start < s.end for s in taken):
                    continue
                score = similarity(candidate, tokens[start:end])
                if score > best[2]:
                    best = (start, end, score)
    return best


@dataclass
class EntityTranslation:
    """One source entity's target strings: from the markers (None when lost) and translated alone."""

    span: Span
    marked: list[str] | None
    alone: list[str]
    source: list[str]
    marker_score: float = 0.0


@dataclass
class MarkedSentence:
    """A marker-free translation and its entities' target evidence."""

    tokens: list[str]
    entities: list[EntityTranslation]
    ranges: dict[int, tuple[int, int]] = field(default_factory=dict)
    """entity index → its bracketed target range in ``tokens``"""


class EasyProject:
    """Mark, translate, read back; fuzzy fallback. See the module docstring for the two entry points."""

    name = "easyproject"
    needs_alignment = False

    def __init__(
        self, translator: str | Translator = "apertium:eng-spa", tokenizer: str = "spacy", min_similarity: float = 0.5
    ) -> None:
        self.translator = TRANSLATORS.create(translator) if isinstance(translator, str) else translator
        self.tokenizer = tokenizer
        self.min_similarity = min_similarity
        self.last_stats: dict[str, Any] = {}

    def signature(self) -> str:
        return (
            f"easyproject(translator={self.translator.name},tokenizer={self.tokenizer},"
            f"markers=[],min_similarity={self.min_similarity})"
        )

    def _translate(self, pairs: Sequence[SentencePair], spans: Sequence[Sequence[Span]]) -> list[MarkedSentence]:
        """Translate marked sentences and all entities alone (one call each per language pair)."""
        result: list[MarkedSentence] = []
        for pair, entity_spans in zip(pairs, spans):
            result.append(
                MarkedSentence(
                    [], [EntityTranslation(s, None, [], list(pair.src_tokens[s.start : s.end])) for s in entity_spans]
                )
            )
        groups: dict[tuple[str, str], list[int]] = {}
        for index, pair in enumerate(pairs):
            groups.setdefault((pair.src_lang, pair.tgt_lang), []).append(index)
        for (src_lang, tgt_lang), indices in groups.items():
            marked = self.translator.translate(
                [mark(pairs[i].src_tokens, spans[i]) for i in indices], src_lang, tgt_lang
            )
            entities = [e for i in indices for e in result[i].entities]
            alone = self.translator.translate([" ".join(e.source) for e in entities], src_lang, tgt_lang)
            for entity, text in zip(entities, alone):
                entity.alone = tokenize_translation(text, tgt_lang, self.tokenizer)
            for i, text in zip(indices, marked):
                result[i].tokens, bracketed = read_markers(tokenize_translation(text, tgt_lang, self.tokenizer))
                self._match(result[i], bracketed)
        return result

    def _match(self, sentence: MarkedSentence, bracketed: list[tuple[int, int]]) -> None:
        """Assign bracketed ranges to entities (Hungarian on similarity + order bonus)."""
        from scipy.optimize import linear_sum_assignment

        entities = sentence.entities
        if not entities or not bracketed:
            return
        gain = np.zeros((len(entities), len(bracketed)))
        for e, entity in enumerate(entities):
            for b, (start, end) in enumerate(bracketed):
                text = sentence.tokens[start:end]
                gain[e, b] = max(similarity(entity.alone, text), similarity(entity.source, text))
                gain[e, b] += ORDER_BONUS * (e == b and len(entities) == len(bracketed))
        for e, b in zip(*linear_sum_assignment(-gain)):
            if gain[e, b] >= self.min_similarity:
                entities[e].marked = sentence.tokens[bracketed[b][0] : bracketed[b][1]]
                entities[e].marker_score = min(1.0, float(gain[e, b]))
                sentence.ranges[e] = bracketed[b]

    def _spans(
        self, sentence: MarkedSentence, tokens: Sequence[str], use_ranges: bool, stats: dict[str, int]
    ) -> list[Span]:
        """Target spans over ``tokens``: marker ranges first (when they index ``tokens``), then fuzzy matches."""
        chosen: list[Span] = []
        order = sorted(range(len(sentence.entities)), key=lambda e: -sentence.entities[e].marker_score)
        for e in order:
            entity = sentence.entities[e]
            stats["entities"] += 1
            stats["markers_survived"] += entity.marked is not None
            if use_ranges and e in sentence.ranges:
                (start, end), match = sentence.ranges[e], entity.marker_score
            else:
                candidates = [c for c in (entity.marked, entity.alone, entity.source) if c]
                start, end, match = locate(candidates, tokens, chosen)
            overlaps = any(s.start < end and start < s.end for s in chosen)
            if end > start and match >= self.min_similarity and not overlaps:
                weight = 1.0 if entity.marked is not None else FUZZY_WEIGHT
                chosen.append(Span(start, end, entity.span.label, round(match * weight, 4)))
                stats["fuzzy"] += entity.marked is None
            else:
                stats["lost"] += 1
        return sorted(chosen)

    def _finish(self, stats: dict[str, int]) -> None:
        self.last_stats = {
            **stats,
            "survival_rate": stats["markers_survived"] / stats["entities"] if stats["entities"] else None,
        }

    def translate_train(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[SentencePair]:
        """New pairs whose target is the marker-free translation of the source, tagged from the markers."""
        sentences = self._translate(pairs, [p.src_spans for p in pairs])
        stats = dict.fromkeys(("entities", "markers_survived", "fuzzy", "lost"), 0)
        result = []
        for pair, sentence in zip(pairs, sentences):
            spans = self._spans(sentence, sentence.tokens, True, stats)
            meta = {
                **pair.meta,
                "translator": self.translator.name,
                "tokenizer": tokenizer_name(self.tokenizer, pair.tgt_lang),
                "projection": self.signature(),
                "span_scores": [[s.start, s.end, s.label, s.score] for s in spans],
            }
            result.append(
                replace(
                    pair, tgt_tokens=sentence.tokens, tgt_tags=spans_to_tags(spans, len(sentence.tokens)), meta=meta
                )
            )
        self._finish(stats)
        return result

    def project(self, items: Sequence[ProjectionInput], progress: bool = False) -> list[list[Span]]:
        """Spans over each item's given target tokens (see the module docstring)."""
        sentences = self._translate([i.pair for i in items], [i.src_spans for i in items])
        stats = dict.fromkeys(("entities", "markers_survived", "fuzzy", "lost"), 0)
        result = []
        for item, sentence in zip(items, sentences):
            same = list(item.pair.tgt_tokens) == sentence.tokens
            result.append(self._spans(sentence, item.pair.tgt_tokens, same, stats))
        self._finish(stats)
        return result


@PROJECTORS.register(
    "easyproject",
    "mark entities with [ ], translate, read the markers back; fuzzy fallback (needs a translator, no alignment)",
    options={
        "translator": "translator spec (default apertium:eng-spa)",
        "tokenizer": "spacy or whitespace",
        "min_similarity": "minimum match similarity (default 0.5)",
    },
)
def _easyproject(
    translator: str | Translator = "apertium:eng-spa", tokenizer: str = "spacy", min_similarity: float = 0.5
) -> EasyProject:
    return EasyProject(translator, tokenizer, float(min_similarity))
