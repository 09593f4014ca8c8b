"""The SQLite evaluation cache (via sqlite-utils): corpora, cells, metrics, predictions, alignments and
the append-only corrections log the app writes.

One file (``cache/xproj.sqlite`` by default), WAL mode, one transaction per cell. The schema is
versioned in the ``meta`` table; an older file is migrated on open, a newer one is refused with a clear
message.

Several processes share one file (app sessions correcting, a sweep writing cells): readers never wait
(WAL), and every write is one short ``BEGIN IMMEDIATE`` transaction (:meth:`Store.writing`), which takes
the write lock before it reads anything, so it waits its turn (``busy_timeout``) instead of failing the
way a read-then-write transaction fails when another process wrote in between.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np
import sqlite_utils

from .errors import Errors, XprojError, check_choice
from .signature import Signature, data_hash
from .types import Alignment, Corpus, SentencePair, Span

BUSY_TIMEOUT_MS = 30_000
"""How long a write waits for another process's transaction before :data:`Errors.E930`."""
SCHEMA_VERSION = 2
"""1: first release. 2: ``cells.parallel`` (the named parallel source of data-hungry aligners)."""
REPO_ROOT = Path(__file__).resolve().parents[1]


def cache_dir() -> Path:
    """``$XPROJ_CACHE`` or ``<repo>/cache``."""
    return Path(os.environ.get("XPROJ_CACHE") or REPO_ROOT / "cache")


def default_store_path() -> Path:
    return cache_dir() / "xproj.sqlite"


def spans_to_json(spans: Iterable[Span]) -> str:
    return json.dumps([[s.start, s.end, s.label, round(float(s.score), 6)] for s in spans])


def spans_from_json(text: str | None) -> list[Span]:
    return [Span(int(a), int(b), str(label), float(score)) for a, b, label, score in json.loads(text or "[]")]


@dataclass
class CellResult:
    """Everything one evaluation cell produces, written in one transaction."""

    signature: Signature
    settings: dict[str, Any]
    metrics: dict[str, dict[str, float]]
    """scope ("overall" or an entity type) → {"precision", "recall", "f1", "support", "predicted"}."""
    predictions: list[list[Span]]
    """Projected target spans per sentence, in corpus order."""
    categories: list[dict[str, int]] = field(default_factory=list)
    """Per sentence: counts of correct/missed/spurious/wrong_type/wrong_boundary (may be empty)."""
    sentence_f1: list[float | None] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    peak_memory_mb: float | None = None


@dataclass(frozen=True)
class CorrectionState:
    """The current, derived correction state of one sentence."""

    spans: list[Span] | None
    """Corrected spans, or None when the sentence was never edited."""
    reviewed: bool
    skipped: bool
    annotator: str | None
    event_id: int | None


