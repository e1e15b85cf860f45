"""The runner's guarantees under pressure: the lock, a hostile --verify, git failures, signals."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from refactorkit.changes.journal import UndoStatus, list_journal, undo
from refactorkit.changes.lock import project_lock
from refactorkit.changes.outcome import Applied, Outcome, Refusal, Refused, Rollback, RolledBack
from refactorkit.changes.runner import RunOptions
from refactorkit.cli.outcomes import WAITING
from refactorkit.domain import ChangeSet, CreateFile, ModifyFile
from refactorkit.testing import snapshot_tree
from tests.unit.changes.runner_helpers import (
    SAMPLE_TREE,
    execute_echo,
    git,
    git_repo,
    make_tree,
    rich_changeset,
)
from tests.unit.changes.test_crash_points import marked, state

APP = SAMPLE_TREE["app.py"].decode()


def edit_app(root: Path, text: str) -> ChangeSet:
    return ChangeSet(root, text, (ModifyFile("app.py", new_text=text, old_text=APP),))


def run(changeset: ChangeSet, **options: object) -> tuple[Outcome, str]:
    lines: list[str] = []
    result = execute_echo(changeset, RunOptions(apply=True, **options), lines.append)  # type: ignore[arg-type]
    return result, "\n".join(lines)


def test_a_second_apply_waits_for_the_lock_and_validates_after_it(tmp_path: Path) -> None:
    """The staleness check runs under the lock: the first apply's write is never overwritten."""
    root = make_tree(tmp_path)
    waiting = threading.Event()
    lines: list[str] = []
    results: list[Outcome] = []

    def echo(line: str) -> None:
        lines.append(line)
        if line == WAITING:
            waiting.set()

    second = threading.Thread(
        target=lambda: results.append(
            execute_echo(edit_app(root, "B = 2\n"), RunOptions(apply=True), echo)
        )
    )
    with project_lock(root):  # the first run holds the lock ...
        second.start()
        assert waiting.wait(timeout=120), lines
        (root / "app.py").write_text("A = 1\n")  # ... and writes while the second waits
    second.join(timeout=120)
    assert isinstance(results[0], Refused) and results[0].reason is Refusal.INVALID
    assert "app.py: changed on disk since the change was planned" in "\n".join(lines)
    assert (root / "app.py").read_text() == "A = 1\n"


