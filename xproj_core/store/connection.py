"""The cache file's location, its SQLite connection and write transactions, and the span codec the tables share."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from ..errors import Errors, XprojError
from ..types import Span

BUSY_TIMEOUT_MS = 30_000
"""How long a write waits for another process's transaction before :data:`Errors.E930`."""
REPO_ROOT = Path(__file__).resolve().parents[2]


def cache_dir() -> Path:
    """``$XPROJ_CACHE`` or ``<repo>/cache``."""
    return Path(os.environ.get("XPROJ_CACHE") or REPO_ROOT / "cache")


def default_store_path() -> Path:
    return cache_dir() / "xproj.sqlite"


def spans_to_json(spans: Iterable[Span]) -> str:
    return json.dumps([[s.start, s.end, s.label, round(float(s.score), 6)] for s in spans])


def spans_from_json(text: str | None) -> list[Span]:
    return [Span(int(a), int(b), str(label), float(score)) for a, b, label, score in json.loads(text or "[]")]


class Connection:
    """One open cache file in WAL mode; the table mixins of :class:`~xproj_core.store.Store` build on it."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.sqlite = sqlite_utils.Database(self.path)
        self.sqlite.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # before WAL: switching modes waits
        self.sqlite.enable_wal()

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
