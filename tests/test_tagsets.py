import pytest

from xproj_core.errors import XprojError
from xproj_core.tagsets import TAGSETS, TARGET_TYPES, MappingStats, map_tags, tagset


def mapped(tags, name, stats=None):
    return map_tags(tags, name, "f.txt", list(range(1, len(tags) + 1)), stats)


def test_every_tagset_maps_only_to_project_types():
    for name, mapping in TAGSETS.items():
        assert set(mapping.values()) - {None} <= set(TARGET_TYPES), name


def test_hiner_and_il_ner_types():
    assert mapped(["B-PERSON", "I-PERSON", "O", "B-ORGANIZATION", "B-LOCATION"], "hiner") == [
        "B-PER",
        "I-PER",
        "O",
        "B-ORG",
        "B-LOC",
    ]
    stats = MappingStats()
    tags = ["B-NEP", "I-NEP", "B-NEN", "I-NEN", "B-NETI", "B-NEO", "I-NEO", "B-NEL", "B-NEAR"]
    assert mapped(tags, "il-ner", stats) == ["B-PER", "I-PER", "O", "O", "B-DATE", "B-ORG", "I-ORG", "B-LOC", "O"]
    assert stats.dropped == {"NEN": 2, "NEAR": 1}


def test_il_ner_malformed_tags():
    stats = MappingStats()
    # '-NEO' starts an organisation, a lone '-' is O; '-NEO' after NEO continues it
    assert mapped(["-NEO", "-NEO", "-", "B-NEP", "-NEP"], "il-ner", stats) == ["B-ORG", "I-ORG", "O", "B-PER", "I-PER"]
    assert (stats.bare, stats.dash) == (3, 1)


def test_bengali_bare_tim_and_adjacent_b():
    stats = MappingStats()
    tags = ["TIM", "TIM", "O", "TIM", "B-LOC", "B-LOC", "I-LOC", "B-PER"]
    assert mapped(tags, "bengali-ner", stats) == ["B-DATE", "I-DATE", "O", "B-DATE", "B-LOC", "B-LOC", "I-LOC", "B-PER"]
    assert stats.bare == 3 and stats.adjacent_b == 1


def test_orphan_i_becomes_b():
    assert mapped(["O", "I-PER", "I-LOC"], "masakhaner2") == ["O", "B-PER", "B-LOC"]


def test_unknown_tag_and_tagset_are_coded_errors():
    with pytest.raises(XprojError, match=r"\[E040\] f.txt:2: unknown tag 'B-NEX' for tag set 'il-ner'"):
        mapped(["O", "B-NEX"], "il-ner")
    with pytest.raises(XprojError, match=r"\[E040\] f.txt:1: unknown tag 'TIM' for tag set 'hiner'"):
        mapped(["TIM"], "hiner")  # bare tags only where the tag set has them
    with pytest.raises(XprojError, match=r"\[E041\] unknown tag set 'nope'"):
        tagset("nope")
