"""imported:<file>: links from Pharaoh files, by position or by pair id, checked against lengths."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from xproj_core.align import ALIGNERS
from xproj_core.errors import XprojError
from xproj_core.types import SentencePair

PAIRS = [
    SentencePair("a", "en", "fr", ["the", "house"], ["la", "maison"]),
    SentencePair("b", "en", "fr", ["yes"], ["oui", "!"]),
    SentencePair("c", "en", "fr", ["hello"], ["bonjour"]),
]


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "links.pharaoh"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_by_position_with_possible_links_and_empty_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "0-0 1-1\n0-0 0p1\n\n")
    alignments = ALIGNERS.create(f"imported:{path}").align(PAIRS)
    assert [a.links for a in alignments] == [{(0, 0), (1, 1)}, {(0, 0)}, set()]
    np.testing.assert_array_equal(alignments[1].scores, [[1.0, 0.5]])
    assert alignments[2].shape == (1, 1)


def test_one_indexed(tmp_path: Path) -> None:
    path = write(tmp_path, "1-1 2-2\n1-1\n1-1\n")
    alignments = ALIGNERS.create(f"imported:{path}", one_indexed=True).align(PAIRS)
    assert alignments[0].links == {(0, 0), (1, 1)}


def test_by_id_aligns_a_subset_in_any_order(tmp_path: Path) -> None:
    path = write(tmp_path, "c\t0-0\na\t1-1\nb\t0-1\n")
    alignments = ALIGNERS.create(f"imported:{path}", key="id").align([PAIRS[2], PAIRS[0]])
    assert [a.links for a in alignments] == [{(0, 0)}, {(1, 1)}]
    with pytest.raises(XprojError, match="E602.*'zz'"):
        ALIGNERS.create(f"imported:{path}", key="id").align([SentencePair("zz", "en", "fr", ["x"], ["y"])])


def test_link_outside_sentence_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "0-0\n0-2\n0-0\n")
    with pytest.raises(XprojError, match=r"\[E015\] .*links.pharaoh:2: .*'0-2' outside a 1x2"):
        ALIGNERS.create(f"imported:{path}").align(PAIRS)


def test_line_count_must_match(tmp_path: Path) -> None:
    path = write(tmp_path, "0-0\n0-0\n")
    with pytest.raises(XprojError, match="E601.*2 lines for 3"):
        ALIGNERS.create(f"imported:{path}").align(PAIRS)


def test_bad_link_syntax(tmp_path: Path) -> None:
    path = write(tmp_path, "0-0\n0:0\n0-0\n")
    with pytest.raises(XprojError, match=r"links.pharaoh:2"):
        ALIGNERS.create(f"imported:{path}").align(PAIRS)


def test_signature_and_bad_key(tmp_path: Path) -> None:
    assert "key=id" in ALIGNERS.create("imported:x.pharaoh", key="id").signature()
    with pytest.raises(XprojError, match="E016"):
        ALIGNERS.create("imported:x.pharaoh", key="line")


def test_accalign_links_of_bambara_translate_test(shared_data: Path, tmp_path: Path) -> None:
    import json

    final = next((shared_data / "devil-in-details-bam-translate-test" / "final").rglob("*.jsonl"))
    records = [json.loads(line) for line in final.read_text(encoding="utf-8").splitlines()[:50]]
    assert records and "alignment" in records[0]
    pairs, lines = [], []
    for record in records:
        pairs.append(SentencePair(record["id"], "en", "bam", record["tokens"], record["org_tokens"]))
        lines.append(" ".join(f"{i}-{j}" for i, j in record["alignment"]))
    path = write(tmp_path, "\n".join(lines) + "\n")
    alignments = ALIGNERS.create(f"imported:{path}").align(pairs)
    assert [a.links for a in alignments] == [{tuple(x) for x in r["alignment"]} for r in records]
