import pytest

from xproj_core.errors import XprojError
from xproj_core.io.mapped_conll import read_mapped_conll, read_mapped_monolingual


def test_bengali_layout_quirks(tmp_path):
    path = tmp_path / "bn.txt"
    # BOM, stray trailing tabs, a doubled tab, a token with a trailing space, an empty tag, doubled blank line
    path.write_text("\ufeffক\tB-PER\nখ\tB-PER\t\n\n\nগ \tTIM\nঘ\t\tO\nঙ\t\n\n", encoding="utf-8")
    sentences, stats = read_mapped_conll(path, "bengali-ner")
    assert [s.tokens for s in sentences] == [["ক", "খ"], ["গ", "ঘ", "ঙ"]]
    assert [s.tags for s in sentences] == [["B-PER", "B-PER"], ["B-DATE", "O", "O"]]
    assert (stats.empty, stats.bare, stats.adjacent_b) == (1, 1, 1)
    assert sentences[1].line == 5


def test_pairs_on_target_side(tmp_path):
    path = tmp_path / "hi.conll"
    path.write_text("राम\tB-PERSON\nगया\tO\n", encoding="utf-8")
    (pair,) = read_mapped_monolingual(path, "hiner", "hin")
    assert pair.src_tokens == [] and pair.tgt_lang == "hin" and pair.tgt_tags == ["B-PER", "O"]


def test_bad_lines(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("a O\nb c B-PER\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E009\] .*x.txt:2: malformed line: 3 fields"):
        read_mapped_conll(path, "hiner")
    path.write_text("a O\n\nb B-FOO\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E040\] .*x.txt:3: unknown tag 'B-FOO' for tag set 'hiner'"):
        read_mapped_conll(path, "hiner")
    with pytest.raises(XprojError, match=r"\[E041\] .*x.txt: unknown tag set 'nope'"):
        read_mapped_conll(path, "nope")
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E002\]"):
        read_mapped_conll(path, "hiner")
