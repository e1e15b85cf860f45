"""A task's record: journaled by the worker, crashes never `ok`, the memory limit, and a lost
task found in the journal is not run again."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from refactorkit.fleet import engine, journal
from refactorkit.fleet.repos import RepoSpec
from refactorkit.fleet.task import TaskSpec, run_task
from refactorkit.fleet.verbs import counts, finished
from tests.functional.fleet_repos import make_copy


def spec_for(root: Path, out: Path, verb: str = "check", memory_mb: int = 0) -> TaskSpec:
    repo = RepoSpec(str(root), "", root.name)
    work = str(out / "work" / root.name)
    return TaskSpec(repo, verb, (), "key", "rev", work, memory_mb=memory_mb, journal=str(out))


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_copy(tmp_path_factory.mktemp("task") / "app", 1)


def test_the_worker_journals_the_record_it_returns(app: Path, tmp_path: Path) -> None:
    record = run_task(spec_for(app, tmp_path))
    assert record["status"] == "ok" and record["counts"]["findings"] > 0
    assert journal.load_done(tmp_path, "app", "key", "rev") == record


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as on Linux")
def test_a_verb_over_its_memory_limit_fails_and_the_worker_goes_on(
    app: Path, tmp_path: Path
) -> None:
    record = run_task(spec_for(app, tmp_path, memory_mb=12))
    assert record["status"] == "failed", record
    assert "MemoryError" in record["error"] or "failed to map" in record["error"]
    assert run_task(spec_for(app, tmp_path / "again"))["status"] == "ok"  # this process lives


def test_exit_1_is_a_result_only_when_the_verb_finished() -> None:
    doc = '{"violations": [{"rule": "complex-function"}]}'
    assert finished("check", 1, doc, "")
    assert counts("check", doc) == {"findings": 1, "rule:complex-function": 1}
    assert not finished("check", 1, "", "Traceback (most recent call last):\nMemoryError\n")
    assert not finished("check", 1, "", "")  # a JSON verb without its document
    assert not finished("split", 1, "", "Fatal Python error: init_importlib_external\n")
    assert finished("split", 1, "  change resale/models.py\n", "")
    assert not finished("analyze", 2, "{}", "")


def test_analyze_counts_the_files_it_skipped() -> None:
    doc = (
        '{"summary": {"files": 2, "lines": 9, "functions": 1, "classes": 0, "findings": {}},'
        ' "skipped": [{"path": "a.py", "reason": "too deeply nested to parse"}]}'
    )
    assert counts("analyze", doc)["skipped"] == 1


def test_a_lost_task_whose_record_was_journaled_is_not_run_again(tmp_path: Path) -> None:
    done = spec_for(tmp_path / "done", tmp_path)
    lost = spec_for(tmp_path / "lost", tmp_path)
    record = {"name": "done", "options": "key", "revision": "rev", "status": "ok", "counts": {}}
    journal.save(tmp_path, record)
    reported: list[dict[str, Any]] = []
    left = engine._not_journaled(
        {"done": (done, "BrokenProcessPool: gone"), "lost": (lost, "BrokenProcessPool: gone")},
        tmp_path,
        1,
        reported.append,
    )
    assert list(left) == ["lost"]
    assert [(r["name"], r["attempts"], r["recovered"]) for r in reported] == [
        ("done", 1, "worker lost after: BrokenProcessPool: gone")
    ]


DEFERRED = """
import os, signal, subprocess, sys
from pathlib import Path
from refactorkit.fleet.task import _child_setup, _termination_deferred
out = Path(sys.argv[1])
with _termination_deferred():
    os.kill(os.getpid(), signal.SIGTERM)  # the pool terminating this worker, mid-task
    mask = "import signal; print(signal.pthread_sigmask(signal.SIG_BLOCK, []))"
    child = subprocess.run(
        [sys.executable, "-c", mask], capture_output=True, text=True, preexec_fn=_child_setup(0)
    )
    out.write_text(child.stdout)  # the record, journaled before the worker goes
out.with_suffix(".after").write_text("lived on")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signal masks")
def test_a_terminated_worker_finishes_its_task_first_and_the_verb_is_not_masked(
    tmp_path: Path,
) -> None:
    import signal
    import subprocess

    record = tmp_path / "record.txt"
    done = subprocess.run([sys.executable, "-c", DEFERRED, str(record)], timeout=60, check=False)
    assert done.returncode == -signal.SIGTERM  # it died of the SIGTERM ...
    assert record.read_text().strip() == "set()"  # ... after the task, whose verb could hear it
    assert not record.with_suffix(".after").exists()  # and not a moment later
