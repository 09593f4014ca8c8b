import pytest

from xproj_core.errors import XprojError
from xproj_core.io.conll import TaggedSentence
from xproj_core.io.hf import read_hf_jsonl
from xproj_core.io.tokpairs import read_token_pair_corpus, read_token_pairs, write_token_pairs


def test_read_and_write(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("2 .   ||| 2 .  \nJohn runs ||| Jean court\n")
    assert read_token_pairs(path) == [(["2", "."], ["2", "."]), (["John", "runs"], ["Jean", "court"])]
    pairs = read_token_pair_corpus(path, "en", "fr", id_prefix="p")
    out = tmp_path / "out.txt"
    write_token_pairs(out, pairs)
    assert out.read_text() == "2 . ||| 2 .\nJohn runs ||| Jean court\n"
    assert [p.id for p in pairs] == ["p0", "p1"]


@pytest.mark.parametrize(
    "text, pattern",
    [
        ("a ||| b\nno separator\n", r"\[E009\] .*p.txt:2: .*'\|\|\|'"),
        ("a ||| b ||| c\n", r"\[E009\] .*p.txt:1:"),
        ("a ||| b\n ||| b\n", r"\[E008\] .*p.txt:2: empty sentence"),
        ("a ||| b\n\na ||| b\n", r"\[E008\] .*p.txt:2:"),
    ],
)
def test_bad_lines(tmp_path, text, pattern):
    path = tmp_path / "p.txt"
    path.write_text(text)
    with pytest.raises(XprojError, match=pattern):
        read_token_pairs(path)


def test_gold_join_checks_counts_and_tokens(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("John runs ||| Jean court\nhi ||| salut\n")
    gold = [TaggedSentence(["Jean", "court"], ["B-PER", "O"], 1), TaggedSentence(["salut"], ["O"], 2)]
    pairs = read_token_pair_corpus(path, "en", "fr", gold, "g.jsonl")
    assert pairs[0].tgt_tags == ["B-PER", "O"] and pairs[0].src_tags is None
    with pytest.raises(XprojError, match=r"\[E007\] g.jsonl: .*2 in .*p.txt but 1 in g.jsonl"):
        read_token_pair_corpus(path, "en", "fr", gold[:1], "g.jsonl")
    wrong = [gold[0], TaggedSentence(["salu"], ["O"], 2)]
    with pytest.raises(XprojError, match=r"\[E300\] g.jsonl:2: .*sentence 1 differ from the tgt side.*'salu'"):
        read_token_pair_corpus(path, "en", "fr", wrong, "g.jsonl")
    src_gold = [TaggedSentence(["John", "runs"], ["B-PER", "O"], 1), TaggedSentence(["hi"], ["O"], 2)]
    assert read_token_pair_corpus(path, "en", "fr", src_gold, "g", gold_side="src")[0].src_tags == ["B-PER", "O"]
    with pytest.raises(XprojError, match=r"\[E016\]"):
        read_token_pair_corpus(path, "en", "fr", src_gold, "g", gold_side="left")


def test_real_bambara_translate_test(shared_data):
    base = shared_data / "devil-in-details-bam-translate-test"
    tokens = base / "intermediate/nllb/masakhaner/test-translate-bam-en/en-bam-tokens.txt"
    gold_path = base / "original/masakhaner/test-bam.jsonl"
    pairs = read_token_pair_corpus(tokens, "en", "bam", read_hf_jsonl(gold_path), gold_path)
    assert len(pairs) == 637
    first = pairs[0]
    assert first.src_tokens[:3] == ["The", "remaining", "party"] and first.tgt_tokens[6:8] == ["Dirisa", "Togola"]
    assert first.tgt_tags[6:8] == ["B-PER", "I-PER"]
    assert all(p.src_tags is None and len(p.tgt_tags) == len(p.tgt_tokens) for p in pairs)


def test_writer_refuses_what_the_reader_would_refuse(tmp_path):
    from xproj_core.types import SentencePair

    for src, tgt in [([], ["b"]), (["a|||b"], ["c"])]:
        with pytest.raises(XprojError, match=r"\[E009\] .*out.txt:1:"):
            write_token_pairs(tmp_path / "out.txt", [SentencePair("0", "en", "fr", src, tgt)])
    assert not (tmp_path / "out.txt").exists()


def test_tag_lines_set_one_side(tmp_path):
    from xproj_core.io.tokpairs import read_tag_lines

    path, tags = tmp_path / "p.txt", tmp_path / "t.txt"
    path.write_text("John runs ||| Jean court\n")
    tags.write_text("I-PER O\n")
    pairs = read_token_pair_corpus(path, "en", "fr")
    read_tag_lines(tags, pairs)
    assert pairs[0].src_tags == ["B-PER", "O"] and pairs[0].tgt_tags is None
    tags.write_text("B-PER\n")
    with pytest.raises(XprojError, match=r"\[E003\] .*t.txt:1: 2 tokens but 1 tags"):
        read_tag_lines(tags, pairs)
