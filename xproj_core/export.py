"""Export corrected silver data for one cached corpus.

Which sentences and spans:

- ``mode="reviewed"``: only sentences an annotator touched (a span edit or *reviewed*); their spans are
  the corrected ones, or the chosen method's projection when they were marked reviewed unchanged.
- ``mode="all"``: every sentence; corrected spans where they exist, else the chosen method's projection.
- ``min_confidence``: projected spans scored below it are dropped (corrected spans count as 1.0).

Formats: ``conll`` (token TAB IOB2 tag, blank line between sentences), ``jsonl`` (canonical records with
the silver ``tgt_tags`` plus ``entities`` carrying token and character offsets into ``tgt_text``, the
tokens joined by single spaces), ``hf`` (a Hugging Face ``datasets`` directory saved to disk, tags as a
``ClassLabel``) and ``spacy`` (a ``DocBin`` file). Every write is atomic.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .browse import CachedProjection
from .errors import Errors, XprojError, check_choice
from .io.atomic import atomic_write
from .io.conll import write_conll
from .store import Store
from .tags import spans_to_tags
from .types import SentencePair, Span

Mode = Literal["reviewed", "all"]
FORMATS = ("conll", "jsonl", "hf", "spacy")
SUFFIX = {"conll": ".conll", "jsonl": ".jsonl", "hf": "", "spacy": ".spacy"}


@dataclass(frozen=True)
class SilverSentence:
    idx: int
    pair: SentencePair
    spans: list[Span]
    origin: str
    """``corrected`` or ``projection``."""

    @property
    def tags(self) -> list[str]:
        return spans_to_tags(self.spans, len(self.pair.tgt_tokens))


@dataclass
class ExportSummary:
    path: Path
    fmt: str
    n_sentences: int
    n_spans: int
    n_corrected: int
    labels: list[str] = field(default_factory=list)
    """Entity types written."""

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "format": self.fmt,
            "sentences": self.n_sentences,
            "spans": self.n_spans,
            "corrected": self.n_corrected,
            "types": self.labels,
        }


def _non_overlapping(spans: Sequence[Span]) -> list[Span]:
    """Keep the highest-scored of overlapping spans (projections may overlap; IOB2 cannot)."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-s.score, s.start, s.end)):
        if not any(span.overlaps(k) for k in kept):
            kept.append(span)
    return sorted(kept)


def silver_sentences(
    store: Store,
    corpus: str,
    mode: Mode = "reviewed",
    method: CachedProjection | None = None,
    min_confidence: float = 0.0,
    corrections: bool = True,
) -> list[SilverSentence]:
    """The sentences and spans an export writes (see the module docstring); ``corrections=False`` ignores
    the corrections log (the uncorrected data a retraining compares against)."""
    check_choice("mode", mode, ("reviewed", "all"))
    if store.count_sentences(corpus) == 0:
        raise XprojError(Errors.E800, detail=f"corpus {corpus!r} is not in the cache {store.path}")
    touched = set(store.corrected_indices(corpus)) if corrections else set()
    projections = store.predictions(method.signature) if method else {}
    out: list[SilverSentence] = []
    for idx, pair in enumerate(store.sentences(corpus)):
        state = store.correction_state(corpus, idx) if idx in touched else None
        corrected = state is not None and state.spans is not None
        if mode == "reviewed" and not (corrected or (state is not None and state.reviewed)):
            continue
        if corrected:
            spans, origin = state.spans, "corrected"
        elif method is None:
            raise XprojError(Errors.E801, idx=idx, mode=mode)
        else:
            found = projections.get(idx)
            spans, origin = (found["spans"] if found else []), "projection"
        spans = [s for s in spans if s.score >= min_confidence or origin == "corrected"]
        out.append(SilverSentence(idx, pair, _non_overlapping(spans), origin))
    if not out:
        raise XprojError(Errors.E800, detail=f"no {'reviewed ' if mode == 'reviewed' else ''}sentences in {corpus!r}")
    return out


def label_names(sentences: Sequence[SilverSentence]) -> list[str]:
    """``O`` then ``B-``/``I-`` for every type, types sorted: the ClassLabel names."""
    types = sorted({s.label for sent in sentences for s in sent.spans})
    return ["O"] + [f"{prefix}-{t}" for t in types for prefix in ("B", "I")]


def entities(sentence: SilverSentence) -> tuple[str, list[dict[str, object]]]:
    """The target text (tokens joined by spaces) and each span with token and character offsets."""
    tokens = sentence.pair.tgt_tokens
    starts, position = [], 0
    for token in tokens:
        starts.append(position)
        position += len(token) + 1
    text = " ".join(tokens)
    found = []
    for span in sentence.spans:
        char_start, char_end = starts[span.start], starts[span.end - 1] + len(tokens[span.end - 1])
        found.append(
            {
                "label": span.label,
                "start": span.start,
                "end": span.end,
                "char_start": char_start,
                "char_end": char_end,
                "text": text[char_start:char_end],
                "score": round(span.score, 6),
            }
        )
    return text, found


