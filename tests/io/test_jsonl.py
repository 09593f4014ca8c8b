import json

import pytest

from xproj_core.errors import XprojError
from xproj_core.io.jsonl import read_json_lines, read_jsonl, write_jsonl
from xproj_core.types import SentencePair

PAIR = SentencePair("0", "en", "de", ["John", "runs"], ["John", "läuft"], ["B-PER", "O"], None, {"k": 1})


def record(**changes):
    base = PAIR.to_record()
    base.update(changes)
    return json.dumps(base, ensure_ascii=False)


def test_round_trip(tmp_path):
    path = tmp_path / "c.jsonl"
    assert write_jsonl(path, [PAIR, PAIR]) == 2
    assert read_jsonl(path) == [PAIR, PAIR]
    assert "läuft" in path.read_text(encoding="utf-8")


def test_optional_fields_and_monolingual(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text(
        json.dumps({"id": 3, "src_lang": "", "tgt_lang": "hau", "src_tokens": [], "tgt_tokens": ["a"]}) + "\n\n"
    )
    (pair,) = read_jsonl(path)
    assert pair.id == "3" and pair.src_tags is None and pair.tgt_tags is None and pair.meta == {}


def test_orphan_repaired(tmp_path):
    path = tmp_path / "o.jsonl"
    path.write_text(record(src_tags=["I-PER", "O"]) + "\n")
    assert read_jsonl(path)[0].src_tags == ["B-PER", "O"]


@pytest.mark.parametrize(
    "line, pattern",
    [
        ("{not json", r"\[E011\] .*bad.jsonl:2: invalid JSON"),
        ("[1, 2]", r"\[E011\] .*:2: .*not a JSON object"),
        (json.dumps({"id": "1", "src_lang": "en"}), r"\[E012\] .*:2: missing field 'tgt_lang'"),
        (record(tgt_tags=["O"]), r"\[E003\] .*:2: 2 tokens but 1 tags"),
        (record(src_tags=["O", "PER"]), r"\[E004\] .*:2: unknown tag syntax 'PER'"),
        (record(src_tokens="John runs"), r"\[E009\] .*:2: .*'src_tokens' must be a list of strings"),
        (record(src_tokens=[], tgt_tokens=[], src_tags=None), r"\[E008\] .*:2: empty sentence"),
        (record(meta=[1]), r"\[E009\] .*'meta' must be an object"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path, line, pattern):
    path = tmp_path / "bad.jsonl"
    path.write_text(record() + "\n" + line + "\n")
    with pytest.raises(XprojError, match=pattern):
        read_jsonl(path)


def test_empty_and_blank_file(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text("")
    with pytest.raises(XprojError, match=r"\[E002\]"):
        read_jsonl(path)
    path.write_text("\n\n")
    with pytest.raises(XprojError, match=r"\[E002\]"):
        read_json_lines(path)


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    path = tmp_path / "x.jsonl"

    def pairs():
        yield PAIR
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_jsonl(path, pairs())
    assert list(tmp_path.iterdir()) == []
