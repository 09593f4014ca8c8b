"""``imported:<file>``: links of an external aligner, read from a Pharaoh file.

Two layouts: ``key=position`` (default) — line i holds the links of the i-th pair aligned, so the file has
exactly one line per pair; ``key=id`` — lines ``<pair id><TAB><links>``, so any subset of a corpus can be
aligned. Links are checked against the sentence lengths (errors name file and line). The score matrix is
1 on links and 0.5 on possible-only (``ipj``) links.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from ..errors import Errors, XprojError, check_choice
from ..io.pharaoh import GoldLinks, parse_links
from ..io.text import read_lines
from ..types import Alignment, SentencePair
from .base import ALIGNERS

KEYS = ("position", "id")


class ImportedAligner:
    """Reads links from a Pharaoh file instead of computing them."""

    name = "imported"

    def __init__(self, path: str, key: str = "position", one_indexed: bool = False) -> None:
        check_choice("key", key, KEYS)
        self.path, self.key, self.one_indexed = path, key, bool(one_indexed)

    def signature(self) -> str:
        return f"imported({self.path},key={self.key},one_indexed={self.one_indexed})"

    @cached_property
    def lines(self) -> list[tuple[str, int, str]]:
        """(key, line number, links text) per line."""
        rows = []
        for number, text in enumerate(read_lines(self.path, allow_empty_lines=True), start=1):
            if self.key == "id":
                if not text.strip():
                    continue
                if "\t" not in text:
                    raise XprojError(
                        Errors.E009, path=self.path, line=number, detail="expected '<pair id><TAB><links>'"
                    )
                pair_id, _, links = text.partition("\t")
                rows.append((pair_id.strip(), number, links))
            else:
                rows.append((str(number - 1), number, text))
        return rows

    def _links_for(self, pairs: Sequence[SentencePair]) -> list[tuple[int, GoldLinks]]:
        if self.key == "position":
            if len(self.lines) != len(pairs):
                raise XprojError(
                    Errors.E601, path=self.path, what="the links file", n_lines=len(self.lines), n_pairs=len(pairs)
                )
            rows = self.lines
        else:
            by_id = {pair_id: (pair_id, number, text) for pair_id, number, text in self.lines}
            missing = next((p.id for p in pairs if p.id not in by_id), None)
            if missing is not None:
                raise XprojError(Errors.E602, path=self.path, what="links", pair_id=missing)
            rows = [by_id[p.id] for p in pairs]
        return [(number, parse_links(text, self.one_indexed, self.path, number)) for _, number, text in rows]

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        alignments = []
        for pair, (number, (sure, possible)) in zip(pairs, self._links_for(pairs)):
            n_src, n_tgt = len(pair.src_tokens), len(pair.tgt_tokens)
            for i, j in sorted(sure | possible):
                if i >= n_src or j >= n_tgt:
                    raise XprojError(
                        Errors.E015, path=self.path, line=number, link=f"{i}-{j}", n_src=n_src, n_tgt=n_tgt
                    )
            alignments.append(Alignment.from_links(sure, n_src, n_tgt, possible))
        return alignments


@ALIGNERS.register(
    "imported",
    "links read from a Pharaoh file (any external aligner, e.g. AccAlign)",
    takes_argument=True,
    argument_help="FILE",
    options={
        "key": "position (line i = pair i, default) or id (lines '<pair id><TAB><links>')",
        "one_indexed": "indices in the file start at 1 (default false)",
    },
)
def _imported(path: str, **options: object) -> ImportedAligner:
    return ImportedAligner(path, **options)  # type: ignore[arg-type]