def _write_conll(path: Path, sentences: Sequence[SilverSentence]) -> None:
    write_conll(path, ((s.pair.tgt_tokens, s.tags) for s in sentences))


def _write_jsonl(path: Path, sentences: Sequence[SilverSentence]) -> None:
    with atomic_write(path) as handle:
        for sentence in sentences:
            text, found = entities(sentence)
            record = sentence.pair.to_record()
            record["tgt_tags"] = sentence.tags
            record["tgt_text"] = text
            record["entities"] = found
            record["meta"] = {**record["meta"], "idx": sentence.idx, "silver": sentence.origin}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _write_hf(path: Path, sentences: Sequence[SilverSentence]) -> None:
    from datasets import ClassLabel, Dataset, Features, Value
    from datasets import Sequence as HFSequence

    names = label_names(sentences)
    features = Features(
        {
            "id": Value("string"),
            "tokens": HFSequence(Value("string")),
            "ner_tags": HFSequence(ClassLabel(names=names)),
            "origin": Value("string"),
        }
    )
    index = {name: k for k, name in enumerate(names)}
    data = {
        "id": [s.pair.id for s in sentences],
        "tokens": [list(s.pair.tgt_tokens) for s in sentences],
        "ner_tags": [[index[t] for t in s.tags] for s in sentences],
        "origin": [s.origin for s in sentences],
    }
    with atomic_directory(path) as tmp:
        Dataset.from_dict(data, features=features).save_to_disk(str(tmp))


def _write_spacy(path: Path, sentences: Sequence[SilverSentence]) -> None:
    from spacy.tokens import Doc, DocBin
    from spacy.tokens import Span as SpacySpan
    from spacy.vocab import Vocab

    vocab = Vocab()
    docbin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=True)
    for sentence in sentences:
        doc = Doc(vocab, words=list(sentence.pair.tgt_tokens))
        doc.ents = [SpacySpan(doc, s.start, s.end, label=s.label) for s in sentence.spans]
        doc.user_data["id"] = sentence.pair.id
        doc.user_data["origin"] = sentence.origin
        docbin.add(doc)
    with atomic_write(path, "wb") as handle:
        handle.write(docbin.to_bytes())


WRITERS: dict[str, Callable[[Path, Sequence[SilverSentence]], None]] = {
    "conll": _write_conll,
    "jsonl": _write_jsonl,
    "hf": _write_hf,
    "spacy": _write_spacy,
}


@contextmanager
def atomic_directory(path: str | Path) -> Iterator[Path]:
    """Yield a fresh temporary directory beside ``path``; on success it replaces ``path`` by renames."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    if old.is_dir():
        shutil.rmtree(old)
    elif old.exists():
        old.unlink()


def export(
    store: Store,
    corpus: str,
    out: str | Path,
    fmt: str,
    mode: Mode = "reviewed",
    method: CachedProjection | None = None,
    min_confidence: float = 0.0,
) -> ExportSummary:
    """Write the silver data of ``corpus`` to ``out`` in format ``fmt``; returns what was written."""
    if fmt not in WRITERS:
        raise XprojError(Errors.E006, fmt=fmt, known=", ".join(FORMATS))
    sentences = silver_sentences(store, corpus, mode, method, min_confidence)
    path = Path(out)
    WRITERS[fmt](path, sentences)
    return ExportSummary(
        path,
        fmt,
        len(sentences),
        sum(len(s.spans) for s in sentences),
        sum(s.origin == "corrected" for s in sentences),
        sorted({sp.label for s in sentences for sp in s.spans}),
    )


def file_stem(corpus: str) -> str:
    """A file name stem for ``corpus``."""
    return corpus.replace(":", "_").replace("/", "_") + "-silver"


def download_name(corpus: str, fmt: str) -> str:
    """The file name :func:`export_bytes` gives the export of ``corpus`` as ``fmt`` (``hf`` zipped: ``.zip``)."""
    return file_stem(corpus) + (".zip" if fmt == "hf" else SUFFIX[fmt])


def export_bytes(
    store: Store,
    corpus: str,
    fmt: str,
    mode: Mode = "reviewed",
    method: CachedProjection | None = None,
    min_confidence: float = 0.0,
) -> tuple[str, bytes, ExportSummary]:
    """The export as a downloadable file: (:func:`download_name`, content, summary); ``hf`` comes zipped."""
    stem = file_stem(corpus)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / (stem + SUFFIX[fmt])
        summary = export(store, corpus, target, fmt, mode, method, min_confidence)
        if fmt != "hf":
            return download_name(corpus, fmt), target.read_bytes(), summary
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(target.rglob("*")):
                if file.is_file():
                    archive.write(file, Path(stem) / file.relative_to(target))
        return download_name(corpus, fmt), buffer.getvalue(), summary
