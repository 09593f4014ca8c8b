import gzip
import json

import pytest

from xproj_core.errors import XprojError
from xproj_core.io.parallel_text import read_image_captions, read_line_pairs, read_multiway_jsonl, read_tsv_pairs
from xproj_core.io.tokenize import tokenize


def test_tokenizer_rule():
    assert tokenize("Gish (October 14, 1893) n'a COVID-19 D. W. Griffith.") == [
        "Gish",
        "(",
        "October",
        "14",
        ",",
        "1893",
        ")",
        "n'a",
        "COVID-19",
        "D",
        ".",
        "W",
        ".",
        "Griffith",
        ".",
    ]
    # combining marks stay inside the word (Yorùbá written with combining diacritics)
    assert tokenize("ti sọ̣̀rọ̀ lọ́jọ́ Àìkú") == ["ti", "sọ̣̀rọ̀", "lọ́jọ́", "Àìkú"]
    assert tokenize("  ") == []


def test_tokenizer_splits_unspaced_scripts_into_characters():
    assert tokenize("我爱北京。UN秘书长") == ["我", "爱", "北", "京", "。", "UN", "秘", "书", "长"]
    assert tokenize("東京で、コーヒー") == ["東", "京", "で", "、", "コ", "ー", "ヒ", "ー"]
    assert tokenize("भारत के प्रधानमंत्री। ጠቅላይ ሚኒስትር።") == ["भारत", "के", "प्रधानमंत्री", "।", "ጠቅላይ", "ሚኒስትር", "።"]


def test_line_pairs_gz_and_count_mismatch(tmp_path):
    en, de = tmp_path / "a.en.gz", tmp_path / "a.de"
    en.write_bytes(gzip.compress(b"Hello, world.\nBye\n"))
    de.write_text("Hallo, Welt.\nTschüss\n")
    pairs = read_line_pairs(en, de, "en", "de")
    assert pairs[0].src_tokens == ["Hello", ",", "world", "."] and pairs[1].tgt_tokens == ["Tschüss"]
    assert pairs[0].meta == {"src_text": "Hello, world.", "tgt_text": "Hallo, Welt."}
    assert pairs[0].src_tags is None and pairs[0].tgt_tags is None
    de.write_text("Hallo\n")
    with pytest.raises(XprojError, match=r"\[E007\] .*a.de: .*2 in .*a.en.gz but 1 in"):
        read_line_pairs(en, de, "en", "de")
    de.write_text("Hallo\n\n")
    with pytest.raises(XprojError, match=r"\[E008\] .*a.de:2"):
        read_line_pairs(en, de, "en", "de")


def test_tsv_header_quotes_and_trailing_columns(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text('English\tYoruba\nHi there\t"Báwo, ""ni""\t \t "\nTwo\t"a\nb"\n')
    pairs = read_tsv_pairs(path, "en", "yor", "English", "Yoruba")
    assert [p.meta["tgt_text"] for p in pairs] == ['Báwo, "ni"', "a\nb"]
    assert pairs[1].meta["line"] == 4 and pairs[1].tgt_tokens == ["a", "b"]
    with pytest.raises(XprojError, match=r"\[E012\] .*t.tsv:1: missing field 'Igbo'"):
        read_tsv_pairs(path, "en", "ibo", "English", "Igbo")
    path.write_text("en\tyor\na\tb\nc\td\te\n")
    with pytest.raises(XprojError, match=r"\[E009\] .*t.tsv:3: .*3 columns, header has 2"):
        read_tsv_pairs(path, "en", "yor")
    path.write_text("en\tyor\na\t\n")
    with pytest.raises(XprojError, match=r"\[E008\] .*t.tsv:2"):
        read_tsv_pairs(path, "en", "yor")
    path.write_text("en\tyor\n")
    with pytest.raises(XprojError, match=r"\[E002\]"):
        read_tsv_pairs(path, "en", "yor")


def test_multiway_jsonl(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"text": {"eng": "Hi.", "lug": "Gyebale.", "ach": "Apwoyo."}}) + "\n")
    (pair,) = read_multiway_jsonl(path, "eng", "ach")
    assert pair.src_tokens == ["Hi", "."] and pair.tgt_tokens == ["Apwoyo", "."] and pair.tgt_lang == "ach"
    with pytest.raises(XprojError, match=r"\[E012\] .*s.jsonl:1: missing field 'text.nyn'"):
        read_multiway_jsonl(path, "eng", "nyn")


def test_image_captions_pair_every_caption_of_an_image(tmp_path):
    images = tmp_path / "images.txt"
    images.write_text("1.jpg\n2.jpg\n")
    files = {}
    for name, text in {"1.en": "A dog.\nA cat.\n", "2.en": "Dog.\nCat.\n", "1.de": "Ein Hund.\nEine Katze.\n"}.items():
        files[name] = tmp_path / name
        files[name].write_text(text)
    pairs = read_image_captions(images, [files["1.en"], files["2.en"]], [files["1.de"]], "en", "de")
    assert [p.id for p in pairs] == ["0-1-1", "0-2-1", "1-1-1", "1-2-1"]
    assert [(p.meta["image"], p.src_tokens[-2], p.tgt_tokens[-2]) for p in pairs] == [
        ("1.jpg", "dog", "Hund"),
        ("1.jpg", "Dog", "Hund"),
        ("2.jpg", "cat", "Katze"),
        ("2.jpg", "Cat", "Katze"),
    ]
    assert all(p.meta["comparable"] for p in pairs)
    files["1.de"].write_text("Ein Hund.\n")
    with pytest.raises(XprojError, match=r"\[E007\]"):
        read_image_captions(images, [files["1.en"]], [files["1.de"]], "en", "de")


def test_real_files(shared_data):
    zul = read_tsv_pairs(shared_data / "mafand-mt/en-zul/dev.tsv", "en", "zul")
    assert len(zul) == 1239  # quoted fields span lines: 1471 physical lines
    luo = read_tsv_pairs(shared_data / "mafand-mt/en-luo/dev.tsv", "en", "luo", "eng", "luo")
    assert len(luo) == 1500
    menyo = read_tsv_pairs(shared_data / "menyo-20k/dev.tsv", "en", "yor", "English", "Yoruba")
    assert len(menyo) == 3397
    seed = read_line_pairs(shared_data / "nllb-seed/eng_Latn", shared_data / "nllb-seed/bam_Latn", "eng", "bam")
    assert len(seed) == 6193 and seed[0].src_tokens[:3] == ["Lillian", "Diana", "Gish"]
    salt = read_multiway_jsonl(shared_data / "salt/salt-test-v1.2.jsonl", "eng", "lug")
    assert len(salt) == 500
    task2 = shared_data / "multi30k/task2"
    captions = read_image_captions(
        task2 / "image_splits/val_images.txt",
        [task2 / f"raw/val.{k}.en.gz" for k in range(1, 6)],
        [task2 / f"raw/val.{k}.de.gz" for k in range(1, 6)],
        "en",
        "de",
    )
    assert len(captions) == 1014 * 25
