import json

import pytest

from xproj_core.errors import XprojError
from xproj_core.upload import MAX_BYTES, parse_upload


def record(i: int) -> dict:
    return {
        "id": f"r{i}",
        "src_lang": "en",
        "tgt_lang": "sw",
        "src_tokens": ["Kenya", "votes"],
        "tgt_tokens": ["Kenya", "inapiga", "kura"],
        "src_tags": ["B-LOC", "O"],
        "tgt_tags": None,
        "meta": {},
    }


def test_jsonl():
    data = "\n".join(json.dumps(record(i)) for i in range(3)).encode()
    corpus = parse_upload("jsonl", {"data": ("mine.jsonl", data)}, corpus_name="mine")
    assert corpus.name == "upload:mine" and len(corpus) == 3 and corpus[0].src_spans[0].label == "LOC"


def test_jsonl_error_names_the_uploaded_file_and_line():
    data = (json.dumps(record(0)) + "\n{not json\n").encode()
    with pytest.raises(XprojError, match=r"E803.*mine\.jsonl:2") as error:
        parse_upload("jsonl", {"data": ("mine.jsonl", data)})
    assert "xproj-upload-" not in str(error.value)


def test_conll_pair():
    src = b"Kenya\tB-LOC\nvotes\tO\n\nHe\tO\n\n"
    tgt = b"Kenya\tB-LOC\ninapiga\tO\nkura\tO\n\nYeye\tO\n\n"
    corpus = parse_upload("conll2", {"src": ("en.conll", src), "tgt": ("sw.conll", tgt)}, "en", "sw")
    assert len(corpus) == 2 and corpus[0].tgt_tags == ["B-LOC", "O", "O"]
    with pytest.raises(XprojError, match="E803.*different sentence counts"):
        parse_upload("conll2", {"src": ("en.conll", src), "tgt": ("sw.conll", b"Kenya\tB-LOC\n")})
    with pytest.raises(XprojError, match="the tgt file is missing"):
        parse_upload("conll2", {"src": ("en.conll", src)})


def test_tokpairs_with_tags():
    text = b"Kenya votes ||| Kenya inapiga kura\nObama spoke ||| Obama alisema\n"
    tags = b"B-LOC O\nB-PER O\n"
    corpus = parse_upload("tokpairs", {"data": ("p.txt", text), "tags": ("t.txt", tags)}, "en", "sw")
    assert corpus[1].src_tags == ["B-PER", "O"] and corpus[1].tgt_tokens == ["Obama", "alisema"]
    assert parse_upload("tokpairs", {"data": ("p.txt", text)})[0].src_tags is None
    with pytest.raises(XprojError, match=r"E003.*t\.txt:2"):
        parse_upload("tokpairs", {"data": ("p.txt", text), "tags": ("t.txt", b"B-LOC O\nB-PER\n")})
    with pytest.raises(XprojError, match=r"E004.*'X-PER'"):
        parse_upload("tokpairs", {"data": ("p.txt", text), "tags": ("t.txt", b"B-LOC O\nX-PER O\n")})
    with pytest.raises(XprojError, match=r"E009.*p\.txt:1"):
        parse_upload("tokpairs", {"data": ("p.txt", b"no separator here\n")})


def test_limits_and_bad_bytes():
    with pytest.raises(XprojError, match="E802"):
        parse_upload("tokpairs", {"data": ("big.txt", b"a ||| b\n" * (MAX_BYTES // 8 + 1))})
    with pytest.raises(XprojError, match=r"E005.*p\.txt:2"):
        parse_upload("tokpairs", {"data": ("p.txt", b"a ||| b\n\xff ||| c\n")})
    with pytest.raises(XprojError, match="E006"):
        parse_upload("pickle", {"data": ("x.pkl", b"\x80\x04")})
    with pytest.raises(XprojError, match="E016"):
        parse_upload("tokpairs", {"data": ("p.txt", b"a ||| b\n")}, corpus_name="../evil")


def test_tokpairs_follow_the_one_empty_side_rule():
    with pytest.raises(XprojError, match=r"E803.*E008.*p\.txt:2"):
        parse_upload("tokpairs", {"data": ("p.txt", b"a ||| b\n ||| c\n")})
    with pytest.raises(XprojError, match=r"E803.*E007"):
        parse_upload("tokpairs", {"data": ("p.txt", b"a ||| b\n"), "tags": ("t.txt", b"O\nO\n")})
