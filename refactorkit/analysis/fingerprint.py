"""Fingerprints of what a stored result was computed from: plain data, refactorkit's code.

Light on purpose (no record classes): the warm path of `analyze` keys its memos with these
before deciding whether anything else needs importing.
"""

from __future__ import annotations

import dataclasses
import enum
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import refactorkit

if TYPE_CHECKING:
    from refactorkit.analysis.churn import Churn


def churn_digest(churn: Churn | None) -> object:
    """The churn as plain ordered data (None without churn)."""
    if churn is None:
        return None
    return (churn.since_days, churn.total_commits, sorted(churn.commits.items()))


def code_stamp(folders: Iterable[str], files: Iterable[str]) -> tuple[Any, ...]:
    """refactorkit's version and the size and mtime of its modules in `folders` (every one)
    and `files` (paths under the package): a result computed by them is stale when any of
    them changed."""
    package = Path(refactorkit.__file__).parent
    names = list(files)
    for folder in folders:
        try:
            names.extend(sorted(f"{folder}/{n}" for n in os.listdir(package / folder)))
        except OSError:
            continue
    stamps = []
    for name in names:
        if name.endswith(".py"):
            try:
                info = os.stat(package / name)
            except OSError:
                continue
            stamps.append((name, info.st_size, info.st_mtime_ns))
    return (refactorkit.__version__, tuple(stamps))


def canonical(value: object) -> object:
    """`value` as plain, ordered data: equal settings give equal bytes in any process (sets
    and dicts sorted, dataclasses by field)."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__qualname__, *(canonical(getattr(value, f.name)) for f in fields))
    return _canonical_other(value)


def _canonical_other(value: object) -> object:
    if isinstance(value, enum.Enum):
        return (type(value).__qualname__, canonical(value.value))
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        items = ((canonical(k), canonical(v)) for k, v in value.items())
        return ("map", tuple(sorted(items, key=repr)))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted((canonical(v) for v in value), key=repr)))
    if isinstance(value, (list, tuple)):
        return tuple(canonical(v) for v in value)
    return repr(value)
