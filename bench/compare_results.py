"""Compare two result sets number by number: ``xproj results --format json`` files, or two caches cell by cell.

    python bench/compare_results.py before.json after.json
    python bench/compare_results.py before/xproj.sqlite after/xproj.sqlite    # every cell and scope

Prints the largest absolute difference (over all rows, and over rows whose aligner involves no eflomal,
whose sampler is seeded from /dev/urandom and so differs between any two runs), the rows that differ,
and the rows present on one side only. Exit status 1 when a row is missing or a non-eflomal number differs.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
from pathlib import Path
from typing import Any

KEY_FIELDS = ("corpus", "pair", "source_labels", "types", "parallel", "aligner", "method", "solver", "n")
VALUE_FIELDS = ("mean", "std", "seeds")
CELL_VALUES = ("precision", "recall", "f1", "support", "predicted")


def results_rows(path: Path) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Row key → numbers, from a results JSON file or a cache (one row per cell signature and scope)."""
    if path.suffix == ".sqlite":
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            conn.row_factory = sqlite3.Row
            sql = "SELECT c.signature, c.aligner, m.* FROM cells c JOIN metrics m ON m.signature = c.signature"
            rows = conn.execute(sql)
            return {(r["signature"], r["scope"], r["aligner"]): {k: r[k] for k in CELL_VALUES} for r in rows}
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    return {tuple(r[k] for k in KEY_FIELDS): {k: r[k] for k in VALUE_FIELDS} for r in rows}


def difference(a: Any, b: Any) -> float:
    """|a - b| for numbers (0 when both are missing, inf when one is)."""
    if a is None or b is None:
        return 0.0 if a is None and b is None else math.inf
    return abs(float(a) - float(b))


def uses_eflomal(key: tuple[Any, ...], path: Path) -> bool:
    aligner = key[2] if path.suffix == ".sqlite" else key[KEY_FIELDS.index("aligner")]
    return "eflomal" in str(aligner)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    before, after = results_rows(args.before), results_rows(args.after)
    shared = sorted(set(before) & set(after), key=str)
    worst: dict[tuple[bool, str], float] = {}
    differing = []
    for key in shared:
        eflomal = uses_eflomal(key, args.before)
        diffs = {f: difference(before[key][f], after[key][f]) for f in before[key]}
        for field, diff in diffs.items():
            worst[eflomal, field] = max(worst.get((eflomal, field), 0.0), diff)
        if max(diffs.values()) > 0:
            differing.append((key, max(diffs.values())))
    plain = [k for k in shared if not uses_eflomal(k, args.before)]
    print(f"rows: {len(before)} before, {len(after)} after, {len(shared)} on both sides ({len(plain)} without eflomal)")
    for eflomal in (False, True):
        per_field = ", ".join(f"{f} {d:.6g}" for (e, f), d in worst.items() if e == eflomal)
        print(f"max abs difference, rows {'with' if eflomal else 'without'} eflomal: {per_field or '-'}")
    plain_differing = sum(not uses_eflomal(k, args.before) for k, _ in differing)
    print(f"rows that differ: {len(differing)} ({plain_differing} without eflomal)")
    for key, diff in sorted(differing, key=lambda kd: -kd[1])[:20]:
        print(f"  {diff:.4f}  {' | '.join(map(str, key))}")
    for side, rows, other in (("before", before, after), ("after", after, before)):
        only = sorted(set(rows) - set(other), key=str)
        print(f"only {side}: {len(only)}")
        for key in only[:20]:
            print(f"  {' | '.join(map(str, key))}")
    missing = set(before) ^ set(after)
    return 1 if missing or any(d > 0 for (e, _), d in worst.items() if not e) else 0


if __name__ == "__main__":
    raise SystemExit(main())
