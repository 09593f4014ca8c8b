"""Gain over zero-shot when every language uses the same setting at its largest N (nothing chosen per language).

    python -m bench.tagger_fixed_setting --cache cache/xproj.sqlite --lang bam,hau,ibo,...,zul [--max-n 4000] [--seed 0]
    python -m bench.tagger_fixed_setting --lang bam,...,zul --paired ilp-align heuristic --mode head+en

`xproj results --tagger` picks each language's best setting, on dev where a dev set exists and otherwise on the
reported test set (optimistic). This check has no per-language choice: for each setting (aligner · method ·
training mode) it takes, per language, the role-B tagger trained on the language's own parallel text (the
parallel source named after the language, as in configs/silver-masakhaner2.yaml) at the largest N ≤ --max-n,
and prints its gain over zero-shot, the number of languages it wins and the mean gain. ``--seed`` keeps one
seed's silver-trained cells, so that settings run with different numbers of seeds compare like with like.

``--paired A B`` compares two projectors (method names, matched by prefix) instead: for every language, aligner,
training mode and seed where both ran, at the largest N ≤ --max-n they share, the F1 of A minus that of B; it
prints how often A is higher, the mean difference, and its 95% t-interval over the languages' means.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
from scipy import stats

from xproj_core.store import Store
from xproj_core.tagger_results import ROLE_B, ZERO_SHOT, tagger_curves, tagger_frame, trained_metrics


def paired(own: pd.DataFrame, first: str, second: str) -> None:
    """Print F1 of projector ``first`` minus ``second`` over the runs both have (see the module docstring)."""
    keys = ["language", "aligner", "mode", "seed"]
    a = own[own["method"].str.startswith(first)]
    b = own[own["method"].str.startswith(second)]
    both = a.merge(b, on=[*keys, "n"], suffixes=("_a", "_b"))
    both = both.loc[both.groupby(keys)["n"].idxmax()]
    difference = both["f1_a"] - both["f1_b"]
    per_language = difference.groupby(both["language"]).mean()
    half = stats.t.ppf(0.975, len(per_language) - 1) * per_language.std() / len(per_language) ** 0.5
    print(f"{first} − {second}: {len(both)} pairs (language × aligner × mode × seed)")
    print(f"higher in {(difference > 0).sum()}, lower in {(difference < 0).sum()}, equal in {(difference == 0).sum()}")
    mean = f"{per_language.mean():+.2f} ± {half:.2f}"
    print(f"mean difference {difference.mean():+.2f} F1; over {len(per_language)} languages {mean}")
    print(per_language.round(2).to_string())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("cache/xproj.sqlite"))
    parser.add_argument("--lang", required=True, help="languages, comma-separated")
    parser.add_argument("--max-n", type=int, default=4000)
    parser.add_argument("--seed", type=int, help="keep only this seed's silver-trained cells (default: all seeds)")
    parser.add_argument("--paired", nargs=2, metavar=("A", "B"), help="compare projector A with projector B")
    parser.add_argument("--mode", help="only this training mode (e.g. head+en)")
    args = parser.parse_args()
    languages = args.lang.split(",")
    frame = tagger_frame(trained_metrics(Store(args.cache)))
    if args.seed is not None:
        frame = frame[(frame["role"] != ROLE_B) | (frame["seed"] == args.seed)]
    if args.mode is not None:
        frame = frame[(frame["role"] != ROLE_B) | (frame["mode"] == args.mode)]
    if args.paired:
        own = frame[(frame["role"] == ROLE_B) & (frame["parallel"] == frame["language"]) & (frame["n"] <= args.max_n)]
        paired(own[own["language"].isin(languages)], *args.paired)
        return
    curves = tagger_curves(frame)
    curves = curves[curves["language"].isin(languages)]
    zero_shot = curves[curves["role"] == ZERO_SHOT].groupby("language")["mean"].mean()
    own = curves[(curves["role"] == ROLE_B) & (curves["parallel"] == curves["language"]) & (curves["n"] <= args.max_n)]
    own = own[own["language"].isin(zero_shot.index)]
    largest = own.loc[own.groupby(["language", "aligner", "method", "mode"])["n"].idxmax()]
    largest = largest.assign(gain=largest["mean"] - largest["language"].map(zero_shot))
    rows = []
    for (aligner, method, mode), part in largest.groupby(["aligner", "method", "mode"]):
        cells = {row.language: f"{row.gain:+.1f} (N={row.n})" for row in part.itertuples()}
        rows.append(
            {
                "setting": f"{aligner} · {method} · {mode}",
                "languages": len(part),
                "wins": int((part["gain"] > 0).sum()),
                "mean gain": round(float(part["gain"].mean()), 1),
                **{lang: cells.get(lang, "") for lang in languages},
            }
        )
    print(pd.DataFrame(rows).to_markdown(index=False))
    seeds = "seed-mean where several seeds ran" if args.seed is None else f"seed {args.seed}"
    print(f"\nGain = F1 × 100 of the tagger ({seeds}) − zero-shot; N = the largest run.")


if __name__ == "__main__":
    main()
