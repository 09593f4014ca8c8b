import json

import pytest

from xproj_core.errors import XprojError
from xproj_core.io.accalign import read_accalign_jsonl
from xproj_core.types import SentencePair


def test_links_checked_against_source_tokens(tmp_path):
    pairs = [SentencePair("0", "en", "bam", ["Hello", "Dirisa"], ["I", "ni", "ce", "Dirisa"])]
    path = tmp_path / "final.jsonl"
    path.write_text(json.dumps({"tokens": ["Hello", "Dirisa"], "alignment": [[0, 2], [1, 3]]}) + "\n")
    assert read_accalign_jsonl(path, pairs) == [(frozenset({(0, 2), (1, 3)}), frozenset())]
    path.write_text(json.dumps({"tokens": ["Hi", "Dirisa"], "alignment": []}) + "\n")
    with pytest.raises(XprojError, match=r"\[E300\] .*final.jsonl:1: .*English tokens differ"):
        read_accalign_jsonl(path, pairs)
    path.write_text(json.dumps({"tokens": ["Hello", "Dirisa"]}) + "\n")
    with pytest.raises(XprojError, match=r"\[E012\] .*final.jsonl:1: missing field 'alignment'"):
        read_accalign_jsonl(path, pairs)
