"""Sweep configs: errors name the problem, aligner draw settings, source-label components, shipped configs."""

import pytest

from tests.fixtures.sweep_config import CONFIG, ROOT
from xproj_core.errors import XprojError
from xproj_core.sweep import Component, group_cells, load_config, parse_config


def test_config_errors_name_the_problem(tmp_path):
    with pytest.raises(XprojError, match=r"\[E700\].*'nope'"):
        parse_config({**CONFIG, "studies": [{**CONFIG["studies"][0], "parallel": ["nope"]}]})
    with pytest.raises(XprojError, match=r"\[E016\].*'sizez'"):
        parse_config({**CONFIG, "sizez": [1]})
    with pytest.raises(XprojError, match=r"\[E016\] <config>: .*store_alignments=some.*choose from none, first-"):
        parse_config({**CONFIG, "store_alignments": "some"})
    for workers in (0, "two", True):
        with pytest.raises(XprojError, match=r"\[E016\].*workers"):
            parse_config({**CONFIG, "workers": workers})
    assert (parse_config(CONFIG).workers, parse_config({**CONFIG, "workers": 3}).workers) == (1, 3)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nstudies: [\n")
    with pytest.raises(XprojError, match=r"bad.yaml:\d+"):
        load_config(bad)


def aligners(*entries):
    study = {**CONFIG["studies"][0], "aligners": list(entries)}
    return parse_config({**CONFIG, "studies": [study]}).studies[0].aligners


def test_aligner_draw_settings_default_to_the_registry_and_keep_the_old_spelling():
    declared, plain, forced = aligners("fake-eflomal", "fake-neural", {"spec": "fake-neural", "uses_n": True})
    assert (declared.draws_parallel, plain.draws_parallel, forced.draws_parallel) == (True, False, True)
    assert declared.draw_prefix == plain.draw_prefix == ""
    legacy, explicit = aligners({"spec": "fake-fused", "uses_n": "b."}, {"spec": "fake-fused", "draw_prefix": "b."})
    assert legacy == explicit and (explicit.draws_parallel, explicit.draw_prefix) == (True, "b.")
    with pytest.raises(XprojError, match=r"\[E016\].*uses_n is true or false"):
        aligners({"spec": "fake-eflomal", "uses_n": 3})


def test_source_labels_take_a_spec_or_a_component_with_options():
    study = {**CONFIG["studies"][0], "source_labels": ["gold", {"spec": "fake-tagger", "options": {"x": 1}}]}
    labels = parse_config({**CONFIG, "studies": [study]}).studies[0].source_labels
    assert labels == [Component("gold"), Component("fake-tagger", (("x", 1),))]
    assert [label.label for label in labels] == ["gold", "fake-tagger(x=1)"]


SWEEP_CONFIGS = sorted(p for p in (ROOT / "configs").glob("*.yaml") if p.stem != "anchors")


@pytest.mark.parametrize("config", SWEEP_CONFIGS, ids=lambda p: p.stem)
def test_shipped_configs_parse(config, request):
    if any(
        word in config.read_text() for word in ("matched", "kind: tagger")
    ):  # sizes and gold sets are read from the data
        request.getfixturevalue("shared_data")
    groups = group_cells(load_config(config))
    assert groups and all(g.cells for g in groups)
