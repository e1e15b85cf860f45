"""The journal of applied change sets: apply, list, undo, and recovery after a crash.

Every public function takes the journal lock and first finishes whatever a crashed run left
behind (`recover_interrupted`), so the tree is always either before or after a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refactorkit.changes import journal_store as store
from refactorkit.changes.transaction import (
    FileTarget,
    StepHook,
    apply_targets,
    current_state,
    rollback,
    sha256,
)
from refactorkit.errors import UserError


@dataclass(frozen=True)
class JournalEntry:
    """One recorded change: what it was, when, and whether it is still in effect."""

    id: str
    kind: str  # "apply" or "undo"
    title: str
    created: str  # ISO 8601, UTC
    state: str  # pending | applied | rolled-back | undone
    paths: tuple[str, ...]
    undoes: str | None = None


@dataclass(frozen=True)
class UndoResult:
    """Outcome of `undo`: what was restored, or which files block it."""

    journal_id: str | None  # the entry undone (or that would have been)
    undone: bool
    restored: tuple[str, ...] = ()  # paths written back with their old bytes
    removed: tuple[str, ...] = ()  # paths the change had created, now gone
    conflicts: tuple[str, ...] = ()  # touched paths changed since the apply
    undo_id: str | None = None  # the journal entry of the undo itself
    message: str = ""


def list_journal(root: Path) -> tuple[JournalEntry, ...]:
    """Every journal entry, newest first."""
    return tuple(_entry(m) for m in reversed(list(store.manifests(root))))


def _entry(manifest: store.Manifest) -> JournalEntry:
    return JournalEntry(
        id=str(manifest["id"]),
        kind=str(manifest.get("kind", "apply")),
        title=str(manifest.get("title", "")),
        created=str(manifest.get("created", "")),
        state=str(manifest.get("state", "")),
        paths=tuple(str(f["path"]) for f in manifest.get("files", [])),
        undoes=manifest.get("undoes"),
    )


def interrupted_entries(root: Path) -> tuple[str, ...]:
    """Ids of entries a crash left "pending" (read only: nothing is rolled back)."""
    return tuple(str(m["id"]) for m in store.manifests(root) if m.get("state") == store.PENDING)


def recover_interrupted(root: Path) -> tuple[str, ...]:
    """Roll back every apply a crash left "pending"; returns the ids that were rolled back."""
    if not store.journal_dir(root).is_dir():
        return ()
    with store.locked(root):
        return _recover(root)


def _recover(root: Path) -> tuple[str, ...]:
    recovered = []
    by_id = {}
    for manifest in store.manifests(root):
        by_id[manifest["id"]] = manifest
        if manifest.get("state") == store.PENDING:
            rollback(root, manifest)
            recovered.append(str(manifest["id"]))
    # An undo that finished but crashed before marking its target: finish the bookkeeping.
    for manifest in by_id.values():
        target = by_id.get(manifest.get("undoes"))
        if manifest.get("state") == store.APPLIED and target and target["state"] == store.APPLIED:
            target["undone_by"] = manifest["id"]
            store.set_state(root, target, manifest.get("final_state") or store.UNDONE)
    return tuple(recovered)


def apply_journaled(
    root: Path,
    targets: tuple[FileTarget, ...],
    *,
    title: str,
    git_moves: tuple[tuple[str, str], ...] = (),
    on_step: StepHook | None = None,
) -> tuple[str, tuple[str, ...]]:
    """Write targets atomically under a new journal entry; returns (entry id, recovered ids)."""
    with store.locked(root):
        recovered = _recover(root)
        manifest = apply_targets(
            root, targets, kind="apply", title=title, git_moves=git_moves, on_step=on_step
        )
    return str(manifest["id"]), recovered


def undo(
    root: Path,
    journal_id: str | None = None,
    force: bool = False,
    *,
    on_step: StepHook | None = None,
) -> UndoResult:
    """Restore the exact bytes from before an apply (the latest applied one by default)."""
    return _undo(root, journal_id, force, store.UNDONE, on_step)


def roll_back_applied(root: Path, journal_id: str) -> UndoResult:
    """Undo an apply whose verification failed, whatever the command did to the files."""
    return _undo(root, journal_id, True, store.ROLLED_BACK, None)


def _undo(
    root: Path,
    journal_id: str | None,
    force: bool,
    final_state: str,
    on_step: StepHook | None,
) -> UndoResult:
    if not store.journal_dir(root).is_dir():
        return UndoResult(None, False, message="nothing to undo: no journal in this project")
    with store.locked(root):
        _recover(root)
        manifest = _pick(root, journal_id)
        if manifest is None:
            return UndoResult(None, False, message="nothing to undo")
        entry_id = str(manifest["id"])
        conflicts = _conflicts(root, manifest)
        if conflicts and not force:
            return UndoResult(
                entry_id,
                False,
                conflicts=conflicts,
                message="files changed since the change was applied",
            )
        targets = [_old_target(root, entry_id, record) for record in manifest["files"]]
        reverse_moves = [(new, old) for old, new in manifest.get("git_moves", [])]
        applied = apply_targets(
            root,
            targets,
            kind="undo",
            title=f"undo {entry_id}: {manifest.get('title', '')}",
            git_moves=reverse_moves if manifest.get("git_started") else (),
            prune_dirs=manifest.get("created_dirs", []),
            undoes=entry_id,
            extra={"final_state": final_state},
            on_step=on_step,
        )
        manifest["undone_by"] = applied["id"]
        store.set_state(root, manifest, final_state)
    return UndoResult(
        entry_id,
        True,
        restored=tuple(t.path for t in targets if t.data is not None),
        removed=tuple(t.path for t in targets if t.data is None),
        conflicts=conflicts,
        undo_id=str(applied["id"]),
        message=f"undid {entry_id}",
    )


def _pick(root: Path, journal_id: str | None) -> store.Manifest | None:
    if journal_id is None:
        for manifest in reversed(list(store.manifests(root))):
            if manifest.get("kind") == "apply" and manifest.get("state") == store.APPLIED:
                return manifest
        return None
    chosen = store.read_manifest(root, journal_id)
    if chosen is None:
        raise UserError(f"no journal entry {journal_id!r}; see `refactorkit undo --list`")
    if chosen.get("state") != store.APPLIED:
        raise UserError(f"journal entry {journal_id} is {chosen.get('state')}, not applied")
    return chosen


def _conflicts(root: Path, manifest: store.Manifest) -> tuple[str, ...]:
    """Touched paths whose bytes or mode differ from what the apply wrote."""
    changed = []
    for record in manifest["files"]:
        now = current_state(root, record["path"])
        new = record.get("new")
        if new is None:
            if now is not None:
                changed.append(f"{record['path']} (created since)")
        elif now is None:
            changed.append(f"{record['path']} (deleted since)")
        elif sha256(now[0]) != new["sha256"]:
            changed.append(f"{record['path']} (modified since)")
        elif now[1] != new.get("mode", now[1]):
            changed.append(f"{record['path']} (mode changed since)")
    return tuple(changed)


def _old_target(root: Path, entry_id: str, record: dict[str, object]) -> FileTarget:
    old = record.get("old")
    rel = str(record["path"])
    if not isinstance(old, dict):
        return FileTarget(rel, None)
    return FileTarget(rel, store.read_blob(root, entry_id, str(old["sha256"])), int(old["mode"]))
