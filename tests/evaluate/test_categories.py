"""Error categories: hand-made cases, invariants on random spans, agreement with the span metrics."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xproj_core.evaluate.categories import Category, Judgement, categorize, categorize_corpus, category_totals
from xproj_core.evaluate.perturb import perturb_corpus
from xproj_core.evaluate.spans import span_scores
from xproj_core.io.conll import read_conll
from xproj_core.tags import tags_to_spans
from xproj_core.types import Span

C = Category


def test_each_category_once():
    gold = [Span(0, 2, "PER"), Span(3, 4, "LOC"), Span(5, 7, "ORG"), Span(9, 10, "PER")]
    pred = [Span(0, 2, "PER"), Span(3, 4, "ORG"), Span(5, 6, "ORG"), Span(8, 9, "LOC")]
    errors = categorize(gold, pred)
    assert errors.judgements == (
        Judgement(C.CORRECT, Span(0, 2, "PER"), Span(0, 2, "PER")),
        Judgement(C.WRONG_TYPE, Span(3, 4, "ORG"), Span(3, 4, "LOC")),
        Judgement(C.WRONG_BOUNDARY, Span(5, 6, "ORG"), Span(5, 7, "ORG")),
        Judgement(C.SPURIOUS, Span(8, 9, "LOC"), None),
        Judgement(C.MISSED, None, Span(9, 10, "PER")),
    )
    assert errors.counts == {"correct": 1, "wrong_type": 1, "wrong_boundary": 1, "spurious": 1, "missed": 1}
    assert (errors.span_counts.precision, errors.span_counts.recall) == (0.25, 0.25)
    assert errors.f1 == 0.25
    assert errors.has(C.SPURIOUS) and errors.as_dict()["judgements"][4] == {
        "category": "missed", "pred": None, "gold": [9, 10, "PER"]
    }  # fmt: skip


def test_partner_choice_prefers_bounds_then_type_then_overlap():
    # a merged prediction over two gold entities: partner is the same-type one; the other is missed
    errors = categorize([Span(0, 2, "LOC"), Span(3, 4, "PER")], [Span(0, 4, "PER")])
    assert [(j.category, j.gold) for j in errors.judgements] == [
        (C.WRONG_BOUNDARY, Span(3, 4, "PER")),
        (C.MISSED, Span(0, 2, "LOC")),
    ]
    # same type everywhere: the larger overlap wins
    errors = categorize([Span(0, 1, "LOC"), Span(2, 5, "LOC")], [Span(0, 4, "LOC")])
    assert errors.judgements[0].gold == Span(2, 5, "LOC")
    # a split gold entity: both halves are wrong boundaries, the gold span is not missed
    errors = categorize([Span(0, 4, "ORG")], [Span(0, 2, "ORG"), Span(2, 4, "ORG")])
    assert errors.counts["wrong_boundary"] == 2 and errors.counts["missed"] == 0
    assert errors.span_counts.n_gold == 1


def test_empty_sentence_is_perfect_and_types_restrict():
    assert categorize([], []).f1 == 1.0
    errors = categorize([Span(0, 1, "DATE")], [Span(2, 3, "MISC")], types=["PER"])
    assert errors.judgements == () and errors.f1 == 1.0
    errors = categorize([Span(0, 1, "PER")], [Span(0, 1, "PER"), Span(0, 1, "PER", score=0.5)])
    assert errors.counts["correct"] == 1


SPAN = st.builds(
    lambda start, length, label: Span(start, start + length, label),
    st.integers(0, 10),
    st.integers(1, 3),
    st.sampled_from(["PER", "LOC", "ORG"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SPAN, max_size=6), st.lists(SPAN, max_size=6))
def test_invariants(gold, pred):
    errors = categorize(gold, pred)
    counts = errors.counts
    n_pred, n_gold = len({s.key for s in pred}), len({s.key for s in gold})
    assert counts["correct"] + counts["wrong_type"] + counts["wrong_boundary"] + counts["spurious"] == n_pred
    assert counts["missed"] <= n_gold and errors.span_counts.n_gold == n_gold
    assert errors.span_counts == span_scores([gold], [pred]).micro
    for j in errors.judgements:
        if j.category is C.SPURIOUS:
            assert not any(g.overlaps(j.pred) for g in gold)
        if j.category is C.MISSED:
            assert j.gold not in {k.gold for k in errors.judgements if k.pred is not None}


def test_totals_agree_with_span_metrics(shared_data):
    gold_tags = [s.tags for s in read_conll(shared_data / "masakhaner2/yor/test.txt")]
    pred_tags = perturb_corpus(gold_tags, "mixed", seed=3)
    gold = [tags_to_spans(t) for t in gold_tags]
    pred = [tags_to_spans(t) for t in pred_tags]
    sentences = categorize_corpus(gold, pred)
    totals = category_totals(sentences)
    micro = span_scores(gold, pred).micro
    assert totals["correct"] == micro.tp
    assert totals["correct"] + totals["wrong_type"] + totals["wrong_boundary"] + totals["spurious"] == micro.n_pred
    assert all(n > 0 for n in totals.values())
