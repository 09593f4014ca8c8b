"""bt:<inner>: back-translation sources, monolingual alignment, composition and combination."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from xproj_core.align import ALIGNERS, backtranslation
from xproj_core.align.backtranslation import BacktranslationAligner, combine, compose, orthographic_similarity
from xproj_core.errors import XprojError
from xproj_core.types import Alignment, SentencePair

LEXICON = {("the", "la"), ("house", "casa"), ("white", "blanco")}  # knows "blanco", not the feminine "blanca"


class LexiconAligner:
    """Links words found in a tiny en-es lexicon, or equal words (so it also aligns es↔es)."""

    name = "lexicon"

    def signature(self) -> str:
        return "lexicon"

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        out = []
        for p in pairs:
            links = {
                (i, j)
                for i, s in enumerate(p.src_tokens)
                for j, t in enumerate(p.tgt_tokens)
                if (s.lower(), t.lower()) in LEXICON or s.lower() == t.lower()
            }
            out.append(Alignment.from_links(links, len(p.src_tokens), len(p.tgt_tokens)))
        return out


def pair(bt: object = None) -> SentencePair:
    meta = {} if bt is None else {"bt": bt}
    return SentencePair("0", "en", "es", ["the", "white", "house"], ["la", "casa", "blanca"], meta=meta)


def test_tokenize_and_orthography() -> None:
    scores = orthographic_similarity(["Casa", "blanco"], ["casa", "blanca", "x"])
    assert scores[0, 0] == 1.0
    # bigrams ^b bl la an nc co o$ vs ^b bl la an nc ca a$: 5 shared of 7 + 7
    assert scores[1, 1] == pytest.approx(10 / 14)
    assert scores[1, 2] == 0.0


def test_compose_links_and_scores() -> None:
    first = Alignment.from_links({(0, 0), (1, 1)}, 2, 2)
    second = Alignment(np.array([[0.0, 0.8, 0.0], [0.0, 0.0, 0.6]]), {(0, 1), (1, 2)})
    scores, links = compose(first, second)
    assert links == {(0, 1), (1, 2)}
    np.testing.assert_allclose(scores, [[0.0, 0.8, 0.0], [0.0, 0.0, 0.6]])
    empty, none = compose(Alignment.from_links((), 2, 0), Alignment.from_links((), 0, 3))
    assert empty.shape == (2, 3) and not none


def test_combinations() -> None:
    direct = Alignment.from_links({(0, 0), (1, 1)}, 3, 3)
    composed = np.zeros((3, 3), dtype=np.float32)
    composed[1, 2], composed[2, 2] = 0.8, 0.9
    links = frozenset({(1, 2), (2, 2)})
    assert combine(direct, composed, links, "compose", 0.5).links == links
    assert combine(direct, composed, links, "union", 0.5).links == {(0, 0), (1, 1), (1, 2), (2, 2)}
    assert combine(direct, composed, links, "intersection", 0.5).links == frozenset()
    assert combine(direct, composed, links, "fill", 0.5).links == {(0, 0), (1, 1), (2, 2)}
    fused = combine(direct, composed, links, "fuse", 0.5)
    assert fused.links == {(0, 0), (1, 1), (2, 2)}  # (1, 2) scores 0.4 < 0.5 of (1, 1) in its row
    assert fused.scores[2, 2] == pytest.approx(0.45)


def test_refinement_recovers_a_link_the_direct_aligner_misses() -> None:
    inner = LexiconAligner()
    assert (1, 2) not in inner.align([pair()])[0].links
    for how in ("union", "fill", "compose"):
        (alignment,) = BacktranslationAligner(inner, combine=how, mono="ortho").align([pair(["la", "casa", "blanco"])])
        assert (1, 2) in alignment.links and (0, 0) in alignment.links and (2, 1) in alignment.links


def test_translation_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    aligner = BacktranslationAligner(LexiconAligner())
    assert aligner.back_translations([pair("la casa blanco")]) == [["la", "casa", "blanco"]]
    with pytest.raises(XprojError, match="E602.*'0'"):
        aligner.back_translations([pair()])
    path = tmp_path / "bt.txt"
    path.write_text("la casa blanco\n", encoding="utf-8")
    assert BacktranslationAligner(LexiconAligner(), translations=str(path)).back_translations([pair()]) == [
        ["la", "casa", "blanco"]
    ]
    with pytest.raises(XprojError, match="E601"):
        BacktranslationAligner(LexiconAligner(), translations=str(path)).back_translations([pair(), pair()])

    class Echo:
        name = "echo"

        def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
            assert (src_lang, tgt_lang) == ("en", "es")
            return [f"{t}, es." for t in texts]

    monkeypatch.setattr(backtranslation.TRANSLATORS, "create", lambda spec: Echo())
    translated = BacktranslationAligner(LexiconAligner(), translator="echo").back_translations([pair(), pair(["x"])])
    assert translated == [["the", "white", "house", ",", "es", "."], ["x"]]


def test_registry_spec_and_options(tmp_path: Path) -> None:
    links = tmp_path / "l.pharaoh"
    links.write_text("0-0\n", encoding="utf-8")
    aligner = ALIGNERS.create(f"bt:imported:{links}", combine="fill", **{"inner.key": "position"})
    assert aligner.signature().startswith("bt(imported(") and "combine=fill" in aligner.signature()
    with pytest.raises(XprojError, match="E016"):
        ALIGNERS.create(f"bt:imported:{links}", combine="best")


def test_mono_ties_go_to_the_nearer_position() -> None:
    # "de" occurs twice on both sides: each links to its positional counterpart, not to the first "de"
    middle = [SentencePair("0", "en", "es", ["x"], ["casa", "de", "mar", "de", "sol"])]
    target = [SentencePair("0", "en", "es", ["x"], ["casa", "de", "mar", "de", "sol"])]
    (mono,) = BacktranslationAligner(LexiconAligner(), mono="ortho").mono_alignments(middle, target, False)
    assert mono.links == {(k, k) for k in range(5)}
    np.testing.assert_allclose(np.diag(mono.scores), 1.0)


def test_each_missing_sentence_is_translated_with_its_own_pairs_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Correction 8: a corpus mixing en-es and en-it pairs sends each group with its own languages."""
    calls: list[tuple[str, str, list[str]]] = []

    class Recorder:
        name = "recorder"

        def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
            calls.append((src_lang, tgt_lang, list(texts)))
            return [f"{tgt_lang} {t}" for t in texts]

    monkeypatch.setattr(backtranslation.TRANSLATORS, "create", lambda spec: Recorder())
    italian = SentencePair("1", "en", "it", ["the", "house"], ["la", "casa"])
    spanish = pair()
    translated = BacktranslationAligner(LexiconAligner(), translator="r").back_translations([spanish, italian])
    assert translated == [["es", "the", "white", "house"], ["it", "the", "house"]]
    assert sorted((a, b) for a, b, _ in calls) == [("en", "es"), ("en", "it")]
