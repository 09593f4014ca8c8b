from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fixtures.silver_fakes import CapitalTagger, DiagonalAligner
from xproj_core.errors import XprojError
from xproj_core.io.conll import read_conll
from xproj_core.overlap import GoldIndex, remove_overlap
from xproj_core.project import PROJECTORS
from xproj_core.silver import (
    SilverFilter,
    SilverSettings,
    agreement,
    build_silver,
    checkpoint_dir,
    filter_silver,
    join_parallel,
    projected_share,
    silver_sentence,
    write_silver,
)
from xproj_core.types import SentencePair, Span

SETTINGS = SilverSettings(("pairs.txt",), labels="caps", aligner="diagonal", types=("PER",))


def _pairs(n: int) -> list[SentencePair]:
    texts = [("Anna met Bob", "anna met bob"), ("the house", "la maison"), ("Ida sang", "Ida sang")]
    return [SentencePair(str(k), "en", "xx", texts[k % 3][0].split(), texts[k % 3][1].split()) for k in range(n)]


def test_confidence_parts() -> None:
    src = [Span(0, 1, "PER"), Span(2, 3, "PER"), Span(4, 5, "LOC")]
    assert projected_share(src, [Span(0, 1, "PER", 0.5)]) == pytest.approx(1 / 3)
    assert projected_share([], []) == 1.0
    assert agreement([[Span(0, 1, "PER")], [Span(0, 1, "PER"), Span(2, 3, "PER")]]) == pytest.approx(0.5)
    assert agreement([[], []]) == 1.0 and agreement([[Span(0, 1, "PER")]]) == 1.0
    pair = SentencePair("0", "en", "xx", ["A", "b"], ["a", "b"])
    sentence = silver_sentence(pair, src[:2], {"m1": [Span(0, 1, "PER", 0.8)], "m2": []})
    assert (sentence.score, sentence.share, sentence.agreement) == (pytest.approx(0.8), 0.5, 0.0)
    assert sentence.confidence == 0.0
    assert silver_sentence(pair, [], {"m": []}).confidence == 1.0
    assert silver_sentence(pair, src[:1], {"m": []}).confidence == 0.0


def test_build_projects_with_every_method() -> None:
    projectors = [PROJECTORS.create("heuristic"), PROJECTORS.create("heuristic", d=0, thr=0.0)]
    result = build_silver(SETTINGS, _pairs(3), CapitalTagger(), DiagonalAligner(), projectors, chunk=2)
    assert [s.pair.id for s in result] == ["0", "1", "2"]
    assert [(s.start, s.end, s.label) for s in result[0].src_spans] == [(0, 1, "PER"), (2, 3, "PER")]
    assert [(s.start, s.end) for s in result[0].spans] == [(0, 1), (2, 3)]
    assert len(result[0].projections) == 2 and result[0].confidence == pytest.approx(1.0)
    assert result[1].src_spans == [] and result[1].spans == []


def test_resume_after_interruption(tmp_path: Path) -> None:
    projectors = [PROJECTORS.create("heuristic")]
    folder = tmp_path / "parts"
    with pytest.raises(KeyboardInterrupt):
        build_silver(SETTINGS, _pairs(7), CapitalTagger(fail_after=4), DiagonalAligner(), projectors, folder, chunk=2)
    assert sorted(p.name for p in folder.glob("chunk-*")) == ["chunk-00000.jsonl", "chunk-00001.jsonl"]
    tagger = CapitalTagger()
    resumed = build_silver(SETTINGS, _pairs(7), tagger, DiagonalAligner(), projectors, folder, chunk=2)
    assert tagger.tagged == 3  # chunks 2 and 3 only
    fresh = build_silver(SETTINGS, _pairs(7), CapitalTagger(), DiagonalAligner(), projectors, chunk=2)
    assert [(s.pair.id, s.spans, s.src_spans, s.confidence) for s in resumed] == [
        (s.pair.id, s.spans, s.src_spans, s.confidence) for s in fresh
    ]
    other = SilverSettings(("pairs.txt",), labels="caps", aligner="diagonal", types=("PER",), seed=5)
    with pytest.raises(XprojError, match=r"\[E900\].*seed"):
        build_silver(other, _pairs(7), CapitalTagger(), DiagonalAligner(), projectors, folder, chunk=2)


