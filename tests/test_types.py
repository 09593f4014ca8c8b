import numpy as np
import pytest

from xproj_core.types import Alignment, SentencePair, Span


def test_span_rejects_empty_and_negative():
    with pytest.raises(ValueError):
        Span(2, 2, "PER")
    with pytest.raises(ValueError):
        Span(-1, 1, "PER")


def test_span_overlap_and_identity():
    a, b, c = Span(0, 2, "PER", 0.3), Span(1, 3, "LOC"), Span(2, 3, "LOC")
    assert a.overlaps(b) and not a.overlaps(c)
    assert Span(0, 2, "PER", 0.9) == a  # score is not part of identity
    assert len(b) == 2


def test_alignment_from_links_and_bounds():
    al = Alignment.from_links([(0, 1), (1, 0)], 2, 3, possible=[(1, 2)])
    assert al.shape == (2, 3)
    assert al.scores[0, 1] == 1.0 and al.scores[1, 2] == 0.5 and al.scores[0, 0] == 0.0
    assert al.targets_of([0]) == {1}
    with pytest.raises(ValueError):
        Alignment(np.zeros((2, 2)), frozenset({(2, 0)}))


def test_sentence_pair_record_and_spans():
    pair = SentencePair("1", "en", "de", ["Angela", "Merkel"], ["Angela", "Merkel"], ["B-PER", "I-PER"], None)
    record = pair.to_record()
    assert set(record) == {"id", "src_lang", "tgt_lang", "src_tokens", "tgt_tokens", "src_tags", "tgt_tags", "meta"}
    assert pair.src_spans == [Span(0, 2, "PER")] and pair.tgt_spans == []
