"""`refactorkit undo`: restore the exact bytes from before an applied change set."""

from __future__ import annotations

from pathlib import Path

import click

from refactorkit.changes.journal import (
    JournalEntry,
    NoSuchEntry,
    UndoResult,
    UndoStatus,
    list_journal,
    recover_interrupted,
    undo,
)
from refactorkit.changes.journal_store import JOURNAL_DIR, STORE_DIR
from refactorkit.cli.outcomes import WAITING, recovery_lines
from refactorkit.cli.root import root_option
from refactorkit.errors import UserError

_EPILOG = """\
\b
Examples:
  refactorkit undo                    # the latest apply
  refactorkit undo --list             # the journal, newest first
  refactorkit undo 20260101T120000.000000Z-1a2b3c
  refactorkit undo --force            # also when touched files were edited since

Exit 0 when undone (or nothing to undo), 2 when refused (files edited since; see --force)
or JOURNAL_ID is not an applied entry.
"""

NOTHING = {
    UndoStatus.NO_JOURNAL: "nothing to undo: no journal in this project",
    UndoStatus.NOTHING: "nothing to undo",
}


@click.command("undo", epilog=_EPILOG, short_help="Undo the latest applied change.")
@click.argument("journal_id", required=False)
@click.option("--list", "list_", is_flag=True, help="List the journal, newest first, and exit.")
@click.option(
    "--force", is_flag=True, help="Undo even if touched files were edited since (edits are lost)."
)
@root_option(
    "Project root holding the .refactorkit/ journal (default: the nearest one above the "
    "current folder)."
)
def undo_command(journal_id: str | None, list_: bool, force: bool, root: Path | None) -> int:
    """Undo the latest applied change (or JOURNAL_ID), restoring the exact previous bytes."""
    root = find_journal_root(Path.cwd()) if root is None else root.resolve()
    if list_:
        return _list(root)
    try:
        result = undo(root, journal_id, force=force, on_wait=_waiting)
    except NoSuchEntry as exc:
        raise UserError(f"{exc}; see `refactorkit undo --list`") from exc
    if result.conflicts and not result.undone:
        return _refused(result)
    if not result.undone and journal_id is not None:
        # A typo in an id must not look like success (it exited 0 with "nothing to undo").
        raise UserError(
            f"no applied journal entry {journal_id!r} in {root} "
            "(`refactorkit undo --list` shows the journal)"
        )
    if not result.undone:
        click.echo(NOTHING[result.status])
        return 0
    for line in _undone(result):
        click.echo(line)
    return 0


def _undone(result: UndoResult) -> list[str]:
    """What an undo restored and removed, and the edits it overwrote (--force)."""
    lines = [f"restored {path}" for path in result.restored]
    lines += [f"removed  {path}" for path in result.removed]
    if result.conflicts:
        lines.append("overwrote edits made since the apply (kept in the undo's journal entry):")
        lines += [f"  {conflict}" for conflict in result.conflicts]
    lines.append(f"undid {result.journal_id} (journal {result.undo_id})")
    return lines


def _list(root: Path) -> int:
    for line in recovery_lines(recover_interrupted(root, on_wait=_waiting)):
        click.echo(line)
    entries = list_journal(root)
    if not entries:
        click.echo("the journal is empty")
    for entry in entries:
        click.echo(_describe(entry))
    return 0


def _waiting() -> None:
    click.echo(WAITING, err=True)


def _refused(result: UndoResult) -> int:
    """Files changed since the apply: name them on stderr and exit 2."""
    lines = [
        f"refusing to undo {result.journal_id}: files changed since it was applied:",
        *(f"  {conflict}" for conflict in result.conflicts),
        "review them, then run `refactorkit undo --force` to overwrite those edits",
    ]
    for line in lines:
        click.echo(line, err=True)
    return 2


def find_journal_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds a refactorkit journal, else `start`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / STORE_DIR / JOURNAL_DIR).is_dir():
            return folder
    return start


def _describe(entry: JournalEntry) -> str:
    what = entry.title or "(untitled)"
    return f"{entry.id}  {entry.kind:<5} {entry.state:<11} {len(entry.paths):>3} file(s)  {what}"
