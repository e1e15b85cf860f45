"""Writing a set of file targets all at once, journaled, so a failure or crash never leaves a mix.

Protocol (callers hold `lock.project_lock(root)`):
1. journal the old bytes of every touched path, the new hashes, the temp names, the folders
   that will be created and the index entries the git step will change, state "pending" (fsync);
2. write every new content to a temp file next to its target (fsync);
3. `os.replace` each temp over its target, unlink removed paths, prune folders left empty;
4. the git-index step (`gitindex`); then the final state ("applied", or "verifying").
Rolling back restores every path whose bytes differ from the journaled old bytes, deletes
leftover temps, removes the folders it created and writes the journaled index entries back, so
it is safe to repeat. It checks first that every path is safe and every blob it needs is intact.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refactorkit.changes import gitindex
from refactorkit.changes import journal_store as store
from refactorkit.changes.manifest_check import sha256
from refactorkit.changes.paths import writable_problem

__all__ = ["FileTarget", "StepHook", "Transaction", "apply_targets", "rollback", "sha256"]

# Called with (step number, what) before each replace or unlink, each git command of the index
# step and around --verify: the seam where tests inject failures and kill -9.
StepHook = Callable[[int, str], None]
BlobSource = Callable[[str], bytes]
NOT_A_FILE = -1  # the "mode" of a symlink, folder or FIFO at a path: never equal to a file's


@dataclass(frozen=True)
class FileTarget:
    """What one path must hold afterwards: bytes and mode, or nothing (data=None removes it)."""

    path: str  # posix, relative to root
    data: bytes | None
    mode: int | None = None  # None: a new file's default (0o666 minus umask)


@dataclass(frozen=True)
class Transaction:
    """A written entry: its manifest and, in memory, every old blob its rollback needs."""

    manifest: store.Manifest
    blobs: Mapping[str, bytes]

    @property
    def id(self) -> str:
        return str(self.manifest["id"])


class RollbackFailed(OSError):
    """Writing failed, and so did rolling back: the entry stays pending for the next run."""

    def __init__(self, entry_id: str, cause: BaseException, failed: Exception) -> None:
        super().__init__(
            f"{str(cause) or type(cause).__name__}; rolling back failed too ({failed}): journal "
            f"{entry_id} stays pending and the next refactorkit command finishes the rollback"
        )


class Steps:
    """Numbers the seam's calls across the phases of one run."""

    def __init__(self, hook: StepHook | None) -> None:
        self.hook = hook
        self.count = 0

    def __call__(self, what: str) -> None:
        if self.hook is not None:
            self.hook(self.count, what)
        self.count += 1


def current_state(root: Path, rel: str) -> tuple[bytes, int] | None:
    """Bytes and permission bits of a regular file; None when nothing is there.

    Never follows a symbolic link and never opens a FIFO or device: those read as
    `(b"", NOT_A_FILE)`, which differs from every journaled state.
    """
    path = root / rel
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return b"", NOT_A_FILE
    return path.read_bytes(), info.st_mode & 0o7777


def apply_targets(
    root: Path,
    targets: Iterable[FileTarget],
    *,
    kind: str,
    title: str,
    index: gitindex.IndexPlan | None = None,
    prune_dirs: Iterable[str] | None = None,
    undoes: str | None = None,
    final_state: str = store.APPLIED,
    steps: Steps | None = None,
) -> Transaction:
    """Write all targets or none; returns the entry, in `final_state`.

    `prune_dirs`: folders to remove when empty afterwards; None means the parents of every
    removed path. Any exception rolls everything back and is re-raised.
    """
    targets = list(targets)
    steps = steps or Steps(None)
    store.ensure_store(root)
    manifest = store.new_manifest(store.new_entry_id(), kind, title)
    if undoes is not None:  # an undo entry: recovery finishes marking its target undone
        manifest["undoes"] = undoes
        manifest["final_state"] = store.UNDONE
    blobs = _journal(root, manifest, targets, index)
    try:
        _stage(root, manifest, targets)
        _replace_all(root, manifest, targets, steps)
        removed_paths = [t.path for t in targets if t.data is None]
        candidates = _parents(removed_paths) if prune_dirs is None else list(prune_dirs)
        manifest["removed_dirs"] = _prune(root, candidates)
        if index is not None and manifest["index"] is not None:
            # Journal first: a crash during the index update is then rolled back too.
            manifest["index"]["started"] = True
            store.write_manifest(root, manifest)
            gitindex.run_step(root, index, steps)
        store.set_state(root, manifest, final_state)
    except BaseException as exc:
        # KeyboardInterrupt and SIGTERM too: the user must never be left with half a change.
        try:
            rollback(root, manifest, blobs.__getitem__)
        except Exception as failed:
            raise RollbackFailed(str(manifest["id"]), exc, failed) from failed
        raise
    return Transaction(manifest, blobs)