def test_filters() -> None:
    pair = SentencePair("0", "en", "xx", ["A"], ["a"])
    full = silver_sentence(pair, [Span(0, 1, "PER")], {"m": [Span(0, 1, "PER", 0.9)]})
    partial = silver_sentence(pair, [Span(0, 1, "PER"), Span(0, 1, "LOC")], {"m": [Span(0, 1, "PER")]})
    empty = [silver_sentence(pair, [], {"m": []}) for _ in range(4)]
    sentences = [full, partial, *empty]
    assert filter_silver(sentences, SilverFilter()) == sentences
    assert filter_silver(sentences, SilverFilter(only_complete=True)) == [full, *empty]
    assert filter_silver(sentences, SilverFilter(min_confidence=0.95)) == empty
    capped = filter_silver(sentences, SilverFilter(max_empty_share=0.5))
    assert capped[:2] == [full, partial] and len(capped) == 4
    assert filter_silver(sentences, SilverFilter(max_empty_share=0.0)) == [full, partial]


def test_write_conll_and_jsonl(tmp_path: Path) -> None:
    result = build_silver(SETTINGS, _pairs(3), CapitalTagger(), DiagonalAligner(), [PROJECTORS.create("heuristic")])
    write_silver(tmp_path / "s.conll", result)
    read = read_conll(tmp_path / "s.conll")
    assert [s.tokens for s in read] == [p.tgt_tokens for p in _pairs(3)]
    assert read[0].tags == ["B-PER", "O", "B-PER"] and read[0].meta["confidence"] == "1.000000"
    write_silver(tmp_path / "s.jsonl", result)
    record = json.loads((tmp_path / "s.jsonl").read_text().splitlines()[0])
    assert record["src_tags"] == ["B-PER", "O", "B-PER"] and record["meta"]["silver"]["share"] == 1.0
    with pytest.raises(XprojError, match=r"\[E006\]"):
        write_silver(tmp_path / "s.csv", result)
    assert not (tmp_path / "s.csv").exists()


def test_overlap() -> None:
    pairs = _pairs(9)
    result = remove_overlap(pairs, GoldIndex(["La maison .", "other"]), report_near=False)
    assert len(result.removed) == 3 and all(p.tgt_tokens != ["la", "maison"] for p in result.kept)


def test_load_parallel_files_and_errors(tmp_path: Path) -> None:
    tok = tmp_path / "pairs.txt"
    tok.write_text("Anna sang ||| Anna sang\nthe cat ||| le chat\n", encoding="utf-8")
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("en\thau\nHello Ali\tSannu Ali\n", encoding="utf-8")
    pairs = join_parallel([str(tok), str(tsv)])
    assert [p.id for p in pairs] == ["0:0", "0:1", "1:0"] and pairs[2].tgt_tokens == ["Sannu", "Ali"]
    en, xx = tmp_path / "a.en", tmp_path / "a.xx"
    en.write_text("one\ntwo\nthree\n", encoding="utf-8")
    xx.write_text("un\ndeux\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E007\].*a\.xx"):
        join_parallel([f"{en},{xx}"])
    tok.write_text("Anna sang ||| Anna sang\n\nthe cat ||| le chat\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E008\] .*pairs\.txt:2: empty sentence"):
        join_parallel([str(tok)])
    with pytest.raises(XprojError, match=r"\[E013\]"):
        join_parallel(["no-such-dataset:xx"])


def test_checkpoint_dir_is_hidden_beside_output() -> None:
    assert checkpoint_dir("out/silver.conll") == Path("out/.silver.conll.parts")
