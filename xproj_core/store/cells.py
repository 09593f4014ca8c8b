"""Evaluation cells: one row per finished cell, its metrics per scope and its per-sentence predictions."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from ..signature import Signature
from ..types import Span
from .connection import Connection, spans_from_json, spans_to_json


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


class CellTables(Connection):
    """The ``cells``, ``metrics`` and ``predictions`` tables."""

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
                    "signature": sig,
                    **fields_,
                    "settings": json.dumps(result.settings, default=str),
                    "timings": json.dumps(result.timings),
                    "peak_memory_mb": result.peak_memory_mb,
                    "finished_at": time.time(),
                }
            )
            self.sqlite["metrics"].insert_all(
                {"signature": sig, "scope": scope, **values} for scope, values in result.metrics.items()
            )
            self.sqlite["predictions"].insert_all(
                {
                    "signature": sig,
                    "corpus": result.signature.corpus,
                    "idx": idx,
                    "spans": spans_to_json(spans),
                    "categories": json.dumps(categories[idx]),
                    "f1": sentence_f1[idx],
                }
                for idx, spans in enumerate(result.predictions)
            )

    def delete_cells(self, corpus: str) -> None:
        """Remove every cell of a corpus with its metrics and predictions, in one transaction."""
        signatures = [row["signature"] for row in self.cells(corpus=corpus)]
        with self.writing():
            for table in ("metrics", "predictions", "cells"):
                for signature in signatures:
                    self.sqlite[table].delete_where("signature = ?", [signature])

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