def _journal(
    root: Path,
    manifest: store.Manifest,
    targets: list[FileTarget],
    index: gitindex.IndexPlan | None,
) -> dict[str, bytes]:
    """Write the pending entry: old blobs, file records, folders, index entries before."""
    entry_id = str(manifest["id"])
    blobs: dict[str, bytes] = {}
    manifest["created_dirs"] = _missing_dirs(root, targets)
    for number, target in enumerate(targets):
        manifest["files"].append(_journal_file(root, entry_id, number, target, blobs))
    if index is not None:
        before = gitindex.entries(root, index.paths)
        manifest["index"] = {**index.to_json(), "before": dict(before), "started": False}
    store.write_manifest(root, manifest)
    return blobs


def _journal_file(
    root: Path, entry_id: str, number: int, target: FileTarget, blobs: dict[str, bytes]
) -> store.FileRecord:
    path = root / target.path
    problem = writable_problem(root, target.path)
    if problem is not None:
        raise OSError(problem)
    if path.is_symlink():
        raise OSError(f"{target.path} is a symbolic link; refusing to replace it")
    old = current_state(root, target.path)
    old_record: store.BlobRecord | None = None
    if old is not None:
        if old[1] == NOT_A_FILE:
            raise OSError(f"{target.path} is not a regular file; refusing to replace it")
        digest = sha256(old[0])
        store.write_blob(root, entry_id, digest, old[0])
        blobs[digest] = old[0]
        old_record = {"sha256": digest, "mode": old[1]}
    new_record: store.BlobRecord | None = None
    tmp = None
    if target.data is not None:
        new_record = {"sha256": sha256(target.data), "mode": target.mode}
        tmp_name = f".{path.name}.rk-{entry_id[-6:]}-{number}.tmp"
        tmp = (Path(target.path).parent / tmp_name).as_posix()
    return {"path": target.path, "old": old_record, "new": new_record, "tmp": tmp}


def _missing_dirs(root: Path, targets: list[FileTarget]) -> list[str]:
    missing: set[str] = set()
    for target in targets:
        if target.data is None:
            continue
        parent = Path(target.path).parent
        while parent != Path(".") and not (root / parent).is_dir():
            missing.add(parent.as_posix())
            parent = parent.parent
    return sorted(missing, key=lambda p: p.count("/"))


def _stage(root: Path, manifest: store.Manifest, targets: list[FileTarget]) -> None:
    for rel in manifest["created_dirs"]:
        (root / rel).mkdir(exist_ok=True)
    for record, target in zip(manifest["files"], targets, strict=True):
        if target.data is None or record["tmp"] is None or record["new"] is None:
            continue
        tmp = root / record["tmp"]
        # 0o666 lets the umask decide a new file's mode, like any editor would.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(target.data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.mode is not None:
            os.chmod(tmp, target.mode)
        record["new"]["mode"] = os.stat(tmp).st_mode & 0o7777
    for folder in {(root / r["tmp"]).parent for r in manifest["files"] if r["tmp"]}:
        store.fsync_dir(folder)
    # Record the real modes so undo can tell whether a file was touched since.
    store.write_manifest(root, manifest)


def _replace_all(
    root: Path, manifest: store.Manifest, targets: list[FileTarget], steps: Steps
) -> None:
    for record, target in zip(manifest["files"], targets, strict=True):
        steps(target.path)
        path = root / target.path
        if target.data is None:
            if path.exists() or path.is_symlink():
                path.unlink()
        elif record["tmp"] is not None:
            os.replace(root / record["tmp"], path)
    for folder in {(root / t.path).parent for t in targets}:
        if folder.is_dir():
            store.fsync_dir(folder)


