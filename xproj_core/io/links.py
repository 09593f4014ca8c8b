"""Word alignments carried by sentence pairs: ``meta["links"]`` (sure) and ``meta["possible"]``.

Both are lists of ``[src_index, tgt_index]`` (0-based), so they survive the canonical JSONL format.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import Errors, XprojError
from ..types import Corpus, SentencePair
from .pharaoh import GoldLinks


def attach_links(pairs: Sequence[SentencePair], links: Sequence[GoldLinks], path: str | Path) -> None:
    """Store (sure, possible) links in each pair's meta, checking counts and index bounds."""
    if len(links) != len(pairs):
        raise XprojError(Errors.E007, path=path, n_src=len(pairs), src="the sentence pairs", n_tgt=len(links), tgt=path)
    for number, (pair, (sure, possible)) in enumerate(zip(pairs, links), start=1):
        n_src, n_tgt = len(pair.src_tokens), len(pair.tgt_tokens)
        for i, j in sure | possible:
            if not (0 <= i < n_src and 0 <= j < n_tgt):
                raise XprojError(Errors.E015, path=path, line=number, link=f"{i}-{j}", n_src=n_src, n_tgt=n_tgt)
        pair.meta["links"] = [list(link) for link in sorted(sure)]
        if possible - sure:
            pair.meta["possible"] = [list(link) for link in sorted(possible - sure)]


def corpus_alignments(corpus: Corpus) -> list[GoldLinks]:
    """The (sure, possible-only) links each pair carries in ``meta``; E017 when a pair has none."""
    result: list[GoldLinks] = []
    for pair in corpus:
        if "links" not in pair.meta:
            raise XprojError(
                Errors.E017,
                what=f"word alignment of pair {pair.id!r} in {corpus.name}",
                detail="the corpus has no links",
            )
        sure = frozenset((int(i), int(j)) for i, j in pair.meta["links"])
        possible = frozenset((int(i), int(j)) for i, j in pair.meta.get("possible", []))
        result.append((sure, possible - sure))
    return result
