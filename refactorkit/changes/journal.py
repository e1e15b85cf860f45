"""The journal of applied change sets: apply, list, undo, and recovery after a crash.

Every public function takes the project lock and first finishes whatever a crashed run left
behind (`recover`), so the tree is always either before or after a change. The functions
without the lock (`recover`, `undo_locked`, `roll_back`) are for callers that hold it.
"""

from __future__ import annotations

import calendar
import enum
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from refactorkit.changes import journal_store as store
from refactorkit.changes.gitindex import IndexPlan
from refactorkit.changes.lock import project_lock
from refactorkit.changes.manifest_check import is_entry_id
from refactorkit.changes.transaction import (
    FileTarget,
    StepHook,
    Steps,
    Transaction,
    apply_targets,
    current_state,
    rollback,
    sha256,
)
from refactorkit.changes.verify import stop_leftovers
from refactorkit.errors import UserError

OnWait = Callable[[], None]


class UndoStatus(enum.Enum):
    """How an undo ended."""

    UNDONE = "undone"
    NO_JOURNAL = "no-journal"  # the project has no journal at all
    NOTHING = "nothing"  # no applied entry left to undo
    CONFLICTS = "conflicts"  # touched files changed since the apply (see --force)


class NoSuchEntry(UserError):
    """JOURNAL_ID names no entry (or is not an id at all); the CLI adds where to look."""

    def __init__(self, journal_id: str, *, malformed: bool = False) -> None:
        what = (
            f"{journal_id!r} is not a journal id"
            if malformed
            else f"no journal entry {journal_id!r}"
        )
        super().__init__(what)
        self.journal_id = journal_id
        self.malformed = malformed


@dataclass(frozen=True)
class JournalEntry:
    """One recorded change: what it was, when, and whether it is still in effect."""

    id: str
    kind: str  # "apply" or "undo"
    title: str
    created: str  # ISO 8601, UTC
    state: str  # pending | verifying | applied | rolled-back | undone | damaged
    paths: tuple[str, ...]
    undoes: str | None = None


@dataclass(frozen=True)
class Recovery:
    """What recovery did: entries rolled back, verify processes stopped, entries it refused."""

    rolled_back: tuple[str, ...] = ()
    stopped: int = 0
    damaged: tuple[store.Damaged, ...] = ()  # may be half-applied, and cannot be trusted

    def refuse_if_damaged(self) -> None:
        if self.damaged:
            raise store.JournalError(self.damaged[0].describe() + "; nothing was changed")


@dataclass(frozen=True)
class UndoResult:
    """Outcome of `undo`: what was restored, or which files block it."""

    journal_id: str | None  # the entry undone (or that would have been)
    status: UndoStatus
    restored: tuple[str, ...] = ()  # paths written back with their old bytes
    removed: tuple[str, ...] = ()  # paths the change had created, now gone
    conflicts: tuple[str, ...] = ()  # touched paths changed since the apply
    undo_id: str | None = None  # the journal entry of the undo itself

    @property
    def undone(self) -> bool:
        return self.status is UndoStatus.UNDONE


def list_journal(root: Path) -> tuple[JournalEntry, ...]:
    """Every journal entry, newest first; one that cannot be trusted is listed as damaged."""
    return tuple(_entry(e) for e in reversed(list(store.entries(root))))


def _entry(entry: store.Manifest | store.Damaged) -> JournalEntry:
    if isinstance(entry, store.Damaged):
        return JournalEntry(entry.id, "?", f"damaged: {entry.reason}", "", "damaged", ())
    return JournalEntry(
        id=str(entry["id"]),
        kind=str(entry.get("kind", "apply")),
        title=str(entry.get("title", "")),
        created=str(entry.get("created", "")),
        state=str(entry.get("state", "")),
        paths=tuple(str(f["path"]) for f in entry.get("files", [])),
        undoes=entry.get("undoes"),
    )


def interrupted_entries(root: Path) -> tuple[str, ...]:
    """Ids of entries a crash left unfinished, or damaged ones (read only: nothing is changed)."""
    if not store.journal_dir(root).is_dir():
        return ()
    return tuple(
        e.id if isinstance(e, store.Damaged) else str(e["id"])
        for e in store.entries(root)
        if (e.blocking if isinstance(e, store.Damaged) else e.get("state") in store.UNFINISHED)
    )


def entries_since(root: Path, when: float) -> tuple[str, ...]:
    """Ids of entries created at or after `when` (seconds since the epoch)."""
    return tuple(i for i in store.entry_ids(root) if _created_at(i) >= when)


def _created_at(entry_id: str) -> float:
    stamp, _, rest = entry_id.partition(".")
    micros = rest.split("Z", 1)[0]
    return calendar.timegm(time.strptime(stamp, "%Y%m%dT%H%M%S")) + int(micros) / 1e6


def recover_interrupted(root: Path, on_wait: OnWait | None = None) -> Recovery:
    """Roll back every apply a crash left unfinished (taking the project lock)."""
    store.check_store(root)
    if not store.journal_dir(root).is_dir():
        return Recovery()
    with project_lock(root, on_wait):
        return recover(root)


def recover(root: Path) -> Recovery:
    """Roll back unfinished entries (caller holds the lock); damaged ones are reported only."""
    store.check_store(root)
    rolled_back: list[str] = []
    damaged: list[store.Damaged] = []
    stopped = 0
    by_id: dict[str, store.Manifest] = {}
    for entry in store.entries(root):
        if isinstance(entry, store.Damaged):
            damaged.extend([entry] if entry.blocking else [])
            continue
        by_id[entry["id"]] = entry
        if entry.get("state") in store.UNFINISHED:
            if entry.get("state") == store.VERIFYING:
                stopped += stop_leftovers(str(entry["id"]))
            try:
                rollback(root, entry)
            except store.JournalError as exc:
                damaged.append(store.Damaged(str(entry["id"]), str(exc), None))
                continue
            rolled_back.append(str(entry["id"]))
    _finish_undo_bookkeeping(root, by_id)
    return Recovery(tuple(rolled_back), stopped, tuple(damaged))


