"""The runner's outcome values and their words: exit codes, refusals, verify, commit, printer."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from refactorkit.changes.commit import CommitResult
from refactorkit.changes.journal import Recovery
from refactorkit.changes.outcome import (
    Applied,
    DryRun,
    NothingToDo,
    Outcome,
    Recovered,
    Refusal,
    Refused,
    Rollback,
    RolledBack,
    VerifyInterrupted,
    VerifyStarted,
)
from refactorkit.changes.runner import RunOptions, execute
from refactorkit.cli.outcomes import (
    Line,
    Printer,
    event_lines,
    exit_code,
    manual_commit,
    outcome_lines,
    rollback_said,
)
from refactorkit.domain import ChangeSet, ModifyFile

STARTED = VerifyStarted("J1", 3, "pytest -q", 60.0, Recovery(rolled_back=("J0",)), "summary\n")


def texts(outcome: Outcome) -> list[str]:
    return [line.text for line in outcome_lines(outcome)]


@pytest.mark.parametrize(
    ("outcome", "code"),
    [
        (NothingToDo("t"), 0),
        (DryRun("diff", "summary"), 1),
        (Applied("J1", 2), 0),
        (Applied("J1", 2, commit=CommitResult("abc")), 0),
        (Applied("J1", 2, commit=CommitResult(None, "git commit failed")), 2),
        (RolledBack(STARTED, 1, False, (), Rollback()), 1),
        (RolledBack(STARTED, 1, False, (), Rollback(left=("a.py",))), 2),
        (RolledBack(STARTED, None, True, (), Rollback(error="EIO")), 2),
        *((Refused(reason), 2) for reason in Refusal),
    ],
)
def test_exit_code_of_each_outcome(outcome: Outcome, code: int) -> None:
    assert exit_code(outcome) == code


def test_outcomes_are_frozen_values() -> None:
    applied = Applied("J1", 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        applied.count = 3  # type: ignore[misc]
    assert applied == Applied("J1", 2) and applied.verified is None
    assert Applied("J1", 3, verify=STARTED).verified is True
    assert RolledBack(STARTED, 1, False, (), Rollback()).journal_id == "J1"
    assert Rollback().ok and not Rollback(left=("a",)).ok and not Rollback(error="x").ok


def test_nothing_to_do_and_dry_run_words() -> None:
    assert texts(NothingToDo("", ("kept x",))) == ["nothing to do", "  kept x"]
    dry = DryRun("the diff\n", "the summary\n", ("p1",), ("J0",))
    lines = outcome_lines(dry)
    assert [line.err for line in lines] == [True, False, False, True, True, False]
    assert lines[0].text.startswith("warning: an interrupted change was found")
    assert [line.text for line in lines[1:]] == [
        "the diff",
        "the summary",
        "warning: p1",
        "--apply would refuse this change set",
        "dry run: nothing written; pass --apply to write these changes",
    ]
    assert texts(DryRun("", "s")) == [
        "s",
        "dry run: nothing written; pass --apply to write these changes",
    ]


def test_every_refusal_is_worded_on_stderr_after_the_preamble() -> None:
    recovery = Recovery(rolled_back=("J0",), stopped=2)
    for reason in Refusal:
        lines = outcome_lines(Refused(reason, ("x.py",), recovery, "sum\n", detail="J9"))
        assert [line.text for line in lines[:3]] == [
            "recovered an interrupted change (J0): rolled back",
            "stopped 2 leftover process(es) of an interrupted --verify",
            "sum",
        ]
        assert all(line.err for line in lines[3:]) and len(lines) == 5, reason
        assert lines[3].text.startswith("error: "), reason
    dirty = texts(Refused(Refusal.DIRTY, ("a.py", "b.py")))
    assert dirty[:2] == ["error: uncommitted change: a.py", "error: uncommitted change: b.py"]
    assert "--allow-dirty" in dirty[2]
    assert texts(Refused(Refusal.CONCURRENT, detail="J9"))[0].endswith("(journal J9)")
    assert texts(Refused(Refusal.WRITE_FAILED, detail="disk full")) == [
        "error: could not write the changes (disk full); every file and the index were restored",
        "not applied",
    ]


def test_applied_words_with_and_without_verify_and_commit() -> None:
    assert texts(Applied("J1", 2, summary="s\n")) == [
        "s",
        "applied 2 change(s); journal J1; undo with: refactorkit undo",
    ]
    verified = texts(Applied("J1", 3, verify=STARTED))
    assert verified[-3:] == [
        "applied 3 change(s); journal J1",
        "verifying: pytest -q (timeout 60 s)",
        "verification passed; undo with: refactorkit undo",
    ]
    committed = texts(Applied("J1", 2, commit=CommitResult("0123456789abcdef", subject="split")))
    assert committed[-2] == "committed 0123456789ab: split"
    failed = CommitResult(None, "git add failed", root=Path("/p"), paths=("a.py",))
    lines = outcome_lines(Applied("J1", 2, commit=failed))
    assert [line.text for line in lines if line.err] == [
        "error: git add failed",
        "the changes stay applied (undo with: refactorkit undo); commit them by hand:",
        "  git -C /p commit -- a.py",
    ]


def test_manual_commit_names_few_paths_only() -> None:
    many = CommitResult(None, "x", Path("/p/msg"), root=Path("/p"), paths=tuple("abcdefghi"))
    assert manual_commit(many) == "git -C /p commit --cleanup=whitespace -F /p/msg"


def test_rolled_back_words_and_rollback_said() -> None:
    lines = outcome_lines(RolledBack(STARTED, 3, False, ("boom",), Rollback(staged=2)))
    assert [line.text for line in lines[-3:]] == [
        "--- last 1 line(s) of `pytest -q` ---",
        "boom",
        "verification failed (`pytest -q` exited with 3), "
        "changes rolled back (and the index of 2 path(s) it staged)",
    ]
    assert lines[-1].err and not lines[-2].err
    timed_out = texts(RolledBack(STARTED, None, True, (), Rollback()))
    assert (
        timed_out[-1]
        == "verification failed (`pytest -q` timed out after 60 s), changes rolled back"
    )
    assert "undo --list` to retry (journal J1)" in rollback_said(Rollback(error="EIO"), "J1")
    assert rollback_said(Rollback(left=("a", "b")), "J1").endswith("2 file(s) different: a, b")
    interrupted = event_lines(VerifyInterrupted("J1", "SIGTERM", Rollback()))
    assert interrupted == [
        Line("verification interrupted (SIGTERM), changes rolled back", err=True)
    ]


def test_printer_writes_what_an_event_showed_once() -> None:
    written: list[Line] = []
    printer = Printer(written.append)
    printer.event(STARTED)
    assert [line.text for line in written][-1] == "verifying: pytest -q (timeout 60 s)"
    outcome = Applied("J1", 3, STARTED.recovery, STARTED.summary, verify=STARTED)
    printer.outcome(outcome)
    assert written == outcome_lines(outcome)  # the outcome's lines begin with the event's


def test_printer_after_a_recovered_event_and_an_interrupt() -> None:
    written: list[Line] = []
    printer = Printer(written.append)
    printer.event(Recovered(Recovery(rolled_back=("J0",))))
    assert written == [Line("recovered an interrupted change (J0): rolled back")]
    printer.event(STARTED)  # begins with the same recovery line: written once
    printer.event(VerifyInterrupted("J1", "KeyboardInterrupt", Rollback()))
    assert [line.text for line in written] == [
        "recovered an interrupted change (J0): rolled back",
        "summary",
        "applied 3 change(s); journal J1",
        "verifying: pytest -q (timeout 60 s)",
        "verification interrupted (KeyboardInterrupt), changes rolled back",
    ]


def test_execute_returns_values_a_dry_run_and_an_apply(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("A = 1\n")
    changeset = ChangeSet(tmp_path, "t", (ModifyFile("a.py", new_text="A = 2\n"),))
    dry = execute(changeset, RunOptions())
    assert isinstance(dry, DryRun) and "+A = 2" in dry.diff and dry.problems == ()
    applied = execute(changeset, RunOptions(apply=True, allow_dirty=True))
    assert isinstance(applied, Applied) and applied.count == 1 and applied.verify is None
    assert (tmp_path / "a.py").read_text() == "A = 2\n"
    broken = ChangeSet(tmp_path, "t", (ModifyFile("a.py", new_text="A = (\n"),))
    refused = execute(broken, RunOptions(apply=True, allow_dirty=True))
    assert isinstance(refused, Refused) and refused.reason is Refusal.INVALID
    assert isinstance(execute(ChangeSet(tmp_path, "t", ()), RunOptions()), NothingToDo)
