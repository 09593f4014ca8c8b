import pytest

from xproj_core.tags import TagSyntaxError, entity_types, filter_types, spans_to_tags, tags_to_spans, validate_tags
from xproj_core.types import Span


def test_spans_round_trip():
    tags = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "O"]
    spans = tags_to_spans(tags)
    assert [s.key for s in spans] == [(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "LOC")]
    assert spans_to_tags(spans, len(tags)) == tags


def test_type_change_inside_i_run_starts_new_span():
    assert [s.key for s in tags_to_spans(["B-PER", "I-ORG"])] == [(0, 1, "PER"), (1, 2, "ORG")]


def test_validate_repairs_orphan_i_and_counts():
    repaired, repairs = validate_tags(["I-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-LOC"])
    assert repaired == ["B-PER", "I-PER", "O", "B-LOC", "B-ORG", "B-LOC"]
    assert repairs == 3


@pytest.mark.parametrize("bad", ["PER", "B_PER", "X-PER", "B-", ""])
def test_validate_rejects_bad_syntax(bad):
    with pytest.raises(TagSyntaxError) as info:
        validate_tags(["O", bad])
    assert info.value.index == 1


def test_spans_to_tags_rejects_overlap_and_overflow():
    with pytest.raises(ValueError):
        spans_to_tags([Span(0, 2, "PER"), Span(1, 3, "LOC")], 4)
    with pytest.raises(ValueError):
        spans_to_tags([Span(2, 5, "PER")], 4)


def test_filter_and_types():
    spans = [Span(0, 1, "PER"), Span(1, 2, "MISC")]
    assert filter_types(spans, ["PER"]) == [Span(0, 1, "PER")]
    assert filter_types(spans, None) == spans
    assert entity_types([["B-PER", "O"], ["B-LOC", "I-LOC"]]) == ["LOC", "PER"]
