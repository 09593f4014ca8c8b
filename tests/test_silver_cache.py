"""A silver corpus (xproj silver JSONL) in the cache: the import, its method cells, and the triage without gold."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.fixtures.silver_corpus import silver_sentences, write_silver_jsonl
from tests.fixtures.synthetic_cache import CORPUS, build_fixture_cache
from xproj_core.browse import CATEGORIES, Filters, choose_methods, filter_sentences, sentence_index, triage
from xproj_core.errors import XprojError
from xproj_core.silver_cache import confidence_parts, describe_confidence, method_names, read_silver, store_corpus
from xproj_core.store import Store
from xproj_core.types import SentencePair
from xproj_core.upload import parse_upload

NAME = "silver:en-xx"


@pytest.fixture()
def silver_file(tmp_path: Path) -> Path:
    return write_silver_jsonl(tmp_path / "silver.jsonl")


@pytest.fixture()
def store(tmp_path: Path, silver_file: Path) -> Store:
    db = Store(tmp_path / "xproj.sqlite")
    assert store_corpus(db, read_silver(silver_file, NAME)) == 2
    return db


def test_import_makes_one_cell_per_method_without_gold(store: Store) -> None:
    expected = silver_sentences()
    methods = choose_methods(store, NAME)
    assert [(m.aligner, m.method, m.source_labels) for m in methods] == [
        ("e5", "heuristic", "e5-conll"),
        ("e5", "ilp-align", "e5-conll"),
    ]
    assert store.metrics_rows(corpus=NAME) == []  # no gold, no metrics
    for method in methods:
        stored = store.predictions(method.signature)
        assert [stored[k]["spans"] for k in range(len(expected))] == [s.projections[method.method] for s in expected]
    pair = store.sentence(NAME, 0)
    assert pair.tgt_tags is None and pair.src_spans == expected[0].src_spans
    assert "projections" not in pair.meta["silver"]  # kept once, in the cells
    assert confidence_parts(pair) == pytest.approx(
        {"confidence": expected[0].confidence, "score": 1.0, "share": 1.0, "agreement": 0.5}, abs=1e-6
    )
    assert describe_confidence(confidence_parts(pair)) == (
        "confidence 0.50 = score 1.00 × share projected 1.00 × agreement 0.50"
    )
    assert confidence_parts(SentencePair("x", "en", "de", ["a"], ["a"])) is None


def test_reimport_replaces_cells_but_never_corrected_sentences(store: Store, tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    store_corpus(store, read_silver(write_silver_jsonl(tmp_path / "same.jsonl"), NAME))
    assert store.count_cells(corpus=NAME) == 2
    store.add_correction(NAME, 1, "ada", "reviewed")
    store_corpus(store, read_silver(write_silver_jsonl(tmp_path / "same2.jsonl"), NAME))  # same sentences: fine
    write_silver_jsonl(other, n=5)
    with pytest.raises(XprojError, match=r"\[E054\] corpus 'silver:en-xx' .* 1 corrected"):
        store_corpus(store, read_silver(other, NAME))
    assert store.count_sentences(NAME) == 12 and store.count_cells(corpus=NAME) == 2
    store_corpus(store, read_silver(other, "silver:other"))
    assert store.count_sentences("silver:other") == 5
    store_corpus(store, read_silver(write_silver_jsonl(tmp_path / "three.jsonl", n=3), "silver:other"))
    assert store.count_sentences("silver:other") == 3 and store.count_cells(corpus="silver:other") == 2
    assert all(len(store.predictions(m.signature)) == 3 for m in choose_methods(store, "silver:other"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["meta"].pop("silver"), "meta.silver is missing"),
        (lambda r: r["meta"]["silver"].update(share="all"), "meta.silver.share is not a number"),
        (lambda r: r["meta"]["silver"]["projections"]["heuristic"].append([3, 9, "PER", 1.0]), "bad span"),
        (lambda r: r["meta"]["silver"].update(projections={}), "has no method"),
    ],
)
def test_bad_silver_line_names_file_and_line(silver_file: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    lines = silver_file.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[2])
    change(record)
    lines[2] = json.dumps(record)
    silver_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(XprojError, match=rf"\[E053\] .*silver\.jsonl:3: .*{message}"):
        read_silver(silver_file, NAME)


def test_upload_of_a_silver_file(silver_file: Path, tmp_path: Path) -> None:
    corpus = parse_upload("silver", {"data": ("hau.jsonl", silver_file.read_bytes())}, corpus_name="hau")
    assert corpus.name == "upload:hau" and len(corpus) == 12 and corpus.meta["format"] == "silver"
    db = Store(tmp_path / "up.sqlite")
    assert store_corpus(db, corpus) == 2 and len(choose_methods(db, "upload:hau")) == 2
    broken = silver_file.read_bytes().replace(b'"share"', b'"shore"', 1)
    with pytest.raises(XprojError, match=r"\[E803\] .*hau\.jsonl:1: .*meta\.silver\.share") as error:
        parse_upload("silver", {"data": ("hau.jsonl", broken)})
    assert "xproj-upload-" not in str(error.value)


def test_triage_of_a_silver_corpus_by_confidence_and_disagreement(store: Store) -> None:
    index = sentence_index(store, NAME, choose_methods(store, NAME))
    options = triage(index)
    assert options.silver and options.categories == () and options.sorts[0] == "sentence_confidence"
    assert "f1" not in options.sorts
    confidence = dict(zip(index["idx"], index["sentence_confidence"]))
    ordered = filter_sentences(index, Filters(sort="sentence_confidence"))
    assert [confidence[i] for i in ordered] == sorted(confidence.values())
    assert ordered[0] == 9  # the lowest scores and the second method missing a span
    disagreeing = filter_sentences(index, Filters(disagree=True, sort="sentence_confidence"))
    assert disagreeing == [9, 6, 0]  # every third sentence with spans, least confident first
    low = filter_sentences(index, Filters(low_sentence_confidence=0.6))
    assert low and all(confidence[i] < 0.6 for i in low) and set(low) < set(ordered)


def test_triage_with_gold_keeps_error_categories(tmp_path: Path) -> None:
    db = build_fixture_cache(tmp_path / "gold.sqlite", n_sentences=10)
    index = sentence_index(db, CORPUS, choose_methods(db, CORPUS))
    options = triage(index)
    assert options.categories == CATEGORIES and not options.silver and "f1" in options.sorts
    assert "sentence_confidence" not in options.sorts and index["sentence_confidence"].map(math.isnan).all()


@pytest.mark.parametrize("fmt", ["conll", "jsonl"])
def test_corrected_silver_exports_as_training_data(store: Store, tmp_path: Path, fmt: str) -> None:
    from xproj_core.export import export
    from xproj_core.silver_train import load_tagged
    from xproj_core.types import Span

    method = choose_methods(store, NAME)[0]
    store.add_correction(NAME, 1, "ada", "set", [Span(0, 2, "ORG")])
    summary = export(store, NAME, tmp_path / f"out.{fmt}", fmt, "all", method)
    assert summary.n_sentences == 12 and summary.n_corrected == 1
    tagged = load_tagged(str(tmp_path / f"out.{fmt}"))
    assert tagged[1] == (["das", "haus", "in", "berlin"], ["B-ORG", "I-ORG", "O", "O"])
    assert tagged[0] == (["the", "president", "visited", "berlin"], ["O", "B-PER", "O", "B-LOC"])


def test_method_names_are_short_unless_ambiguous() -> None:
    heuristic, ilp = "heuristic(d=1,k=None,only_i=False,thr=0.8)", "ilp-align(solver=exact)"
    assert method_names([heuristic, ilp]) == {heuristic: "heuristic", ilp: "ilp-align"}
    other = "heuristic(d=2,k=None,only_i=False,thr=0.8)"
    assert method_names([heuristic, other, ilp]) == {heuristic: heuristic, other: other, ilp: "ilp-align"}
