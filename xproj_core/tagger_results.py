"""Trained-tagger results (the silver-data loop): per language and gold set, zero-shot model transfer, the best
silver-trained setting (mean ± t-interval over seeds), its gain, the gold-trained upper bound and the seed paper's
numbers. Pure functions over the cache's metrics rows; ``xproj results --tagger``, the app's Scaling page and
``bench.tagger_figure`` share them.

A trained-tagger cell has ``training != "-"``: ``zero-shot`` (the English tagger applied directly), ``gold:…``
(trained on the language's gold train split), ``<mode>/labelled=<spec>`` (role A: the N pairs only trained the
aligner, the fixed corpus ``<spec>`` was projected) or ``<mode>`` (role B: the N pairs were labelled, projected
and trained on). F1 values are × 100, as in the projection tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .datasets.languages import iso3
from .errors import Errors, XprojError
from .names import aligner_alias, method_alias
from .plots import t_half_width
from .store import Store

if TYPE_CHECKING:
    import pandas as pd

    from .paper_results import PaperRun

ZERO_SHOT = "zero-shot"
GOLD = "gold"
ROLE_A = "A"
ROLE_B = "B"
ROLE_NAMES = {ROLE_A: "A: alignment data", ROLE_B: "B: projected data"}
PANEL = ["language", "corpus", "types"]
"""Columns that identify one row of the per-language table (one gold set of one language)."""
SETTING = ["parallel", "aligner", "method", "solver", "source_labels", "training"]
"""Columns that, with N, identify one trained-tagger setting (its seeds are averaged)."""
REPORTED_SET = "reported set"


def trained_metrics(store: Store, scope: str = "overall") -> list[dict[str, Any]]:
    """The metrics rows (one scope) of every trained-tagger cell in the cache."""
    return [row for row in store.metrics_rows(scope=scope) if (row.get("training") or "-") != "-"]


def language_of(pair: str) -> str:
    """``en-hau`` → ``hau`` (ISO 639-3)."""
    return iso3(pair.partition("-")[2] or pair)


def role_of(training: str) -> str:
    """``zero-shot``, ``gold``, ``A`` (alignment data) or ``B`` (projected data)."""
    if training == ZERO_SHOT:
        return ZERO_SHOT
    if training.startswith(f"{GOLD}:"):
        return GOLD
    return ROLE_A if "/labelled=" in training else ROLE_B


def tagger_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """One row per trained-tagger cell: the PANEL and SETTING columns, ``role``, ``mode`` (head/full),
    ``labelled`` (role A's projected corpus), ``n``, ``seed``, ``f1`` and ``dev_f1`` (× 100; NaN without a dev
    set), ``dev_set`` and the cell's ``signature``."""
    import pandas as pd

    records = []
    for row in rows:
        training = row.get("training") or "-"
        if training == "-":
            continue
        selected = json.loads(row.get("settings") or "{}").get("select_on") or {}
        mode, _, labelled = training.partition("/labelled=")
        records.append(
            {
                "language": language_of(row["pair"]),
                **{column: row[column] for column in ("corpus", "types", *SETTING)},
                "role": role_of(training),
                "mode": mode,
                "labelled": labelled or "-",
                "n": int(row["n"]),
                "seed": int(row["seed"]),
                "f1": 100.0 * float(row["f1"]),
                "dev_f1": 100.0 * float(selected["f1"]) if "f1" in selected else float("nan"),
                "dev_set": selected.get("set", ""),
                "signature": row.get("signature", ""),
            }
        )
    columns = [*PANEL, *SETTING, "role", "mode", "labelled", "n", "seed", "f1", "dev_f1", "dev_set", "signature"]
    return pd.DataFrame(records, columns=columns)


