import pytest

from xproj_core.evaluate.alignment import alignment_scores
from xproj_core.io.pharaoh import read_pharaoh


def test_hand_checked_case():
    # predicted A = {00, 11, 12}; sure S = {00, 11}; possible P = S + {12, 22}
    scores = alignment_scores([{(0, 0), (1, 1), (1, 2)}], [{(0, 0), (1, 1)}], [{(1, 2), (2, 2)}])
    assert scores.precision == 1.0  # |A∩P| = 3 of 3
    assert scores.recall == 1.0  # |A∩S| = 2 of 2
    assert scores.aer == pytest.approx(1 - (2 + 3) / (3 + 2))  # = 0
    scores = alignment_scores([{(0, 0), (0, 1)}], [{(0, 0), (1, 1)}], [set()])
    assert (scores.precision, scores.recall) == (0.5, 0.5)
    assert scores.aer == pytest.approx(1 - (1 + 1) / (2 + 2))


def test_gold_against_itself_has_zero_aer(shared_data):
    gold = read_pharaoh(shared_data / "word-alignment-gold/awesome-align/enfr.gold", one_indexed=True)
    assert len(gold) == 447
    sure = [s for s, _ in gold]
    possible = [p for _, p in gold]
    assert alignment_scores(sure, sure, possible).aer == 0.0
    assert alignment_scores([s | p for s, p in gold], sure, possible).aer == 0.0


def test_length_mismatch_raises():
    with pytest.raises(ValueError):
        alignment_scores([set()], [set(), set()])
