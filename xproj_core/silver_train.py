"""Train a target-language NER tagger on silver (and English) data and score it on named gold sets.

Tagged data comes by dataset name (tags of the target side, e.g. ``masakhaner2:hau:test``,
``conll2003-en:train``) or from a file (CoNLL columns, canonical JSONL, MasakhaNER2 HF JSONL). The epoch
is picked on a slice held apart from the *first* training set (``dev_share``), never on an eval set.
Two modes: ``head`` (frozen encoder, features from a :class:`~xproj_core.models.feature_store.FeatureStore`)
and ``full`` (fine-tuning the encoder, :mod:`xproj_core.models.finetune`). :func:`baselines` runs
zero-shot transfer, silver, silver + English and gold-trained side by side.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import Errors, XprojError
from .models.head_training import Predictor, Trained

Tagged = list[tuple[list[str], list[str]]]


def load_tagged(spec: str, data_dir: str | Path | None = None) -> Tagged:
    """(tokens, IOB2 tags) of a tagged file or of the tagged side of a named dataset (target side first)."""
    from .datasets import load_corpus
    from .io.conll import read_conll
    from .io.hf import read_hf_jsonl
    from .io.jsonl import read_json_lines, read_jsonl

    path = Path(spec)
    if path.is_file() and path.suffix == ".jsonl":
        first = read_json_lines(path)[:1]
        if first and "ner_tags" in first[0][1]:
            sentences = [(s.tokens, s.tags) for s in read_hf_jsonl(path)]
        else:
            sentences = [(p.tgt_tokens, p.tgt_tags) for p in read_jsonl(path) if p.tgt_tags is not None]
    elif path.is_file():
        sentences = [(s.tokens, s.tags) for s in read_conll(path)]
    else:
        corpus = load_corpus(spec, data_dir)
        side = "tgt" if corpus.has_tgt_tags else "src"
        sentences = [(getattr(p, f"{side}_tokens"), getattr(p, f"{side}_tags")) for p in corpus]
        sentences = [(tokens, tags) for tokens, tags in sentences if tags is not None]
    if not sentences:
        raise XprojError(Errors.E901, path=spec, what=spec)
    return sentences


def parse_eval(spec: str) -> tuple[str, str]:
    """``NAME=FILE_OR_DATASET`` (or a bare dataset name, which names itself)."""
    name, sep, target = spec.partition("=")
    if not sep:
        name, target = spec, spec
    if not name or not target:
        raise XprojError(Errors.E903, spec=spec)
    return name, target


def mask_types(sentences: Tagged, types: Sequence[str] | None) -> Tagged:
    """Tags of other types set to ``O`` (all kept when ``types`` is None)."""
    from .evaluate.spans import mask_types as mask

    return list(zip([s for s, _ in sentences], mask([t for _, t in sentences], types)))


def held_apart(sentences: Tagged, share: float, seed: int) -> tuple[Tagged, Tagged]:
    """(train, dev): ``share`` of the sentences (at least one, at most all but one) drawn by ``seed``."""
    if len(sentences) < 2:
        raise XprojError(Errors.E901, what="a training set of at least 2 sentences (one is held apart)")
    n_dev = min(len(sentences) - 1, max(1, round(share * len(sentences))))
    dev_index = set(random.Random(seed).sample(range(len(sentences)), n_dev))
    train = [s for k, s in enumerate(sentences) if k not in dev_index]
    return train, [s for k, s in enumerate(sentences) if k in dev_index]


def scores(gold: Tagged, predicted: list[list[str]], types: Sequence[str] | None) -> dict[str, float | int]:
    """Exact-span micro P/R/F1 and support over ``types``."""
    from .evaluate.spans import tag_scores

    micro = tag_scores([t for _, t in gold], predicted, types).micro
    return {
        "precision": round(micro.precision, 4),
        "recall": round(micro.recall, 4),
        "f1": round(micro.f1, 4),
        "support": micro.n_gold,
    }


def evaluate(predict: Predictor, evals: dict[str, Tagged], types: Sequence[str] | None) -> dict[str, dict[str, Any]]:
    """Scores of a tagger on each named gold set."""
    return {name: scores(gold, predict([s for s, _ in gold]), types) for name, gold in evals.items()}


@dataclass(frozen=True)
class TrainSettings:
    """How a tagger is trained: label types, epochs, held-apart share, seed, mode and its sizes."""

    types: tuple[str, ...] | None = ("PER", "ORG", "LOC")
    epochs: int = 10
    dev_share: float = 0.1
    seed: int = 13
    mode: str = "head"
    hidden: int = 256
    layers: tuple[int, ...] = (6, 9, 12)
    learning_rate: float = 5e-5
    batch_size: int = 16


def split_training(sets: Sequence[Tagged], settings: TrainSettings, dev: Tagged | None = None) -> tuple[Tagged, Tagged]:
    """All training sets joined, minus the slice held apart from the first one (or ``dev`` when given)."""
    if dev is None:
        first, dev = held_apart(sets[0], settings.dev_share, settings.seed)
        sets = [first, *sets[1:]]
    joined = [s for part in sets for s in part]
    return mask_types(joined, settings.types), mask_types(dev, settings.types)


def head_predictor(head: Any, features: Callable[[Sequence[Sequence[str]]], list[np.ndarray]]) -> Predictor:
    """Tags from a trained head over stored features."""
    from .models.head_training import predict

    return lambda sentences: predict(head, features(sentences))


def train_head_tagger(
    train: Tagged, dev: Tagged, settings: TrainSettings, features: Callable[[Sequence[Sequence[str]]], list[np.ndarray]]
) -> Trained:
    """The frozen-encoder head trained on ``train``, its epoch chosen on ``dev``."""
    from .models.head_training import train_head
    from .models.ner_common import iob2_labels

    labels = iob2_labels(t[2:] for _, tags in train for t in tags if t != "O")
    train_features = features([s for s, _ in train])
    dev_features = features([s for s, _ in dev])
    head, history = train_head(
        train_features,
        [t for _, t in train],
        labels,
        settings.layers,
        (dev_features, [t for _, t in dev]),
        settings.epochs,
        settings.hidden,
        settings.seed,
    )
    return Trained(head_predictor(head, features), history, head, len(train), len(dev))


def train_tagger(
    sets: Sequence[Tagged],
    settings: TrainSettings,
    *,
    features: Any = None,
    encoder_dir: Path | None = None,
    out_dir: Path | None = None,
    dev: Tagged | None = None,
) -> Trained:
    """Train in ``settings.mode``: ``head`` needs ``features`` (a callable), ``full`` the encoder directory
    and a folder to save the fine-tuned model in."""
    train, dev = split_training(sets, settings, dev)
    if settings.mode == "head":
        return train_head_tagger(train, dev, settings, features)
    from .models.finetune import finetune

    if encoder_dir is None or out_dir is None:
        raise XprojError(Errors.E301, what="--mode full", option="an encoder and an output folder", detail="pass both")
    return finetune(encoder_dir, train, dev, settings, out_dir)


def baselines(
    evals: dict[str, Tagged],
    zero_shot: Predictor,
    train: Callable[[list[Tagged]], Trained],
    silver: Tagged | None,
    english: Tagged | None,
    gold_train: dict[str, Tagged],
    types: Sequence[str] | None,
) -> dict[str, dict[str, dict[str, Any]]]:
    """Scores per baseline and eval set: ``zero-shot`` (the English tagger on the target), ``silver``,
    ``silver+en`` and ``gold`` (trained on the eval set's own gold train set, only where one exists)."""
    rows: dict[str, dict[str, dict[str, Any]]] = {"zero-shot": evaluate(zero_shot, evals, types)}
    if silver is not None:
        rows["silver"] = evaluate(train([silver]).predict, evals, types)
        if english is not None:
            rows["silver+en"] = evaluate(train([silver, english]).predict, evals, types)
    gold_rows = {
        name: evaluate(train([gold_train[name]]).predict, {name: evals[name]}, types)[name]
        for name in evals
        if name in gold_train
    }
    if gold_rows:
        rows["gold"] = gold_rows
    return rows


def gold_train_spec(spec: str) -> str | None:
    """The gold train set beside a named test set (``masakhaner2:hau:test`` → ``masakhaner2:hau:train``)."""
    return spec[: -len(":test")] + ":train" if spec.endswith(":test") and not Path(spec).exists() else None
