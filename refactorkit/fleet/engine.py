"""Spread a fleet's tasks over one `concurrent.futures.Executor` and journal the results.

The executor is the only seam: a local `ProcessPoolExecutor` by default, or Dask
distributed's `Client(...).get_executor()` (an existing scheduler, or a `LocalCluster`).
A task whose worker was lost (a killed process, a broken pool) is run again in a next round
on a fresh executor, up to `retries` times; the other tasks are not disturbed.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refactorkit.errors import UserError
from refactorkit.fleet import journal
from refactorkit.fleet.repos import RepoSpec
from refactorkit.fleet.task import TaskSpec, revision, run_task

Record = dict[str, Any]
DASK_MISSING = 'fleet --executor dask needs Dask distributed: pip install "refactorkit[fleet]"'


@dataclass(frozen=True)
class FleetOptions:
    verb: str
    args: tuple[str, ...]
    out: Path
    executor: str = "local"  # local | dask
    scheduler: str | None = None
    jobs: int = 2
    in_place: bool = False
    branch: str = ""
    memory_mb: int = 0
    retries: int = 2
    timeout: float = 3600.0


@dataclass(frozen=True)
class FleetResult:
    records: tuple[Record, ...]  # one per repository, in the repositories file's order
    skipped: tuple[str, ...]  # names done before at the same revision and options
    seconds: float
    executor: str


@contextlib.contextmanager
def make_executor(kind: str, jobs: int, scheduler: str | None = None) -> Iterator[Executor]:
    """The executor the tasks run on; Dask's client and cluster are closed on exit."""
    if kind == "local":
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield pool
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise UserError(DASK_MISSING) from exc
    with contextlib.ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler))  # type: ignore[no-untyped-call]
        else:
            cluster = stack.enter_context(
                LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=jobs,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
        yield client.get_executor(pure=False)


def plan_tasks(
    repos: Sequence[RepoSpec], options: FleetOptions
) -> tuple[list[TaskSpec], dict[str, Record]]:
    """The tasks still to run, and the records of those done at the same revision."""
    key = journal.options_key(options.verb, options.args)
    todo: list[TaskSpec] = []
    done: dict[str, Record] = {}
    for repo in repos:
        rev = revision(repo)
        record = journal.load_done(options.out, repo.name, key, rev)
        if record is not None:
            done[repo.name] = record
            continue
        todo.append(
            TaskSpec(
                repo,
                options.verb,
                options.args,
                key,
                rev,
                str(options.out / "work" / repo.name),
                options.in_place,
                options.branch,
                options.memory_mb,
                options.timeout,
                str(options.out),
            )
        )
    return todo, done


def _lost(spec: TaskSpec, why: str) -> Record:
    return {
        "name": spec.repo.name, "verb": spec.verb, "options": spec.options,
        "revision": spec.revision, "status": "error", "error": f"worker lost: {why}",
        "seconds": 0.0, "counts": {},
    }  # fmt: skip


def _round(
    specs: Sequence[TaskSpec], options: FleetOptions, attempt: int, report: Callable[[Record], None]
) -> dict[str, tuple[TaskSpec, str]]:
    """Run `specs` on a fresh executor; the ones whose worker was lost, with why."""
    lost: dict[str, tuple[TaskSpec, str]] = {}
    with make_executor(options.executor, options.jobs, options.scheduler) as executor:
        futures = {executor.submit(run_task, spec): spec for spec in specs}
        for future in as_completed(futures):
            spec = futures[future]
            try:
                record = future.result()
            except Exception as exc:  # the worker died under the task, not the task itself
                lost[spec.repo.name] = (spec, f"{type(exc).__name__}: {exc}")
                continue
            report({**record, "attempts": attempt})
    return lost


def _not_journaled(
    lost: dict[str, tuple[TaskSpec, str]],
    out: Path,
    attempt: int,
    report: Callable[[Record], None],
) -> dict[str, tuple[TaskSpec, str]]:
    """The lost tasks that did not finish: one whose worker journaled its record before it
    was lost is done (running it again would redo what it changed)."""
    left = {}
    for name, (spec, why) in lost.items():
        record = journal.load_done(out, name, spec.options, spec.revision)
        if record is None:
            left[name] = (spec, why)
        else:
            report({**record, "attempts": attempt, "recovered": f"worker lost after: {why}"})
    return left


def run_fleet(
    repos: Sequence[RepoSpec],
    options: FleetOptions,
    progress: Callable[[Record], None] | None = None,
) -> FleetResult:
    """Run the verb over every repository not already done; every result is journaled."""
    started = time.perf_counter()
    todo, done = plan_tasks(repos, options)
    records: dict[str, Record] = dict(done)

    def report(record: Record) -> None:
        journal.save(options.out, record)
        records[record["name"]] = record
        if progress is not None:
            progress(record)

    pending = {spec.repo.name: (spec, "") for spec in todo}
    for attempt in range(1, options.retries + 2):
        if not pending:
            break
        lost = _round([s for s, _ in pending.values()], options, attempt, report)
        pending = _not_journaled(lost, options.out, attempt, report)
    for spec, why in pending.values():
        report(_lost(spec, why))
    ordered = tuple(records[r.name] for r in repos if r.name in records)
    return FleetResult(ordered, tuple(done), time.perf_counter() - started, options.executor)
