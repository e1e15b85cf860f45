"""On-disk layout of the journal: `<root>/.refactorkit/journal/<id>/manifest.json` + `blobs/`.

The manifest is plain JSON so a human can read (and, in an emergency, act on) it. Every write
is durable before the next step starts: write a temp file, fsync it, rename it, fsync the folder.
Nothing read back is trusted: the store must be a real folder git does not track, a manifest
must pass `manifest_check` (checksum, shape, safe paths) and a blob must match its hash.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from refactorkit.changes.gitstate import tracked_under
from refactorkit.changes.manifest_check import (
    FORMAT_VERSION,
    BlobRecord,
    FileRecord,
    Manifest,
    checksum,
    is_entry_id,
    manifest_problem,
    sha256,
)
from refactorkit.changes.paths import STORE_DIR
from refactorkit.errors import UserError

__all__ = ["STORE_DIR", "BlobRecord", "FileRecord", "Manifest"]

JOURNAL_DIR = "journal"
MANIFEST = "manifest.json"
BLOBS = "blobs"

PENDING = "pending"  # files may be half replaced: recovery rolls it back
VERIFYING = "verifying"  # written, `--verify` not finished: recovery rolls it back
APPLIED = "applied"
ROLLED_BACK = "rolled-back"  # failed or interrupted apply, or verification failed
UNDONE = "undone"
UNFINISHED = (PENDING, VERIFYING)
FINAL = (ROLLED_BACK, UNDONE)


class JournalError(UserError):
    """The journal cannot be trusted or used; the message says what to do."""


@dataclass(frozen=True)
class Damaged:
    """A journal entry refactorkit will not act on, and why."""

    id: str
    reason: str
    state: str | None  # what the entry claims, when it can be read at all

    @property
    def blocking(self) -> bool:
        """Whether the files it journaled may be half-applied (not known to be complete)."""
        return self.state not in (APPLIED, *FINAL)

    @property
    def undoable(self) -> bool:
        """Whether it may be an apply still in effect (undo must not skip past it silently)."""
        return self.state not in FINAL

    def describe(self) -> str:
        return (
            f"journal entry {self.id} is damaged ({self.reason}); refactorkit will not act on it. "
            f"Inspect {STORE_DIR}/{JOURNAL_DIR}/{self.id}/, then delete that folder"
        )


def store_dir(root: Path) -> Path:
    return root / STORE_DIR


def journal_dir(root: Path) -> Path:
    return store_dir(root) / JOURNAL_DIR


def check_store(root: Path) -> None:
    """Refuse a journal folder that is a symbolic link or that came with the repository."""
    _check_links(root)
    store = store_dir(root)
    if store.is_dir():
        tracked = tracked_under(root, STORE_DIR)
        if tracked:
            raise JournalError(
                f"{len(tracked)} file(s) in {store} are tracked by git, so this journal came "
                f"with the repository and cannot be trusted (nothing was changed). Remove it: "
                f"`git rm -r --cached {STORE_DIR} && rm -r {STORE_DIR}`"
            )


def _check_links(root: Path) -> None:
    store = store_dir(root)
    for folder in (store, store / JOURNAL_DIR):
        if folder.is_symlink():
            raise JournalError(
                f"{folder} is a symbolic link; refactorkit keeps its journal only in a real "
                f"folder inside the project. Remove the link (nothing was changed)"
            )
        if folder.exists() and not folder.is_dir():
            raise JournalError(f"{folder} is not a folder; remove it (nothing was changed)")


def ensure_store(root: Path) -> Path:
    """Create the journal folder; a `.gitignore` holding `*` keeps git (and discovery) away."""
    check_store(root)
    store = store_dir(root)
    (store / JOURNAL_DIR).mkdir(parents=True, exist_ok=True)
    ignore = store / ".gitignore"
    if not ignore.is_file() or ignore.is_symlink():
        write_durable(ignore, b"# Written by refactorkit: its journal is never committed.\n*\n")
    return store / JOURNAL_DIR


def new_entry_id() -> str:
    """Sortable by time, unique across processes: `20261122T003000.123456Z-1a2b3c`."""
    now = time.time()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now))
    micros = int((now % 1) * 1_000_000)
    return f"{stamp}.{micros:06d}Z-{secrets.token_hex(3)}"


def fsync_dir(path: Path) -> None:
    """Make a rename or creation inside `path` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_durable(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically and durably."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def entry_dir(root: Path, entry_id: str) -> Path:
    if not is_entry_id(entry_id):
        raise JournalError(f"{entry_id!r} is not a journal id")
    return journal_dir(root) / entry_id


def write_manifest(root: Path, manifest: Manifest) -> None:
    _check_links(root)
    folder = entry_dir(root, str(manifest["id"]))
    folder.mkdir(parents=True, exist_ok=True)
    manifest["checksum"] = checksum(manifest)
    data = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8") + b"\n"
    write_durable(folder / MANIFEST, data)


def set_state(root: Path, manifest: Manifest, state: str) -> None:
    manifest["state"] = state
    manifest["updated"] = _now_iso()
    write_manifest(root, manifest)


def read_entry(root: Path, entry_id: str) -> Manifest | Damaged | None:
    """The entry's manifest when it can be trusted, else why not; None when there is none."""
    path = entry_dir(root, entry_id) / MANIFEST
    if not path.exists() and not path.is_symlink():
        return None
    if path.is_symlink() or path.parent.is_symlink():
        return Damaged(entry_id, "a symbolic link", None)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        return Damaged(entry_id, f"unreadable manifest: {type(exc).__name__}", None)
    problem = manifest_problem(data, entry_id)
    if problem is not None:
        state = data.get("state") if isinstance(data, dict) else None
        return Damaged(entry_id, problem, state if isinstance(state, str) else None)
    return data  # type: ignore[no-any-return]


def write_blob(root: Path, entry_id: str, name: str, data: bytes) -> None:
    _check_links(root)
    folder = entry_dir(root, entry_id) / BLOBS
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.is_file() or target.is_symlink() or sha256(target.read_bytes()) != name:
        write_durable(target, data)


def rewrite_entry(root: Path, manifest: Manifest, blobs: Mapping[str, bytes]) -> None:
    """Write an entry held in memory back if something (a verify command) removed or broke it."""
    ensure_store(root)
    for name, data in blobs.items():
        write_blob(root, str(manifest["id"]), name, data)
    write_manifest(root, manifest)


def read_blob(root: Path, entry_id: str, name: str) -> bytes:
    """The journaled bytes named by their sha256, checked: a damaged blob is never restored."""
    path = entry_dir(root, entry_id) / BLOBS / name
    try:
        if path.is_symlink():
            raise OSError("a symbolic link")
        data = path.read_bytes()
    except OSError as exc:
        raise JournalError(
            Damaged(entry_id, f"blob {name[:12]} unreadable: {exc}", None).describe()
        ) from exc
    if sha256(data) != name:
        reason = f"blob {name[:12]} does not match its hash (truncated or edited)"
        raise JournalError(Damaged(entry_id, reason, None).describe())
    return data


def entry_ids(root: Path) -> list[str]:
    """Every journal entry id, oldest first (folders of another shape are not entries)."""
    folder = journal_dir(root)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if is_entry_id(p.name))


def entries(root: Path) -> Iterator[Manifest | Damaged]:
    """Every entry, oldest first: its manifest, or why it cannot be trusted."""
    check_store(root)
    for entry_id in entry_ids(root):
        entry = read_entry(root, entry_id)
        if entry is not None:
            yield entry


def new_manifest(entry_id: str, kind: str, title: str) -> Manifest:
    return {
        "version": FORMAT_VERSION,
        "id": entry_id,
        "kind": kind,
        "title": title,
        "created": _now_iso(),
        "updated": _now_iso(),
        "state": PENDING,
        "files": [],
        "created_dirs": [],
        "removed_dirs": [],
        "index": None,
        "undoes": None,
        "undone_by": None,
    }


def _now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
