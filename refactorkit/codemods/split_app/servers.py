"""Where servers and configs name the app module by string (`gunicorn blog.app:app`).

A Procfile, a Dockerfile's CMD, a compose or systemd file, `uvicorn.run("shop.main:app")`,
the README: each `MODULE:NAME` string still resolves after split-app, because the module
becomes a package at the same dotted path whose `__init__.py` re-exports every old name
(and `create_app`). They are listed, with the line, so the user knows nothing needs a rewrite;
one naming no object of the module is listed as such (it was broken before the split).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from refactorkit.git import run_git

_NAMES = frozenset({"procfile", "makefile", "containerfile", "justfile"})
_SUFFIXES = frozenset(
    {".py", ".toml", ".cfg", ".ini", ".yml", ".yaml", ".json", ".md", ".rst", ".txt", ".sh",
     ".conf", ".service", ".env"}
)  # fmt: skip
_LARGEST = 1_000_000  # bytes: generated data files are not configs
_LISTING_TIMEOUT = 60.0


def server_strings(root: Path, module: str, own: str, names: Iterable[str]) -> list[str]:
    """One note per `module:name` string in the project's files other than `own`."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(module)}:(\w+)")
    defined = set(names)
    notes = []
    for rel in _candidates(root):
        if rel == own:
            continue
        for number, found in _matches(root / rel, pattern):
            notes.append(_note(rel, number, found, defined, module))
    return notes


def _note(rel: str, number: int, found: re.Match[str], defined: set[str], module: str) -> str:
    where = f"{rel}:{number}: `{found.group(0)}`"
    if found.group(1) not in defined:
        return f"{where} names no object of {module} (it did not resolve before either)"
    return f"{where} still resolves: the package re-exports {found.group(1)}; nothing to rewrite"


def _matches(path: Path, pattern: re.Pattern[str]) -> list[tuple[int, re.Match[str]]]:
    try:
        if path.stat().st_size > _LARGEST:
            return []
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [
        (number, found)
        for number, line in enumerate(text.splitlines(), 1)
        for found in pattern.finditer(line)
    ]


def _candidates(root: Path) -> list[str]:
    """The project's tracked and untracked-not-ignored files that may name a server app."""
    done = run_git(
        root, "ls-files", "-z", "--cached", "--others", "--exclude-standard",
        timeout=_LISTING_TIMEOUT,
    )  # fmt: skip
    if done is None or done.returncode != 0:
        return []  # outside git: nothing listed (the split itself works the same)
    listed = sorted({os.fsdecode(raw) for raw in done.stdout.split(b"\0") if raw})
    return [rel for rel in listed if _wanted(PurePosixPath(rel))]


def _wanted(path: PurePosixPath) -> bool:
    name = path.name.lower()
    return name in _NAMES or name.startswith("dockerfile") or path.suffix.lower() in _SUFFIXES
