"""Tagger cells: project English labels onto parallel text, train a target tagger on it, score it on gold.

A tagger group is one gold set × aligner × parallel source × N × seed. In the ``projected`` role the N
pairs drawn from the source (minus those overlapping the gold sets, :func:`~xproj_core.overlap.without_gold`)
are labelled on the English side, aligned, and projected with each cell's method; in the ``alignment`` role
the draw only trains the aligner and a fixed corpus (``Group.projected``) is projected. Each cell trains a
tagger on its silver sentences (:func:`~xproj_core.silver_train.train_tagger`: the epoch is picked on a slice
held apart from the silver data) and scores it on the gold set, and on the group's dev set when it has one
(``settings["select_on"]``: settings are chosen on dev, reported on test). Baseline cells: ``zero-shot``
(the English labeller applied to the target) and ``gold:MODE`` (trained on the gold train split).

Encoder features come from the on-disk :class:`~xproj_core.models.feature_store.FeatureStore`, so each
sentence is encoded once however many cells train on it; English labels are kept per process.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..store import CellResult
from ..types import Alignment, Corpus, SentencePair, Span
from .base import ENGLISH_TRAIN, NO_PARALLEL, NO_SOLVER, Cell, CellOutcome, Component, Group, corpus_identity
from .worker import MemoryPeak, _timed, align_group, build_component, cached_corpus, evaluate

_LABELS: dict[tuple[Component, tuple[str, ...]], list[Span]] = {}
"""English spans per labeller and sentence, kept per process (nested draws share their sentences)."""


@lru_cache(maxsize=1)
def feature_store() -> Any:
    """The process's store of e5 word features (the layers the ``e5-conll`` head and trained heads read)."""
    from ..align.neural import cached_encoder
    from ..models.encoders import cache_dir
    from ..models.feature_store import DEFAULT_LAYERS, FeatureStore

    return FeatureStore(cache_dir(), cached_encoder("e5"), DEFAULT_LAYERS)


def english_spans(labels: Component, pairs: Sequence[SentencePair]) -> list[list[Span]]:
    """The labeller's spans on the English side of each pair, tagging only sentences not seen before."""
    from ..tags import tags_to_spans

    missing = list(dict.fromkeys(tuple(p.src_tokens) for p in pairs if (labels, tuple(p.src_tokens)) not in _LABELS))
    if missing:
        tagger = build_component("tagger", labels.spec, labels.options)
        for tokens, tags in zip(missing, tagger.tag([list(t) for t in missing])):
            _LABELS[labels, tokens] = tags_to_spans(tags)
    return [_LABELS[labels, tuple(p.src_tokens)] for p in pairs]


def projected_corpus(group: Group) -> Corpus:
    """The pairs a group projects: its draw (projected role) or its fixed corpus (alignment role), both
    without the pairs that overlap the gold set or the dev set."""
    from ..mixture import draw_parallel, usable_pairs

    exclude = (group.corpus,) + ((group.select_on,) if group.select_on else ())
    if group.projected:
        return Corpus(group.projected, list(usable_pairs(group.projected, exclude)))  # loaded once per process
    assert group.parallel_spec is not None, "a tagger group of the projected role draws from a parallel source"
    return Corpus(group.parallel, draw_parallel(group.parallel_spec, group.n, group.seed, exclude))


DEFAULT_TYPES = ("PER", "ORG", "LOC")
"""The types a tagger cell trains and is scored on when its study names none."""


def _train_settings(cell: Cell, mode: str) -> Any:
    from ..silver_train import TrainSettings

    return TrainSettings(types=cell.types or DEFAULT_TYPES, seed=cell.seed, mode=mode)


@lru_cache(maxsize=1)
def english_training(types: tuple[str, ...]) -> list[tuple[list[str], list[str]]]:
    """The English training data a ``+en`` mode adds (tags of other types become ``O``)."""
    from ..silver_train import load_tagged, mask_types

    return mask_types(load_tagged(ENGLISH_TRAIN), types)


def _trained_predict(cell: Cell, sentences: list[tuple[list[str], list[str]]], mode: str) -> tuple[Any, dict[str, Any]]:
    """A predictor trained on ``sentences`` in ``mode`` (``+en``: with the English data after them; the
    epoch is chosen on a slice of ``sentences``), and what the training reports."""
    from ..models.encoders import e5_dir
    from ..silver_train import train_tagger

    base, plus, _ = mode.partition("+en")
    settings = _train_settings(cell, base)
    sets = [sentences, english_training(settings.types)] if plus else [sentences]
    with tempfile.TemporaryDirectory(prefix="xproj-tagger-") as folder:
        trained = train_tagger(
            sets,
            settings,
            features=lambda batch: feature_store().features(batch),
            encoder_dir=e5_dir() if base == "full" else None,
            out_dir=Path(folder) if base == "full" else None,
        )
    best = max(trained.history, key=lambda h: h["dev_f1"]) if trained.history else {"epoch": None, "dev_f1": None}
    report = {
        "mode": mode,
        "train_sentences": trained.n_train,
        "dev_sentences": trained.n_dev,
        "best_epoch": best["epoch"],
        "held_apart_f1": best["dev_f1"],
    }
    return trained.predict, report


def _scores(predict: Any, corpus: Corpus, types: Sequence[str] | None) -> tuple[list[list[Span]], Any]:
    from ..tags import filter_types, tags_to_spans

    predicted = [filter_types(tags_to_spans(t), types) for t in predict([p.tgt_tokens for p in corpus])]
    return predicted, evaluate([p.tgt_spans for p in corpus], predicted, types)


