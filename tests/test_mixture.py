"""Parallel mixtures at a fixed total N and the `matched` size: counts, determinism, config labels, errors."""

import pytest

from tests.fixtures.sweep_config import CONFIG
from xproj_core.errors import XprojError
from xproj_core.io.jsonl import write_jsonl
from xproj_core.mixture import draw_parallel, matched_size, mixture_spec, parse_mixture, part_counts, source_capacity
from xproj_core.sweep import parse_config
from xproj_core.types import SentencePair


def corpus(tmp_path, name: str, size: int) -> str:
    pairs = [SentencePair(str(i), "en", "de", [f"{name}{i}"], [f"{name}{i}"]) for i in range(size)]
    path = tmp_path / f"{name}.jsonl"
    write_jsonl(path, pairs)
    return str(path)


def test_part_counts_sum_to_n_with_largest_remainders():
    assert part_counts([0.5, 0.5], 501) == [251, 250]
    assert part_counts([1 / 3, 1 / 3, 1 / 3], 10) == [4, 3, 3]
    assert part_counts([0.25, 0.75], 0) == [0, 0]


def test_a_mixture_draws_its_shares_deterministically_and_nested(tmp_path):
    text, captions = corpus(tmp_path, "t", 40), corpus(tmp_path, "c", 100)
    spec = mixture_spec({"text": 0.25, "captions": 0.75}, {"text": text, "captions": captions})
    assert parse_mixture(spec) == [(0.25, text), (0.75, captions)] and parse_mixture(text) is None
    drawn = draw_parallel(spec, 20, seed=1)
    assert [p.src_tokens[0][0] for p in drawn].count("t") == 5 and len(drawn) == 20
    assert draw_parallel(spec, 20, seed=1) == drawn and draw_parallel(spec, 20, seed=2) != drawn
    larger = draw_parallel(spec, 40, seed=1)
    assert drawn[:5] == larger[:5] and drawn[5:] == larger[10:25]
    assert source_capacity(spec) == 133 and matched_size([spec, text]) == 40


def test_config_labels_a_mixture_with_its_shares_and_resolves_matched(tmp_path):
    sources = {"text": corpus(tmp_path, "t", 30), "captions": corpus(tmp_path, "c", 90)}
    study = {**CONFIG["studies"][0], "parallel": ["text", "half"], "sizes": [0, 10, "matched"]}
    config = parse_config(
        {**CONFIG, "parallel": {**sources, "half": {"mix": {"text": 0.5, "captions": 0.5}}}, "studies": [study]}
    )
    label = "half(text=0.5,captions=0.5)"
    assert config.studies[0].parallel == ["text", label] and config.studies[0].sizes == [0, 10, 30]
    assert config.parallel_sources[label] == f"mix:0.5*{sources['text']};0.5*{sources['captions']}"


@pytest.mark.parametrize(
    "mix, message",
    [
        ({"mix": {"text": 0.5, "captions": 0.4}}, "sum to 0.9"),
        ({"mix": {"text": 0.5, "nope": 0.5}}, "unknown source 'nope'"),
        ({"mix": {"text": 1.0}}, "two or more"),
        ({"mix": {"text": 0.5, "captions": 0.5}, "x": 1}, "write {mix"),
    ],
)
def test_bad_mixtures_name_the_problem(mix, message):
    raw = {**CONFIG, "parallel": {**CONFIG["parallel"], "bad": mix}}
    with pytest.raises(XprojError, match=rf"\[E950\].*{message}"):
        parse_config(raw)


def test_matched_needs_a_parallel_source():
    study = {**CONFIG["studies"][0], "parallel": [], "sizes": ["matched"], "name": "lonely"}
    with pytest.raises(XprojError, match=r"\[E951\].*'lonely'"):
        parse_config({**CONFIG, "studies": [study]})
