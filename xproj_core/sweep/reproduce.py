"""One cell run again from its signature: the one-cell sweep config a signature stands for, run by the sweep
engine itself (no second pipeline) into a scratch cache, and compared with the cached result.

A signature names every setting of its cell but two things it cannot hold: the dataset spec behind the
parallel source's name (``parallel:text``), which is read from the cached cell's settings (where every cell
keeps ``parallel_spec``) or given; and the gold dev set a tagger cell is also scored on (``select_on``), read
from the cached cell when it has one. Which inner aligner of a ``fused:`` composite draws the N pairs is the
one whose registry entry declares ``n_extra``.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import Errors, XprojError
from ..signature import Signature
from ..store import Store
from .base import NO_ALIGNER, NO_PARALLEL, NO_SOLVER, NO_TRAINING, SLICE_FIELDS, SweepConfig
from .config import parse_config, split_components

SLICE_ATTRIBUTES = {"labels": "source_labels"}
"""``--only`` field → Signature attribute, where their names differ."""
PLACEHOLDER = "-"
"""The method of a baseline cell (it has neither aligner nor method; its one-cell study still names one of
each, whose cells the slice leaves out)."""


@dataclass
class Reproduction:
    """A cell run again: its metrics beside the cached ones (``cached`` is empty when the cache lacked it)."""

    signature: str
    parallel_spec: str | None
    rerun: dict[str, Any]
    cached: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool | None:
        """Whether P, R and F1 agree to 4 decimals (None when nothing was cached to compare with)."""
        if not self.cached:
            return None
        return all(round(self.cached[k], 4) == round(self.rerun[k], 4) for k in ("precision", "recall", "f1"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "signature": self.signature,
            "parallel_spec": self.parallel_spec,
            "cached": self.cached,
            "rerun": self.rerun,
            "identical": self.identical,
            "seconds": round(self.seconds, 1),
            "notes": self.notes,
        }


def _component(label: str) -> dict[str, Any]:
    """A component entry of a config (``{spec, options}``) from its signature label (``eflomal(n_samplers=1)``)."""
    parsed = split_components(label)
    assert parsed is not None and len(parsed) == 1, label
    return {"spec": parsed[0]} if isinstance(parsed[0], str) else parsed[0]


def draw_prefix(spec: str) -> str:
    """Where an aligner's N drawn pairs go: ``""`` (it declares ``n_extra``), ``a.``/``b.`` for the inner
    aligner of ``fused:A+B`` that declares it, ``""`` when none does (the engine then ignores N)."""
    from ..align import ALIGNERS
    from ..align.fused import parse_fused_spec

    def declares(name: str) -> bool:
        return name in ALIGNERS and "n_extra" in ALIGNERS.entry(name)[0].options

    if declares(spec) or not spec.startswith("fused:"):
        return ""
    first, second, _ = parse_fused_spec(spec.partition(":")[2])
    return "a." if declares(first) else "b." if declares(second) else ""


def config_of(
    signature: Signature, parallel_spec: str | None = None, select_on: str | None = None, plugins: tuple[str, ...] = ()
) -> SweepConfig:
    """The sweep config whose only cell is ``signature``'s (sliced with ``--only`` on every field)."""
    training = signature.training
    mode, _, labelled = training.partition("/labelled=")
    baseline = mode == "zero-shot" or mode.startswith("gold:")
    aligner = _component("eflomal" if signature.aligner == NO_ALIGNER else signature.aligner)
    prefix = draw_prefix(aligner["spec"])
    if prefix and (training == NO_TRAINING or labelled):  # the projected role aligns its draw itself
        aligner["draw_prefix"] = prefix
    method = _component("heuristic" if signature.method == PLACEHOLDER else signature.method)
    if signature.solver != NO_SOLVER:
        method["solvers"] = [signature.solver]
    study: dict[str, Any] = {
        "corpora": [signature.corpus],
        "aligners": [aligner],
        "methods": [method],
        "sizes": [signature.n],
        "seeds": [signature.seed],
        "source_labels": [_component(signature.source_labels)],
        "types": None if signature.types == "all" else signature.types.split(","),
    }
    sources = {}
    if signature.parallel != NO_PARALLEL:
        if not parallel_spec:
            raise XprojError(Errors.E954, name=signature.parallel)
        sources[signature.parallel] = parallel_spec
        study["parallel"] = [signature.parallel]
    if training != NO_TRAINING:
        study["kind"] = "tagger"
        study["training"] = ["head" if mode == "zero-shot" else mode.removeprefix("gold:")]
        if baseline:
            study["baselines"] = ["zero-shot" if mode == "zero-shot" else "gold"]
        if labelled:
            study["role"], study["labelled"] = "alignment", labelled
        if select_on:
            study["select_on"] = {signature.corpus: select_on}
    config = parse_config(
        {
            "name": "reproduce",
            "store_alignments": "none",
            "parallel": sources,
            "plugins": list(plugins),
            "studies": [study],
        },
        "<signature>",
    )
    config.only = tuple((name, str(getattr(signature, SLICE_ATTRIBUTES.get(name, name)))) for name in SLICE_FIELDS)
    return config


