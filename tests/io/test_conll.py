import logging

import pytest

from xproj_core.errors import XprojError
from xproj_core.io.conll import (
    read_conll,
    read_conll_layout,
    read_conll_monolingual,
    read_conll_pair,
    write_conll,
    write_conll_side,
)
from xproj_core.types import SentencePair

TWO_COL_TAB = "Mr\tO\nKinnock\tB-PER\n\nin\tO\nBrussels\tB-LOC\n"
FOUR_COL = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n\nPeter NNP B-NP B-PER\n"
UNER = "# sent_id = s1\n# text = John lives\n1\tJohn\tB-PER\t-\t-\n2\tlives\tO\t-\t-\n\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_two_columns_tab_and_space(tmp_path):
    tab = read_conll(write(tmp_path, "a.conll02", TWO_COL_TAB))
    assert [s.tokens for s in tab] == [["Mr", "Kinnock"], ["in", "Brussels"]]
    assert [s.tags for s in tab] == [["O", "B-PER"], ["O", "B-LOC"]]
    assert [s.line for s in tab] == [1, 4]
    space = read_conll(write(tmp_path, "b.txt", "Hukumar B-ORG\nwasan I-ORG\n"))
    assert space[0].tokens == ["Hukumar", "wasan"] and space[0].tags == ["B-ORG", "I-ORG"]


def test_tab_file_keeps_tokens_with_spaces(tmp_path):
    sentence = read_conll(write(tmp_path, "a.tsv", "New York\tB-LOC\n"))[0]
    assert sentence.tokens == ["New York"]


def test_four_columns_docstart_and_blank_runs(tmp_path):
    sentences = read_conll(write(tmp_path, "c.txt", FOUR_COL))
    assert [s.tokens for s in sentences] == [["EU", "rejects"], ["Peter"]]
    assert [s.tags for s in sentences] == [["B-ORG", "O"], ["B-PER"]]
    chunks = read_conll(write(tmp_path, "c.txt", FOUR_COL), tag_col=2)
    assert chunks[0].tags == ["B-NP", "B-VP"]


def test_uner_layout_with_comments(tmp_path):
    path = write(tmp_path, "u.iob2", UNER)
    (sentence,) = read_conll_layout(path, "uner")
    assert sentence.tokens == ["John", "lives"] and sentence.tags == ["B-PER", "O"]
    assert sentence.meta == {"sent_id": "s1", "text": "John lives"}
    assert read_conll_monolingual(path, "en", layout="uner")[0].id == "s1"
    with pytest.raises(XprojError, match=r"\[E006\].*'conllx'"):
        read_conll_layout(path, "conllx")


def test_hash_token_is_not_a_comment(tmp_path):
    (sentence,) = read_conll(write(tmp_path, "h.txt", "#\tO\ntag\tO\n"))
    assert sentence.tokens == ["#", "tag"]


def test_orphan_inside_is_repaired_and_counted(tmp_path, caplog):
    path = write(tmp_path, "o.txt", "a O\nb I-PER\nc I-PER\nd I-LOC\n")
    with caplog.at_level(logging.WARNING):
        (sentence,) = read_conll(path)
    assert sentence.tags == ["O", "B-PER", "I-PER", "B-LOC"]
    assert sentence.repairs == 2
    assert "repaired 2 orphan I- tag(s)" in caplog.text


def test_errors_name_file_and_line(tmp_path):
    missing_tag = write(tmp_path, "m.txt", "a\tO\n\nb\tO\nc\nd\tO\n")
    with pytest.raises(XprojError, match=r"\[E003\] .*m.txt:4: 3 tokens but 2 tags"):
        read_conll(missing_tag)
    bad_tag = write(tmp_path, "t.txt", "a O\nb PER\n")
    with pytest.raises(XprojError, match=r"\[E004\] .*t.txt:2: unknown tag syntax 'PER'"):
        read_conll(bad_tag)
    with pytest.raises(XprojError, match=r"\[E002\]"):
        read_conll(write(tmp_path, "d.txt", "-DOCSTART- O\n\n"))
    with pytest.raises(XprojError, match=r"\[E001\]"):
        read_conll(tmp_path / "nope.txt")


def test_parallel_pair_and_count_mismatch(tmp_path):
    en = write(tmp_path, "en.conll02", TWO_COL_TAB)
    de = write(tmp_path, "de.conll02", "Herr\tO\nKinnock\tB-PER\n\nin\tO\nBrüssel\tB-LOC\n")
    pairs = read_conll_pair(en, de, "en", "de", id_prefix="x-")
    assert [p.id for p in pairs] == ["x-0", "x-1"]
    assert pairs[1].tgt_tokens == ["in", "Brüssel"] and pairs[1].src_tags == ["O", "B-LOC"]
    short = write(tmp_path, "short.conll02", "Herr\tO\n")
    with pytest.raises(XprojError, match=r"\[E007\] .*2 in .*en.conll02 but 1 in .*short.conll02"):
        read_conll_pair(en, short, "en", "de")


def test_writers_round_trip(tmp_path):
    en = write(tmp_path, "en.conll02", TWO_COL_TAB)
    pairs = read_conll_pair(en, en, "en", "en")
    out = tmp_path / "out" / "tgt.conll"
    write_conll_side(out, pairs, "tgt")
    assert [s.tags for s in read_conll(out)] == [p.tgt_tags for p in pairs]
    with pytest.raises(XprojError, match=r"\[E017\] .*u.conll: a src-side tag sequence for pair '0' is not available"):
        write_conll_side(tmp_path / "u.conll", [SentencePair("0", "en", "de", ["a"], ["b"], None, ["O"])], "src")
    assert not (tmp_path / "u.conll").exists()
    with pytest.raises(ValueError):
        write_conll(tmp_path / "bad.conll", [(["a", "b"], ["O"])])
    assert not (tmp_path / "bad.conll").exists()


def test_real_files(shared_data):
    europarl = read_conll(shared_data / "europarl-ner" / "de-europarl.test.conll02")
    assert len(europarl) == 799
    hau = read_conll(shared_data / "masakhaner2" / "hau" / "test.txt")
    assert len(hau) == 1633 and sum(s.repairs for s in hau) == 1
    assert {t[2:] for s in hau for t in s.tags if t != "O"} == {"PER", "ORG", "LOC", "DATE"}
    conll03 = read_conll(shared_data / "conll2003-en" / "test.txt")
    assert len(conll03) == 3453
    assert conll03[0].tokens[:3] == ["SOCCER", "-", "JAPAN"] and conll03[0].tags[2] == "B-LOC"
