"""Sweep configs: the YAML mapping (or the equivalent ``xproj sweep`` flags) parsed and checked.

Config::

    name: demo
    store_alignments: first-seed   # none | first-seed | all
    workers: 2                     # local worker processes (``--workers`` overrides)
    parallel: {nllb-seed: "nllb-seed:eng-bam"}    # name → dataset spec, or a mixture {mix: {a: 0.5, b: 0.5}}
    sizes: [0, 250, 500, matched]  # keys at the top are defaults for every study; matched: see mixture.py
    seeds: [0, 1, 2]
    studies:
      - corpora: [bam-translate-test]
        source_labels: [spacy]     # "gold", an NER_TAGGERS spec, or {spec, options}
        parallel: [nllb-seed]
        aligners: [eflomal, {spec: e5, options: {extraction: itermax}}, {spec: "fused:e5+eflomal", draw_prefix: "b."}]
        methods: [heuristic, {spec: ilp-align, solvers: [greedy, exact]}]
      - kind: tagger               # train a target tagger on the projected data, score it on gold (sweep/tagger.py)
        corpora: [masakhaner2:hau:test]
        select_on: {masakhaner2:hau:test: masakhaner2:hau:dev}   # also scored on dev, to choose settings on
        parallel: [mafand]
        sizes: [500, 2000, all]    # all: every pair left after removing those that overlap the gold sets
        training: [head]           # head (frozen encoder) | full (fine-tuned encoder)
        baselines: [zero-shot, gold]
        role: projected            # projected | alignment (then `labelled: SPEC` is the fixed projected corpus)

An aligner mapping may say whether the aligner draws N extra parallel sentences: ``uses_n: true|false``
(default: whether its registry entry declares ``n_extra``), and ``draw_prefix: "b."`` to route the draw to
an inner aligner (which implies ``uses_n: true``). The older ``uses_n: "b."`` means the same.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from ..errors import Errors, XprojError, check_choice
from ..mixture import MATCHED, matched_size, mixture_spec
from .base import (
    ALIGNMENT_POLICIES,
    BASELINES,
    KINDS,
    NO_SOLVER,
    ROLES,
    TRAINING_MODES,
    AlignerChoice,
    Component,
    MethodChoice,
    Study,
    SweepConfig,
)

STUDY_KEYS = {
    "name",
    "corpora",
    "aligners",
    "methods",
    "sizes",
    "seeds",
    "source_labels",
    "parallel",
    "types",
    "solvers",
    "kind",
    "training",
    "baselines",
    "role",
    "labelled",
    "select_on",
}
TOP_KEYS = {"name", "studies", "parallel", "store_alignments", "data_dir", "defaults", "plugins", "workers"}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _registry_options(registry: Any, spec: str) -> dict[str, str]:
    """The options a registered component declares (empty when the spec is not registered)."""
    return registry.entry(spec)[0].options if spec in registry else {}


def split_components(value: str | None) -> list[str | dict[str, Any]] | None:
    """``e5(matching=itermax,layer=8),eflomal`` → ``[{"spec": "e5", "options": {...}}, "eflomal"]``."""
    if not value:
        return None
    items, depth, current = [], 0, ""
    for char in value + ",":
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    parsed: list[str | dict[str, Any]] = []
    for item in filter(None, items):
        spec, _, rest = item.partition("(")
        if not rest:
            parsed.append(spec)
            continue
        options = dict(pair.split("=", 1) for pair in rest.rstrip(")").split(",") if pair)
        parsed.append({"spec": spec, "options": {k: yaml.safe_load(v) for k, v in options.items()}})
    return parsed


def parse_aligner(value: str | Mapping[str, Any], where: str) -> AlignerChoice:
    """An aligner entry: a spec, or ``{spec, options, uses_n, draw_prefix}`` (see the module docstring)."""
    from ..align import ALIGNERS

    component = Component.parse(value, where)
    settings = value if isinstance(value, Mapping) else {}
    uses_n = settings.get("uses_n", "n_extra" in _registry_options(ALIGNERS, component.spec))
    prefix = settings.get("draw_prefix", "")
    if isinstance(uses_n, str):  # the older spelling of draw_prefix
        uses_n, prefix = bool(uses_n), prefix or uses_n
    if not isinstance(uses_n, bool) or not isinstance(prefix, str):
        raise XprojError(
            Errors.E016,
            path=where,
            option=f"{component.label}: uses_n={uses_n!r}, draw_prefix={prefix!r}",
            detail="uses_n is true or false, draw_prefix a string such as 'b.'",
        )
    return AlignerChoice(component, uses_n or bool(prefix), prefix)


def parse_method(value: str | Mapping[str, Any], default_solvers: list[str], where: str) -> MethodChoice:
    """A method entry: a spec, or ``{spec, options, solvers, alignment}``."""
    from ..project import PROJECTORS

    component = Component.parse(value, where)
    takes_solver = "solver" in _registry_options(PROJECTORS, component.spec)
    solvers = value.get("solvers") if isinstance(value, Mapping) else None
    if solvers is None:
        solvers = default_solvers if takes_solver and default_solvers else [NO_SOLVER]
    needs = bool(value.get("alignment", True)) if isinstance(value, Mapping) else True
    return MethodChoice(component, tuple(str(s) for s in _as_list(solvers)), needs)


def parse_sizes(
    values: Any, parallel: list[str], matched: Callable[[list[str]], int], where: str, study: str = ""
) -> tuple[list[int], int | None]:
    """A study's N values, and the size ``matched`` (or ``all``, which reads better with one source) resolved
    to when the study asks for it (else None): the largest N every one of its parallel sources can give; the
    sizes above it are dropped."""
    sizes = [int(n) for n in _as_list(values) if n not in (MATCHED, "all")]
    if len(sizes) == len(_as_list(values)):
        return sorted(set(sizes)), None
    if not parallel:
        raise XprojError(Errors.E951, path=where, study=study)
    largest = matched(parallel)
    return sorted({n for n in sizes if n < largest} | {largest}), largest  # larger sizes cannot be drawn


def parse_parallel(named: Mapping[str, Any], where: str) -> tuple[dict[str, str], dict[str, str]]:
    """The ``parallel:`` map → (label → dataset spec, config name → label). A mixture
    ``{mix: {a: 0.5, b: 0.5}}`` is labelled ``name(a=0.5,b=0.5)``, so its shares are part of every signature."""
    sources = {str(k): str(v) for k, v in named.items() if not isinstance(v, Mapping)}
    labels = {name: name for name in sources}
    for name, value in named.items():
        if not isinstance(value, Mapping):
            continue
        shares = value.get("mix")
        if set(value) != {"mix"} or not isinstance(shares, Mapping):
            raise XprojError(Errors.E950, path=where, detail=f"{name}: write {{mix: {{SOURCE: SHARE, …}}}}")
        shares = {str(k): v for k, v in shares.items()}
        labels[str(name)] = f"{name}(" + ",".join(f"{k}={float(v):g}" for k, v in shares.items()) + ")"
        sources[labels[str(name)]] = mixture_spec(shares, {k: v for k, v in sources.items() if k in labels}, where)
    return sources, labels


def parse_tagger_keys(merged: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The keys of a tagger study (``kind: tagger``), checked; see docs/sweeps.md."""
    kind = str(merged.get("kind", "projection"))
    check_choice("kind", kind, KINDS, path=where)
    if kind == "projection":
        extra = sorted(k for k in ("training", "baselines", "role", "labelled", "select_on") if k in merged)
        if extra:
            raise XprojError(Errors.E016, path=where, option=extra[0], detail="only tagger studies (kind: tagger)")
        return {}
    training = [str(t) for t in _as_list(merged.get("training", ["head"]))]
    baselines = [str(b) for b in _as_list(merged.get("baselines"))]
    for mode in training:
        check_choice("training", mode, TRAINING_MODES, path=where)
    for baseline in baselines:
        check_choice("baselines", baseline, BASELINES, path=where)
    role = str(merged.get("role", "projected"))
    check_choice("role", role, ROLES, path=where)
    labelled = merged.get("labelled")
    if (role == "alignment") != bool(labelled):
        raise XprojError(Errors.E016, path=where, option="labelled", detail="the fixed corpus of role: alignment")
    select_on = merged.get("select_on") or {}
    if not isinstance(select_on, Mapping):
        raise XprojError(Errors.E016, path=where, option="select_on", detail="a mapping test set → dev set")
    return {
        "kind": kind,
        "training": training,
        "baselines": baselines,
        "role": role,
        "labelled": str(labelled) if labelled else None,
        "select_on": {str(k): str(v) for k, v in select_on.items()},
    }


