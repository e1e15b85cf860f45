"""The discovery walk outside git, remembered: a `stat` per folder instead of a listing.

A folder's mtime and ctime change whenever an entry is added, removed or renamed in it, or
its permissions change, so while every folder the walk listed has the stamp it had, its
listings are the same; while the .gitignore files it read (or looked for) are unchanged and
every symbolic link points at the same kind of thing, so are its answers. Django's 2,454
folders cost 35-50 ms to list and 5 ms to stat. Folders changed in the last two seconds are
not trusted (a second change within the clock's granularity keeps the mtime; the
snapshot's "racy" rule), so nothing is kept for such a walk.

Kept per walked tree and exclude list in the user cache, signed like the snapshot
(`signed.py`); a memo that is missing, foreign or stale is a miss and the walk runs.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from pathlib import Path

from refactorkit.excludes import Excludes
from refactorkit.signed import read_signed, secret_key, write_signed
from refactorkit.sources import SkippedFile
from refactorkit.walk import Seen, Walked, walk

WALK_FORMAT = 2  # 2: the device in each stamp
_MAGIC = b"RKWALK%02d" % WALK_FORMAT
RACY_NS = 2_000_000_000
# (st_mtime_ns, st_ctime_ns, st_ino, st_dev, st_mode) of a folder or file; None: it did not exist
Stamp = tuple[int, int, int, int, int] | None


def remembered_walk(
    memo_dir: Path | None,
    root: Path,
    project_root: Path,
    excludes: Iterable[str],
    skipped: list[SkippedFile],
) -> list[Walked]:
    """`walk(root, project_root, Excludes(excludes), skipped)`, from the memo in `memo_dir`
    when nothing it looked at changed (and stored there otherwise)."""
    lines = tuple(excludes)
    key = secret_key() if memo_dir is not None else None
    if memo_dir is None or key is None:
        return list(walk(root, project_root, Excludes(lines), skipped))
    name = hashlib.sha256(f"{root}\0{project_root}\0{lines}".encode()).hexdigest()[:24]
    path = memo_dir / "walks" / f"{name}.bin"
    found = read_signed(path, key, _MAGIC, {})
    if isinstance(found, tuple) and _still_true(found):
        skipped.extend(SkippedFile(rel, reason) for rel, reason in found[5])
        return [Walked(*w) for w in found[4]]
    seen = Seen([], [], [])
    own_skips: list[SkippedFile] = []
    walked = list(walk(root, project_root, Excludes(lines), own_skips, seen))
    skipped.extend(own_skips)
    record = _record(seen, walked, own_skips)
    if record is not None:
        write_signed(path, key, _MAGIC, record)
    return walked


def _record(
    seen: Seen, walked: list[Walked], skips: list[SkippedFile]
) -> tuple[object, ...] | None:
    """What to keep, or None when a folder or file it depends on changed too recently."""
    folders = [(folder, _stamp(folder)) for folder in seen.folders]
    gitignores = [(ignore, _stamp(ignore)) for ignore in seen.gitignores]
    links = [(link, os.path.isdir(link)) for link in seen.links]
    now = time.time_ns()
    if any(s is not None and now - s[0] < RACY_NS for _, s in (*folders, *gitignores)):
        return None
    return (
        WALK_FORMAT,
        folders,
        gitignores,
        links,
        [tuple(w) for w in walked],
        [(s.relpath, s.reason) for s in skips],
    )


def _still_true(found: tuple[object, ...]) -> bool:
    """Whether a stored record describes the tree as it is now."""
    if len(found) != 6 or found[0] != WALK_FORMAT:
        return False
    _, folders, gitignores, links, _, _ = found  # signed by us: the shapes are ours
    if not (isinstance(folders, list) and isinstance(gitignores, list) and isinstance(links, list)):
        return False
    if any(_stamp(path) != stamp for path, stamp in (*folders, *gitignores)):
        return False
    return all(os.path.isdir(link) == was_folder for link, was_folder in links)


def _stamp(path: str) -> Stamp:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev, info.st_mode)
