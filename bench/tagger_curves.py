"""Trained-tagger F1 per role, parallel source and N for one language (mean ± 95% t-interval over seeds).

    python -m bench.tagger_curves --cache cache/xproj.sqlite --lang hau [--aligner eflomal] [--method heuristic]

The numbers behind the image–text study's tables (docs/image-text.md): rows = role · parallel source ·
aligner · method · training, columns = N.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xproj_core.store import Store
from xproj_core.tagger_results import tagger_curves, tagger_frame, trained_metrics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("cache/xproj.sqlite"))
    parser.add_argument("--lang", required=True)
    parser.add_argument("--aligner", default="", help="keep aligners whose label starts with this")
    parser.add_argument("--method", default="", help="keep methods whose label starts with this")
    args = parser.parse_args()
    curves = tagger_curves(tagger_frame(trained_metrics(Store(args.cache))))
    curves = curves[(curves["language"] == args.lang) & curves["aligner"].str.startswith(args.aligner)]
    curves = curves[curves["method"].str.startswith(args.method)]
    curves["cell"] = [
        f"{m:.1f}" + ("" if s < 2 else f" ± {c:.1f}") + f" ({s})"
        for m, c, s in zip(curves["mean"], curves["ci"], curves["seeds"])
    ]
    table = curves.pivot_table(
        index=["corpus", "role", "parallel", "aligner", "method", "mode"], columns="n", values="cell", aggfunc="first"
    )
    print(table.fillna("").to_markdown())
    print("\nF1 × 100, mean ± half-width of the 95% t-interval over seeds (number of seeds).")


if __name__ == "__main__":
    main()
