"""trim-case: uncapitalised edge words trimmed from projected spans; the wrapper delegates to its inner projector."""

from __future__ import annotations

from xproj_core.project import PROJECTORS, ProjectionInput
from xproj_core.project.casing import is_capitalised, trim_uncased
from xproj_core.types import Alignment, SentencePair, Span


def test_is_capitalised() -> None:
    assert is_capitalised("Ɛsipinazola") and is_capitalised("B2Golodi") and is_capitalised("'Mali")
    assert not is_capitalised("ɲini") and not is_capitalised("28") and not is_capitalised(",")


def test_trim_uncased_trims_edges_keeps_inner_and_drops_empty() -> None:
    tokens = ["taara", "Sogɛli", "ka", "Kokala", "la", ",", "jamana"]
    spans = [Span(0, 5, "PER", 0.5), Span(5, 7, "LOC")]
    assert trim_uncased(tokens, spans) == [Span(1, 4, "PER", 0.5)]


def test_wrapper_passes_options_and_trims() -> None:
    pair = SentencePair("0", "en", "bam", ["John", "Smith", "came"], ["a", "Jon", "Simiti", "nana"])
    alignment = Alignment.from_links({(0, 0), (0, 1), (1, 2)}, 3, 4)
    item = ProjectionInput(pair, [Span(0, 2, "PER")], alignment)
    projector = PROJECTORS.create("trim-case:heuristic", d=0, thr=None)
    assert projector.needs_alignment
    assert PROJECTORS.create("heuristic", d=0, thr=None).project([item]) == [[Span(0, 3, "PER", 1.0)]]
    assert [[s.key for s in spans] for spans in projector.project([item])] == [[(1, 3, "PER")]]
    assert projector.signature().startswith("trim-case(heuristic(d=0")
