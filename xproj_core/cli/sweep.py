"""``xproj sweep``: run an evaluation sweep (a YAML config or flags) into the cache, resumably."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import Errors, XprojError, check_choice
from ..store import Store
from ..sweep import load_config, parse_config, plan, run_sweep
from ..sweep.config import split_components
from ..sweep.estimate import Estimate, estimate
from ._common import add_command, emit, split_list

STUDY_FLAGS = ("corpus", "aligner", "method", "solver", "sizes", "seeds", "source_labels", "parallel", "types")


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "sweep",
        run,
        help=(
            "Evaluate every cell of a sweep (corpus x parallel source x N x aligner x method x solver x seed) "
            "into the cache; finished cells are skipped."
        ),
        example=(
            "xproj sweep configs/demo.yaml --workers 2"
            "   # or: xproj sweep --corpus europarl-ner:en-de --aligner e5 --method heuristic"
        ),
    )
    parser.add_argument("config", nargs="?", help="YAML sweep config (see configs/); or give the study as flags")
    parser.add_argument("--cache", help="cache file (default: $XPROJ_CACHE or cache/xproj.sqlite)")
    parser.add_argument("--workers", type=int, help="local worker processes (default: the config's workers, else 1)")
    parser.add_argument("--executor", choices=["local", "ray"], default="local", help="local processes or Ray tasks")
    parser.add_argument("--address", help="Ray cluster address (default: start a local Ray)")
    parser.add_argument("--force", action="store_true", help="redo cells that are already in the cache")
    parser.add_argument("--dry-run", action="store_true", help="list the cells (done/todo) and run nothing")
    parser.add_argument(
        "--only",
        action="append",
        metavar="FIELD=VALUE",
        help="run a slice of the grid (repeatable; one value per flag, values of one field are alternatives): "
        "fields corpus, aligner, method, solver, n, seed, labels, parallel, training; aligner=eflomal also "
        "matches eflomal(n_samplers=1); n=all (or n=matched) is each study's largest size when it asks for one. "
        "E.g. --only aligner=eflomal --only n=500 --only n=4000",
    )
    flags = parser.add_argument_group("study as flags (instead of CONFIG); lists are comma-separated")
    flags.add_argument("--corpus", help="dataset specs, e.g. europarl-ner:en-de,europarl-ner:en-es")
    flags.add_argument("--aligner", help="aligner specs, options in brackets: e5(matching=itermax),eflomal")
    flags.add_argument("--method", help="projector specs, e.g. heuristic,ilp-align")
    flags.add_argument("--solver", help="solvers for methods that take one: greedy,exact")
    flags.add_argument("--sizes", help="N values for data-hungry aligners, e.g. 0,250,500")
    flags.add_argument("--seeds", help="seeds, e.g. 0,1,2")
    flags.add_argument("--source-labels", help="gold or NER tagger specs, e.g. gold,spacy")
    flags.add_argument("--parallel", action="append", metavar="NAME=SPEC", help="a named parallel source (repeatable)")
    flags.add_argument("--types", help="entity types to keep, e.g. PER,LOC,ORG")
    flags.add_argument("--name", default="cli", help="the sweep's name")
    flags.add_argument(
        "--plugin",
        action="append",
        metavar="MODULE",
        help="module registering extra components, imported in every worker (repeatable)",
    )


def config_from_flags(args: argparse.Namespace) -> dict[str, Any]:
    """The YAML mapping equivalent to the study flags."""
    sources = {}
    for item in args.parallel or []:
        name, sep, spec = item.partition("=")
        if not sep or not name or not spec:
            raise XprojError(Errors.E016, option=f"--parallel {item}", detail="expected NAME=SPEC")
        sources[name] = spec
    study: dict[str, Any] = {
        "corpora": split_list(args.corpus),
        "aligners": split_components(args.aligner),
        "methods": split_components(args.method),
        "parallel": list(sources),
    }
    for key, value in (
        ("solvers", args.solver),
        ("sizes", args.sizes),
        ("seeds", args.seeds),
        ("source_labels", args.source_labels),
        ("types", args.types),
    ):
        if value:
            study[key] = split_list(value)
    return {"name": args.name, "parallel": sources, "plugins": args.plugin or [], "studies": [study]}


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _estimate_line(time_needed: Estimate, workers: int) -> str:
    """The dry run's time estimate, saying what it rests on."""
    if not time_needed.estimated:
        return "time: no cached cell is like the cells to run (run a few first for an estimate)"
    line = (
        f"time: about {_duration(time_needed.wall_seconds(workers))} wall with {workers} worker(s) "
        f"({_duration(time_needed.cell_seconds)} of cell time for {time_needed.estimated} cells, from the timings "
        f"of {time_needed.basis} cached cells)"
    )
    return line + (
        f"; {time_needed.unknown} cells have no like cell and are not counted" if time_needed.unknown else ""
    )


def parse_only(items: list[str]) -> tuple[tuple[str, str], ...]:
    """``--only FIELD=VALUE`` flags, checked."""
    from ..sweep.base import SLICE_FIELDS

    only = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not value:
            raise XprojError(Errors.E016, option=f"--only {item}", detail="expected FIELD=VALUE")
        check_choice("--only", name, SLICE_FIELDS)
        only.append((name, value))
    return tuple(only)


def run(args: argparse.Namespace) -> int:
    uses_flags = any(getattr(args, f) for f in STUDY_FLAGS)
    if bool(args.config) == uses_flags:
        raise XprojError(
            Errors.E016,
            option="CONFIG",
            detail="give either a config file or the study flags (--corpus, --aligner, --method, ...)",
        )
    config = load_config(args.config) if args.config else parse_config(config_from_flags(args), "<flags>")
    config.only = parse_only(args.only or [])
    store = Store(args.cache)
    if args.dry_run:
        _, planned = plan(config, store)
        cells = [{"done": p.done, "cell": p.cell.describe(), "signature": str(p.signature)} for p in planned]
        todo = sum(not c["done"] for c in cells)
        workers = args.workers or config.workers
        time_needed = estimate(planned, store.cells()) if todo else None
        emit(
            args,
            {
                "cells": cells,
                "todo": todo,
                "total": len(cells),
                "estimate": time_needed.as_dict(workers) if time_needed else None,
            },
            lambda: "\n".join(
                [f"{'done' if c['done'] else 'todo'}  {c['cell']}" for c in cells]
                + [f"{len(cells)} cells, {todo} to run (cache {store.path})"]
                + ([_estimate_line(time_needed, workers)] if time_needed else [])
            ),
        )
        return 0
    report = run_sweep(
        config,
        store,
        workers=args.workers,
        executor=args.executor,
        address=args.address,
        force=args.force,
        show_progress=not args.json,
    )
    for cell, error in report.failed:
        print(f"xproj: cell failed: {cell}: {error}", file=sys.stderr)
    emit(
        args,
        {**report.as_dict(), "cache": str(store.path)},
        lambda: (
            f"{report.total} cells: {report.written} written, {report.skipped} already cached, "
            f"{len(report.failed)} failed"
            f"{' (interrupted)' if report.interrupted else ''} in {report.seconds:.1f} s -> {store.path}"
        ),
    )
    return 130 if report.interrupted else (1 if report.failed else 0)
