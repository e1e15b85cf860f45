"""Whether a journal manifest can be trusted: its checksum, its shape, every path it names.

A journal may arrive with a clone (`git add -f .refactorkit`) or a tarball, and recovery acts on
it before the user asked for anything, so every field that leads to a write, a delete or a git
command is checked here before use. A manifest that fails is "damaged": reported, never acted
on, never silently dropped.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import TypedDict, cast

from refactorkit.changes.paths import unsafe_path

FORMAT_VERSION = 2
KINDS = ("apply", "undo")
STATES = ("pending", "verifying", "applied", "rolled-back", "undone")
ENTRY_ID = re.compile(r"\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{6}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TMP_NAME = re.compile(r"\.[^/]+\.rk-[0-9a-f]{6}-\d+\.tmp")
# One `git ls-files --stage` record without its path: mode, object id, stage.
INDEX_LINE = re.compile(r"(100644|100755|120000|160000) ([0-9a-f]{40}|[0-9a-f]{64}) [0-3]")



class BlobRecord(TypedDict):
    """One side of a journaled file: the blob holding its bytes, and its file mode."""

    sha256: str
    mode: int | None  # None until the new bytes are staged with the mode they get


class _FileFields(TypedDict):
    path: str
    old: BlobRecord | None
    new: BlobRecord | None
    tmp: str | None


class FileRecord(_FileFields, total=False):
    """One file of an entry: its bytes before (None: it did not exist) and after (None: it
    is removed), and the temporary name the new bytes are staged under."""

    kept: str  # rollback: the blob of bytes found there that were neither old nor new


class IndexFields(TypedDict):
    """The git-index step as `gitindex.IndexPlan.to_json()` writes it."""

    add: list[str]
    add_new: list[str]
    remove: list[str]
    restore: dict[str, list[str]]


class IndexRecord(IndexFields):
    """The git-index step and the index entries before it; `started` once it ran."""

    before: dict[str, list[str]]
    started: bool


class _ManifestFields(TypedDict):
    version: int
    id: str
    kind: str  # one of KINDS
    title: str
    created: str
    updated: str
    state: str  # one of STATES
    files: list[FileRecord]
    created_dirs: list[str]
    removed_dirs: list[str]
    index: IndexRecord | None
    undoes: str | None
    undone_by: str | None


class Manifest(_ManifestFields, total=False):
    """A journal entry's manifest.json, as written; `damage()` checks a read one has this
    shape (and safe paths) before anything is done with it."""

    checksum: str  # of every other field (`checksum()`), set when written
    final_state: str  # undo entries: the state their target gets (recovery finishes it)


def is_entry_id(text: object) -> bool:
    """A journal id is a plain name of a fixed shape: never a path."""
    return isinstance(text, str) and ENTRY_ID.fullmatch(text) is not None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checksum(manifest: Manifest) -> str:
    """sha256 of the manifest's canonical JSON, its own checksum field left out."""
    body = {key: value for key, value in manifest.items() if key != "checksum"}
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def manifest_problem(manifest: object, entry_id: str) -> str | None:
    """Why the manifest read from entry `entry_id` must not be acted on, or None."""
    if not isinstance(manifest, dict):
        return "not a JSON object"
    if manifest.get("version") != FORMAT_VERSION:
        version = manifest.get("version")
        if version == 1:
            return "written by an older refactorkit (journal format 1, without checksums)"
        return f"format version {version!r} is not {FORMAT_VERSION}"
    typed = cast(Manifest, manifest)
    if manifest.get("checksum") != checksum(typed):
        return "checksum mismatch: the manifest was edited or truncated"
    for check in _CHECKS:
        problem = check(typed, entry_id)
        if problem is not None:
            return problem
    return None


def _header_problem(manifest: Manifest, entry_id: str) -> str | None:
    if manifest.get("id") != entry_id:
        return f"its id {manifest.get('id')!r} is not its folder's name"
    if manifest.get("kind") not in KINDS or manifest.get("state") not in STATES:
        return "unknown kind or state"
    return None


def _links_problem(manifest: Manifest, entry_id: str) -> str | None:
    for key in ("undoes", "undone_by"):
        if manifest.get(key) is not None and not is_entry_id(manifest.get(key)):
            return f"{key} is not a journal id"
    if manifest.get("final_state") not in (None, *STATES):
        return "unknown final state"
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _files_problem(manifest: Manifest, entry_id: str) -> str | None:
    files = manifest.get("files")
    if not isinstance(files, list):
        return "files is not a list"
    for record in files:
        problem = _record_problem(record)
        if problem is not None:
            return problem
    return None


def _record_problem(record: object) -> str | None:
    if not isinstance(record, dict):
        return "a file record is not an object"
    path = record.get("path")
    reason = unsafe_path(path)
    if reason is not None:
        return f"unsafe path {path!r}: {reason}"
    for side in ("old", "new"):
        if not _state_ok(record.get(side), optional_mode=side == "new"):
            return f"{path}: bad {side} state"
    tmp = record.get("tmp")
    if tmp is not None and not _tmp_ok(str(path), tmp):
        return f"{path}: unsafe temporary path {tmp!r}"
    return None


def _state_ok(state: object, *, optional_mode: bool) -> bool:
    if state is None:
        return True
    if not isinstance(state, dict) or not isinstance(state.get("sha256"), str):
        return False
    mode = state.get("mode")
    mode_ok = (mode is None and optional_mode) or (_is_int(mode) and mode in range(0o10000))
    return mode_ok and _SHA256.fullmatch(state["sha256"]) is not None


def _tmp_ok(path: str, tmp: object) -> bool:
    if not isinstance(tmp, str) or unsafe_path(tmp) is not None:
        return False
    pure, target = PurePosixPath(tmp), PurePosixPath(path)
    return pure.parent == target.parent and _TMP_NAME.fullmatch(pure.name) is not None


def _dirs_problem(manifest: Manifest, entry_id: str) -> str | None:
    for key in ("created_dirs", "removed_dirs"):
        folders = manifest.get(key)
        if not isinstance(folders, list):
            return f"{key} is not a list"
        for folder in folders:
            reason = unsafe_path(folder)
            if reason is not None:
                return f"unsafe folder {folder!r} in {key}: {reason}"
    return None


def _index_problem(manifest: Manifest, entry_id: str) -> str | None:
    index = manifest.get("index")
    if index is None:
        return None
    if not isinstance(index, dict):
        return "index is not an object"
    for key in ("add", "add_new", "remove"):
        paths = index.get(key, [])
        if not isinstance(paths, list) or any(unsafe_path(p) for p in paths):
            return f"unsafe path in index.{key}"
    for key in ("before", "restore"):
        if not _entries_ok(index.get(key, {})):
            return f"bad index.{key}"
    return None


def _entries_ok(entries: object) -> bool:
    """{path: [index line, ...]}; an empty list means "not in the index"."""
    if not isinstance(entries, dict):
        return False
    for path, lines in entries.items():
        if unsafe_path(path) is not None or not isinstance(lines, list):
            return False
        if not all(isinstance(line, str) and INDEX_LINE.fullmatch(line) for line in lines):
            return False
    return True


_CHECKS: tuple[Callable[[Manifest, str], str | None], ...] = (
    _header_problem,
    _links_problem,
    _files_problem,
    _dirs_problem,
    _index_problem,
)
