"""Cached word alignments: links and score matrices (float16, or float32 when exact) per aligner key, corpus and
sentence."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..types import Alignment
from .connection import Connection


class AlignmentTables(Connection):
    """The ``alignments`` table."""

    @staticmethod
    def alignment_key(aligner: str, parallel: str = "-", n: int = 0, seed: int = 0) -> str:
        """The ``aligner`` key alignments of one cell are stored under: the aligner alone when it uses no
        parallel data, else ``aligner|parallel=…|N=…|seed=…`` (a data-hungry aligner differs per draw)."""
        return aligner if parallel == "-" else f"{aligner}|parallel={parallel}|N={n}|seed={seed}"

    def put_alignments(
        self,
        aligner: str,
        corpus: str,
        alignments: Sequence[Alignment],
        indices: Sequence[int] | None = None,
        exact: bool = False,
    ) -> None:
        """Store links and score matrices for some sentences of a corpus: float16 matrices (for display),
        float32 with ``exact`` (to reuse the alignment itself: read back, it projects as computed)."""
        indices = range(len(alignments)) if indices is None else indices
        dtype = np.float32 if exact else np.float16
        with self.writing():
            self.sqlite["alignments"].upsert_all(
                (
                    {
                        "aligner": aligner,
                        "corpus": corpus,
                        "idx": idx,
                        "links": json.dumps(al.sorted_links()),
                        "n_src": al.shape[0],
                        "n_tgt": al.shape[1],
                        "scores": al.scores.astype(dtype).tobytes(),
                    }
                    for idx, al in zip(indices, alignments)
                ),
                pk=("aligner", "corpus", "idx"),
            )

    def alignment(self, aligner: str, corpus: str, idx: int) -> Alignment | None:
        where = "aligner = ? AND corpus = ? AND idx = ?"
        rows = list(self.sqlite["alignments"].rows_where(where, [aligner, corpus, idx]))
        return _alignment_from_row(rows[0]) if rows else None

    def alignments(self, aligner: str, corpus: str) -> dict[int, Alignment]:
        """idx → alignment of every stored sentence of a corpus under one aligner key."""
        rows = self.sqlite["alignments"].rows_where("aligner = ? AND corpus = ?", [aligner, corpus])
        return {row["idx"]: _alignment_from_row(row) for row in rows}

    def aligners_for(self, corpus: str) -> list[str]:
        query = "SELECT DISTINCT aligner FROM alignments WHERE corpus = ? ORDER BY 1"
        return [r[0] for r in self.sqlite.execute(query, [corpus])]


def _alignment_from_row(row: dict[str, Any]) -> Alignment:
    """An alignment read back; the matrix is float16 or float32 (``exact``), told apart by its byte size."""
    n_src, n_tgt = row["n_src"], row["n_tgt"]
    dtype = np.float32 if len(row["scores"]) == 4 * n_src * n_tgt > 0 else np.float16
    scores = np.frombuffer(row["scores"], dtype=dtype).reshape(n_src, n_tgt)
    return Alignment(scores.astype(np.float32), frozenset(tuple(link) for link in json.loads(row["links"])))
