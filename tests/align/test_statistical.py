"""eflomal aligner: extra-data sampling, training input, links and scores."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from xproj_core.align import ALIGNERS, statistical
from xproj_core.align.statistical import EflomalAligner
from xproj_core.errors import XprojError
from xproj_core.mixture import load_parallel, sample_parallel
from xproj_core.types import SentencePair

TOY = [
    ("the house is small", "das haus ist klein"),
    ("the house is big", "das haus ist groß"),
    ("a small house", "ein kleines haus"),
    ("the man is big", "der mann ist groß"),
    ("a man sleeps", "ein mann schläft"),
    ("the man sleeps", "der mann schläft"),
]


def make_pairs(texts: list[tuple[str, str]], prefix: str = "p") -> list[SentencePair]:
    return [SentencePair(f"{prefix}{k}", "en", "de", s.split(), t.split()) for k, (s, t) in enumerate(texts)]


@pytest.fixture()
def extra_file(tmp_path: Path) -> Path:
    path = tmp_path / "extra.txt"
    path.write_text("".join(f"{s} ||| {t}\n" for s, t in TOY * 5), encoding="utf-8")
    return path


def test_sample_is_seeded_and_nested() -> None:
    pairs = make_pairs([(f"a{k}", f"b{k}") for k in range(50)])
    first = sample_parallel(pairs, 10, seed=1)
    assert [p.id for p in first] == [p.id for p in sample_parallel(pairs, 10, seed=1)]
    assert [p.id for p in first] != [p.id for p in sample_parallel(pairs, 10, seed=2)]
    assert [p.id for p in sample_parallel(pairs, 20, seed=1)][:10] == [p.id for p in first]
    assert len({p.id for p in first}) == 10


def test_sample_skips_empty_pairs_and_refuses_too_many() -> None:
    pairs = make_pairs([("a", "b"), ("", "c"), ("d", "e")])
    assert {p.id for p in sample_parallel(pairs, 2, seed=0)} == {"p0", "p2"}
    with pytest.raises(XprojError, match="E600"):
        sample_parallel(pairs, 3, seed=0)


def test_load_parallel_reads_token_pairs_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("a b ||| c\n", encoding="utf-8")
    corpus = load_parallel(str(path))
    assert corpus.name == "bad.txt" and [p.src_tokens for p in corpus] == [["a", "b"]] and corpus[0].id == "0"
    path.write_text("a b ||| c\nno separator\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"bad.txt:2"):
        load_parallel(str(path))


def test_same_seed_same_training_data(monkeypatch: pytest.MonkeyPatch, extra_file: Path) -> None:
    seen: list[tuple[list[str], list[str]]] = []

    def fake_run(src, tgt, **kwargs):  # records what eflomal would be trained on
        seen.append((list(src), list(tgt)))
        return [frozenset()] * len(src), [frozenset()] * len(src)

    monkeypatch.setattr(statistical, "run_eflomal", fake_run)
    pairs = make_pairs(TOY[:2], prefix="x")
    for seed in (7, 7, 8):
        EflomalAligner(extra=str(extra_file), n_extra=12, seed=seed).align(pairs)
    assert seen[0] == seen[1] != seen[2]
    assert len(seen[0][0]) == 2 + 12
    assert seen[0][0][:2] == ["the house is small", "the house is big"]


def test_signature_names_n_and_extra() -> None:
    signature = EflomalAligner(extra="nllb-seed:eng-bam", n_extra=500, seed=3).signature()
    assert "n_extra=500" in signature and "extra=nllb-seed:eng-bam" in signature and "seed=3" in signature


def test_bad_options() -> None:
    with pytest.raises(XprojError, match="E016"):
        EflomalAligner(symmetrization="grow")
    with pytest.raises(XprojError, match="E016"):
        EflomalAligner(n_extra=10)


def test_whitespace_inside_tokens_keeps_positions() -> None:
    assert statistical._line(["New\u00a0York", "", "x"]) == "New_York _ x"


def test_eflomal_aligns_toy_corpus(extra_file: Path) -> None:
    pairs = make_pairs(TOY) + [SentencePair("empty", "en", "de", [], ["x"])]
    aligner = ALIGNERS.create("eflomal", extra=str(extra_file), n_extra=30, seed=0)
    alignments = aligner.align(pairs)
    assert len(alignments) == len(pairs)
    assert alignments[-1].shape == (0, 1) and not alignments[-1].links
    # in TOY every source word i translates target word i
    diagonal = [((i, i), a) for p, a in zip(pairs, alignments) for i in range(len(p.src_tokens))]
    assert sum(link in a.links for link, a in diagonal) >= 0.9 * len(diagonal)
    for pair, alignment in zip(pairs, alignments):
        assert alignment.shape == (len(pair.src_tokens), len(pair.tgt_tokens))
        assert set(np.unique(alignment.scores)) <= {0.0, 0.5, 1.0}
        assert all(alignment.scores[i, j] > 0 for i, j in alignment.links)


def test_load_parallel_reads_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(p.to_record()) + "\n" for p in make_pairs(TOY[:2])), encoding="utf-8")
    corpus = load_parallel(str(path))
    assert [p.src_tokens for p in corpus] == [s.split() for s, _ in TOY[:2]]


def test_extra_from_a_named_dataset(shared_data: Path) -> None:
    aligner = EflomalAligner(extra="nllb-seed:eng-bam", n_extra=100, seed=5)
    again = EflomalAligner(extra="nllb-seed:eng-bam", n_extra=100, seed=5)
    assert [p.id for p in aligner.extra_pairs] == [p.id for p in again.extra_pairs]
    assert len({p.id for p in aligner.extra_pairs}) == 100
    with pytest.raises(XprojError, match="E600.*nllb-seed:eng-bam"):
        _ = EflomalAligner(extra="nllb-seed:eng-bam", n_extra=10**6).extra_pairs