def parse_study(
    raw: Mapping[str, Any],
    defaults: Mapping[str, Any],
    where: str,
    matched: Callable[..., int] = lambda parallel, exclude=(): 0,
) -> Study:
    """A study from its mapping, with missing keys taken from ``defaults``; ``matched(parallel, exclude)``
    gives the ``matched`` size of its parallel sources (a tagger study of the projected role draws only
    pairs that do not overlap its gold sets, so those are excluded)."""
    merged = {**defaults, **raw}
    unknown = set(merged) - STUDY_KEYS
    if unknown:
        known = ", ".join(sorted(STUDY_KEYS))
        raise XprojError(Errors.E016, path=where, option=sorted(unknown)[0], detail=f"known keys: {known}")
    for key in ("corpora", "aligners", "methods"):
        if not merged.get(key):
            raise XprojError(Errors.E012, path=where, field=key)
    default_solvers = [str(s) for s in _as_list(merged.get("solvers"))]
    parallel = [str(p) for p in _as_list(merged.get("parallel"))]
    tagger = parse_tagger_keys(merged, where)
    corpora = [str(c) for c in _as_list(merged["corpora"])]
    if tagger.get("role") == "projected":
        exclude = tuple(corpora) + tuple(tagger["select_on"][c] for c in corpora if c in tagger["select_on"])
        matched = partial(matched, exclude=exclude)
    sizes, largest = parse_sizes(merged.get("sizes", [0]), parallel, matched, where, str(merged.get("name", "")))
    return Study(
        corpora=corpora,
        aligners=[parse_aligner(value, where) for value in _as_list(merged["aligners"])],
        methods=[parse_method(value, default_solvers, where) for value in _as_list(merged["methods"])],
        sizes=sizes,
        largest=largest,
        seeds=[int(s) for s in _as_list(merged.get("seeds", [0]))],
        source_labels=[
            Component.parse(s if isinstance(s, Mapping) else str(s), where)
            for s in _as_list(merged.get("source_labels", ["gold"]))
        ],
        parallel=parallel,
        types=[str(t) for t in _as_list(merged["types"])] if merged.get("types") else None,
        name=str(merged.get("name", "")),
        **tagger,
    )


