"""spacy-map: the map parser, and (once the spacy tagger is installed) NORP tagged as LOC."""

from __future__ import annotations

import pytest

from xproj_core.errors import XprojError
from xproj_core.models.spacy_map import merged_map, parse_map


def test_parse_and_merge_map() -> None:
    assert parse_map("norp=LOC, FAC=O") == {"NORP": "LOC", "FAC": None}
    assert merged_map({"GPE": "LOC", "FAC": "LOC"}, parse_map("NORP=LOC,FAC=O")) == {"GPE": "LOC", "NORP": "LOC"}
    with pytest.raises(XprojError):
        parse_map("NORP")


def test_norp_becomes_loc() -> None:
    pytest.importorskip("xproj_core.models.spacy_ner")
    from xproj_core.models import NER_TAGGERS

    words = ["The", "Hungarian", "team", "beat", "Barack", "Obama", "in", "Paris", "."]
    plain = NER_TAGGERS.create("spacy").tag([words])[0]
    mapped = NER_TAGGERS.create("spacy-map", map="NORP=LOC").tag([words])[0]
    assert plain[1] == "O" and mapped[1] == "B-LOC"
    assert mapped[4:] == plain[4:] == ["B-PER", "I-PER", "O", "B-LOC", "O"]
    assert "B-LOC" in NER_TAGGERS.create("spacy-map").labels
