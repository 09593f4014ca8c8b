"""Readable aliases of component specs (xproj_core.names)."""

from __future__ import annotations

import pytest

from xproj_core.names import aligner_alias, method_alias, split_label, unique_aliases


@pytest.mark.parametrize(
    "spec, alias",
    [
        ("e5", "e5"),
        ("e5(extraction=itermax)", "e5 · itermax"),
        ("e5(extraction=match,layer=8)", "e5 · match · layer 8"),
        ("imported:${cache}/demo/accalign-bam.pharaoh", "AccAlign (imported)"),
        ("imported:links/mine.txt", "mine (imported)"),
        ("eflomal(n_samplers=1)", "eflomal"),
        ("fused:e5+eflomal@0.7", "fused e5+eflomal @0.7"),
        ("fused:e5+eflomal(b.n_samplers=1)", "fused e5+eflomal"),
        ("fused:e5(extraction=itermax)+eflomal@0.8", "fused e5 · itermax+eflomal @0.8"),
        ("bt:e5", "e5 + back-translation"),
        ("hf:/models/LaBSE/", "LaBSE (HF)"),
        ("eflomal(extra=nllb,seed=2)", "eflomal · extra=nllb · seed=2"),
    ],
)
def test_aligner_alias(spec, alias):
    assert aligner_alias(spec) == alias


def test_method_alias_names_the_solver():
    assert method_alias("ilp-align", "exact") == "ilp-align (exact)"
    assert method_alias("heuristic", "-") == "heuristic"
    assert method_alias("trim-case:heuristic(d=0)") == "trim-case:heuristic · d=0"


def test_split_label_keeps_nested_brackets():
    assert split_label("fused:e5(extraction=itermax)+eflomal") == ("fused:e5(extraction=itermax)+eflomal", [])
    assert split_label("e5(extraction=itermax,layer=7)") == ("e5", [("extraction", "itermax"), ("layer", "7")])


def test_unique_aliases_fall_back_to_the_spec_on_collision():
    names = unique_aliases(["eflomal(n_samplers=1)", "eflomal(n_samplers=3)", "e5(extraction=argmax)"])
    assert names == {
        "eflomal(n_samplers=1)": "eflomal(n_samplers=1)",
        "eflomal(n_samplers=3)": "eflomal(n_samplers=3)",
        "e5(extraction=argmax)": "e5 · argmax",
    }
