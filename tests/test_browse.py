import math

import pytest

from tests.fixtures.synthetic_cache import CORPUS, build_fixture_cache
from xproj_core.browse import (
    Filters,
    choose_methods,
    corpus_methods,
    disagreement,
    filter_sentences,
    n_pages,
    page_of,
    remove_span,
    resolve_method,
    review_status,
    sentence_index,
    toggle_span,
)
from xproj_core.errors import XprojError
from xproj_core.types import Span


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_fixture_cache(tmp_path_factory.mktemp("browse") / "xproj.sqlite", n_sentences=30)


def test_disagreement():
    a, b = [Span(0, 1, "PER")], [Span(0, 1, "PER")]
    assert disagreement([a, b]) == 0.0
    assert disagreement([a, [Span(0, 2, "PER")]]) == 1.0
    assert disagreement([a, a + [Span(3, 4, "LOC")]]) == pytest.approx(0.5)
    assert disagreement([[], []]) == 0.0 and disagreement([a]) == 0.0


def test_choose_and_resolve_methods(store):
    cells = corpus_methods(store, CORPUS)
    assert len(cells) == 18
    chosen = choose_methods(store, CORPUS, n=500)
    by_label = {m.label for m in chosen}
    assert by_label == {
        "e5 · heuristic",
        "e5 · ilp-align",
        "eflomal · heuristic · europarl · N=250",
        "eflomal · ilp-align · europarl · N=250",
        "eflomal · heuristic · multi30k-captions · N=250",
    }
    assert all(m.seed == 0 for m in chosen)
    assert [m.n for m in choose_methods(store, CORPUS, aligners=["eflomal"], methods=["heuristic"])] == [1000, 1000]
    assert resolve_method(store, CORPUS, "eflomal/ilp-align/250").n == 250
    with pytest.raises(XprojError, match="E010"):  # two parallel sources: ambiguous without the signature
        resolve_method(store, CORPUS, "eflomal/heuristic/250")
    assert resolve_method(store, CORPUS, chosen[0].signature) == chosen[0]
    with pytest.raises(XprojError, match="E010"):
        resolve_method(store, CORPUS, "nope/heuristic")


def test_index_filters_and_sorting(store):
    methods = choose_methods(store, CORPUS, n=0)
    index = sentence_index(store, CORPUS, methods)
    assert list(index["idx"]) == list(range(30))
    everything = filter_sentences(index, Filters())
    assert everything == list(range(30))
    missed = filter_sentences(index, Filters(category="missed"))
    assert missed and len(missed) < 30
    assert all(index.loc[i, [f"missed_{k}" for k in range(len(methods))]].sum() > 0 for i in missed)
    only_first = filter_sentences(index, Filters(category="missed", category_method=0))
    assert set(only_first) <= set(missed)
    per = filter_sentences(index, Filters(entity_type="PER"))
    assert per and all("PER" in index.loc[i, "types"].split(",") for i in per)
    disagree = filter_sentences(index, Filters(disagree=True))
    assert disagree and all(index.loc[i, "disagreement"] > 0 for i in disagree)
    low = filter_sentences(index, Filters(low_confidence=0.5))
    assert low and all(index.loc[i, "min_confidence"] < 0.5 for i in low)
    by_disagreement = filter_sentences(index, Filters(sort="disagreement"))
    values = [index.loc[i, "disagreement"] for i in by_disagreement]
    assert values == sorted(values, reverse=True)
    by_confidence = [index.loc[i, "min_confidence"] for i in filter_sentences(index, Filters(sort="confidence"))]
    finite = [v for v in by_confidence if not math.isnan(v)]
    assert finite == sorted(finite)
    with pytest.raises(XprojError, match="E016"):
        filter_sentences(index, Filters(sort="random"))


def test_review_filter_follows_corrections(tmp_path):
    store = build_fixture_cache(tmp_path / "c.sqlite", n_sentences=6)
    index = sentence_index(store, CORPUS, [])
    store.add_correction(CORPUS, 2, "ada", "reviewed")
    store.add_correction(CORPUS, 3, "ada", "skip")
    store.add_correction(CORPUS, 4, "ada", "set", [Span(0, 1, "PER")])
    status = review_status(store, CORPUS)
    assert status == {2: "reviewed", 3: "skipped", 4: "edited"}
    assert filter_sentences(index, Filters(review="reviewed"), status) == [2]
    assert filter_sentences(index, Filters(review="unreviewed"), status) == [0, 1, 3, 4, 5]
    store.undo(CORPUS, 2, "ada")
    assert 2 not in review_status(store, CORPUS)


def test_pagination():
    items = list(range(53))
    assert n_pages(53, 25) == 3 and n_pages(0, 25) == 1
    assert page_of(items, 3, 25) == [50, 51, 52] and page_of(items, 1, 25)[0] == 0


def test_span_editing():
    spans = [Span(0, 2, "PER"), Span(4, 5, "LOC")]
    assert toggle_span(spans, [1, 2], "ORG") == [Span(1, 3, "ORG"), Span(4, 5, "LOC")]
    assert toggle_span(spans, [], "ORG") == spans
    assert remove_span(spans, Span(4, 5, "LOC")) == [Span(0, 2, "PER")]


def test_trained_tagger_cells_are_labelled_as_taggers():
    from xproj_core.browse import CachedProjection

    silver = CachedProjection("s", "eflomal(n_samplers=1)", "heuristic", 2000, 0, "-", "mafand", "e5-conll", "head+en")
    assert silver.label.startswith("tagger (head+en) · ") and "N=2000" in silver.label
    assert CachedProjection("z", "-", "-", source_labels="e5-conll", training="zero-shot").label == "zero-shot e5-conll"
    gold = CachedProjection("g", "-", "-", 5000, 1, training="gold:head")
    assert gold.label == "tagger (head) trained on gold · N=5000 · seed 1"
    assert "training head+en" in silver.spec and "training" not in CachedProjection("p", "e5", "heuristic").label
