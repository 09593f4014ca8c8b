"""Running a sweep: groups go to an executor (this process, local worker processes, or Ray tasks), and
the parent process writes each outcome to the cache as it arrives. Before any group is handed out, the
parent tags each corpus once with each labeller the groups need (:func:`~.worker.with_source_labels`).

An executor is a generator of :class:`~.base.CellOutcome`; closing it (the ``finally`` blocks) cancels
the groups not started yet. :func:`run_sweep` is the one loop that consumes outcomes and writes them.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from ..errors import Errors, XprojError, check_choice
from ..store import Store
from . import dispatch, worker
from .base import CellOutcome, Group, Progress, SweepConfig, SweepReport, corpus_identity
from .plan import plan

EXECUTORS = ("local", "ray")

WORKER_DIED = (
    "a worker process ended abruptly (killed by the system: out of memory?), so this group did not finish; "
    "the cells written before are kept: run the sweep again to resume, with fewer --workers or a smaller N"
)


def local_outcomes(groups: Sequence[Group], workers: int, show_inner: bool) -> Iterator[CellOutcome]:
    """Groups run in this process (``workers <= 1``, with inner progress bars) or in worker processes.

    Workers are forked where the platform can (they start at once, sharing what the parent loaded: the
    corpora, the converted encoder), ignore SIGINT and run torch on one thread each. When the consumer
    stops (an interrupt, or closing this generator) the groups not started are cancelled and the pool is
    not waited for: the interrupt handler ends the running workers."""
    if workers <= 1:
        for group in groups:
            yield from dispatch.iter_outcomes(group, progress=show_inner)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=worker.init_worker, initargs=(1,))
    try:
        pending: dict[Future[list[CellOutcome]], Group] = {pool.submit(dispatch.run_group, g): g for g in groups}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                group = pending.pop(future)
                try:
                    outcomes = future.result()
                except BrokenProcessPool:  # a dead worker breaks the pool: its groups and those waiting fail
                    outcomes = [CellOutcome(cell, error=WORKER_DIED) for cell in group.cells]
                yield from outcomes
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def ray_outcomes(groups: Sequence[Group], address: str | None) -> Iterator[CellOutcome]:
    """Groups run as Ray tasks (a cluster at ``address``, else a local one; an initialised Ray is reused)."""
    try:
        import ray
    except ImportError as error:
        detail = "install the extra: pip install 'xproj[ray]' (or -r requirements-ray.txt)"
        raise XprojError(Errors.E017, what="the Ray executor", detail=detail) from error
    started = not ray.is_initialized()
    if started:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    task = ray.remote(dispatch.run_group)
    pending = [task.remote(g) for g in groups]
    try:
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            yield from ray.get(done[0])
    finally:
        for ref in pending:
            ray.cancel(ref)
        if started:
            ray.shutdown()


def store_corpora(store: Store, groups: Sequence[Group], data_dir: str | None) -> None:
    """Put the sweep's test corpora in the cache (the app browses them), unless stored with the same content."""
    stored = {row["name"]: row["data"] for row in store.corpora()}
    for spec in dict.fromkeys(g.corpus for g in groups):
        corpus = worker.cached_corpus(spec, data_dir)
        if stored.get(spec) != corpus_identity(corpus)[1]:
            store.put_corpus(replace(corpus, name=spec))


def run_sweep(
    config: SweepConfig,
    store: Store,
    *,
    workers: int | None = None,
    executor: str = "local",
    address: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    show_progress: bool = True,
) -> SweepReport:
    """Run every unfinished cell (all with ``force``), writing each to ``store`` as it finishes; ``workers``
    defaults to the config's."""
    from tqdm import tqdm

    check_choice("--executor", executor, EXECUTORS)
    start = time.perf_counter()
    groups, planned = plan(config, store)
    store_corpora(store, groups, config.data_dir)
    todo_cells = {p.cell for p in planned if force or not p.done}
    todo = [replace(g, cells=tuple(c for c in g.cells if c in todo_cells)) for g in groups]
    todo = [g for g in todo if g.cells]
    report = SweepReport(total=len(planned), skipped=len(planned) - len(todo_cells))
    bar = tqdm(total=len(todo_cells), desc=f"sweep {config.name}", unit="cell", disable=not show_progress)
    if progress:
        tagging = any(not worker.is_gold(c.source_labels) for c in todo_cells)
        progress(0.0, f"{len(todo_cells)} of {len(planned)} cells to run" + (": tagging the source" if tagging else ""))
    try:
        todo = worker.with_source_labels(todo, config.data_dir)
        if executor == "ray":
            outcomes = ray_outcomes(todo, address)
        else:
            outcomes = local_outcomes(todo, config.workers if workers is None else workers, show_progress)
        for outcome in outcomes:
            record(store, outcome, report)
            bar.update(1)
            if progress:
                progress((report.written + len(report.failed)) / max(len(todo_cells), 1), outcome.cell.describe())
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        bar.close()
        report.seconds = time.perf_counter() - start
    return report


def record(store: Store, outcome: CellOutcome, report: SweepReport) -> None:
    """Write one outcome (alignments first, so a written cell always has them)."""
    if outcome.result is None:
        report.failed.append((outcome.cell.describe(), outcome.error or "unknown error"))
        return
    if outcome.alignments is not None and outcome.alignment_key:
        store.put_alignments(outcome.alignment_key, outcome.cell.corpus, outcome.alignments)
    store.write_cell(outcome.result)
    report.written += 1
