"""``bt:<inner>``: xproj's back-translation refinement of an inner aligner.

This is *not* the paper's back-translation route (Politov et al. 2025, ``align_tgt`` / ``backtrans_candidates``
in its results), which never composes English↔target alignments: that route is the projector
``bt-project:<inner>`` (:mod:`xproj_core.project.backproject`). ``bt:`` is ours and measured.

For a labelled source s and its target t, take t′ = a translation of s into t's language, then

* align s↔t′ with the inner aligner (A₁) and s↔t directly (D);
* align t′↔t monolingually (A₂): orthographic similarity of lower-cased words (1 for equal words, else the
  Dice coefficient of character bigrams), the inner aligner's normalised scores, or their mean (``mono``);
  links are the argmax intersection above ``mono_threshold``, ties broken by relative position;
* compose s→t′→t: links {(i, k) | (i, j) ∈ A₁, (j, k) ∈ A₂}, scores C[i, k] = maxⱼ Â₁[i, j]·A₂[j, k] (Â: min-max
  normalised);
* combine with D (``combine``): ``compose`` (C alone), ``union``, ``intersection``, ``fill`` (D plus the composed
  links of source words D leaves unaligned) or ``fuse`` (argmax intersection of w·D̂ + (1−w)·C).

t′ comes, in this order, from ``pair.meta["bt"]`` (tokens or a string), a ``translations`` file (one tokenised
translation per line, line i = pair i) or a ``translator`` from the TRANSLATORS registry.

Defaults (``combine=fuse``, ``mono=ortho``) are the best of the variants measured on Europarl-NER en-es with
Apertium translations and eflomal inside (heuristic-projection F1 .843 direct → .880; see
``docs/aligners-statistical.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any

import numpy as np

from ..errors import Errors, XprojError, check_choice
from ..io.text import read_lines
from ..io.tokenize import tokenize_elided
from ..models.base import TRANSLATORS
from ..types import Alignment, Link, SentencePair
from .base import ALIGNERS, Aligner
from .fused import extract_links, minmax, split_options

COMBINATIONS = ("compose", "union", "intersection", "fill", "fuse")
MONO = ("ortho", "inner", "both")
TIE_BREAK = 1e-3
"""Weight of the relative distortion subtracted before t′↔t link extraction: among equal words (``de`` … ``de``)
the one at the nearer relative position wins, instead of the first."""


def _bigrams(word: str) -> set[str]:
    padded = f"^{word.lower()}$"
    return {padded[k : k + 2] for k in range(len(padded) - 1)}


def orthographic_similarity(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """1 for equal lower-cased words, else the Dice coefficient of their character bigrams."""
    grams = [_bigrams(w) for w in right]
    scores = np.zeros((len(left), len(right)), dtype=np.float32)
    for j, word in enumerate(left):
        mine = _bigrams(word)
        for k, other in enumerate(grams):
            if word.lower() == right[k].lower():
                scores[j, k] = 1.0
            else:
                scores[j, k] = 2 * len(mine & other) / (len(mine) + len(other))
    return scores


def relative_distortion(n_left: int, n_right: int) -> np.ndarray:
    """|j/n − k/m|: how far apart two positions are, relative to the sentence lengths."""
    left = (np.arange(n_left) + 0.5) / max(n_left, 1)
    right = (np.arange(n_right) + 0.5) / max(n_right, 1)
    return np.abs(left[:, None] - right[None, :]).astype(np.float32)


def compose(first: Alignment, second: Alignment) -> tuple[np.ndarray, frozenset[Link]]:
    """Scores maxⱼ Â₁[i, j]·A₂[j, k] and links of the composition first∘second (s×t′ then t′×t)."""
    n_src, n_mid = first.shape
    n_tgt = second.shape[1]
    if not (n_src and n_mid and n_tgt):
        return np.zeros((n_src, n_tgt), dtype=np.float32), frozenset()
    scores = (minmax(first.scores)[:, :, None] * second.scores[None, :, :]).max(axis=1)
    by_middle: dict[int, list[int]] = {}
    for j, k in second.links:
        by_middle.setdefault(j, []).append(k)
    links = frozenset((i, k) for i, j in first.links for k in by_middle.get(j, ()))
    return scores.astype(np.float32), links


def combine(
    direct: Alignment, composed: np.ndarray, composed_links: frozenset[Link], how: str, weight: float
) -> Alignment:
    """The direct alignment combined with the composed one."""
    d = minmax(direct.scores)
    if how == "compose":
        return Alignment(composed, composed_links)
    if how == "intersection":
        return Alignment(np.minimum(d, composed), direct.links & composed_links)
    if how == "fuse":
        scores = weight * d + (1.0 - weight) * composed
        return Alignment(scores, extract_links(scores))
    if how == "fill":
        aligned = {i for i, _ in direct.links}
        return Alignment(
            np.maximum(d, composed), direct.links | {(i, k) for i, k in composed_links if i not in aligned}
        )
    return Alignment(np.maximum(d, composed), direct.links | composed_links)


class BacktranslationAligner:
    """Refines an inner aligner through a translation t′ of the source into the target language."""

    name = "bt"

    def __init__(
        self,
        inner: Aligner,
        translator: str | None = None,
        translations: str | None = None,
        combine: str = "fuse",
        mono: str = "ortho",
        mono_threshold: float = 0.3,
        weight: float = 0.5,
    ) -> None:
        check_choice("combine", combine, COMBINATIONS)
        check_choice("mono", mono, MONO)
        self.inner, self.translator_spec, self.translations_path = inner, translator, translations
        self.combine, self.mono = combine, mono
        self.mono_threshold, self.weight = float(mono_threshold), float(weight)

    def signature(self) -> str:
        source = self.translator_spec or self.translations_path or "meta"
        return (
            f"bt({self.inner.signature()},translations={source},combine={self.combine},mono={self.mono},"
            f"mono_threshold={self.mono_threshold},weight={self.weight})"
        )

    @cached_property
    def file_translations(self) -> list[str] | None:
        return None if self.translations_path is None else read_lines(self.translations_path, allow_empty_lines=True)

    def back_translations(self, pairs: Sequence[SentencePair]) -> list[list[str]]:
        """t′ tokens of every pair."""
        found: list[list[str] | None] = []
        for index, pair in enumerate(pairs):
            given = pair.meta.get("bt")
            if given is None and self.file_translations is not None:
                if len(self.file_translations) != len(pairs):
                    raise XprojError(
                        Errors.E601,
                        path=self.translations_path,
                        what="the translations file",
                        n_lines=len(self.file_translations),
                        n_pairs=len(pairs),
                    )
                given = self.file_translations[index]
            found.append(given.split() if isinstance(given, str) else given)
        missing = [k for k, tokens in enumerate(found) if tokens is None]
        if missing and self.translator_spec is None:
            raise XprojError(
                Errors.E602,
                what="back-translation (meta['bt'], translations=FILE or translator=NAME)",
                pair_id=pairs[missing[0]].id,
            )
        if missing:
            translator = TRANSLATORS.create(self.translator_spec)
            by_languages: dict[tuple[str, str], list[int]] = {}
            for k in missing:
                by_languages.setdefault((pairs[k].src_lang, pairs[k].tgt_lang), []).append(k)
            for (src_lang, tgt_lang), members in by_languages.items():
                texts = translator.translate([" ".join(pairs[k].src_tokens) for k in members], src_lang, tgt_lang)
                for k, text in zip(members, texts):
                    found[k] = tokenize_elided(text)
        return found  # type: ignore[return-value]

    def mono_alignments(
        self, middle: list[SentencePair], pairs: Sequence[SentencePair], progress: bool
    ) -> list[Alignment]:
        """t′↔t alignments (same language)."""
        mono_pairs = [
            replace(p, src_lang=p.tgt_lang, src_tokens=m.tgt_tokens, src_tags=None, tgt_tags=None, meta={})
            for m, p in zip(middle, pairs)
        ]
        inner = self.inner.align(mono_pairs, progress) if self.mono != "ortho" else None
        alignments = []
        for k, pair in enumerate(mono_pairs):
            ortho = orthographic_similarity(pair.src_tokens, pair.tgt_tokens)
            if inner is None:
                scores = ortho
            elif self.mono == "inner":
                scores = minmax(inner[k].scores)
            else:
                scores = (ortho + minmax(inner[k].scores)) / 2
            tie_broken = scores - TIE_BREAK * relative_distortion(*scores.shape)
            alignments.append(Alignment(scores, extract_links(tie_broken, threshold=self.mono_threshold)))
        return alignments

    def middle_pairs(self, pairs: Sequence[SentencePair]) -> list[SentencePair]:
        """The s↔t′ pairs."""
        return [
            replace(p, tgt_tokens=bt, tgt_tags=None, meta={}) for p, bt in zip(pairs, self.back_translations(pairs))
        ]

    def refine(self, direct: list[Alignment], first: list[Alignment], second: list[Alignment]) -> list[Alignment]:
        """Combine s↔t with the composition of s↔t′ and t′↔t, pair by pair."""
        results = []
        for d, a1, a2 in zip(direct, first, second):
            composed, composed_links = compose(a1, a2)
            results.append(combine(d, composed, composed_links, self.combine, self.weight))
        return results

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        middle = self.middle_pairs(pairs)
        direct, first = self.inner.align(pairs, progress), self.inner.align(middle, progress)
        return self.refine(direct, first, self.mono_alignments(middle, pairs, progress))


@ALIGNERS.register(
    "bt",
    "xproj's back-translation refinement of an aligner: align s↔t′ (t′ = translation of s) and t′↔t, compose, "
    "combine with s↔t (the paper's own route, which projects t′'s marked spans onto t, is the projector "
    "bt-project:INNER)",
    takes_argument=True,
    argument_help="INNER_ALIGNER",
    options={
        "translator": "translator spec for t′ (TRANSLATORS registry); else pair.meta['bt'] or translations=FILE",
        "translations": "file of tokenised translations of the sources, line i = pair i",
        "combine": "fuse (default), compose, union, intersection or fill",
        "mono": "t′↔t alignment: ortho (default), inner, or both (their mean)",
        "mono_threshold": "minimum t′↔t score of a link (default 0.3)",
        "weight": "weight of the direct alignment with combine=fuse (default 0.5)",
        "inner.KEY": "option of the inner aligner",
    },
)
def _bt(argument: str, **options: Any) -> BacktranslationAligner:
    own, inner = split_options(options, ("inner",))
    return BacktranslationAligner(ALIGNERS.create(argument, **inner["inner"]), **own)
