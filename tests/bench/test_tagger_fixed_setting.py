"""The projector comparison of bench/tagger_fixed_setting.py: paired by language, aligner, mode and seed."""

from __future__ import annotations

import pandas as pd

from bench.tagger_fixed_setting import paired


def run(language: str, method: str, n: int, f1: float, seed: int = 0) -> dict:
    return {"language": language, "aligner": "e5", "mode": "head+en", "seed": seed, "method": method, "n": n, "f1": f1}


def test_pairs_are_taken_at_the_largest_n_both_projectors_ran(capsys):
    own = pd.DataFrame(
        [
            run("hau", "ilp-align", 2000, 50.0),
            run("hau", "heuristic(d=2)", 2000, 49.0),
            run("hau", "ilp-align", 4000, 60.0),  # heuristic never ran at 4000: not a pair
            run("yor", "ilp-align", 4000, 30.0),
            run("yor", "heuristic(d=2)", 4000, 33.0),
            run("yor", "ilp-align", 4000, 31.0, seed=1),
            run("yor", "heuristic(d=2)", 4000, 30.0, seed=1),
        ]
    )
    paired(own, "ilp-align", "heuristic")
    out = capsys.readouterr().out
    assert "3 pairs" in out
    assert "higher in 2, lower in 1, equal in 0" in out
    # differences +1 (hau), −3 and +1 (yor): mean −1/3; per language hau +1, yor −1, mean 0
    assert "mean difference -0.33 F1; over 2 languages +0.00 ±" in out
