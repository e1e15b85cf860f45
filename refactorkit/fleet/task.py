"""One repository, one task: a scratch work tree, the verb in a child process, a record.

Runs in a worker process (local pool or Dask worker), so everything here is a plain function
of picklable values. A task never raises for the repository's sake: a clone that fails, a
verb that crashes or runs out of memory all become the record's `status` and `error`.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from refactorkit.changes.lock import project_lock
from refactorkit.fleet import journal
from refactorkit.fleet.repos import RepoSpec
from refactorkit.fleet.verbs import READ_ONLY, counts, finished, verb_argv
from refactorkit.git import GitError, git_must, run_git

_COPY_IGNORE = shutil.ignore_patterns(".git", "__pycache__", ".venv", "venv", "node_modules")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
TAIL = 2000  # characters of a failing verb's output kept in the record
_CAN_MASK = hasattr(signal, "pthread_sigmask")  # POSIX


@dataclass(frozen=True)
class TaskSpec:
    """Everything a worker needs: the repo, the verb line, where to work, the limits."""

    repo: RepoSpec
    verb: str
    args: tuple[str, ...]
    options: str  # the options key (journal)
    revision: str
    work: str  # the scratch folder for this repo's work tree
    in_place: bool = False
    branch: str = ""
    memory_mb: int = 0  # 0: no limit
    timeout: float = 3600.0
    journal: str = ""  # --out, where the worker journals the record too ("": it does not)


REMOTE_TIMEOUT = 60.0  # seconds for `git ls-remote` to answer


def _stdout(proc: subprocess.CompletedProcess[bytes] | None) -> str:
    return proc.stdout.decode().strip() if proc is not None and proc.returncode == 0 else ""


def revision(repo: RepoSpec) -> str:
    """The commit a task will run on, or a fingerprint of a plain folder ('' when unknown)."""
    if repo.is_url:
        said = _stdout(
            run_git(
                Path.cwd(), "ls-remote", repo.source, repo.rev or "HEAD", timeout=REMOTE_TIMEOUT
            )
        )
        return said.split()[0] if said else ""
    path = Path(repo.source)
    if (path / ".git").exists():
        return _stdout(run_git(path, "rev-parse", "--verify", f"{repo.rev or 'HEAD'}^{{commit}}"))
    return _fingerprint(path) if path.is_dir() else ""


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    for folder, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in (".git", "__pycache__"))
        for name in sorted(names):
            stat = (Path(folder) / name).stat()
            digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return "tree:" + digest.hexdigest()[:20]


def _prepare(spec: TaskSpec) -> Path:
    """The work tree: the user's checkout with --in-place, else a fresh clone or copy.

    Built in a folder of this process's own and renamed into place: the git of an attempt
    whose worker was lost may still be writing in its folder when the retry starts.
    """
    if spec.in_place:
        return Path(spec.repo.source)
    tree = Path(spec.work)
    building = tree.with_name(f".{tree.name}.{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.parent.mkdir(parents=True, exist_ok=True)
    _fill(spec.repo, building)
    if spec.branch:
        git_must(building, "checkout", "-q", "-b", spec.branch)
    _replace(tree, building)
    return tree


def _replace(tree: Path, building: Path) -> None:
    """Put the new work tree in place of a lost attempt's; under that tree's project lock,
    so a dying verb of the lost attempt finishes rolling back before its tree goes."""
    with contextlib.ExitStack() as stack:
        if tree.is_dir():
            stack.enter_context(project_lock(tree))
        shutil.rmtree(tree, ignore_errors=True)
    building.rename(tree)


def _fill(repo: RepoSpec, tree: Path) -> None:
    if repo.is_url or (Path(repo.source) / ".git").exists():
        shared = [] if repo.is_url else ["--shared"]
        git_must(tree.parent, "clone", "-q", *shared, "--", repo.source, str(tree))
        if repo.rev:
            git_must(tree, "checkout", "-q", "--detach", repo.rev)
    else:
        shutil.copytree(repo.source, tree, ignore=_COPY_IGNORE, symlinks=True)


def _die_with_parent() -> Callable[[], None] | None:
    """Linux: the verb gets SIGTERM when the worker that started it dies (killed, OOM, a lost
    node), so its runner rolls an interrupted `--apply` back and stops its `--verify`
    instead of writing on, orphaned, into a tree the retry is about to use."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # loaded here, not after the fork
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def arm() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the worker died before the signal was armed
            os.kill(os.getpid(), signal.SIGTERM)

    return arm