class Store:
    """Read and write the evaluation cache."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.sqlite = sqlite_utils.Database(self.path)
        self.sqlite.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # before WAL: switching modes waits
        self.sqlite.enable_wal()
        self._ensure_schema()

    @contextmanager
    def writing(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction that holds the write lock from its start (waiting up to
        :data:`BUSY_TIMEOUT_MS` for it); committed on leaving, rolled back on any exception."""
        try:
            self.sqlite.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            raise XprojError(Errors.E930, path=self.path, seconds=BUSY_TIMEOUT_MS // 1000) from None
        try:
            yield self.sqlite
            self.sqlite.commit()
        except BaseException:
            self.sqlite.rollback()
            raise

    # ---------------------------------------------------------------- schema
    def _ensure_schema(self) -> None:
        version = self.schema_version()
        if version is None:
            self._create_schema()
        elif version < SCHEMA_VERSION:
            self._migrate(version)
        elif version > SCHEMA_VERSION:
            raise XprojError(
                Errors.E017,
                what=f"cache {self.path}",
                detail=f"schema version {version} is newer than this xproj's ({SCHEMA_VERSION}); "
                "upgrade xproj or use another --cache",
            )

    def _migrate(self, version: int) -> None:
        """Bring an older cache up to :data:`SCHEMA_VERSION`, one step per version, in one transaction."""
        with self.writing():
            version = self.schema_version() or version  # another process may have migrated meanwhile
            if version < 2:
                self.sqlite["cells"].add_column("parallel", str)
                self.sqlite.execute("UPDATE cells SET parallel = '-'")
                self.sqlite["cells"].create_index(["corpus", "parallel", "aligner", "method", "n"], if_not_exists=True)
            self.sqlite["meta"].upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")

    def schema_version(self) -> int | None:
        if "meta" not in self.sqlite.table_names():
            return None
        row = self.sqlite.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return None if row is None else int(row[0])

    def _create_schema(self) -> None:
        database = self.sqlite
        with self.writing():
            database["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
            database["corpora"].create(
                {"name": str, "src_lang": str, "tgt_lang": str, "n_pairs": int, "data": str, "meta": str},
                pk="name",
                if_not_exists=True,
            )
            database["sentences"].create(
                {
                    "corpus": str, "idx": int, "id": str, "src_lang": str, "tgt_lang": str,
                    "src_tokens": str, "tgt_tokens": str,
                    "src_tags": str, "tgt_tags": str, "meta": str,
                },
                pk=("corpus", "idx"),
                if_not_exists=True,
            )
            database["cells"].create(
                {
                    "signature": str, "corpus": str, "pair": str, "n": int, "aligner": str, "method": str,
                    "solver": str, "seed": int, "source_labels": str, "types": str, "parallel": str, "version": str,
                    "data": str, "settings": str, "timings": str, "peak_memory_mb": float, "finished_at": float,
                },
                pk="signature",
                if_not_exists=True,
            )
            database["metrics"].create(
                {
                    "signature": str, "scope": str, "precision": float, "recall": float, "f1": float,
                    "support": int, "predicted": int,
                },
                pk=("signature", "scope"),
                foreign_keys=[("signature", "cells", "signature")],
                if_not_exists=True,
            )
            database["predictions"].create(
                {"signature": str, "corpus": str, "idx": int, "spans": str, "categories": str, "f1": float},
                pk=("signature", "idx"),
                foreign_keys=[("signature", "cells", "signature")],
                if_not_exists=True,
            )
            database["alignments"].create(
                {
                    "aligner": str, "corpus": str, "idx": int, "links": str, "n_src": int, "n_tgt": int,
                    "scores": bytes,
                },
                pk=("aligner", "corpus", "idx"),
                if_not_exists=True,
            )
            database["corrections"].create(
                {
                    "id": int, "corpus": str, "idx": int, "annotator": str, "at": float, "action": str,
                    "spans": str, "undoes": int,
                },
                pk="id",
                if_not_exists=True,
            )
            database["cells"].create_index(["corpus", "pair", "n", "aligner", "method"], if_not_exists=True)
            database["cells"].create_index(["corpus", "parallel", "aligner", "method", "n"], if_not_exists=True)
            database["predictions"].create_index(["corpus", "idx"], if_not_exists=True)
            database["corrections"].create_index(["corpus", "idx"], if_not_exists=True)
            database["meta"].upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")

    # ---------------------------------------------------------------- corpora
    def put_corpus(self, corpus: Corpus) -> str:
        """Store a corpus's sentences (replacing an older copy); returns its data hash."""
        digest = data_hash(corpus.pairs)
        first = corpus.pairs[0] if corpus.pairs else None
        with self.writing():
            self.sqlite["sentences"].delete_where("corpus = ?", [corpus.name])
            self.sqlite["corpora"].upsert(
                {
                    "name": corpus.name,
                    "src_lang": first.src_lang if first else "",
                    "tgt_lang": first.tgt_lang if first else "",
                    "n_pairs": len(corpus),
                    "data": digest,
                    "meta": json.dumps(corpus.meta),
                },
                pk="name",
            )
            self.sqlite["sentences"].insert_all(
                (
                    {
                        "corpus": corpus.name, "idx": idx, "id": p.id, "src_lang": p.src_lang, "tgt_lang": p.tgt_lang,
                        "src_tokens": json.dumps(p.src_tokens, ensure_ascii=False),
                        "tgt_tokens": json.dumps(p.tgt_tokens, ensure_ascii=False),
                        "src_tags": json.dumps(p.src_tags), "tgt_tags": json.dumps(p.tgt_tags),
                        "meta": json.dumps(p.meta, ensure_ascii=False),
                    }
                    for idx, p in enumerate(corpus.pairs)
                ),
                pk=("corpus", "idx"),
            )
        return digest

    def corpora(self) -> list[dict[str, Any]]:
        return list(self.sqlite["corpora"].rows_where(order_by="name"))

    def count_sentences(self, corpus: str) -> int:
        return self.sqlite["sentences"].count_where("corpus = ?", [corpus])

    def sentences(self, corpus: str, offset: int = 0, limit: int | None = None) -> list[SentencePair]:
        rows = self.sqlite["sentences"].rows_where("corpus = ?", [corpus], order_by="idx", offset=offset, limit=limit)
        return [_pair_from_row(row) for row in rows]

    def sentence(self, corpus: str, idx: int) -> SentencePair:
        rows = list(self.sqlite["sentences"].rows_where("corpus = ? AND idx = ?", [corpus, idx]))
        if not rows:
            raise KeyError(f"no sentence {idx} in cached corpus {corpus!r}")
        return _pair_from_row(rows[0])

    def load_corpus(self, name: str) -> Corpus:
        info = self.sqlite["corpora"].get(name)
        return Corpus(name, self.sentences(name), json.loads(info["meta"] or "{}"))

    # ---------------------------------------------------------------- cells
    def has_cell(self, signature: Signature | str) -> bool:
        return self.sqlite["cells"].count_where("signature = ?", [str(signature)]) > 0

    def cell_signatures(self) -> set[str]:
        return {row[0] for row in self.sqlite.execute("SELECT signature FROM cells")}

    def write_cell(self, result: CellResult) -> None:
        """Write one finished cell (replacing an older one with the same signature) in one transaction."""
        sig = str(result.signature)
        fields_ = result.signature.as_dict()
        fields_["data"] = fields_.pop("data_hash")  # the cells column keeps the signature string's key
        n = len(result.predictions)
        categories = result.categories or [{}] * n
        sentence_f1 = result.sentence_f1 or [None] * n
        with self.writing():
            for table in ("metrics", "predictions", "cells"):
                self.sqlite[table].delete_where("signature = ?", [sig])
            self.sqlite["cells"].insert(
                {
                    "signature": sig, **fields_, "settings": json.dumps(result.settings, default=str),
                    "timings": json.dumps(result.timings), "peak_memory_mb": result.peak_memory_mb,
                    "finished_at": time.time(),
                }
            )
            self.sqlite["metrics"].insert_all(
                {"signature": sig, "scope": scope, **values} for scope, values in result.metrics.items()
            )
            self.sqlite["predictions"].insert_all(
                {
                    "signature": sig, "corpus": result.signature.corpus, "idx": idx,
                    "spans": spans_to_json(spans), "categories": json.dumps(categories[idx]),
                    "f1": sentence_f1[idx],
                }
                for idx, spans in enumerate(result.predictions)
            )

    def cells(self, **where: Any) -> list[dict[str, Any]]:
        """Cell rows matching column=value filters."""
        clause, params = _where(where)
        return list(self.sqlite["cells"].rows_where(clause or None, params, order_by="signature"))

    def metrics_rows(self, scope: str | None = "overall", **where: Any) -> list[dict[str, Any]]:
        """Cells joined with their metrics (one scope, or all when None)."""
        clause, params = _where({f"c.{k}": v for k, v in where.items()})
        if scope is not None:
            clause = f"({clause}) AND m.scope = ?" if clause else "m.scope = ?"
            params.append(scope)
        sql = (
            "SELECT c.*, m.scope, m.precision, m.recall, m.f1, m.support, m.predicted "
            "FROM cells c JOIN metrics m ON m.signature = c.signature"
            + (f" WHERE {clause}" if clause else "")
            + " ORDER BY c.corpus, c.aligner, c.method, c.n, c.seed, m.scope"
        )
        cursor = self.sqlite.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def predictions(self, signature: Signature | str, idx: int | None = None) -> dict[int, dict[str, Any]]:
        """idx → {"spans": [Span], "categories": {...}, "f1": float|None} for one cell."""
        clause, params = "signature = ?", [str(signature)]
        if idx is not None:
            clause, params = clause + " AND idx = ?", params + [idx]
        return {
            row["idx"]: {
                "spans": spans_from_json(row["spans"]),
                "categories": json.loads(row["categories"] or "{}"),
                "f1": row["f1"],
            }
            for row in self.sqlite["predictions"].rows_where(clause, params)
        }

    def count_cells(self, **where: Any) -> int:
        clause, params = _where(where)
        return self.sqlite["cells"].count_where(clause or None, params)

    def cells_version(self) -> tuple[int, float]:
        """(number of cells, time the latest was written): changes whenever a cell is written."""
        count, latest = self.sqlite.execute("SELECT count(*), coalesce(max(finished_at), 0) FROM cells").fetchone()
        return int(count), float(latest)

    # ---------------------------------------------------------------- alignments
    @staticmethod
    def alignment_key(aligner: str, parallel: str = "-", n: int = 0, seed: int = 0) -> str:
        """The ``aligner`` key alignments of one cell are stored under: the aligner alone when it uses no
        parallel data, else ``aligner|parallel=…|N=…|seed=…`` (a data-hungry aligner differs per draw)."""
        return aligner if parallel == "-" else f"{aligner}|parallel={parallel}|N={n}|seed={seed}"

    def put_alignments(self, aligner: str, corpus: str, alignments: Sequence[Alignment], indices: Sequence[int] | None = None) -> None:
        """Store links and float16 score matrices for some sentences of a corpus."""
        indices = range(len(alignments)) if indices is None else indices
        with self.writing():
            self.sqlite["alignments"].upsert_all(
                (
                    {
                        "aligner": aligner, "corpus": corpus, "idx": idx,
                        "links": json.dumps(al.sorted_links()), "n_src": al.shape[0], "n_tgt": al.shape[1],
                        "scores": al.scores.astype(np.float16).tobytes(),
                    }
                    for idx, al in zip(indices, alignments)
                ),
                pk=("aligner", "corpus", "idx"),
            )

    def alignment(self, aligner: str, corpus: str, idx: int) -> Alignment | None:
        where = "aligner = ? AND corpus = ? AND idx = ?"
        rows = list(self.sqlite["alignments"].rows_where(where, [aligner, corpus, idx]))
        if not rows:
            return None
        row = rows[0]
        scores = np.frombuffer(row["scores"], dtype=np.float16).reshape(row["n_src"], row["n_tgt"])
        return Alignment(scores.astype(np.float32), frozenset(tuple(link) for link in json.loads(row["links"])))

    def aligners_for(self, corpus: str) -> list[str]:
        query = "SELECT DISTINCT aligner FROM alignments WHERE corpus = ? ORDER BY 1"
        return [r[0] for r in self.sqlite.execute(query, [corpus])]

    # ---------------------------------------------------------------- corrections
    def add_correction(
        self, corpus: str, idx: int, annotator: str, action: str, spans: Sequence[Span] | None = None
    ) -> int:
        """Append one correction event: action ``set`` (with the full span list), ``reviewed`` or ``skip``."""
        check_choice("action", action, ("set", "reviewed", "skip"))
        row = {
            "corpus": corpus, "idx": idx, "annotator": annotator, "at": time.time(), "action": action,
            "spans": None if spans is None else spans_to_json(spans), "undoes": None,
        }
        with self.writing():
            return int(self.sqlite["corrections"].insert(row).last_pk)

    def undo(self, corpus: str, idx: int, annotator: str) -> int | None:
        """Append an ``undo`` event cancelling the latest live event of a sentence; None if nothing to undo."""
        with self.writing():  # read and append under one lock: two undos never cancel the same event
            live = self._live_events(corpus, idx)
            if not live:
                return None
            row = {
                "corpus": corpus, "idx": idx, "annotator": annotator, "at": time.time(), "action": "undo",
                "spans": None, "undoes": live[-1]["id"],
            }
            return int(self.sqlite["corrections"].insert(row).last_pk)

    def history(self, corpus: str, idx: int) -> list[dict[str, Any]]:
        """All events of a sentence, oldest first (undone ones included, marked ``undone``)."""
        events = list(self.sqlite["corrections"].rows_where("corpus = ? AND idx = ?", [corpus, idx], order_by="id"))
        undone = {e["undoes"] for e in events if e["action"] == "undo"}
        return [{**e, "undone": e["id"] in undone} for e in events]

    def _live_events(self, corpus: str, idx: int) -> list[dict[str, Any]]:
        return [e for e in self.history(corpus, idx) if e["action"] != "undo" and not e["undone"]]

    def correction_state(self, corpus: str, idx: int) -> CorrectionState:
        live = self._live_events(corpus, idx)
        spans = next((spans_from_json(e["spans"]) for e in reversed(live) if e["action"] == "set"), None)
        last = live[-1] if live else None
        return CorrectionState(
            spans=spans,
            reviewed=any(e["action"] == "reviewed" for e in live),
            skipped=bool(last and last["action"] == "skip"),
            annotator=last["annotator"] if last else None,
            event_id=last["id"] if last else None,
        )

    def corrected_indices(self, corpus: str) -> list[int]:
        query = "SELECT DISTINCT idx FROM corrections WHERE corpus = ? ORDER BY 1"
        return [r[0] for r in self.sqlite.execute(query, [corpus])]


def _pair_from_row(row: dict[str, Any]) -> SentencePair:
    return SentencePair(
        id=row["id"],
        src_lang=row["src_lang"],
        tgt_lang=row["tgt_lang"],
        src_tokens=json.loads(row["src_tokens"]),
        tgt_tokens=json.loads(row["tgt_tokens"]),
        src_tags=json.loads(row["src_tags"]),
        tgt_tags=json.loads(row["tgt_tags"]),
        meta=json.loads(row["meta"] or "{}"),
    )


def _where(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    parts, params = [], []
    for column, value in filters.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, set)):
            parts.append(f"{column} IN ({', '.join('?' * len(value))})")
            params.extend(value)
        else:
            parts.append(f"{column} = ?")
            params.append(value)
    return " AND ".join(parts), params
