from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from xproj_core.errors import XprojError
from xproj_core.silver_train import (
    Trained,
    TrainSettings,
    baselines,
    gold_train_spec,
    held_apart,
    load_tagged,
    mask_types,
    scores,
    train_tagger,
)


def _sentence(k: int) -> tuple[list[str], list[str]]:
    """A sentence whose capitalised words are persons; token ``wK`` makes it unique."""
    return [f"w{k}", "met", "Anna", "Lee", "today"], ["O", "O", "B-PER", "I-PER", "O"]


def _features(seen: list[list[str]]):  # type: ignore[no-untyped-def]
    """Separable fake features (capitalised / first capitalised of a run), recording every sentence asked for."""

    def features(sentences):  # type: ignore[no-untyped-def]
        result = []
        for words in sentences:
            seen.append(list(words))
            x = np.zeros((len(words), 2, 8), np.float16)
            for i, word in enumerate(words):
                upper = word[:1].isupper()
                x[i, :, 0 if not upper else 1 if i == 0 or not words[i - 1][:1].isupper() else 2] = 3.0
            result.append(x)
        return result

    return features


def test_load_tagged_formats(tmp_path: Path) -> None:
    conll = tmp_path / "a.conll"
    conll.write_text("# confidence = 0.5\nAnna\tB-PER\nsang\tO\n\n", encoding="utf-8")
    assert load_tagged(str(conll)) == [(["Anna", "sang"], ["B-PER", "O"])]
    canonical = tmp_path / "s.jsonl"
    record = {
        "id": "0",
        "src_lang": "en",
        "tgt_lang": "xx",
        "src_tokens": ["A"],
        "tgt_tokens": ["a", "b"],
        "src_tags": ["B-PER"],
        "tgt_tags": ["B-PER", "O"],
        "meta": {},
    }
    canonical.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert load_tagged(str(canonical)) == [(["a", "b"], ["B-PER", "O"])]
    hf = tmp_path / "h.jsonl"
    hf.write_text(json.dumps({"tokens": ["Kano", "x"], "ner_tags": [5, 0]}) + "\n", encoding="utf-8")
    assert load_tagged(str(hf)) == [(["Kano", "x"], ["B-LOC", "O"])]
    with pytest.raises(XprojError, match=r"\[E013\]"):
        load_tagged("masakhaner9:xx:test")
    untagged = tmp_path / "u.jsonl"
    untagged.write_text(json.dumps({**record, "tgt_tags": None}) + "\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E901\] .*u\.jsonl"):
        load_tagged(str(untagged))


def test_held_apart_is_a_seeded_partition() -> None:
    sentences = [_sentence(k) for k in range(20)]
    train, dev = held_apart(sentences, 0.25, seed=3)
    assert len(dev) == 5 and len(train) == 15
    assert sorted(map(str, train + dev)) == sorted(map(str, sentences))
    assert held_apart(sentences, 0.25, seed=3) == (train, dev) and held_apart(sentences, 0.25, seed=4) != (train, dev)
    assert len(held_apart(sentences[:2], 0.01, 0)[1]) == 1
    with pytest.raises(XprojError, match=r"\[E901\]"):
        held_apart(sentences[:1], 0.1, 0)


def test_epoch_selection_never_sees_eval_data() -> None:
    silver = [_sentence(k) for k in range(2000)]
    english = [_sentence(5_000 + k) for k in range(10)]
    evals = {"gold": [_sentence(10_000 + k) for k in range(5)]}
    seen: list[list[str]] = []
    settings = TrainSettings(types=("PER",), epochs=6, dev_share=0.2, seed=1, hidden=16, layers=(0, 1))
    trained = train_tagger([silver, english], settings, features=_features(seen))
    eval_words = {tuple(s) for s, _ in evals["gold"]}
    assert not eval_words & {tuple(s) for s in seen}
    assert trained.n_dev == 400 and trained.n_train == 1610 and len(trained.history) == 6
    assert scores(evals["gold"], trained.predict([s for s, _ in evals["gold"]]), ["PER"])["f1"] == 1.0


def test_mask_types_and_gold_train_spec() -> None:
    assert mask_types([(["a", "b"], ["B-MISC", "B-PER"])], ["PER"]) == [(["a", "b"], ["O", "B-PER"])]
    assert gold_train_spec("masakhaner2:hau:test") == "masakhaner2:hau:train"
    assert gold_train_spec("masakhaner2:hau:dev") is None


def test_baselines_rows() -> None:
    evals = {"hau": [_sentence(1)], "bam": [_sentence(2)]}
    calls: list[int] = []

    def train(sets):  # type: ignore[no-untyped-def]
        calls.append(sum(len(s) for s in sets))
        return Trained(lambda sentences: [["O"] * len(s) for s in sentences], [], None, 0, 0)

    perfect = lambda sentences: [_sentence(0)[1] for _ in sentences]  # noqa: E731
    rows = baselines(
        evals, perfect, train, [_sentence(3)] * 4, [_sentence(4)] * 2, {"hau": [_sentence(5)] * 3}, ["PER"]
    )
    assert set(rows) == {"zero-shot", "silver", "silver+en", "gold"}
    assert rows["zero-shot"]["hau"]["f1"] == 1.0 and rows["silver"]["bam"]["f1"] == 0.0
    assert set(rows["gold"]) == {"hau"} and calls == [4, 6, 3]