def result_of(
    cell: Cell,
    gold: Corpus,
    predict: Any,
    dev: Corpus | None,
    settings: dict[str, Any],
    timings: dict[str, float],
    memory: MemoryPeak,
) -> CellResult:
    """A tagger cell's result: its predictions on ``gold`` scored, and its ``dev`` scores in the settings."""
    import torch

    types = cell.types or DEFAULT_TYPES
    settings["torch_threads"] = torch.get_num_threads()  # the trained weights depend on it (xproj reproduce)
    with _timed(timings, "evaluate"):
        predicted, (metrics, categories, sentence_f1) = _scores(predict, gold, types)
        if dev is not None:
            dev_metrics = _scores(predict, dev, types)[1][0]["overall"]
            scores = {k: dev_metrics[k] for k in ("precision", "recall", "f1", "support")}
            settings["select_on"] = {"set": dev.name, **scores}
    return CellResult(
        signature=cell.signature(*corpus_identity(gold)),
        settings={**settings, "n_sentences": len(gold)},
        metrics=metrics,
        predictions=[list(p) for p in predicted],
        categories=categories,
        sentence_f1=sentence_f1,
        timings=timings,
        peak_memory_mb=round(memory.peak_mb, 1),
    )


def silver_sentences(
    cell: Cell, pairs: Corpus, source: list[list[Span]], alignments: Sequence[Alignment | None]
) -> tuple[list[tuple[list[str], list[str]]], dict[str, Any]]:
    """The cell's method projects ``source`` over ``alignments`` (:func:`~xproj_core.silver.project_aligned`,
    as ``xproj silver`` does): target tokens with IOB2 tags, and counts."""
    from ..silver import project_aligned
    from ..tags import filter_types, spans_to_tags

    solver = () if cell.solver == NO_SOLVER else (("solver", cell.solver),)
    projector = build_component("projector", cell.method.spec, cell.method.options + solver)
    kept = [filter_types(s, cell.types) for s in source]
    silver = project_aligned(pairs.pairs, kept, alignments, [projector])
    sentences = [(list(s.pair.tgt_tokens), spans_to_tags(s.spans, len(s.pair.tgt_tokens))) for s in silver]
    counts = {
        "sentences": len(sentences),
        "source_entities": sum(len(s) for s in kept),
        "projected_entities": sum(len(s.spans) for s in silver),
        "with_entities": sum(bool(s.spans) for s in silver),
        "complete": sum(s.share == 1.0 for s in silver),
        "mean_confidence": round(sum(s.confidence for s in silver) / len(silver), 4) if silver else None,
    }
    return sentences, {"projector_signature": projector.signature(), "silver": counts}


def _baseline(cell: Cell, gold: Corpus, group: Group, dev: Corpus | None) -> CellResult:
    timings: dict[str, float] = {}
    with MemoryPeak() as memory:
        if cell.training == "zero-shot":
            tagger = build_component("tagger", cell.source_labels.spec, cell.source_labels.options)
            predict, settings = tagger.tag, {"baseline": "zero-shot"}
        else:
            from ..silver_train import gold_train_spec

            train_spec = gold_train_spec(cell.corpus)
            assert train_spec is not None
            train = cached_corpus(train_spec, group.data_dir)
            with _timed(timings, "train"):
                gold_train = [(p.tgt_tokens, p.tgt_tags) for p in train]
                predict, settings = _trained_predict(cell, gold_train, cell.training.removeprefix("gold:"))
            settings = {"baseline": "gold", "gold_train": train_spec, **settings}
        return result_of(cell, gold, predict, dev, settings, timings, memory)


def iter_tagger_group(group: Group, progress: bool = False) -> Iterator[CellOutcome]:
    """Run a tagger group's cells one after the other, yielding each outcome as soon as it is known."""
    timings: dict[str, float] = {}
    try:
        with _timed(timings, "load"):
            gold = cached_corpus(group.corpus, group.data_dir)
            dev = (
                replace(cached_corpus(group.select_on, group.data_dir), name=group.select_on)
                if group.select_on
                else None
            )
        if group.aligner is not None:
            with _timed(timings, "draw"):
                pairs = projected_corpus(group)
            if group.projected:  # the alignment role: the aligner draws its N pairs itself
                alignments, aligner_signature, seconds = align_group(group, pairs, progress)
            else:
                own = replace(group, n=0, parallel_spec=None)  # the drawn pairs are aligned, nothing more drawn
                alignments, aligner_signature, seconds = align_group(own, pairs, progress)
            timings["align"] = round(seconds, 4)
    except Exception as error:  # noqa: BLE001 - reported per cell, the sweep goes on
        for cell in group.cells:
            yield CellOutcome(cell, error=f"{type(error).__name__}: {error}")
        return
    for cell in group.cells:
        try:
            if group.aligner is None:
                result = _baseline(cell, gold, group, dev)
            else:
                cell_timings = dict(timings)
                with MemoryPeak() as memory:
                    with _timed(cell_timings, "labels"):
                        source = english_spans(cell.source_labels, pairs.pairs)
                    with _timed(cell_timings, "project"):
                        sentences, settings = silver_sentences(cell, pairs, source, alignments)
                    with _timed(cell_timings, "train"):
                        predict, report = _trained_predict(cell, sentences, cell.training.partition("/")[0])
                    settings = {
                        "aligner_signature": aligner_signature,
                        "parallel_spec": group.parallel_spec if group.parallel != NO_PARALLEL else None,
                        "projected": group.projected,
                        **settings,
                        **report,
                    }
                    result = result_of(cell, gold, predict, dev, settings, cell_timings, memory)
        except Exception as error:  # noqa: BLE001
            yield CellOutcome(cell, error=f"{type(error).__name__}: {error}")
            continue
        yield CellOutcome(cell, result)