def tagger_curves(frame: pd.DataFrame, level: float = 95.0) -> pd.DataFrame:
    """One row per (PANEL, SETTING, N): ``mean``, ``std``, ``seeds``, ``ci`` (half-width of the ``level``%
    t-interval of the mean; NaN with one seed), ``dev_mean``, ``dev_seeds`` (seeds with a dev F1), ``dev_set``,
    ``signatures`` (of the seeds' cells, for ``xproj reproduce``)."""
    keys = [*PANEL, *SETTING, "role", "mode", "labelled", "n"]
    grouped = frame.groupby(keys, sort=True)
    curves = grouped["f1"].agg(mean="mean", std="std", seeds="count")
    curves["dev_mean"] = grouped["dev_f1"].mean()
    curves["dev_seeds"] = grouped["dev_f1"].count()
    curves["dev_set"] = grouped["dev_set"].agg(lambda sets: ", ".join(sorted({s for s in sets if s})))
    curves["signatures"] = grouped["signature"].agg(lambda signatures: sorted(s for s in signatures if s))
    curves = curves.reset_index()
    curves["ci"] = t_half_width(curves["std"], curves["seeds"], level)
    return curves


def choose(candidates: pd.DataFrame) -> tuple[pd.Series, str]:
    """The best candidate and what it was chosen on: the highest mean dev F1 when every candidate has a dev F1
    for each of its seeds (``dev <set>``), else the highest mean F1 on the reported set itself. Ties go to the
    first in SETTING/N order."""
    on_dev = bool((candidates["dev_seeds"] == candidates["seeds"]).all())
    best = candidates.loc[candidates["dev_mean" if on_dev else "mean"].idxmax()]
    return best, (f"dev {best['dev_set']}" if on_dev else REPORTED_SET)


def paper_numbers(runs: list[PaperRun]) -> dict[str, dict[str, Any]]:
    """Per language of the paper's MasakhaNER2 runs: its best projection F1 (× 100) and setting, and its model
    transfer F1."""
    from .paper_results import best_projection, paper_f1

    out = {}
    for lang in sorted({run.lang for run in runs}):
        best = best_projection(runs, lang)
        transfer = paper_f1(runs, lang, "model_transfer")
        out[lang] = {
            "paper_projection": 100.0 * best.f1,
            "paper_projection_setting": best.setting,
            "paper_model_transfer": None if transfer is None else 100.0 * transfer,
        }
    return out


def published_paper_numbers() -> dict[str, dict[str, Any]]:
    """:func:`paper_numbers` of ``politov-2025-results/masakhaner2_metrics.csv``; empty when the data is absent."""
    from .paper_results import paper_runs

    try:
        return paper_numbers(paper_runs("masakhaner2"))
    except (OSError, XprojError):
        return {}


def tagger_table(
    frame: pd.DataFrame, paper: dict[str, dict[str, Any]] | None = None, level: float = 95.0
) -> pd.DataFrame:
    """One row per language and gold set: ``zero_shot``, the best silver-trained setting (``best``, ``ci``,
    ``seeds``, its SETTING columns, ``n``, ``role``, ``chosen_on``, the cells' ``signatures``), ``gain``
    (best − zero-shot), ``gold`` (the best gold-trained tagger, chosen the same way) with its
    ``gold_sentences``, and the paper's numbers for the language (``paper`` from :func:`paper_numbers`:
    MasakhaNER2 full test sets, so beside the Bambara half test set or another gold set they are a reference,
    not a like-for-like number)."""
    import pandas as pd

    if frame.empty:
        raise XprojError(Errors.E701, detail=" of trained taggers")
    curves = tagger_curves(frame, level)
    rows = []
    for key, part in curves.groupby(PANEL, sort=True):
        row: dict[str, Any] = dict(zip(PANEL, key))
        zero = part[part["role"] == ZERO_SHOT]
        row["zero_shot"] = float(zero["mean"].mean()) if len(zero) else None
        silver = part[part["role"].isin([ROLE_A, ROLE_B])]
        if len(silver):
            best, chosen_on = choose(silver)
            row.update(
                best=float(best["mean"]),
                ci=None if pd.isna(best["ci"]) else float(best["ci"]),
                seeds=int(best["seeds"]),
                **{column: best[column] for column in SETTING},
                n=int(best["n"]),
                role=best["role"],
                chosen_on=chosen_on,
                candidates=len(silver),
                signatures=best["signatures"],
            )
        gold = part[part["role"] == GOLD]
        if len(gold):
            gold_best, _ = choose(gold)
            row.update(gold=float(gold_best["mean"]), gold_sentences=int(gold_best["n"]))
        if row.get("best") is not None and row["zero_shot"] is not None:
            row["gain"] = row["best"] - row["zero_shot"]
        row.update((paper or {}).get(row["language"], {}))
        rows.append(row)
    columns = [
        *PANEL,
        "zero_shot",
        "best",
        "ci",
        "seeds",
        *SETTING,
        "n",
        "role",
        "chosen_on",
        "candidates",
        "gain",
        "gold",
        "gold_sentences",
        "paper_projection",
        "paper_projection_setting",
        "paper_model_transfer",
        "signatures",
    ]
    counts = ["seeds", "n", "candidates", "gold_sentences"]
    return pd.DataFrame(rows).reindex(columns=columns).astype(dict.fromkeys(counts, "Int64"))


