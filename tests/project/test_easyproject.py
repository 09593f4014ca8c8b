from __future__ import annotations

import shutil
from collections.abc import Sequence

import pytest

from xproj_core.project import PROJECTORS, ProjectionInput, Projector
from xproj_core.project.easyproject import EasyProject, locate, mark, read_markers
from xproj_core.types import SentencePair, Span


class TableTranslator:
    """A fake translator: a fixed table; records what it was asked."""

    name = "table"

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.asked: list[str] = []

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        self.asked += texts
        return [self.table[t] for t in texts]


def test_mark_and_read_markers() -> None:
    tokens = ["[", "Mr", "Smith", "]", "met", "Ana", "in", "Paris"]
    spans = [Span(1, 3, "PER"), Span(5, 6, "PER"), Span(7, 8, "LOC")]
    assert mark(tokens, spans) == "( [ Mr Smith ] ) met [ Ana ] in [ Paris ]"
    assert read_markers(["(", "[", "Sr", "Smith", "]", ")", "[", "]", "en", "[", "París", "]", "]"]) == (
        ["(", "Sr", "Smith", ")", "en", "París"],
        [(1, 3), (5, 6)],
    )


def test_locate_prefers_free_similar_window() -> None:
    tokens = ["la", "Comisión", "Europea", "y", "la", "comision"]
    assert locate([["Comisión", "Europea"]], tokens, [])[:2] == (1, 3)
    assert locate([["comisión"]], tokens, [Span(1, 3, "ORG")])[:2] == (5, 6)


PAIR = SentencePair(
    "1",
    "en",
    "es",
    ["Ana", "visited", "the", "European", "Commission", "in", "Brussels", "."],
    ["Ana", "visitó", "la", "Comisión", "Europea", "en", "Bruselas", "."],
    src_tags=["B-PER", "O", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"],
)
TABLE = {
    # markers of "Ana" lost, the other two reordered relative to the source order (labels must not swap)
    "[ Ana ] visited the [ European Commission ] in [ Brussels ] .": (
        "Ana visitó [ Bruselas ] y la [ Comisión Europea ] ."
    ),
    "Ana": "Ana",
    "European Commission": "Comisión Europea",
    "Brussels": "Bruselas",
}


def test_translate_train_reads_markers_matches_by_similarity_and_falls_back() -> None:
    projector = EasyProject(TableTranslator(TABLE), tokenizer="whitespace")
    [out] = projector.translate_train([PAIR])
    assert out.tgt_tokens == ["Ana", "visitó", "Bruselas", "y", "la", "Comisión", "Europea", "."]
    assert out.tgt_tags == ["B-PER", "O", "B-LOC", "O", "O", "B-ORG", "I-ORG", "O"]
    assert out.src_tokens == PAIR.src_tokens and out.meta["tokenizer"] == "whitespace"
    assert projector.last_stats == {
        "entities": 3,
        "markers_survived": 2,
        "fuzzy": 1,
        "lost": 0,
        "survival_rate": pytest.approx(2 / 3),
    }
    scores = {label: score for _, _, label, score in out.meta["span_scores"]}
    assert scores["PER"] < scores["ORG"] == scores["LOC"] == 1.0


def test_project_locates_entities_in_a_given_target() -> None:
    projector = PROJECTORS.create("easyproject", translator=TableTranslator(TABLE), tokenizer="whitespace")
    assert isinstance(projector, Projector) and not projector.needs_alignment
    [spans] = projector.project([ProjectionInput(PAIR, PAIR.src_spans)])
    assert [s.key for s in spans] == [(0, 1, "PER"), (3, 5, "ORG"), (6, 7, "LOC")]
    assert "translator=table" in projector.signature()


def test_unmatched_entity_is_lost() -> None:
    table = {"[ Zork ] slept .": "Durmió .", "Zork": "Xyzzy"}
    pair = SentencePair("2", "en", "es", ["Zork", "slept", "."], [], src_tags=["B-PER", "O", "O"])
    projector = EasyProject(TableTranslator(table), tokenizer="whitespace")
    [out] = projector.translate_train([pair])
    assert out.tgt_tags == ["O", "O"] and projector.last_stats["lost"] == 1


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium not installed")
def test_easyproject_through_apertium() -> None:
    pair = SentencePair(
        "1",
        "en",
        "es",
        "The European Parliament met in Strasbourg with Mr Smith .".split(),
        [],
        src_tags=["O", "B-ORG", "I-ORG", "O", "O", "B-LOC", "O", "B-PER", "I-PER", "O"],
    )
    projector = PROJECTORS.create("easyproject", translator="apertium:eng-spa")
    [out] = projector.translate_train([pair])
    entities = {(" ".join(out.tgt_tokens[s.start : s.end]), s.label) for s in out.tgt_spans}
    assert ("Estrasburgo", "LOC") in entities and projector.last_stats["markers_survived"] == 3
    assert out.meta["tokenizer"] == "spacy-blank:es"