def test_an_apply_journaled_after_planning_started_makes_the_plan_stale(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    planned = time.time()
    other = ChangeSet(root, "other", (CreateFile("other.py", new_text="X = 1\n"),))
    assert isinstance(run(other)[0], Applied)
    result, out = run(edit_app(root, "B = 2\n"), planned_since=planned)
    assert isinstance(result, Refused) and result.reason is Refusal.CONCURRENT
    assert "another refactorkit run changed this project meanwhile" in out
    assert (root / "app.py").read_text() == APP


@pytest.mark.parametrize("verify", ["rm -rf .refactorkit; exit 3", "git clean -fdxq; exit 3"])
def test_a_verify_that_deletes_the_journal_is_still_rolled_back_truthfully(
    tmp_path: Path, verify: str
) -> None:
    root = git_repo(make_tree(tmp_path))
    before = state(root)
    result, out = run(rich_changeset(root), verify=verify)
    assert isinstance(result, RolledBack) and result.rollback.ok and result.returncode == 3
    assert "exited with 3), changes rolled back" in out
    assert state(root) == before
    assert [e.state for e in list_journal(root)] == ["rolled-back"]  # written again from memory


def test_a_passing_verify_that_deletes_the_journal_can_still_be_undone(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    before = snapshot_tree(root)
    result, out = run(rich_changeset(root), verify="rm -rf .refactorkit")
    assert isinstance(result, Applied) and result.verified, out
    assert undo(root).undone
    assert snapshot_tree(root) == before


def test_a_verify_that_stages_files_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    root = git_repo(make_tree(tmp_path))
    index = git(root, "ls-files", "--stage")
    verify = "echo x > extra.txt && git add -A && git rm -q --cached latin.py && false"
    result, out = run(rich_changeset(root), verify=verify)
    assert isinstance(result, RolledBack) and result.rollback == Rollback(staged=1), out
    assert git(root, "ls-files", "--stage") == index
    assert git(root, "status", "--porcelain") == "?? extra.txt\n"


def test_a_failing_git_command_is_never_swallowed(tmp_path: Path) -> None:
    """The index is locked halfway through the git step: the apply is undone, index included."""
    root = git_repo(make_tree(tmp_path))
    before = state(root)

    def lock_the_index(step: int, label: str) -> None:
        if label == "git add -f":
            (root / ".git" / "index.lock").write_text("")

    lines: list[str] = []
    result = execute_echo(
        rich_changeset(root), RunOptions(apply=True), lines.append, on_step=lock_the_index
    )
    out = "\n".join(lines)
    assert isinstance(result, Refused) and result.reason is Refusal.WRITE_HALF_APPLIED
    assert "`git add` failed" in out and "rolling back failed too" in out
    assert list_journal(root)[0].state == "pending"
    (root / ".git" / "index.lock").unlink()  # whoever held it is done: the next run finishes
    assert undo(root).status is UndoStatus.NOTHING
    assert state(root) == before


def test_an_error_in_the_git_step_rolls_files_and_index_back(tmp_path: Path) -> None:
    root = git_repo(make_tree(tmp_path))
    before = state(root)

    def fail(step: int, label: str) -> None:
        if label == "git add -f":  # after `git rm --cached old/gone.py` ran
            raise OSError("disk full")

    lines: list[str] = []
    result = execute_echo(rich_changeset(root), RunOptions(apply=True), lines.append, on_step=fail)
    assert isinstance(result, Refused) and result.reason is Refusal.WRITE_FAILED
    assert "every file and the index were restored" in "\n".join(lines)
    assert state(root) == before


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_verify_timeout_kills_the_whole_process_group_and_rolls_back(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    before = snapshot_tree(root)
    # `setsid` (like `timeout`) leaves the group: found by the marker in its environment.
    verify = "sleep 600 & setsid sleep 600 & sleep 600"
    result, out = run(rich_changeset(root), verify=verify, verify_timeout=0.5)
    assert isinstance(result, RolledBack) and result.rollback.ok and result.timed_out
    assert "timed out after 0.5 s), changes rolled back" in out
    assert snapshot_tree(root) == before
    assert marked(result.journal_id) == []


def wait_for_verify(root: Path, proc: subprocess.Popen[str]) -> str:
    """The journal id once the verify command runs (its process group is journaled)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        entries = list_journal(root) if (root / ".refactorkit" / "journal").is_dir() else ()
        if entries and entries[0].state == "verifying" and marked(entries[0].id):
            return entries[0].id
        time.sleep(0.05)
    raise AssertionError(f"verify never started: {proc.communicate()}")


# The child takes Ctrl-C as a terminal's user would: a shell starting the suite in the
# background hands it SIGINT ignored, which Python then leaves ignored (and the test waited).
MOVE_SCRIPT = """
import signal
import sys
from pathlib import Path
signal.signal(signal.SIGINT, signal.default_int_handler)
from refactorkit.changes.runner import RunOptions
from refactorkit.cli import _stopped
from tests.unit.changes.runner_helpers import execute_echo, rich_changeset
try:
    options = RunOptions(apply=True, verify="setsid sleep 600 & sleep 600")
    execute_echo(rich_changeset(Path(sys.argv[1])), options, print)
except BaseException as exc:
    sys.stdout.flush()
    sys.exit(_stopped(exc))
"""


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_during_verify_stops_it_and_rolls_back(tmp_path: Path, sig: int) -> None:
    root = git_repo(make_tree(tmp_path))
    before = state(root)
    proc = subprocess.Popen(
        [sys.executable, "-c", MOVE_SCRIPT, str(root)],
        cwd=Path(__file__).resolve().parents[3],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    entry_id = wait_for_verify(root, proc)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    assert "verification interrupted" in out and "changes rolled back" in out, out + err
    assert proc.returncode == (128 + sig if sig != signal.SIGINT else -sig), err
    assert state(root) == before
    assert marked(entry_id) == []
    assert [e.state for e in list_journal(root)] == ["rolled-back"]