def parse_config(raw: Mapping[str, Any], where: str = "<config>") -> SweepConfig:
    """A :class:`SweepConfig` from the YAML mapping (see the module docstring)."""
    if not isinstance(raw, Mapping):
        raise XprojError(Errors.E009, path=where, detail="a sweep config is a YAML mapping")
    plugins = tuple(str(m) for m in _as_list(raw.get("plugins")))
    import_plugins(plugins)
    unknown = set(raw) - TOP_KEYS - STUDY_KEYS
    if unknown:
        known = ", ".join(sorted(TOP_KEYS | STUDY_KEYS))
        raise XprojError(Errors.E016, path=where, option=sorted(unknown)[0], detail=f"known keys: {known}")
    named = raw.get("parallel") if isinstance(raw.get("parallel"), Mapping) else {}
    sources, labels = parse_parallel(named, where)

    def matched(parallel: list[str], exclude: tuple[str, ...] = ()) -> int:
        _check_sources(parallel, labels, where)
        return matched_size([sources[labels[p]] for p in parallel], exclude)

    defaults = {k: v for k, v in raw.items() if k in STUDY_KEYS and k not in {"name", "parallel"}}
    defaults.update(raw.get("defaults") or {})
    studies_raw = raw.get("studies") or [{k: v for k, v in raw.items() if k in STUDY_KEYS and k != "name"}]
    studies = [parse_study(s, defaults, where, matched) for s in studies_raw]
    for study in studies:
        _check_sources(study.parallel, labels, where)
        study.parallel = [labels[p] for p in study.parallel]
    policy = str(raw.get("store_alignments", "first-seed"))
    check_choice("store_alignments", policy, ALIGNMENT_POLICIES, path=where)
    workers = raw.get("workers", 1)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise XprojError(Errors.E016, path=where, option=f"workers: {workers}", detail="a whole number, 1 or more")
    return SweepConfig(
        str(raw.get("name", Path(where).stem)), studies, sources, policy, raw.get("data_dir"), plugins, workers
    )


def _check_sources(parallel: list[str], labels: Mapping[str, str], where: str) -> None:
    missing = [p for p in parallel if p not in labels]
    if missing:
        raise XprojError(Errors.E700, path=where, name=missing[0], known=", ".join(labels) or "none")


def load_config(path: str | Path) -> SweepConfig:
    """Read a YAML sweep config."""
    from ..io.text import read_text

    try:
        raw = yaml.safe_load(read_text(path))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise XprojError(Errors.E009, path=path, line=line, detail=str(error).splitlines()[0]) from error
    return parse_config(raw, str(path))


def import_plugins(modules: Iterable[str]) -> None:
    """Import modules that register extra components (a fresh worker process needs them too)."""
    for module in modules:
        importlib.import_module(module)
