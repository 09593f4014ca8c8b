"""Retrain the target tagger on a cached silver corpus after correction, beside the same tagger trained
on the uncorrected data, and keep the result.

Both taggers train on every sentence of the corpus: the chosen method's projection, with the corrections
applied (``corrected``) or ignored (``uncorrected``); same settings, same seed, hence the same slice held
apart to pick the epoch (:func:`xproj_core.silver_train.train_tagger`). Both are scored on the named gold
sets. Each run is appended to ``retrain/<corpus>.json`` beside the cache file, so the app shows it again
later. Encoder features come from the feature store: only the first run encodes the sentences.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from .browse import CachedProjection
from .errors import Errors, XprojError
from .export import file_stem, silver_sentences
from .io.atomic import atomic_write
from .silver_train import Tagged, TrainSettings, evaluate, load_tagged, parse_eval, train_tagger
from .store import Store

Features = Callable[[Sequence[Sequence[str]]], list[np.ndarray]]
Progress = Callable[[str, float], None]
VARIANTS = ("uncorrected", "corrected")


def training_sets(store: Store, corpus: str, method: CachedProjection | None) -> tuple[Tagged, Tagged, int]:
    """(uncorrected, corrected, number of corrected sentences) of every sentence of ``corpus``; E055 when
    nothing was corrected, E056 without a projection for the uncorrected sentences."""
    if method is None:
        raise XprojError(Errors.E056, corpus=corpus, detail="choose the method whose projection is the silver data")
    corrected = silver_sentences(store, corpus, "all", method)
    n_corrected = sum(s.origin == "corrected" for s in corrected)
    if n_corrected == 0:
        raise XprojError(Errors.E055, corpus=corpus)
    plain = silver_sentences(store, corpus, "all", method, corrections=False)
    tagged = lambda sentences: [(list(s.pair.tgt_tokens), s.tags) for s in sentences]  # noqa: E731
    return tagged(plain), tagged(corrected), n_corrected


def head_features(encoder: str, layers: Sequence[int], progress: bool = False) -> Features:
    """Word features of ``encoder`` (``e5`` or ``hf:PATH``) at ``layers``, through the feature store."""
    from .models.encoders import cache_dir, load_encoder
    from .models.feature_store import FeatureStore

    store = FeatureStore(cache_dir(), load_encoder(encoder), layers)
    return lambda sentences: store.features(sentences, progress=progress)


def default_evals(lang: str, data_dir: str | Path | None = None) -> dict[str, str]:
    """``{lang: first gold test set of lang}``, or nothing when the language has none."""
    from .datasets.languages import gold_tests

    try:
        return {lang: gold_tests(lang, data_dir)[0]}
    except XprojError:
        return {}


def parse_evals(text: str) -> dict[str, str]:
    """``NAME=SPEC, NAME=SPEC`` (the app's field) as name → spec; E903 on a bad entry."""
    return dict(parse_eval(spec.strip()) for spec in text.split(",") if spec.strip())


def parse_layers(text: str) -> tuple[int, ...]:
    """``6,9,12`` → (6, 9, 12); E016 unless whole numbers."""
    try:
        return tuple(int(k) for k in text.split(","))
    except ValueError:
        raise XprojError(Errors.E016, option=f"layers={text}", detail="give layer numbers like 6,9,12") from None


def retrain_command(
    corpus: str, evals: dict[str, str], method: CachedProjection | None, encoder: str, settings: TrainSettings
) -> list[str]:
    """The ``xproj retrain`` command line of a retraining (options at their defaults left out)."""
    command = ["xproj", "retrain", "--corpus", corpus]
    for name, spec in evals.items():
        command += ["--eval", f"{name}={spec}"]
    if method is not None:
        command += ["--method", method.signature]
    if encoder != "e5":
        command += ["--encoder", encoder]
    default = TrainSettings()
    for option, value, usual in [
        ("--layers", ",".join(map(str, settings.layers)), ",".join(map(str, default.layers))),
        ("--epochs", str(settings.epochs), str(default.epochs)),
        ("--seed", str(settings.seed), str(default.seed)),
    ]:
        command += [option, value] if value != usual else []
    return command


def retrain(
    store: Store,
    corpus: str,
    method: CachedProjection | None,
    evals: dict[str, str],
    settings: TrainSettings,
    features: Features,
    encoder: str = "e5",
    data_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Train on the uncorrected and on the corrected data, score both on ``evals`` (name → file or dataset),
    record the run (:func:`past_runs`) and return it. E057 without a gold set."""
    start = time.time()
    if not evals:
        raise XprojError(Errors.E057)
    report = progress or (lambda stage, done: None)
    plain, corrected, n_corrected = training_sets(store, corpus, method)
    gold = {name: load_tagged(spec, data_dir) for name, spec in evals.items()}
    scores = {}
    for k, (variant, data) in enumerate(zip(VARIANTS, (plain, corrected))):
        report(f"training on the {variant} data", k / len(VARIANTS))
        trained = train_tagger([data], settings, features=features)
        scores[variant] = evaluate(trained.predict, gold, settings.types)
    report("done", 1.0)
    run = {
        "at": time.time(),
        "corpus": corpus,
        "method": method.signature if method else None,
        "method_label": method.label if method else None,
        "eval": evals,
        "encoder": encoder,
        "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(settings).items()},
        "sentences": len(corrected),
        "corrected": n_corrected,
        "scores": scores,
        "seconds": round(time.time() - start, 1),
    }
    record_run(store, corpus, run)
    return run


def runs_path(store: Store, corpus: str) -> Path:
    return store.path.parent / "retrain" / f"{file_stem(corpus)}.json"


def past_runs(store: Store, corpus: str) -> list[dict[str, Any]]:
    """The recorded retraining runs of ``corpus``, oldest first."""
    path = runs_path(store, corpus)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


def record_run(store: Store, corpus: str, run: dict[str, Any]) -> None:
    """Append ``run`` to the corpus's record (rewritten atomically)."""
    runs = past_runs(store, corpus) + [run]
    with atomic_write(runs_path(store, corpus)) as handle:
        handle.write(json.dumps(runs, indent=1, ensure_ascii=False) + "\n")


def comparison(run: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per eval set: F1 trained on the uncorrected data, on the corrected data, and the gain."""
    rows = []
    for name in run["eval"]:
        before, after = (run["scores"][v][name]["f1"] for v in VARIANTS)
        rows.append(
            {
                "eval set": name,
                "F1 uncorrected": before,
                "F1 corrected": after,
                "gain": round(after - before, 4),
                "corrected sentences": run["corrected"],
                "of": run["sentences"],
            }
        )
    return rows
