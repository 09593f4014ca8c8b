import pytest

from xproj_core.errors import XprojError
from xproj_core.io.delimited import read_delimited_pairs

VG = dict(delimiter="\t", n_columns=7, src_column=5, tgt_column=6, image_column=0, quoted=False)
HAVQA = dict(delimiter=",", n_columns=4, src_column=2, tgt_column=3, image_column=1)


def test_visual_genome_rows(tmp_path):
    path = tmp_path / "vg.txt"
    path.write_text(
        '11\t45\t30\t5\t4\tman has "short" hair\tआदमी के छोटे बाल हैं\r\n17\t1\t2\t3\t4\tsky\tआकाश\r\n', encoding="utf-8"
    )
    pairs = read_delimited_pairs(path, "en", "hin", **VG)
    assert pairs[0].src_tokens == ["man", "has", '"', "short", '"', "hair"] and pairs[0].meta["image"] == "11"
    assert pairs[1].tgt_tokens == ["आकाश"] and pairs[1].meta["tgt_text"] == "आकाश" and pairs[1].id == "1"


def test_havqa_quoted_fields(tmp_path):
    path = tmp_path / "ha.txt"
    path.write_text('1,23,"Where, exactly?","A ina, daidai?"\n2,24,On the right.,A dama.\n', encoding="utf-8")
    pairs = read_delimited_pairs(path, "en", "hau", **HAVQA)
    assert pairs[0].meta["src_text"] == "Where, exactly?" and pairs[0].meta["image"] == "23"
    assert pairs[1].meta["line"] == 2


def test_bad_rows(tmp_path):
    path = tmp_path / "ha.txt"
    path.write_text("1,23,Where?,A ina?\n2,24,On the right.\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E009\] .*ha.txt:2: malformed line: 3 columns, expected 4"):
        read_delimited_pairs(path, "en", "hau", **HAVQA)
    path.write_text("1,23,Where?,A ina?\n2,24, ,A dama.\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E008\] .*ha.txt:2: empty sentence"):
        read_delimited_pairs(path, "en", "hau", **HAVQA)
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E002\]"):
        read_delimited_pairs(path, "en", "hau", **HAVQA)
