"""The seed paper's published per-run results (``../shared/data/politov-2025-results/``), read with code.

Politov et al. 2025 score translate-test on the **full** test sets (Bambara: all 1274 MasakhaNER2 sentences,
1120 PER/ORG/LOC entities); Europarl-NER on its 799 sentences with gold English labels. Column meanings are in
``../shared/data/SOURCES.md`` (``politov-2025-results`` row).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .datasets import data_roots


def shared_folder(name: str) -> Path:
    """``name`` in the first data root that has it (``../shared/data/<name>`` when none has it)."""
    return next((root / name for root in data_roots() if (root / name).is_dir()), Path("../shared/data") / name)


@dataclass(frozen=True)
class PaperRun:
    """One row of a results CSV."""

    dataset: str
    lang: str
    pipeline: str
    aligner: str
    selection: str
    matching: str
    f1: float
    entities: int

    @property
    def setting(self) -> str:
        parts = [self.pipeline] + [p for p in (self.aligner, self.selection) if p]
        return "/".join(parts)


def paper_runs(table: str, data_root: Path | None = None) -> list[PaperRun]:
    """Rows of ``<table>_metrics.csv`` (``europarlner``, ``masakhaner2``, ``xtreme40``)."""
    data_root = data_root or shared_folder("politov-2025-results")
    with open(data_root / f"{table}_metrics.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kinds = [c[: -len("_number")] for c in rows[0] if c.endswith("_number")] if rows else []
    return [
        PaperRun(
            r["dataset"],
            r["lang"],
            r["pipeline_type"],
            r.get("aligner") or "",
            r.get("candidate_selection") or "",
            r.get("candidate_matching") or "",
            float(r["overall_f1"]),
            sum(int(float(r[f"{k}_number"])) for k in kinds if r.get(f"{k}_number")),
        )
        for r in rows
    ]


def paper_f1(runs: list[PaperRun], lang: str, pipeline: str, aligner: str = "", selection: str = "") -> float | None:
    """F1 of the one run with these settings (None when the paper has no such run)."""
    found = [r.f1 for r in runs if (r.lang, r.pipeline, r.aligner, r.selection) == (lang, pipeline, aligner, selection)]
    return found[0] if found else None


def best_projection(runs: list[PaperRun], lang: str) -> PaperRun:
    """The paper's best projection run (model transfer excluded) for a language."""
    return max((r for r in runs if r.lang == lang and r.pipeline != "model_transfer"), key=lambda r: r.f1)


def ebing_glavas_f1(kind: str = "ttest", data_root: Path | None = None) -> float:
    """Ebing & Glavaš 2025's published Bambara F1 (``ttest``, ``ttrain``, ``ttrain_ttest``), full test, as 0–1."""
    data_root = data_root or shared_folder("devil-in-details-bam-translate-test")
    text = (data_root / "scores" / "masakhaner" / kind / "bam_score.txt").read_text(encoding="utf-8")
    return float(text.split()[0]) / 100
