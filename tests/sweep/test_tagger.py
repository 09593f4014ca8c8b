"""Tagger cells: draw pairs without the gold overlap, project, train a tagger, score it on gold and dev."""

from __future__ import annotations

import numpy as np
import pytest

from xproj_core.errors import XprojError
from xproj_core.io.jsonl import write_jsonl
from xproj_core.store import Store
from xproj_core.sweep import group_cells, parse_config, run_sweep
from xproj_core.sweep import tagger as tagger_cells
from xproj_core.types import SentencePair

PLUGIN = "tests.fixtures.sweep_fakes"
NAMES = ["Anna", "Bob", "Carla", "Dan", "Eve", "Femi", "Gina", "Hugo"]


def sentence(k: int) -> list[str]:
    return [f"w{k}", "met", NAMES[k % len(NAMES)], "today", f"v{k}"]


def tags(tokens: list[str]) -> list[str]:
    return ["B-PER" if t[:1].isupper() else "O" for t in tokens]


class CapitalFeatures:
    """Separable stand-in features: capitalised words apart from the rest; records what it encoded."""

    def __init__(self) -> None:
        self.seen: list[list[str]] = []

    def features(self, sentences):  # type: ignore[no-untyped-def]
        out = []
        for words in sentences:
            self.seen.append(list(words))
            x = np.zeros((len(words), 3, 8), np.float16)
            for i, word in enumerate(words):
                x[i, :, int(word[:1].isupper())] = 3.0
            out.append(x)
        return out


@pytest.fixture
def files(tmp_path, monkeypatch):
    features = CapitalFeatures()
    monkeypatch.setattr(tagger_cells, "feature_store", lambda: features)
    gold = [
        SentencePair(f"g{k}", "en", "de", sentence(k), sentence(k), tags(sentence(k)), tags(sentence(k)))
        for k in range(12)
    ]
    dev = [
        SentencePair(f"d{k}", "en", "de", sentence(k), sentence(k), tags(sentence(k)), tags(sentence(k)))
        for k in range(12, 20)
    ]
    parallel = [SentencePair(f"p{k}", "en", "de", sentence(k), sentence(k)) for k in range(5, 60)]  # 5..11 are gold
    paths = {name: tmp_path / f"{name}.jsonl" for name in ("gold", "dev", "parallel")}
    for name, pairs in (("gold", gold), ("dev", dev), ("parallel", parallel)):
        write_jsonl(paths[name], pairs)
    return {k: str(v) for k, v in paths.items()}, features


def config(files, **study):  # type: ignore[no-untyped-def]
    return {
        "name": "tagger",
        "plugins": [PLUGIN],
        "parallel": {"text": files["parallel"]},
        "seeds": [0, 1],
        "types": ["PER"],
        "studies": [
            {
                "kind": "tagger",
                "corpora": [files["gold"]],
                "select_on": {files["gold"]: files["dev"]},
                "parallel": ["text"],
                "sizes": [20, "all"],
                "source_labels": ["fake-tagger"],
                "aligners": ["fake-neural"],
                "methods": ["fake-project"],
                "baselines": ["zero-shot"],
                **study,
            }
        ],
    }


def test_tagger_cells_are_planned_with_their_training_and_the_clean_size(files):
    paths, _ = files
    groups = group_cells(parse_config(config(paths)))
    cells = [c for g in groups for c in g.cells]
    assert [c.training for c in groups[0].cells] == ["zero-shot"]  # baselines first
    # 55 pairs minus the 7 whose target sentence is a gold sentence (5..11; the dev ones are excluded too: 12..19)
    assert sorted({c.n for c in cells if c.training == "head"}) == [20, 55 - 7 - 8]
    assert len(cells) == 1 + 2 * 2
    assert all(c.signature("en-de", "x").training == c.training for c in cells)


def test_a_tagger_sweep_trains_on_projected_data_and_scores_test_and_dev(files, tmp_path):
    paths, _ = files
    store = Store(tmp_path / "cache.sqlite")
    report = run_sweep(parse_config(config(paths)), store, workers=1)
    assert report.failed == [] and report.written == 5
    rows = {(r["training"], r["n"], r["seed"]): r for r in store.metrics_rows()}
    trained = rows["head", 20, 0]
    assert trained["pair"] == "en-de" and trained["parallel"] == "text" and trained["f1"] == pytest.approx(1.0)
    settings = __import__("json").loads(trained["settings"])
    assert settings["select_on"]["set"] == paths["dev"] and settings["select_on"]["f1"] == pytest.approx(1.0)
    assert settings["silver"]["sentences"] == 20 and settings["silver"]["projected_entities"] == 20
    assert settings["train_sentences"] + settings["dev_sentences"] == 20
    # zero-shot: the fake labeller skips sentence-initial names only; here every name is inside the sentence
    assert rows["zero-shot", 0, 0]["f1"] == pytest.approx(1.0)
    assert run_sweep(parse_config(config(paths)), store, workers=1).written == 0  # resumes: nothing to redo


def test_the_drawn_pairs_leave_out_gold_and_dev_sentences(files):
    paths, _ = files
    groups = [g for g in group_cells(parse_config(config(paths))) if g.aligner is not None]
    largest = max(groups, key=lambda g: g.n)
    drawn = tagger_cells.projected_corpus(largest)
    held = {tuple(sentence(k)) for k in range(20)}
    assert len(drawn) == largest.n == 40 and not {tuple(p.tgt_tokens) for p in drawn} & held
    assert {tuple(p.tgt_tokens) for p in drawn} == {tuple(sentence(k)) for k in range(20, 60)}


def test_tagger_keys_are_checked(files):
    paths, _ = files
    with pytest.raises(XprojError, match="E016"):
        parse_config(config(paths, role="alignment"))  # no labelled corpus
    with pytest.raises(XprojError, match="training"):
        parse_config(config(paths, training=["lora"]))
    projection = config(paths, baselines=["zero-shot"])
    projection["studies"][0]["kind"] = "projection"
    with pytest.raises(XprojError, match="only tagger studies"):
        parse_config(projection)


def test_only_keeps_a_slice_of_the_grid(files):
    paths, _ = files
    raw = config(paths, sizes=[10, 20, "all"], aligners=["fake-neural", "fake-eflomal"])
    every = [c for g in group_cells(parse_config(raw)) for c in g.cells]
    sliced = parse_config(raw)
    sliced.only = (("aligner", "fake-eflomal"), ("n", "10"), ("n", "20"), ("seed", "1"))
    kept = [c for g in group_cells(sliced) for c in g.cells]
    assert kept == [c for c in every if c.aligner == "fake-eflomal" and c.n in (10, 20) and c.seed == 1]
    assert len(kept) == 2


def test_plus_en_adds_the_english_data_after_the_silver_data(files, tmp_path, monkeypatch):
    paths, _ = files
    english = [(["Zed", "ran", "."], ["B-PER", "O", "O"])] * 7
    monkeypatch.setattr(tagger_cells, "english_training", lambda types: english)
    store = Store(tmp_path / "cache.sqlite")
    raw = config(paths, training=["head", "head+en"], sizes=[20], baselines=[])
    assert run_sweep(parse_config(raw), store, workers=1).failed == []
    settings = {r["training"]: __import__("json").loads(r["settings"]) for r in store.cells()}
    assert settings["head"]["train_sentences"] == 18 and settings["head"]["dev_sentences"] == 2
    assert settings["head+en"]["train_sentences"] == 18 + 7 and settings["head+en"]["dev_sentences"] == 2
