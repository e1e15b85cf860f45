"""On-disk layout of the journal: `<root>/.refactorkit/journal/<id>/manifest.json` + `blobs/`.

The manifest is plain JSON so a human can read (and, in an emergency, act on) it. Every write
is durable before the next step starts: write a temp file, fsync it, rename it, fsync the folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
STORE_DIR = ".refactorkit"
JOURNAL_DIR = "journal"
MANIFEST = "manifest.json"
BLOBS = "blobs"

PENDING = "pending"  # files may be half replaced: recover_interrupted rolls it back
APPLIED = "applied"
ROLLED_BACK = "rolled-back"  # failed or interrupted apply, or verification failed
UNDONE = "undone"

Manifest = dict[str, Any]


def store_dir(root: Path) -> Path:
    return root / STORE_DIR


def journal_dir(root: Path) -> Path:
    return store_dir(root) / JOURNAL_DIR


def ensure_store(root: Path) -> Path:
    """Create the journal folder; a `.gitignore` holding `*` keeps git (and discovery) away."""
    store = store_dir(root)
    (store / JOURNAL_DIR).mkdir(parents=True, exist_ok=True)
    ignore = store / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Written by refactorkit: its journal is never committed.\n*\n")
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
    return journal_dir(root) / entry_id


def write_manifest(root: Path, manifest: Manifest) -> None:
    folder = entry_dir(root, str(manifest["id"]))
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8") + b"\n"
    write_durable(folder / MANIFEST, data)


def set_state(root: Path, manifest: Manifest, state: str) -> None:
    manifest["state"] = state
    manifest["updated"] = _now_iso()
    write_manifest(root, manifest)


def read_manifest(root: Path, entry_id: str) -> Manifest | None:
    try:
        data = json.loads((entry_dir(root, entry_id) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == FORMAT_VERSION else None


def write_blob(root: Path, entry_id: str, name: str, data: bytes) -> None:
    folder = entry_dir(root, entry_id) / BLOBS
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        write_durable(target, data)


def read_blob(root: Path, entry_id: str, name: str) -> bytes:
    return (entry_dir(root, entry_id) / BLOBS / name).read_bytes()


def entry_ids(root: Path) -> list[str]:
    """Every journal entry id, oldest first."""
    folder = journal_dir(root)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / MANIFEST).is_file())


def manifests(root: Path) -> Iterator[Manifest]:
    for entry_id in entry_ids(root):
        manifest = read_manifest(root, entry_id)
        if manifest is not None:
            yield manifest


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
        "git_moves": [],
        "undoes": None,
        "undone_by": None,
    }


def _now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the journal so two runs never recover each other's work.

    flock is released by the kernel when the process dies, so a crash never leaves a stale lock.
    """
    folder = ensure_store(root)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one run at a time is up to the user
        yield
        return
    with open(folder / "lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
