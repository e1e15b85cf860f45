"""Turning a ChangeSet's text edits into exact bytes per path, checking it still fits the disk.

Encodings: a modified or moved file keeps the encoding it had (BOM included) unless the new
text declares another one in a PEP 263 coding cookie; a created file uses its cookie, else
UTF-8. Text is encoded as given: no newline translation, so CRLF files stay CRLF as long as the
codemod kept them so.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from refactorkit.changes.paths import linked_parent, unsafe_path
from refactorkit.changes.transaction import NOT_A_FILE, FileTarget, current_state
from refactorkit.domain import (
    ChangeSet,
    CreateFile,
    DeleteFile,
    FileChange,
    ModifyFile,
    MoveFile,
    given_text,
)
from refactorkit.workspace import SourceError, read_source

VARIANTS = (CreateFile, ModifyFile, DeleteFile, MoveFile)
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:[#\r\n]|$)")


@dataclass(frozen=True)
class Materialized:
    """The targets to write, and why they cannot be applied."""

    targets: tuple[FileTarget, ...]
    problems: tuple[str, ...]


def touched_paths(changeset: ChangeSet) -> tuple[str, ...]:
    """Every path the change set reads or writes."""
    paths: list[str] = []
    for change in changeset.changes:
        paths.append(change.path)
        if isinstance(change, MoveFile):
            paths.append(change.new_path)
    return tuple(paths)


def materialize(changeset: ChangeSet) -> Materialized:
    """Compute exact bytes for every path; problems list anything that makes applying unsafe."""
    root = changeset.root
    problems: list[str] = []
    targets: list[FileTarget] = []
    problems.extend(_path_problems(changeset))
    if problems:
        return Materialized((), tuple(problems))
    for rel in touched_paths(changeset):
        # Writing through a linked folder could land outside the project (or in another checkout).
        linked = linked_parent(root, rel)
        if linked is not None:
            problems.append(f"{rel}: {linked} is a symbolic link; refusing to write through it")
    if problems:
        return Materialized((), tuple(problems))
    for change in changeset.changes:
        try:
            targets.extend(_targets_for(root, change))
        except _Refused as exc:
            problems.append(str(exc))
    return Materialized(tuple(targets), tuple(problems))


class _Refused(Exception):
    """A change that does not fit the files on disk."""


def _path_problems(changeset: ChangeSet) -> list[str]:
    problems = []
    seen: set[str] = set()
    for change in changeset.changes:
        # A plugin's codemod may hand anything over: only the four variants are applied.
        if not isinstance(change, VARIANTS):
            return [f"{change!r}: not a file change (CreateFile, ModifyFile, DeleteFile, MoveFile)"]
        if isinstance(change, MoveFile) and not change.new_path:
            problems.append(f"{change.path}: a move needs a new path")
    for rel in touched_paths(changeset):
        reason = unsafe_path(rel)
        if reason is not None:
            problems.append(f"{rel}: {reason}")
        elif rel in seen:
            problems.append(f"{rel}: touched by more than one change")
        seen.add(rel)
    return problems


def _targets_for(root: Path, change: FileChange) -> list[FileTarget]:
    if isinstance(change, CreateFile):
        _must_be_absent(root, change.path)
        created = _encode(change.path, change.new_text, None)
        return [FileTarget(change.path, created, None)]
    data, mode, _, encoding = _read_existing(root, change)
    if isinstance(change, DeleteFile):
        return [FileTarget(change.path, None)]
    if isinstance(change, ModifyFile):
        return [FileTarget(change.path, _encode(change.path, change.new_text, encoding), mode)]
    _must_be_absent(root, change.new_path)
    new_data = (
        data if change.new_text is None else _encode(change.new_path, change.new_text, encoding)
    )
    return [FileTarget(change.path, None), FileTarget(change.new_path, new_data, mode)]


def _must_be_absent(root: Path, rel: str) -> None:
    path = root / rel
    if path.exists() or path.is_symlink():
        raise _Refused(f"{rel}: already exists; refusing to overwrite it")
    for parent in PurePosixPath(rel).parents:
        if str(parent) != "." and (root / parent).exists() and not (root / parent).is_dir():
            raise _Refused(f"{rel}: {parent} is a file, not a folder")


def _read_existing(
    root: Path, change: ModifyFile | DeleteFile | MoveFile
) -> tuple[bytes, int, str | None, str | None]:
    path = root / change.path
    data, mode = _regular_file(root, change.path)
    try:
        text, encoding = read_source(path, max_bytes=None)
    except SourceError as exc:
        if given_text(change) is not None:
            raise _Refused(f"{change.path}: cannot be read as text: {exc}") from exc
        return data, mode, None, None
    if change.old_text is not None and change.old_text != text:
        raise _Refused(
            f"{change.path}: changed on disk since the change was planned; run the command again"
        )
    return data, mode, text, encoding


def _regular_file(root: Path, rel: str) -> tuple[bytes, int]:
    """Bytes and mode of the regular file at `rel`; anything else is refused."""
    if (root / rel).is_symlink():
        raise _Refused(f"{rel}: is a symbolic link; refusing to replace it")
    try:
        state = current_state(root, rel)
    except OSError as exc:
        raise _Refused(f"{rel}: cannot be read ({exc.strerror or exc})") from exc
    if state is None or state[1] == NOT_A_FILE:
        raise _Refused(f"{rel}: does not exist (or is not a regular file)")
    return state


def _encode(rel: str, text: str, old_encoding: str | None) -> bytes:
    declared = _declared_encoding(text)
    encoding = old_encoding or "utf-8"
    if declared is not None and _canonical(declared) != _canonical(encoding):
        encoding = declared
    if _canonical(encoding) == "utf-8" and encoding.replace("_", "-").lower().endswith("sig"):
        text = text.removeprefix("\ufeff")  # the codec writes the BOM itself
    try:
        return text.encode(encoding)
    except (UnicodeEncodeError, LookupError) as exc:
        raise _Refused(f"{rel}: new text cannot be encoded as {encoding}: {exc}") from exc


def _canonical(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return "utf-8" if name == "utf-8-sig" else name


def _declared_encoding(text: str) -> str | None:
    """The PEP 263 coding cookie of the first two lines, if any (and if Python knows it)."""
    lines = text.encode("utf-8", errors="replace").splitlines()[:2]
    for index, line in enumerate(lines):
        match = _COOKIE.match(line)
        if match:
            name = match.group(1).decode("ascii", errors="replace")
            try:
                codecs.lookup(name)
            except LookupError:
                return None
            return name
        if index == 0 and not _BLANK_OR_COMMENT.match(line):
            return None
    return None