def _parents(paths: Iterable[str]) -> list[str]:
    found: set[str] = set()
    for rel in paths:
        parent = Path(rel).parent
        while parent != Path("."):
            found.add(parent.as_posix())
            parent = parent.parent
    return sorted(found)


def _prune(root: Path, candidates: Iterable[str]) -> list[str]:
    """Remove candidate folders that are empty (or hold only `__pycache__`), deepest first."""
    removed = []
    for rel in sorted(set(candidates), key=lambda p: (-p.count("/"), p)):
        folder = root / rel
        if writable_problem(root, rel) or folder.is_symlink() or not folder.is_dir():
            continue
        children = list(folder.iterdir())
        if any(child.name != "__pycache__" or not child.is_dir() for child in children):
            continue
        # Byte-code caches are regenerated; leaving them would keep an otherwise empty folder.
        for child in children:
            shutil.rmtree(child, ignore_errors=True)
        try:
            folder.rmdir()
        except OSError:
            continue
        removed.append(rel)
    return removed


def rollback(root: Path, manifest: store.Manifest, blobs: BlobSource | None = None) -> None:
    """Bring every journaled path back to its old bytes and index entries; idempotent.

    Checks every path and every blob it will need before touching anything: a damaged entry
    raises `JournalError` and nothing is restored. Bytes the rollback overwrites that are
    neither the old nor the new ones (edited since) are kept in the entry as `kept` blobs.
    """
    entry_id = str(manifest["id"])
    source = blobs or (lambda name: store.read_blob(root, entry_id, name))
    needed = _check_rollback(root, manifest, source)
    for record in reversed(manifest["files"]):
        tmp = record.get("tmp")
        if tmp and (root / tmp).is_file():
            (root / tmp).unlink()
        _restore(root, manifest, record, needed)
    _prune(root, manifest.get("created_dirs", []))
    index = manifest.get("index")
    if index and index.get("started"):
        gitindex.restore(root, index.get("before", {}))
    store.set_state(root, manifest, store.ROLLED_BACK)


def _check_rollback(root: Path, manifest: store.Manifest, source: BlobSource) -> dict[str, bytes]:
    """Every old blob rollback needs, read and checked; any unsafe path refuses the rollback."""
    entry_id = str(manifest["id"])
    needed: dict[str, bytes] = {}
    for record in manifest["files"]:
        for rel in (record["path"], record.get("tmp")):
            problem = writable_problem(root, rel) if rel else None
            if problem is not None:
                raise store.JournalError(store.Damaged(entry_id, problem, None).describe())
        old = record.get("old")
        if isinstance(old, dict) and not _is_state(current_state(root, record["path"]), old):
            needed[old["sha256"]] = source(old["sha256"])
    return needed


def _is_state(now: tuple[bytes, int] | None, recorded: Mapping[str, Any]) -> bool:
    return (
        now is not None and now[1] == recorded.get("mode") and sha256(now[0]) == recorded["sha256"]
    )


def _restore(
    root: Path, manifest: store.Manifest, record: store.FileRecord, needed: Mapping[str, bytes]
) -> None:
    rel = str(record["path"])
    path = root / rel
    old, now = record.get("old"), current_state(root, rel)
    if now is not None and not (old and _is_state(now, old)):
        _keep_edits(root, manifest, record, now)
    if not isinstance(old, dict):
        if now is not None:
            path.unlink()
        return
    if _is_state(now, old):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.rk-restore.tmp")
    with open(tmp, "wb") as fh:
        fh.write(needed[old["sha256"]])
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, old["mode"] if old["mode"] is not None else 0o644)
    os.replace(tmp, path)
    store.fsync_dir(path.parent)


def _keep_edits(
    root: Path, manifest: store.Manifest, record: store.FileRecord, now: tuple[bytes, int]
) -> None:
    """Journal bytes that are neither the old nor the new ones before overwriting them."""
    new = record.get("new")
    if now[1] == NOT_A_FILE or (new and sha256(now[0]) == new["sha256"]):
        return
    digest = sha256(now[0])
    store.write_blob(root, str(manifest["id"]), digest, now[0])
    record["kept"] = digest
