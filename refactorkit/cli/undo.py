"""`refactorkit undo`: restore the exact bytes from before an applied change set."""

from __future__ import annotations

from pathlib import Path

import click

from refactorkit.changes.journal import (
    JournalEntry,
    UndoResult,
    list_journal,
    recover_interrupted,
    undo,
)
from refactorkit.changes.journal_store import JOURNAL_DIR, STORE_DIR


@click.command("undo")
@click.argument("journal_id", required=False)
@click.option("--list", "list_", is_flag=True, help="List the journal, newest first, and exit.")
@click.option(
    "--force", is_flag=True, help="Undo even if touched files were edited since (edits are lost)."
)
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Project root holding the .refactorkit/ journal (default: the nearest one above the "
    "current folder).",
)
def undo_command(journal_id: str | None, list_: bool, force: bool, root: Path | None) -> int:
    """Undo the latest applied change (or JOURNAL_ID), restoring the exact previous bytes."""
    root = find_journal_root(Path.cwd()) if root is None else root.resolve()
    if list_:
        return _list(root)
    result = undo(root, journal_id, force=force, on_wait=_waiting)
    if result.conflicts and not result.undone:
        click.echo(f"refusing to undo {result.journal_id}: files changed since it was applied:")
        for conflict in result.conflicts:
            click.echo(f"  {conflict}")
        click.echo("review them, then run `refactorkit undo --force` to overwrite those edits")
        return 2
    if not result.undone:
        click.echo(result.message)
        return 0
    _report(result)
    return 0


def _list(root: Path) -> int:
    for line in recover_interrupted(root, on_wait=_waiting).lines():
        click.echo(line)
    entries = list_journal(root)
    if not entries:
        click.echo("the journal is empty")
    for entry in entries:
        click.echo(_describe(entry))
    return 0


def _report(result: UndoResult) -> None:
    for path in result.restored:
        click.echo(f"restored {path}")
    for path in result.removed:
        click.echo(f"removed  {path}")
    if result.conflicts:
        click.echo("overwrote edits made since the apply (kept in the undo's journal entry):")
        for conflict in result.conflicts:
            click.echo(f"  {conflict}")
    click.echo(f"{result.message} (journal {result.undo_id})")


def _waiting(message: str) -> None:
    click.echo(message, err=True)


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
