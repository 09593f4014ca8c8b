"""Cached word alignments: links and float16 score matrices per aligner key, corpus and sentence."""

from __future__ import annotations

import json
from typing import Sequence

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
        self, aligner: str, corpus: str, alignments: Sequence[Alignment], indices: Sequence[int] | None = None
    ) -> None:
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
