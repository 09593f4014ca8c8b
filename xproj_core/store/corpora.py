"""Corpora and their sentence pairs in the cache."""

from __future__ import annotations

import json
from typing import Any

from ..signature import data_hash
from ..types import Corpus, SentencePair
from .connection import Connection


class CorpusTables(Connection):
    """The ``corpora`` and ``sentences`` tables."""

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
                        "corpus": corpus.name,
                        "idx": idx,
                        "id": p.id,
                        "src_lang": p.src_lang,
                        "tgt_lang": p.tgt_lang,
                        "src_tokens": json.dumps(p.src_tokens, ensure_ascii=False),
                        "tgt_tokens": json.dumps(p.tgt_tokens, ensure_ascii=False),
                        "src_tags": json.dumps(p.src_tags),
                        "tgt_tags": json.dumps(p.tgt_tags),
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
