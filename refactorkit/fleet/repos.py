"""The repositories file: one `PATH-or-URL [REVISION]` a line (`#` comments), or TOML
`[[repo]]` tables with `path` or `url`, and optional `rev` and `name`."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refactorkit.errors import UserError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_URL = re.compile(r"^(https?|ssh|git|file)://|^[\w.-]+@[\w.-]+:")


@dataclass(frozen=True)
class RepoSpec:
    """One repository of the fleet: where it is, which revision, and its short name."""

    source: str  # an absolute local path, or a git URL
    rev: str = ""  # empty: HEAD (or the folder as it is, outside git)
    name: str = ""

    @property
    def is_url(self) -> bool:
        return bool(_URL.match(self.source))


def _named(source: str, rev: str, name: str, base: Path) -> RepoSpec:
    if not _URL.match(source):
        source = str((base / Path(source).expanduser()).resolve())
    stem = re.sub(r"\.git$", "", source.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1])
    return RepoSpec(source, rev, name or stem)


def _toml_repo(row: Any, base: Path, where: str) -> RepoSpec:
    source = row.get("path", row.get("url")) if isinstance(row, dict) else None
    if not isinstance(source, str):
        raise UserError(f"{where}: each [[repo]] needs a `path` or a `url`")
    return _named(source, str(row.get("rev", "")), str(row.get("name", "")), base)


def _from_toml(path: Path, text: str, base: Path) -> list[RepoSpec]:
    try:
        rows = tomllib.loads(text).get("repo", [])
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: {exc}") from exc
    return [_toml_repo(row, base, f"{path}: repo {n}") for n, row in enumerate(rows, 1)]


def _from_lines(text: str, base: Path) -> list[RepoSpec]:
    words = (line.split("#", 1)[0].split() for line in text.splitlines())
    return [_named(w[0], w[1] if len(w) > 1 else "", "", base) for w in words if w]


def load_repos(path: Path) -> tuple[RepoSpec, ...]:
    """The fleet's repositories, names made unique (`app`, `app-2`, ...)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read the repositories file: {exc}") from exc
    base = path.resolve().parent
    specs = _from_toml(path, text, base) if path.suffix == ".toml" else _from_lines(text, base)
    if not specs:
        raise UserError(f"{path}: no repositories listed")
    return _unique(specs)


def _unique(specs: list[RepoSpec]) -> tuple[RepoSpec, ...]:
    seen: dict[str, int] = {}
    out = []
    for spec in specs:
        seen[spec.name] = seen.get(spec.name, 0) + 1
        count = seen[spec.name]
        out.append(spec if count == 1 else RepoSpec(spec.source, spec.rev, f"{spec.name}-{count}"))
    return tuple(out)
