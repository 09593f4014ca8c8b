"""What the cache holds and what a sweep would still compute, for the app's Setup page.

The plan is the sweep's own: the chosen aligners × methods × N become a sweep config (seeds, source labels,
parallel sources, solvers and entity types taken from what the corpus has cached), the sweep planner expands
it into cells and signs them, and a cell is *cached* exactly when ``xproj sweep`` would skip it.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .names import aligner_alias, method_alias, split_label, unique_aliases
from .store import Store
from .sweep import group_cells, parse_config  # the sweep planner: the one place the app reaches it


def corpora_summary(store: Store) -> pd.DataFrame:
    """One row per cached corpus: pair, sentences, cells, aligners with score matrices, corrected sentences."""
    rows = []
    for row in store.corpora():
        name = row["name"]
        rows.append(
            {
                "corpus": name,
                "pair": f"{row['src_lang']}→{row['tgt_lang']}",
                "sentences": row["n_pairs"],
                "cached cells": store.count_cells(corpus=name),
                "aligners with matrices": ", ".join(aligner_alias(a) for a in store.aligners_for(name)) or "—",
                "corrected sentences": len(store.corrected_indices(name)),
            }
        )
    return pd.DataFrame(rows)


def _component(label: str, **extra: Any) -> dict[str, Any]:
    spec, options = split_label(label)
    return {"spec": spec, "options": dict(options), **extra}


def plan_config(
    store: Store, corpus: str, aligners: Sequence[str], methods: Sequence[str], sizes: Sequence[int]
) -> dict[str, Any]:
    """The sweep config (as its YAML mapping) that computes the chosen cells with the corpus's cached settings."""
    cells = store.cells(corpus=corpus)
    parallel = sorted({c["parallel"] for c in cells} - {"-"})
    data_hungry = {c["aligner"] for c in cells if c["parallel"] != "-"}
    types = sorted({c["types"] for c in cells}) or ["all"]
    study = {
        "corpora": [corpus],
        "aligners": [_component(a, **({"uses_n": True} if a in data_hungry else {})) for a in aligners],
        "methods": [_component(m) for m in methods],
        "sizes": sorted(sizes),
        "seeds": sorted({int(c["seed"]) for c in cells}) or [0],
        "source_labels": sorted({c["source_labels"] for c in cells}) or ["gold"],
        "parallel": parallel,
    }
    solvers = sorted({c["solver"] for c in cells} - {"-"})
    if solvers:
        study["solvers"] = solvers
    studies = [{**study, "types": None if t == "all" else t.split(",")} for t in types]
    return {"name": "app-plan", "parallel": {p: p for p in parallel}, "studies": studies}


def plan_table(
    store: Store, corpus: str, aligners: Sequence[str], methods: Sequence[str], sizes: Sequence[int]
) -> pd.DataFrame:
    """Each planned aligner × method × parallel source × N: cached (seeds, mean F1 over them) or would be computed."""
    row = next(r for r in store.corpora() if r["name"] == corpus)
    pair, digest = f"{row['src_lang']}-{row['tgt_lang']}", row["data"]
    finished = store.cell_signatures()
    f1 = {r["signature"]: r["f1"] for r in store.metrics_rows("overall", corpus=corpus)}
    groups: dict[tuple, dict[str, list]] = {}
    for group in group_cells(parse_config(plan_config(store, corpus, aligners, methods, sizes), "<app plan>")):
        for cell in group.cells:
            signature = str(cell.signature(pair, digest))
            key = (cell.aligner, cell.method.label, cell.solver, cell.parallel, cell.n)
            entry = groups.setdefault(key, {"planned": 0, "f1": []})
            entry["planned"] += 1
            if signature in finished:
                entry["f1"].append(f1.get(signature))
    names = unique_aliases(k[0] for k in groups)
    rows = []
    for (aligner, method, solver, parallel, n), entry in sorted(groups.items()):
        done, planned = len(entry["f1"]), entry["planned"]
        scores = [f for f in entry["f1"] if f is not None]
        status = (
            "would be computed"
            if not done
            else f"cached ({done} seed{'s' * (done > 1)})"
            if done == planned
            else f"{done} of {planned} seeds cached"
        )
        rows.append(
            {
                "aligner": names[aligner],
                "method": method_alias(method, solver),
                "N": n,
                "parallel data": parallel,
                "status": status,
                "F1": round(sum(scores) / len(scores), 4) if scores else None,
                "aligner spec": aligner,
                "method spec": method,
                "solver": solver,
            }
        )
    return pd.DataFrame(rows)


def sweep_command(store: Store, corpus: str, plan: pd.DataFrame) -> str:
    """The ``xproj sweep`` command line that computes the plan's rows not cached yet."""
    todo = plan[~plan["status"].str.startswith("cached")]
    config = plan_config(store, corpus, [], [], [])["studies"][0]
    command = [
        "xproj",
        "sweep",
        "--corpus",
        corpus,
        "--aligner",
        ",".join(sorted(set(todo["aligner spec"]))),
        "--method",
        ",".join(sorted(set(todo["method spec"]))),
        "--sizes",
        ",".join(map(str, sorted(set(todo["N"])))),
    ]
    if set(todo["solver"]) - {"-"}:
        command += ["--solver", ",".join(sorted(set(todo["solver"]) - {"-"}))]
    for flag, key in (("--seeds", "seeds"), ("--source-labels", "source_labels"), ("--types", "types")):
        if config[key] not in ([0], ["gold"], None):
            command += [flag, ",".join(map(str, config[key]))]
    return shlex.join(command)
