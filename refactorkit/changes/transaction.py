"""Writing a set of file targets all at once, journaled, so a failure or crash never leaves a mix.

Protocol (callers hold `journal_store.locked(root)`):
1. journal the old bytes of every touched path, the new hashes, the temp names and the folders
   that will be created, with state "pending" (fsync);
2. write every new content to a temp file next to its target (fsync);
3. `os.replace` each temp over its target, unlink removed paths, prune folders left empty;
4. update the git index for moves; mark the entry "applied".
Rolling back a pending entry restores every path whose bytes differ from the journaled old
bytes, deletes leftover temps and removes the folders it created, so it is safe to repeat.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refactorkit.changes import journal_store as store
from refactorkit.changes.gitstate import index_moves

# Called with (step number, path) before each replace or unlink; tests inject failures here.
StepHook = Callable[[int, str], None]


@dataclass(frozen=True)
class FileTarget:
    """What one path must hold afterwards: bytes and mode, or nothing (data=None removes it)."""

    path: str  # posix, relative to root
    data: bytes | None
    mode: int | None = None  # None: a new file's default (0o666 minus umask)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def current_state(root: Path, rel: str) -> tuple[bytes, int] | None:
    """Bytes and permission bits of a regular file, or None when it does not exist."""
    path = root / rel
    if not path.exists() and not path.is_symlink():
        return None
    return path.read_bytes(), os.stat(path).st_mode & 0o7777


def apply_targets(
    root: Path,
    targets: Iterable[FileTarget],
    *,
    kind: str,
    title: str,
    git_moves: Iterable[tuple[str, str]] = (),
    prune_dirs: Iterable[str] | None = None,
    undoes: str | None = None,
    extra: Mapping[str, Any] | None = None,
    on_step: StepHook | None = None,
) -> store.Manifest:
    """Write all targets or none; returns the "applied" manifest.

    `prune_dirs`: folders to remove when empty afterwards; None means the parents of every
    removed path. Any exception rolls everything back and is re-raised.
    """
    targets = list(targets)
    entry_id = store.new_entry_id()
    manifest = store.new_manifest(entry_id, kind, title)
    manifest["undoes"] = undoes
    manifest.update(extra or {})
    manifest["git_moves"] = [list(move) for move in git_moves]
    manifest["created_dirs"] = _missing_dirs(root, targets)
    for index, target in enumerate(targets):
        manifest["files"].append(_journal_file(root, entry_id, index, target))
    store.ensure_store(root)
    store.write_manifest(root, manifest)
    try:
        _stage(root, manifest, targets)
        _replace_all(root, manifest, targets, on_step)
        removed_paths = [t.path for t in targets if t.data is None]
        candidates = _parents(removed_paths) if prune_dirs is None else list(prune_dirs)
        manifest["removed_dirs"] = _prune(root, candidates)
        if manifest["git_moves"]:
            # Journal first: a crash during the index update is then rolled back too.
            manifest["git_started"] = True
            store.write_manifest(root, manifest)
            recorded = index_moves(root, [(old, new) for old, new in manifest["git_moves"]])
            manifest["git_moves"] = [list(move) for move in recorded]
        store.set_state(root, manifest, store.APPLIED)
    except BaseException:
        # KeyboardInterrupt too: the user must never be left with half a change.
        rollback(root, manifest)
        raise
    return manifest


def _journal_file(root: Path, entry_id: str, index: int, target: FileTarget) -> dict[str, object]:
    path = root / target.path
    if path.is_symlink():
        raise OSError(f"{target.path} is a symbolic link; refusing to replace it")
    old = current_state(root, target.path)
    old_record: dict[str, object] | None = None
    if old is not None:
        digest = sha256(old[0])
        store.write_blob(root, entry_id, digest, old[0])
        old_record = {"sha256": digest, "mode": old[1]}
    new_record: dict[str, object] | None = None
    if target.data is not None:
        new_record = {"sha256": sha256(target.data), "mode": target.mode}
    tmp = None
    if target.data is not None:
        tmp = (Path(target.path).parent / f".{path.name}.rk-{entry_id[-6:]}-{index}.tmp").as_posix()
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
        if target.data is None:
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
    root: Path, manifest: store.Manifest, targets: list[FileTarget], on_step: StepHook | None
) -> None:
    for step, (record, target) in enumerate(zip(manifest["files"], targets, strict=True)):
        if on_step is not None:
            on_step(step, target.path)
        path = root / target.path
        if target.data is None:
            if path.exists() or path.is_symlink():
                path.unlink()
        else:
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
        if folder.is_symlink() or not folder.is_dir():
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


def rollback(root: Path, manifest: store.Manifest) -> None:
    """Bring every journaled path back to its old bytes; idempotent, safe after a crash."""
    entry_id = str(manifest["id"])
    for record in reversed(manifest["files"]):
        if record.get("tmp"):
            tmp = root / record["tmp"]
            if tmp.exists():
                tmp.unlink()
        _restore(root, entry_id, record)
    _prune(root, manifest.get("created_dirs", []))
    if manifest.get("git_started"):
        index_moves(root, [(new, old) for old, new in manifest.get("git_moves", [])])
    store.set_state(root, manifest, store.ROLLED_BACK)


def _restore(root: Path, entry_id: str, record: dict[str, object]) -> None:
    rel = str(record["path"])
    path = root / rel
    old = record.get("old")
    now = current_state(root, rel)
    if not isinstance(old, dict):
        if now is not None:
            path.unlink()
        return
    if now is not None and sha256(now[0]) == old["sha256"] and now[1] == old["mode"]:
        return
    data = store.read_blob(root, entry_id, str(old["sha256"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.rk-restore.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, int(old["mode"]))
    os.replace(tmp, path)
    store.fsync_dir(path.parent)