def best_setting(table_row: pd.Series) -> tuple[str, str, str, str] | None:
    """The (aligner, method, solver, training mode) of a table row's best silver-trained setting, or None."""
    if table_row["best"] != table_row["best"]:  # NaN: no silver-trained tagger
        return None
    mode = str(table_row["training"]).partition("/labelled=")[0]
    return (table_row["aligner"], table_row["method"], table_row["solver"], mode)


def setting_text(row: pd.Series | dict[str, Any]) -> str:
    """``mafand · N=2000 · eflomal · heuristic · head (B)``: a setting in one line (aligner and method by their
    aliases; the table's columns keep the specs)."""
    method = method_alias(row["method"], row["solver"])
    parts = [row["parallel"], f"N={int(row['n'])}", aligner_alias(row["aligner"]), method, row["training"]]
    return " · ".join(str(p) for p in parts) + f" ({row['role']})"


def _number(value: Any, spread: Any = None) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    if spread is None or spread != spread:
        return f"{value:.1f}"
    return f"{value:.1f} ± {spread:.1f}"


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The per-language table as readable strings (one column per quantity a reader compares)."""
    import pandas as pd

    rows = []
    for _, row in table.iterrows():
        has_best = row["best"] == row["best"]
        rows.append(
            {
                "language": row["language"],
                "gold set": row["corpus"] + ("" if row["types"] == "all" else f" ({row['types']})"),
                "zero-shot": _number(row["zero_shot"]),
                "best silver-trained": _number(row["best"], row["ci"]),
                "seeds": str(int(row["seeds"])) if has_best else "",
                "setting": setting_text(row) if has_best else "",
                "chosen on": row["chosen_on"] if has_best else "",
                "gain": "" if row["gain"] != row["gain"] else f"{row['gain']:+.1f}",
                "gold-trained": _number(row["gold"])
                + ("" if row["gold"] != row["gold"] else f" ({int(row['gold_sentences'])} sentences)"),
                "paper: projection": _number(row["paper_projection"]),
                "paper: model transfer": _number(row["paper_model_transfer"]),
            }
        )
    return pd.DataFrame(rows)


def summary_line(table: pd.DataFrame) -> str:
    """How many languages silver training beats zero-shot on, and the mean gain."""
    gains = table["gain"].dropna()
    if gains.empty:
        return "No language has both a zero-shot and a silver-trained result yet."
    wins = int((gains > 0).sum())
    return f"Silver-trained beats zero-shot on {wins} of {len(gains)} gold sets; mean gain {gains.mean():+.1f} F1."


def tagger_markdown(table: pd.DataFrame, level: float = 95.0) -> str:
    """The per-language table in Markdown, with what its columns mean beneath."""
    frame = display_table(table)
    align = ["left"] * 2 + ["right"] * 3 + ["left"] * 2 + ["right"] * 4
    notes = [
        f"F1 × 100 on each gold set; ± is the half-width of the {level:g}% t-interval of the mean over seeds.",
        "Best setting: the highest mean dev F1 (the trained tagger's `select_on` set) where every candidate has "
        f'one ("dev …"); where no dev set exists it is chosen on the reported set itself ("{REPORTED_SET}", '
        "an optimistic figure). Role A: the pairs only trained the aligner; role B: they were projected and "
        "trained on.",
        "Paper: Politov et al. 2025, MasakhaNER2, best projection run and model transfer per language "
        "(translate-test with NLLB-200-3.3B, XLM-R-large, full test sets; ours trains a target tagger on silver "
        "data from natural parallel text, with our encoder).",
        summary_line(table),
    ]
    return "\n\n".join([frame.to_markdown(index=False, disable_numparse=True, colalign=align), *notes])
