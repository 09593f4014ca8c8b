"""The cache's tables, created on first open and migrated from older schema versions."""

from __future__ import annotations

from ..errors import Errors, XprojError
from .connection import Connection

SCHEMA_VERSION = 3
"""1: first release. 2: ``cells.parallel`` (the named parallel source of data-hungry aligners).
3: ``cells.training`` (how a trained-tagger cell trained its tagger; ``-`` for projection cells)."""


class Schema(Connection):
    """Creates, checks and migrates the tables when the file is opened."""

    def _ensure_schema(self) -> None:
        """Create the tables of a new file, migrate an older one, refuse a newer one."""
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
            if version < 3:
                self.sqlite["cells"].add_column("training", str)
                self.sqlite.execute("UPDATE cells SET training = '-'")
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
                    "corpus": str,
                    "idx": int,
                    "id": str,
                    "src_lang": str,
                    "tgt_lang": str,
                    "src_tokens": str,
                    "tgt_tokens": str,
                    "src_tags": str,
                    "tgt_tags": str,
                    "meta": str,
                },
                pk=("corpus", "idx"),
                if_not_exists=True,
            )
            database["cells"].create(
                {
                    "signature": str,
                    "corpus": str,
                    "pair": str,
                    "n": int,
                    "aligner": str,
                    "method": str,
                    "solver": str,
                    "seed": int,
                    "source_labels": str,
                    "types": str,
                    "parallel": str,
                    "training": str,
                    "version": str,
                    "data": str,
                    "settings": str,
                    "timings": str,
                    "peak_memory_mb": float,
                    "finished_at": float,
                },
                pk="signature",
                if_not_exists=True,
            )
            database["metrics"].create(
                {
                    "signature": str,
                    "scope": str,
                    "precision": float,
                    "recall": float,
                    "f1": float,
                    "support": int,
                    "predicted": int,
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
                    "aligner": str,
                    "corpus": str,
                    "idx": int,
                    "links": str,
                    "n_src": int,
                    "n_tgt": int,
                    "scores": bytes,
                },
                pk=("aligner", "corpus", "idx"),
                if_not_exists=True,
            )
            database["corrections"].create(
                {
                    "id": int,
                    "corpus": str,
                    "idx": int,
                    "annotator": str,
                    "at": float,
                    "action": str,
                    "spans": str,
                    "undoes": int,
                },
                pk="id",
                if_not_exists=True,
            )
            database["cells"].create_index(["corpus", "pair", "n", "aligner", "method"], if_not_exists=True)
            database["cells"].create_index(["corpus", "parallel", "aligner", "method", "n"], if_not_exists=True)
            database["predictions"].create_index(["corpus", "idx"], if_not_exists=True)
            database["corrections"].create_index(["corpus", "idx"], if_not_exists=True)
            database["meta"].upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")
