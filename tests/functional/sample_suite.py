"""The sample project's own suite (fixtures/inventory_app, ~130 tests) run on a changed copy.

Many acceptance tests end with "and the sample's suite still passes"; this is the one way
they run it, as cheaply as it can be run without proving less:

- `-x -q -p no:cacheprovider`: stop at the first failure (pass or fail is the same), no cache
  written into the tree;
- `PYTEST_DISABLE_PLUGIN_AUTOLOAD=1`: the sample needs no plugin, and importing the ones
  installed for refactorkit's own tests (hypothesis ...) cost about 1 s CPU per start;
- once per distinct tree: the result is kept, for this test session, under a digest of every
  file's path and bytes (and the options), so two tests that reach byte-identical trees run
  the suite once;
- `run_many` runs several trees' suites at once, one per core (each in its own folder).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

Result = subprocess.CompletedProcess[str]
BASE = ["-q", "-x", "-p", "no:cacheprovider"]
# Never part of what the suite reads: git's data, bytecode, caches, refactorkit's journal.
_SKIP = {".git", "__pycache__", ".pytest_cache", ".refactorkit", ".hypothesis"}
_DONE: dict[tuple[str, tuple[str, ...]], Result] = {}
_LOCK = threading.Lock()


def tree_digest(root: Path) -> str:
    """A digest of every file's relative path and bytes under `root` (skipping `_SKIP`)."""
    digest = hashlib.sha256()
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP)
        for name in sorted(names):
            path = Path(folder) / name
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def run(root: Path, *options: str, timeout: float = 900) -> Result:
    """`python -m pytest -q -x -p no:cacheprovider OPTIONS` in `root`, once per tree."""
    key = (tree_digest(root), options)
    with _LOCK:
        known = _DONE.get(key)
    if known is not None:
        return known
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *BASE, *options],
        cwd=root, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    with _LOCK:
        _DONE[key] = done
    return done


def run_many(roots: Sequence[Path], *options: str) -> list[Result]:
    """`run` on each of `roots`, as many at once as there are cores; results in order."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with ThreadPoolExecutor(max_workers=max(1, cores or 1)) as pool:
        return list(pool.map(lambda root: run(root, *options), roots))
