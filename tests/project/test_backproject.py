"""bt-project:<inner>: the paper's back-translation route with fake translator and aligner."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from xproj_core.project import PROJECTORS, ProjectionInput
from xproj_core.types import Alignment, SentencePair, Span

WORDS = {"lives": "wohnt", "in": "in"}


class WordTranslator:
    """Word-by-word en→de from a tiny dictionary; unknown words and markers pass through."""

    name = "words"

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        self.calls.append((src_lang, tgt_lang))
        return [" ".join(WORDS.get(w, w) for w in t.split()) for t in texts]


class EqualWords:
    """Links case-insensitively equal words (a monolingual t′↔t aligner)."""

    name = "equal"

    def __init__(self) -> None:
        self.seen: list[SentencePair] = []

    def signature(self) -> str:
        return "equal"

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        self.seen += pairs
        return [
            Alignment.from_links(
                {
                    (i, j)
                    for i, a in enumerate(p.src_tokens)
                    for j, b in enumerate(p.tgt_tokens)
                    if a.lower() == b.lower()
                },
                len(p.src_tokens),
                len(p.tgt_tokens),
            )
            for p in pairs
        ]


def _item() -> ProjectionInput:
    pair = SentencePair("s1", "en", "de", "Anna Berg lives in Paris".split(), "In Paris wohnt Anna Berg".split())
    return ProjectionInput(pair, [Span(0, 2, "PER"), Span(4, 5, "LOC")])


@pytest.mark.parametrize("inner", ["heuristic", "ilp-align"])
def test_marked_translation_is_aligned_with_the_target_and_its_spans_projected(inner: str) -> None:
    translator, aligner = WordTranslator(), EqualWords()
    projector = PROJECTORS.create(
        f"bt-project:{inner}",
        translator=translator,
        aligner=aligner,
        tokenizer="whitespace",
        **{"inner.solver": "greedy"} if inner != "heuristic" else {},
    )
    spans = projector.project([_item()])[0]
    assert [s.key for s in spans] == [(1, 2, "LOC"), (3, 5, "PER")]
    # t′ (German, from the markers) was aligned with t (German): same language on both sides, no English
    assert aligner.seen[0].src_tokens == "Anna Berg wohnt in Paris".split()
    assert (aligner.seen[0].src_lang, aligner.seen[0].tgt_lang) == ("de", "de")
    assert set(translator.calls) == {("en", "de")}
    assert projector.needs_alignment is False
    assert projector.signature().startswith(f"bt-project({inner}(") and "aligner=equal" in projector.signature()
    assert projector.last_stats["markers_survived"] == 2
