"""The SQLite evaluation cache (via sqlite-utils): corpora, cells, metrics, predictions, alignments and
the append-only corrections log the app writes.

One file (``cache/xproj.sqlite`` by default), WAL mode, one transaction per cell. The schema is
versioned in the ``meta`` table; an older file is migrated on open, a newer one is refused with a clear
message.

Several processes share one file (app sessions correcting, a sweep writing cells): readers never wait
(WAL), and every write is one short ``BEGIN IMMEDIATE`` transaction (:meth:`Store.writing`), which takes
the write lock before it reads anything, so it waits its turn (``busy_timeout``) instead of failing the
way a read-then-write transaction fails when another process wrote in between.

One module per concern: ``connection`` (file, WAL, write transactions), ``schema`` (tables, migration),
``corpora``, ``cells`` (cells, metrics, predictions), ``alignments``, ``corrections``; :class:`Store`
joins them.
"""

from __future__ import annotations

from pathlib import Path

from .alignments import AlignmentTables
from .cells import CellResult, CellTables
from .connection import BUSY_TIMEOUT_MS, REPO_ROOT, cache_dir, default_store_path, spans_from_json, spans_to_json
from .corpora import CorpusTables
from .corrections import CorrectionState, CorrectionTables
from .schema import SCHEMA_VERSION, Schema

__all__ = [
    "BUSY_TIMEOUT_MS",
    "REPO_ROOT",
    "SCHEMA_VERSION",
    "CellResult",
    "CorrectionState",
    "Store",
    "cache_dir",
    "default_store_path",
    "spans_from_json",
    "spans_to_json",
]


class Store(Schema, CorpusTables, CellTables, AlignmentTables, CorrectionTables):
    """Read and write the evaluation cache."""

    def __init__(self, path: str | Path | None = None) -> None:
        super().__init__(path)
        self._ensure_schema()