def _unblock_termination() -> None:
    """The verb does not inherit its worker's deferred SIGTERM (`_termination_deferred`)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _child_setup(memory_mb: int) -> Callable[[], None] | None:
    """What runs in the verb's process before exec: SIGTERM unblocked, the death signal,
    the memory limit."""
    unblock = _unblock_termination if _CAN_MASK else None
    armed = (unblock, _die_with_parent(), _limit(memory_mb))
    steps = [step for step in armed if step is not None]
    if not steps:
        return None

    def setup() -> None:
        for step in steps:
            step()

    return setup


def _limit(memory_mb: int) -> Callable[[], None] | None:
    if memory_mb <= 0 or not hasattr(os, "fork"):
        return None

    def apply() -> None:  # runs in the child, before exec
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _run_verb(spec: TaskSpec, tree: Path) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "refactorkit", *verb_argv(spec.verb, spec.args, tree)]
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    return subprocess.run(
        argv, cwd=tree, env=env, capture_output=True, text=True, timeout=spec.timeout,
        preexec_fn=_child_setup(spec.memory_mb), check=False,
    )  # fmt: skip


def _keeps_tree(spec: TaskSpec) -> bool:
    """A work tree a verb changed (a codemod, `--apply`) is kept for a person or a later
    step to push; read-only runs leave nothing behind."""
    return spec.in_place or spec.verb not in READ_ONLY or "--apply" in spec.args


def _base(spec: TaskSpec) -> dict[str, Any]:
    return {
        "name": spec.repo.name,
        "repo": asdict(spec.repo),
        "verb": spec.verb,
        "args": list(spec.args),
        "options": spec.options,
        "revision": spec.revision,
        "worker": f"{os.uname().nodename}:{os.getpid()}",
    }


def run_task(spec: TaskSpec) -> dict[str, Any]:
    """Run one repository's task; returns its result record (never raises for the repo).

    The record is also journaled here, in the worker, as soon as it exists: when the worker
    is lost before the record reaches the engine (a local pool breaks for every task in
    flight), the engine finds it there instead of running the verb again on a tree it has
    already changed (`--in-place --apply`).
    """
    with _termination_deferred():
        record = _run(spec)
        if spec.journal:
            with contextlib.suppress(OSError):  # a worker that cannot reach --out: the engine saves
                journal.save(Path(spec.journal), record)
    return record


@contextlib.contextmanager
def _termination_deferred() -> Iterator[None]:
    """In a pool worker's main thread, SIGTERM waits until the task's record is journaled.

    When one worker of a local pool dies, the pool SIGTERMs every other worker, and a task
    in flight there would be lost after its verb had run: an `--in-place --apply` retried on
    a tree it had already changed is refused as dirty (the Dask kill test caught it under
    load). Deferred, the innocent task finishes and journals its record (the engine recovers
    it from there), then the worker dies. The verb itself unblocks SIGTERM (`_child_setup`),
    so the death signal still stops it when its worker is the one lost. Dask runs tasks in
    threads: nothing is masked there.
    """
    if threading.current_thread() is not threading.main_thread() or not _CAN_MASK:
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _run(spec: TaskSpec) -> dict[str, Any]:
    started = time.perf_counter()
    record = _base(spec)
    try:
        tree = _prepare(spec)
    except (GitError, OSError) as exc:
        return {
            **record,
            "status": "error",
            "error": f"work tree: {exc}",
            "seconds": 0.0,
            "counts": {},
        }
    try:
        done = _run_verb(spec, tree)
    except subprocess.TimeoutExpired:
        error = f"timed out after {spec.timeout:g} s"
        return {**record, "status": "failed", "error": error, "seconds": spec.timeout, "counts": {}}
    finally:
        if not _keeps_tree(spec):
            shutil.rmtree(tree, ignore_errors=True)
    status = "ok" if finished(spec.verb, done.returncode, done.stdout, done.stderr) else "failed"
    figures = counts(spec.verb, done.stdout) if status == "ok" else {}
    return {
        **record,
        "status": status,
        "exit_code": done.returncode,
        "counts": figures,
        "seconds": round(time.perf_counter() - started, 3),
        "error": "" if status == "ok" else (done.stderr or done.stdout)[-TAIL:].strip(),
        "tree": str(tree) if _keeps_tree(spec) else "",
    }