def _cached(store: Store, signature: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(overall metrics, settings) of a cached cell; empty when the cache lacks it."""
    rows = store.metrics_rows("overall", signature=signature)
    if not rows:
        return {}, {}
    row = rows[0]
    metrics = {k: row[k] for k in ("precision", "recall", "f1", "support")}
    return metrics, json.loads(row["settings"] or "{}")


def reproduce(
    text: str,
    store: Store,
    parallel_spec: str | None = None,
    plugins: tuple[str, ...] = (),
    threads: int | None = None,
    progress: bool = True,
) -> Reproduction:
    """Run the cell of signature ``text`` again (into a scratch cache) and compare it with ``store``'s.

    Torch runs on ``threads`` threads, by default the cached cell's ``torch_threads`` or, for cells that do
    not record it, 1 (a sweep worker's): a tagger's head trains to slightly different weights on another
    thread count."""
    import torch

    from .executors import run_sweep
    from .plan import plan

    try:
        signature = Signature.parse(text.strip())
    except (KeyError, ValueError, TypeError) as error:
        raise XprojError(Errors.E955, signature=text[:120], detail=str(error)) from None
    cached, settings = _cached(store, str(signature))
    spec = parallel_spec or settings.get("parallel_spec")
    select_on = (settings.get("select_on") or {}).get("set")
    config = config_of(signature, spec, select_on, plugins)
    notes = []
    if threads is None:
        threads = int(settings.get("torch_threads", 1))
        if settings and "torch_threads" not in settings and signature.training != NO_TRAINING:
            notes.append("the cached cell does not record its torch threads: 1 assumed (a sweep worker's)")
    torch.set_num_threads(threads)
    if not cached:
        notes.append(f"the cache {store.path} holds no cell with this signature: nothing to compare with")
    with tempfile.TemporaryDirectory(prefix="xproj-reproduce-") as folder:
        scratch = Store(Path(folder) / "reproduce.sqlite")
        _, planned = plan(config, scratch)
        if len(planned) != 1:
            raise XprojError(Errors.E955, signature=text[:120], detail=f"it stands for {len(planned)} cells, not 1")
        rebuilt = planned[0].signature
        if rebuilt.data_hash != signature.data_hash:
            raise XprojError(Errors.E956, corpus=signature.corpus, then=signature.data_hash, now=rebuilt.data_hash)
        if rebuilt.version != signature.version:
            notes.append(f"made by xproj {signature.version}, run again by xproj {rebuilt.version}")
        if replace(rebuilt, version=signature.version) != signature:
            raise XprojError(Errors.E955, signature=text[:120], detail=f"it was rebuilt as {rebuilt}")
        start = time.perf_counter()
        report = run_sweep(config, scratch, workers=1, show_progress=progress)
        seconds = time.perf_counter() - start
        if report.failed:
            raise XprojError(Errors.E500, what="the cell", detail=report.failed[0][1])
        rerun, rerun_settings = _cached(scratch, str(rebuilt))
    then, now = settings.get("aligner_signature"), rerun_settings.get("aligner_signature")
    if then and now and then != now:
        notes.append(f"the aligner was built as {now}, the cached cell's as {then}")
    if now and re.search(r"(?<![\w-])eflomal\(", now):  # eflomal itself or inside fused(…), not a look-alike
        notes.append("eflomal seeds its sampler from /dev/urandom: its links, and so the numbers, vary from run to run")
    return Reproduction(str(signature), spec, rerun, cached, seconds, notes)
