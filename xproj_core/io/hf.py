"""Hugging Face style NER data: token lists with integer ``ner_tags`` and a label list.

Three sources: JSON lines ``{"tokens": [...], "ner_tags": [ids]}`` (with the label list given, e.g.
:data:`MASAKHANER_LABELS`), a ``datasets`` dataset saved with ``save_to_disk``, and a parquet file
written by ``datasets`` (``to_parquet``; its ``ClassLabel`` names travel in the schema metadata). String
tags are taken as they are; integer tags are mapped through the ``ClassLabel`` names or ``labels``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import Errors, XprojError
from ..tags import TagSyntaxError, validate_tags
from .conll import TaggedSentence
from .jsonl import read_json_lines

MASAKHANER_LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-DATE", "I-DATE")
"""The label ids of MasakhaNER 2.0 on the Hugging Face hub."""


def tagged_sentence(
    tokens: Any,
    tags: Any,
    labels: Sequence[str] | None,
    path: str | Path,
    line: int,
    meta: dict[str, Any] | None = None,
) -> TaggedSentence:
    """Check one record's tokens and tags (ids mapped through ``labels``) into a :class:`TaggedSentence`."""
    if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
        raise XprojError(Errors.E009, path=path, line=line, detail="'tokens' must be a list of strings")
    if not isinstance(tags, list):
        raise XprojError(Errors.E009, path=path, line=line, detail="'ner_tags' must be a list")
    if not tokens:
        raise XprojError(Errors.E008, path=path, line=line)
    if len(tokens) != len(tags):
        raise XprojError(Errors.E003, path=path, line=line, n_tokens=len(tokens), n_tags=len(tags))
    names: list[str] = []
    for tag in tags:
        if isinstance(tag, str):
            names.append(tag)
        elif labels is None:
            raise XprojError(
                Errors.E301, path=path, line=line, what="integer ner_tags", option="a label list", detail="pass labels"
            )
        elif not 0 <= tag < len(labels):
            raise XprojError(Errors.E014, path=path, line=line, label_id=tag, n_labels=len(labels))
        else:
            names.append(labels[tag])
    try:
        checked, repairs = validate_tags(names)
    except TagSyntaxError as error:
        raise XprojError(Errors.E004, path=path, line=line, tag=error.tag) from None
    return TaggedSentence(list(tokens), checked, line, repairs, dict(meta or {}))


def read_hf_jsonl(
    path: str | Path, labels: Sequence[str] | None = MASAKHANER_LABELS, tokens: str = "tokens", tags: str = "ner_tags"
) -> list[TaggedSentence]:
    """Sentences of a JSON-lines file of ``{"id", "tokens", "ner_tags"}`` records."""
    sentences = []
    for line, record in read_json_lines(path):
        for key in (tokens, tags):
            if key not in record:
                raise XprojError(Errors.E012, path=path, line=line, field=key)
        meta = {"id": str(record["id"])} if "id" in record else {}
        sentences.append(tagged_sentence(record[tokens], record[tags], labels, path, line, meta))
    if not sentences:
        raise XprojError(Errors.E002, path=path)
    return sentences


def _class_names(feature: Any) -> list[str] | None:
    """The ``ClassLabel`` names inside a (possibly sequence-wrapped) feature, if any."""
    inner = getattr(feature, "feature", feature)
    return list(inner.names) if hasattr(inner, "names") else None


def read_hf_dataset(
    path: str | Path,
    split: str | None = None,
    labels: Sequence[str] | None = None,
    tokens: str = "tokens",
    tags: str = "ner_tags",
) -> list[TaggedSentence]:
    """Sentences of a ``datasets`` dataset saved to disk (a folder) or a parquet file; rows count as lines."""
    path = Path(path)
    if not path.exists():
        raise XprojError(Errors.E001, path=path)
    if path.is_dir():
        from datasets import DatasetDict, load_from_disk

        dataset = load_from_disk(str(path))
        if isinstance(dataset, DatasetDict):
            if split not in dataset:
                raise XprojError(
                    Errors.E301,
                    path=path,
                    what="a dataset with splits",
                    option="--split",
                    detail=f"one of {', '.join(dataset)}",
                )
            dataset = dataset[split]
        features, rows = dataset.features, dataset
    else:
        import pyarrow
        import pyarrow.parquet as pq
        from datasets import Features

        try:
            table = pq.read_table(path)
        except pyarrow.ArrowInvalid as error:
            raise XprojError(Errors.E302, path=path, kind="parquet", detail=str(error)) from None
        features, rows = Features.from_arrow_schema(table.schema), table.to_pylist()
    for key in (tokens, tags):
        if key not in features:
            raise XprojError(Errors.E012, path=path, field=key)
    names = list(labels) if labels is not None else _class_names(features[tags])
    sentences = [tagged_sentence(row[tokens], row[tags], names, path, n) for n, row in enumerate(rows, start=1)]
    if not sentences:
        raise XprojError(Errors.E002, path=path)
    return sentences