def _finish_undo_bookkeeping(root: Path, by_id: dict[str, store.Manifest]) -> None:
    # An undo that finished but crashed before marking its target: finish the bookkeeping.
    for manifest in by_id.values():
        target = by_id.get(manifest.get("undoes") or "")
        if manifest.get("state") == store.APPLIED and target and target["state"] == store.APPLIED:
            target["undone_by"] = manifest["id"]
            store.set_state(root, target, str(manifest.get("final_state") or store.UNDONE))


def apply_journaled(
    root: Path,
    targets: tuple[FileTarget, ...],
    *,
    title: str,
    index: IndexPlan | None = None,
    on_step: StepHook | None = None,
) -> str:
    """Write targets atomically under a new journal entry (taking the lock); returns its id."""
    store.check_store(root)
    with project_lock(root):
        recover(root).refuse_if_damaged()
        tx = apply_targets(
            root, targets, kind="apply", title=title, index=index, steps=Steps(on_step)
        )
    return tx.id


def roll_back(root: Path, tx: Transaction) -> tuple[str, ...]:
    """Roll back an entry written by this process (caller holds the lock), from memory.

    `--verify` may have deleted or damaged the journal: the entry is written again from the
    manifest and blobs held in memory first. Returns the paths that still differ afterwards.
    """
    store.rewrite_entry(root, tx.manifest, tx.blobs)
    rollback(root, tx.manifest, tx.blobs.__getitem__)
    return tuple(
        str(record["path"])
        for record in tx.manifest["files"]
        if not _holds(root, str(record["path"]), record.get("old"))
    )


def _holds(root: Path, rel: str, state: object) -> bool:
    now = current_state(root, rel)
    if not isinstance(state, dict):
        return now is None
    return now is not None and sha256(now[0]) == state["sha256"] and now[1] == state["mode"]


def undo(
    root: Path,
    journal_id: str | None = None,
    force: bool = False,
    *,
    on_step: StepHook | None = None,
    on_wait: OnWait | None = None,
) -> UndoResult:
    """Restore the exact bytes from before an apply (the latest applied one by default)."""
    if journal_id is not None and not is_entry_id(journal_id):
        raise NoSuchEntry(journal_id, malformed=True)
    store.check_store(root)
    if not store.journal_dir(root).is_dir():
        return UndoResult(None, UndoStatus.NO_JOURNAL)
    with project_lock(root, on_wait):
        recover(root).refuse_if_damaged()
        return undo_locked(root, journal_id, force, Steps(on_step))


def undo_locked(root: Path, journal_id: str | None, force: bool, steps: Steps) -> UndoResult:
    """`undo` for a caller holding the lock, after recovery."""
    manifest = _pick(root, journal_id)
    if manifest is None:
        return UndoResult(None, UndoStatus.NOTHING)
    entry_id = str(manifest["id"])
    conflicts = _conflicts(root, manifest)
    if conflicts and not force:
        return UndoResult(entry_id, UndoStatus.CONFLICTS, conflicts=conflicts)
    targets = [_old_target(root, entry_id, record) for record in manifest["files"]]
    tx = apply_targets(
        root,
        targets,
        kind="undo",
        title=f"undo {entry_id}: {manifest.get('title', '')}",
        index=_undo_index(manifest),
        prune_dirs=manifest.get("created_dirs", []),
        undoes=entry_id,
        steps=steps,
    )
    manifest["undone_by"] = tx.id
    store.set_state(root, manifest, store.UNDONE)
    return UndoResult(
        entry_id,
        UndoStatus.UNDONE,
        restored=tuple(t.path for t in targets if t.data is not None),
        removed=tuple(t.path for t in targets if t.data is None),
        conflicts=conflicts,
        undo_id=tx.id,
    )


def _undo_index(manifest: store.Manifest) -> IndexPlan | None:
    """Undo puts back the index entries the apply's git step replaced, exactly."""
    index = manifest.get("index")
    return IndexPlan(restore=index["before"]) if index and index.get("started") else None


def _pick(root: Path, journal_id: str | None) -> store.Manifest | None:
    if journal_id is None:
        return _latest_applied(root)
    chosen = store.read_entry(root, journal_id)
    if chosen is None:
        raise NoSuchEntry(journal_id)
    if isinstance(chosen, store.Damaged):
        raise store.JournalError(chosen.describe())
    if chosen.get("state") != store.APPLIED:
        raise UserError(f"journal entry {journal_id} is {chosen.get('state')}, not applied")
    return chosen


def _latest_applied(root: Path) -> store.Manifest | None:
    for entry in reversed(list(store.entries(root))):
        if isinstance(entry, store.Damaged):
            if entry.undoable:  # it may be the latest apply: never skip past it silently
                raise store.JournalError(entry.describe())
            continue
        if entry.get("kind") == "apply" and entry.get("state") == store.APPLIED:
            return entry
    return None


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


def _old_target(root: Path, entry_id: str, record: store.FileRecord) -> FileTarget:
    old = record.get("old")
    rel = record["path"]
    if old is None:
        return FileTarget(rel, None)
    return FileTarget(rel, store.read_blob(root, entry_id, old["sha256"]), old["mode"])
