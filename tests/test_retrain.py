"""Retraining on a cached silver corpus after correction, beside the uncorrected data (a stand-in learner; the CLI
test trains a real head on a tiny encoder)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.fixtures.silver_corpus import write_silver_jsonl
from xproj_core.browse import choose_methods
from xproj_core.errors import XprojError
from xproj_core.models.head_training import Trained
from xproj_core.retrain import (
    comparison,
    parse_evals,
    parse_layers,
    past_runs,
    retrain,
    retrain_command,
    runs_path,
    training_sets,
)
from xproj_core.silver_cache import read_silver, store_corpus
from xproj_core.silver_train import TrainSettings
from xproj_core.store import Store
from xproj_core.types import Span

NAME = "silver:en-xx"
SETTINGS = TrainSettings(types=("PER", "ORG", "LOC"), epochs=2, seed=1)


def word_majority_training(calls: list):  # type: ignore[no-untyped-def, type-arg]
    """A stand-in for ``train_tagger``: tags each word as it was tagged most often in training (a perfect
    learner of its data), recording what it was given."""

    def train(sets, settings, *, features=None, **_):  # type: ignore[no-untyped-def]
        calls.append((sets, settings, features))
        seen: dict[str, Counter] = {}
        for tokens, tags in sets[0]:
            for token, tag in zip(tokens, tags):
                seen.setdefault(token, Counter())[tag] += 1
        predict = lambda sentences: [[seen[w].most_common(1)[0][0] for w in s] for s in sentences]  # noqa: E731
        return Trained(predict, [], None, len(sets[0]), 0)

    return train


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    db = Store(tmp_path / "xproj.sqlite")
    store_corpus(db, read_silver(write_silver_jsonl(tmp_path / "silver.jsonl", n=24), NAME))
    return db


def correct_berlin_to_org(store: Store) -> int:
    """Every sentence with 'berlin' gets it as ORG (the projection says LOC); returns how many."""
    fixed = 0
    for idx, pair in enumerate(store.sentences(NAME)):
        if "berlin" in pair.tgt_tokens:
            at = pair.tgt_tokens.index("berlin")
            spans = [s for s in pair.src_spans if s.start != at] + [Span(at, at + 1, "ORG")]
            store.add_correction(NAME, idx, "ada", "set", sorted(spans))
            fixed += 1
    return fixed


def test_nothing_corrected_is_said(store: Store) -> None:
    method = choose_methods(store, NAME)[0]
    with pytest.raises(XprojError, match=r"\[E055\] no corrected sentences in 'silver:en-xx'"):
        training_sets(store, NAME, method)
    with pytest.raises(XprojError, match=r"\[E056\]"):
        training_sets(store, NAME, None)
    with pytest.raises(XprojError, match=r"\[E057\] no gold set"):
        retrain(store, NAME, method, {}, SETTINGS, features=lambda sentences: [])


def test_training_sets_differ_only_where_corrected(store: Store) -> None:
    method = choose_methods(store, NAME)[0]
    n = correct_berlin_to_org(store)
    plain, corrected, n_corrected = training_sets(store, NAME, method)
    assert n_corrected == n == 12 and len(plain) == len(corrected) == 24
    changed = [k for k, (a, b) in enumerate(zip(plain, corrected)) if a != b]
    assert len(changed) == n and all("berlin" in plain[k][0] for k in changed)
    assert all(tags[tokens.index("berlin")] == "B-LOC" for tokens, tags in (plain[k] for k in changed))


def test_retrain_compares_and_records(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list = []  # type: ignore[type-arg]
    monkeypatch.setattr("xproj_core.retrain.train_tagger", word_majority_training(calls))
    method = choose_methods(store, NAME)[0]
    correct_berlin_to_org(store)
    gold = tmp_path / "gold.conll"
    gold.write_text("a\tO\npresident\tB-PER\nin\tO\nberlin\tB-ORG\n\n", encoding="utf-8")
    stages: list[tuple[str, float]] = []
    features = object()
    run = retrain(store, NAME, method, {"xx": str(gold)}, SETTINGS, features, progress=lambda *s: stages.append(s))
    assert [done for _, done in stages] == [0.0, 0.5, 1.0]
    plain, corrected, _ = training_sets(store, NAME, method)
    assert [c[0] for c in calls] == [[plain], [corrected]]
    assert all(c[1] == SETTINGS and c[2] is features for c in calls)  # same settings, seed and features
    assert run["scores"]["uncorrected"]["xx"]["f1"] == pytest.approx(0.5)  # PER right, berlin as LOC
    assert run["scores"]["corrected"]["xx"]["f1"] == 1.0
    assert comparison(run) == [
        {"eval set": "xx", "F1 uncorrected": 0.5, "F1 corrected": 1.0, "gain": 0.5, "corrected sentences": 12, "of": 24}
    ]
    assert past_runs(store, NAME) == [run] and runs_path(store, NAME).parent == tmp_path / "retrain"
    retrain(store, NAME, method, {"xx": str(gold)}, SETTINGS, features)
    assert len(past_runs(store, NAME)) == 2


def test_eval_and_layer_fields_and_command() -> None:
    assert parse_evals("hau=masakhaner2:hau:test, masakhaner2:yor:test") == {
        "hau": "masakhaner2:hau:test",
        "masakhaner2:yor:test": "masakhaner2:yor:test",
    }
    with pytest.raises(XprojError, match=r"\[E903\]"):
        parse_evals("hau=")
    assert parse_layers("1,3") == (1, 3)
    with pytest.raises(XprojError, match=r"\[E016\] .*layers=1,x"):
        parse_layers("1,x")
    settings = TrainSettings(epochs=3)
    command = retrain_command("silver:en-hau", {"hau": "masakhaner2:hau:test"}, None, "e5", settings)
    assert command == [
        "xproj",
        "retrain",
        "--corpus",
        "silver:en-hau",
        "--eval",
        "hau=masakhaner2:hau:test",
        "--epochs",
        "3",
    ]
