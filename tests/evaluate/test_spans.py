"""Span metrics against seqeval 1.2.2 (default mode): hand-made cases, random tags, real data."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics import classification_report, f1_score
from seqeval.metrics.sequence_labeling import get_entities, precision_recall_fscore_support

from xproj_core.evaluate.perturb import PERTURBATIONS, perturb_corpus
from xproj_core.evaluate.spans import Counts, mask_types, sentence_counts, span_scores, tag_scores
from xproj_core.io.conll import read_conll
from xproj_core.tags import TagSyntaxError
from xproj_core.types import Span

Tags = Sequence[Sequence[str]]


def assert_matches_seqeval(gold: Tags, pred: Tags, types: set[str] | None = None, report: bool = True) -> None:
    """Per-type P/R/F1/support and micro F1 equal seqeval's, float for float.

    With ``report``, also every row of ``classification_report``; without, its per-type rows are taken
    from ``precision_recall_fscore_support`` (what the report calls), which is faster on large data.
    """
    ours = tag_scores(gold, pred, types)
    gold_m, pred_m = mask_types(gold, types), mask_types(pred, types)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if not any(t != "O" for tags in gold_m + pred_m for t in tags):
            assert ours.per_type == {} and ours.micro.f1 == 0.0  # seqeval's report fails without entities
            return
        micro_f1 = f1_score(gold_m, pred_m)
        labels = sorted({label for tags in gold_m + pred_m for label, _, _ in get_entities(tags)})
        rows = dict(zip(labels, zip(*precision_recall_fscore_support(gold_m, pred_m))))
        full = classification_report(gold_m, pred_m, output_dict=True) if report else None
    assert ours.micro.f1 == micro_f1
    assert list(ours.per_type) == labels
    for label, counts in ours.per_type.items():
        assert (counts.precision, counts.recall, counts.f1, counts.n_gold) == rows[label], label
    if full is not None:
        assert list(full) == labels + ["micro avg", "macro avg", "weighted avg"]
        for label, counts in [*ours.per_type.items(), ("micro avg", ours.micro)]:
            row = full[label]
            assert (counts.precision, counts.recall, counts.f1, counts.n_gold) == (
                row["precision"], row["recall"], row["f1-score"], row["support"]
            ), label  # fmt: skip
        assert ours.macro_f1 == pytest.approx(full["macro avg"]["f1-score"], abs=1e-12)


def test_hand_counted_case():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG"], ["B-ORG", "B-LOC"]]
    scores = tag_scores(gold, pred)
    assert scores.per_type == {"LOC": Counts(0, 1, 1), "ORG": Counts(1, 2, 1), "PER": Counts(1, 1, 1)}
    assert scores.micro == Counts(2, 4, 3)
    assert scores.micro.precision == 0.5 and scores.micro.recall == 2 / 3
    assert scores.micro.f1 == pytest.approx(4 / 7)
    assert_matches_seqeval(gold, pred)


@pytest.mark.parametrize(
    "pred, spans",
    [
        (["I-PER", "I-PER", "O"], [Span(0, 2, "PER")]),  # orphan I- starts an entity
        (["B-PER", "I-LOC", "I-LOC"], [Span(0, 1, "PER"), Span(1, 3, "LOC")]),  # type switch
        (["O", "I-PER", "B-PER"], [Span(1, 2, "PER"), Span(2, 3, "PER")]),
    ],
)
def test_invalid_iob2_read_as_seqeval(pred, spans):
    gold = [["B-PER", "I-PER", "O"]]
    scores = tag_scores(gold, [pred])
    assert scores.micro.n_pred == len(spans)
    assert scores.micro.tp == int(Span(0, 2, "PER") in spans)
    assert_matches_seqeval(gold, [pred])


def test_types_restriction_ignores_other_types():
    gold = [["B-PER", "O", "B-DATE", "I-DATE", "B-LOC"]]
    pred = [["B-PER", "O", "B-DATE", "O", "B-ORG"]]
    scores = tag_scores(gold, pred, types={"PER", "ORG", "LOC"})
    assert list(scores.per_type) == ["LOC", "ORG", "PER"]
    assert scores.micro == Counts(1, 2, 2)
    assert_matches_seqeval(gold, pred, {"PER", "ORG", "LOC"})


def test_spans_are_sets_and_counts_add_up():
    gold = [Span(0, 2, "PER"), Span(3, 4, "LOC")]
    pred = [Span(0, 2, "PER"), Span(0, 2, "PER", score=0.3), Span(3, 5, "LOC")]
    counts = sentence_counts(gold, pred)
    assert counts == {"PER": Counts(1, 1, 1), "LOC": Counts(0, 1, 1)}
    total = span_scores([gold, gold], [pred, []])
    assert total.micro == Counts(1, 2, 4) and total.n_sentences == 2


def test_bad_input_raises():
    with pytest.raises(ValueError, match="sentence 1"):
        tag_scores([["O", "O"]], [["O"]])
    with pytest.raises(ValueError):
        tag_scores([["O"]], [])
    with pytest.raises(TagSyntaxError):
        tag_scores([["O"]], [["E-PER"]])


def test_empty_is_zero():
    scores = tag_scores([["O"]], [["O"]])
    assert scores.per_type == {} and scores.micro.f1 == 0.0 and scores.macro_f1 == 0.0


TAG = st.sampled_from(["O", "O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.tuples(TAG, TAG), min_size=1, max_size=12), min_size=1, max_size=6),
    st.sampled_from([None, {"PER"}, {"PER", "LOC"}]),
)
def test_random_tags_match_seqeval(pairs, types):
    gold = [[g for g, _ in sentence] for sentence in pairs]
    pred = [[p for _, p in sentence] for sentence in pairs]
    assert_matches_seqeval(gold, pred, types)


@functools.cache
def gold_tags(path: Path) -> list[list[str]]:
    return [s.tags for s in read_conll(path)]


REAL = ["masakhaner2/hau/test.txt", "masakhaner2/yor/test.txt", "masakhaner2/swa/test.txt",
        "europarl-ner/de-europarl.test.conll02"]  # fmt: skip


@pytest.mark.parametrize("relpath", REAL)
@pytest.mark.parametrize("perturbation", sorted(PERTURBATIONS))
def test_real_data_matches_seqeval(shared_data, relpath, perturbation):
    gold = gold_tags(shared_data / relpath)
    pred = perturb_corpus(gold, perturbation, seed=13)
    assert_matches_seqeval(gold, pred, report=False)
    if perturbation == "mixed":
        assert_matches_seqeval(gold, pred, {"PER", "ORG", "LOC"}, report=False)
