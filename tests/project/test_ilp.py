"""ILP projectors through the registry, with fake NER and translation backends."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from xproj_core.errors import XprojError
from xproj_core.project import PROJECTORS, ProjectionInput
from xproj_core.types import Alignment, SentencePair, Span

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


class FakeTagger:
    """Probability 0.9 for the gazetteer type of known words (B- first, I- when continuing), else O."""

    name = "fake-tagger"
    labels = LABELS
    gazetteer = {"Paris": "LOC", "Anna": "PER", "Berg": "PER"}

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        raise NotImplementedError

    def probabilities(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        out = []
        for words in sentences:
            rows = np.full((len(words), len(LABELS)), 0.1 / (len(LABELS) - 1))
            for i, word in enumerate(words):
                kind = self.gazetteer.get(word)
                continues = i > 0 and kind is not None and self.gazetteer.get(words[i - 1]) == kind
                label = "O" if kind is None else ("I-" if continues else "B-") + kind
                rows[i, LABELS.index(label)] = 0.9
            out.append(rows)
        return out


class FakeScorer:
    """log P(b | a) = 0 for case-insensitively equal strings, −3 otherwise."""

    name = "fake-scorer"

    def log_prob(self, sources: Sequence[str], targets: Sequence[str], src_lang: str, tgt_lang: str) -> list[float]:
        return [0.0 if a.lower() == b.lower() else -3.0 for a, b in zip(sources, targets)]


def _item() -> ProjectionInput:
    # en: Anna Berg lives in Paris  /  de: In Paris wohnt Anna Berg
    pair = SentencePair("s1", "en", "de", "Anna Berg lives in Paris".split(), "In Paris wohnt Anna Berg".split())
    links = {(0, 3), (1, 4), (2, 2), (3, 0), (4, 1)}
    return ProjectionInput(pair, [Span(0, 2, "PER"), Span(4, 5, "LOC")], Alignment.from_links(links, 5, 5))


EXPECTED = [(1, 2, "LOC"), (3, 5, "PER")]


@pytest.mark.parametrize("solver", ["greedy", "exact", "milp"])
@pytest.mark.parametrize(
    ("method", "options"),
    [
        ("ilp-align", {}),
        ("ilp-align", {"restrict": False}),
        ("ilp-ner", {"tagger": FakeTagger()}),
        ("ilp-ner-spans", {"tagger": FakeTagger()}),
        ("ilp-nmt", {"scorer": FakeScorer()}),
        ("ilp-fused:align_ner", {"tagger": FakeTagger()}),
        ("ilp-fused:all_fusion", {"tagger": FakeTagger(), "scorer": FakeScorer()}),
    ],
)
def test_projectors_find_the_entities(method: str, options: dict, solver: str) -> None:
    projector = PROJECTORS.create(method, solver=solver, **options)
    spans = projector.project([_item()])[0]
    if method == "ilp-ner-spans":  # span-ness only: both entities score every candidate alike
        assert [(s.start, s.end) for s in spans] == [(1, 2), (3, 5)]
    else:
        assert [s.key for s in spans] == EXPECTED
    assert all(s.score > 0 for s in spans)
    assert projector.needs_alignment == ("align" in method or "fusion" in method)
    assert projector.signature().startswith(method + "(") and f"solver={solver}" in projector.signature()


def test_align_scores_become_confidences_and_empty_items_pass() -> None:
    projector = PROJECTORS.create("ilp-align")
    empty = ProjectionInput(SentencePair("s2", "en", "de", ["Hi"], ["Hallo"]), [], Alignment.from_links(set(), 1, 1))
    unaligned = ProjectionInput(_item().pair, [Span(0, 2, "PER")], Alignment.from_links(set(), 5, 5))
    spans, none, nothing = projector.project([_item(), empty, unaligned])
    assert [s.score for s in spans] == pytest.approx([1.0, 1.0]) and none == [] and nothing == []


def test_constraint_sense_and_n_proj() -> None:
    # the PER entity is also aligned to target word 0; under ">=" every positive disjoint pair pays,
    # so it takes word 0 and splits "Anna Berg" (2/3 + 2/3 > 1)
    item = _item()
    item.alignment = Alignment.from_links({(0, 3), (1, 4), (4, 1), (0, 0)}, 5, 5)
    one = PROJECTORS.create("ilp-align", restrict=False).project([item])[0]
    many = PROJECTORS.create("ilp-align", sense=">=", restrict=False).project([item])[0]
    assert [s.key for s in one] == EXPECTED
    assert [s.key for s in many] == [(0, 1, "PER"), (1, 2, "LOC"), (3, 4, "PER"), (4, 5, "PER")]
    two = PROJECTORS.create("ilp-align", n_proj=2).project([item])[0]
    assert [s.key for s in two] == [(0, 1, "PER"), (1, 2, "LOC"), (3, 5, "PER")]


def test_missing_backends_and_bad_options_are_coded_errors() -> None:
    with pytest.raises(XprojError, match="E200.*NER tagger"):
        PROJECTORS.create("ilp-ner")
    with pytest.raises(XprojError, match="E200.*translation scorer"):
        PROJECTORS.create("ilp-fused:align_nmt")
    with pytest.raises(XprojError, match="E201"):
        PROJECTORS.create("ilp-fused:nope")
    with pytest.raises(XprojError, match="E016"):
        PROJECTORS.create("ilp-align", solver="gurobi")
    with pytest.raises(XprojError, match=r"\[E016\] invalid option 'max_len=0': must be at least 1"):
        PROJECTORS.create("ilp-align", max_len="0")
    with pytest.raises(XprojError, match="E200.*alignment"):
        PROJECTORS.create("ilp-align").project([ProjectionInput(_item().pair, _item().src_spans)])


class TaggingFakeTagger(FakeTagger):
    """FakeTagger whose tags are the argmax of its probabilities."""

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return [[LABELS[int(k)] for k in p.argmax(axis=1)] for p in self.probabilities(sentences)]


def test_ner_candidates_are_the_taggers_spans_scored_by_alignment() -> None:
    """Missing method 2: candidates=ner keeps only the predicted spans (any type), scored by `align`."""
    item = _item()
    item.alignment = Alignment.from_links({(0, 3), (1, 3), (4, 1)}, 5, 5)
    ngrams = PROJECTORS.create("ilp-align").project([item])[0]
    assert [s.key for s in ngrams] == [(1, 2, "LOC"), (3, 4, "PER")]
    projector = PROJECTORS.create("ilp-align", candidates="ner", tagger=TaggingFakeTagger())
    assert [s.key for s in projector.project([item])[0]] == EXPECTED
    assert "candidates=ner" in projector.signature() and "tagger=fake-tagger" in projector.signature()
    with pytest.raises(XprojError, match="E200.*NER tagger"):
        PROJECTORS.create("ilp-align", candidates="ner")


@pytest.mark.parametrize("solver", ["exact", "milp"])
def test_an_entity_without_candidates_drops_only_its_own_constraint(solver: str) -> None:
    """Correction 5: under >= the LOC entity has no positive candidate; PER keeps its >= constraint.
    (greedy never reports infeasibility, so both ways give it the same result.)"""
    item = _item()
    item.alignment = Alignment.from_links({(0, 3), (1, 4), (0, 0)}, 5, 5)
    thesis = PROJECTORS.create("ilp-align", sense=">=", restrict=False, solver=solver).project([item])[0]
    assert [s.key for s in thesis] == [(0, 1, "PER"), (3, 4, "PER"), (4, 5, "PER")]
    former = PROJECTORS.create("ilp-align", sense=">=", restrict=False, solver=solver, infeasible="sentence")
    assert [s.key for s in former.project([item])[0]] == [(3, 5, "PER")]


def test_punct_filter_drops_ngrams_with_exclamation_or_question_marks() -> None:
    """Correction 6: the thesis code's optional filter."""
    pair = SentencePair("s3", "en", "de", "Anna Berg".split(), "Anna Berg !".split())
    item = ProjectionInput(pair, [Span(0, 2, "PER")], Alignment.from_links({(0, 0), (1, 1), (1, 2)}, 2, 3))
    assert [s.key for s in PROJECTORS.create("ilp-align").project([item])[0]] == [(0, 3, "PER")]
    filtered = PROJECTORS.create("ilp-align", punct_filter=True)
    assert [s.key for s in filtered.project([item])[0]] == [(0, 2, "PER")]
    assert "punct_filter=True" in filtered.signature()
