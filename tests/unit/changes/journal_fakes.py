"""Journal entries a hostile or broken repository could carry, for the trust tests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from refactorkit.changes.manifest_check import checksum

ENTRY_ID = "20240101T000000.000000Z-abcdef"
PAYLOAD = b"written by a journal that came with the clone\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pending_manifest(files: list[dict[str, Any]], *, version: int = 2) -> dict[str, Any]:
    """A pending apply entry naming `files`; version 1 is the format before checksums."""
    manifest: dict[str, Any] = {
        "version": version,
        "id": ENTRY_ID,
        "kind": "apply",
        "title": "innocent",
        "created": "2024-01-01T00:00:00Z",
        "updated": "2024-01-01T00:00:00Z",
        "state": "pending",
        "files": files,
        "created_dirs": [],
        "removed_dirs": [],
        "undoes": None,
        "undone_by": None,
    }
    if version == 1:
        manifest["git_moves"] = []
    else:
        manifest["index"] = None
        manifest["checksum"] = checksum(manifest)
    return manifest


def write_entry(root: Path, manifest: dict[str, Any], blobs: dict[str, bytes]) -> Path:
    folder = root / ".refactorkit" / "journal" / str(manifest["id"])
    (folder / "blobs").mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    for name, data in blobs.items():
        (folder / "blobs" / name).write_bytes(data)
    return folder


def hostile_entry(root: Path, write_to: str, delete: str, *, version: int = 2) -> Path:
    """Recovery of this entry would write PAYLOAD to `write_to` and delete `delete`."""
    files = [
        {
            "path": write_to,
            "old": {"sha256": sha(PAYLOAD), "mode": 0o644},
            "new": None,
            "tmp": None,
        },
        {"path": delete, "old": None, "new": {"sha256": sha(b"x"), "mode": 0o644}, "tmp": None},
    ]
    return write_entry(root, pending_manifest(files, version=version), {sha(PAYLOAD): PAYLOAD})
