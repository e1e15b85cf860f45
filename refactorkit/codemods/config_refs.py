"""Module paths in the config files a repo owns: pyproject.toml, setup.cfg and ini files.

Line-based on purpose: parsing and re-serialising TOML or INI would restyle the user's file.
In pyproject.toml only `[project.scripts]`, `[project.gui-scripts]`, `[project.entry-points.*]`
and `[tool.*]` are rewritten; a match elsewhere is listed for review. INI-style files are
rewritten throughout (section headers such as `[mypy-pkg.mod]` included).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from refactorkit.codemods.refs.model import ModuleMove
from refactorkit.domain import FileChange, ModifyFile

DOC_SUFFIXES = (".rst", ".md", ".txt")
_DOC_SKIP = {"node_modules", "build", "dist", "site-packages", "__pycache__", "venv"}
INI_FILES = ("setup.cfg", "tox.ini", "pytest.ini", "alembic.ini", "mypy.ini", ".coveragerc")
_SECTION = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+\s*(?:#.*)?$")
_REWRITTEN_TOML = ("project.scripts", "project.gui-scripts", "project.entry-points", "tool.")


@dataclass(frozen=True)
class PathMove:
    """A moved file or folder as posix paths (project-relative or import-root-relative)."""

    old: str
    new: str


@dataclass(frozen=True)
class ConfigRewrite:
    changes: tuple[FileChange, ...]
    review: tuple[str, ...]


def config_files(root: Path) -> list[Path]:
    """The config files looked at: pyproject.toml and INI-style files at the root or one below."""
    found: list[Path] = []
    for name in ("pyproject.toml", *INI_FILES):
        found.extend(p for p in (root / name, *root.glob(f"*/{name}")) if p.is_file())
    return sorted(set(found))


def rewrite_config_files(
    root: Path, moves: Sequence[ModuleMove], path_moves: Sequence[PathMove] = ()
) -> ConfigRewrite:
    """Rewrite dotted module names (and paths of moved folders) in the repo's config files."""
    patterns = [_dotted_pattern(m) for m in moves] + [_path_pattern(p) for p in path_moves]
    changes: list[FileChange] = []
    review: list[str] = []
    for path in config_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        rel = path.relative_to(root).as_posix()
        is_toml = path.suffix == ".toml"
        new_text, notes = _rewrite(text, patterns, toml=is_toml)
        review.extend(f"{rel}:{line}: {why}" for line, why in notes)
        if new_text != text:
            changes.append(ModifyFile(rel, new_text=new_text, old_text=text))
    return ConfigRewrite(tuple(changes), tuple(review))


_Pattern = tuple[re.Pattern[str], str]


def _dotted_pattern(move: ModuleMove) -> _Pattern:
    # A one-part name (`utils`) is only taken when a dot or colon follows: `utils.x`, `utils:main`.
    follow = r"(?=[.:])" if "." not in move.old else r"(?![\w-])"
    return re.compile(rf"(?<![\w.]){re.escape(move.old)}{follow}"), move.new


def _path_pattern(move: PathMove) -> _Pattern:
    # Not inside a longer path (`other/pkg/old`), but after `./` or alembic's `%(here)s/`.
    start = r"(?:(?<![\w./-])|(?<=\./)(?<!\.\./)|(?<=%\(here\)s/))"
    return re.compile(rf"{start}{re.escape(move.old)}(?![\w-])"), move.new


def _rewrite(
    text: str, patterns: list[_Pattern], *, toml: bool
) -> tuple[str, list[tuple[int, str]]]:
    lines = text.splitlines(keepends=True)
    notes: list[tuple[int, str]] = []
    section = ""
    for number, line in enumerate(lines, start=1):
        header = _SECTION.match(line)
        if header is not None and toml:
            section = header.group(1).strip().strip('"')
            continue
        new = line
        for pattern, replacement in patterns:
            new = pattern.sub(replacement, new)
        if new == line:
            continue
        if toml and not section.startswith(_REWRITTEN_TOML):
            notes.append((number, f"[{section}] names a moved module; not changed"))
            continue
        lines[number - 1] = new
    return "".join(lines), notes


def doc_file_notes(root: Path, moves: Sequence[ModuleMove]) -> list[str]:
    """Lines of the repo's documentation (`.rst`, `.md`, `.txt`) that use a moved module.

    Listed, not rewritten: prose is not parsed, and `.. testcode::` or `.. automodule::`
    blocks fail only when the docs are built or tested.
    """
    patterns = [
        (re.compile(rf"(?<![\w.]){re.escape(m.old)}(?![\w-])"), m) for m in moves if "." in m.old
    ]
    notes: list[str] = []
    if not patterns:
        return notes
    for path in project_files(root, DOC_SUFFIXES):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(text.splitlines(), start=1):
            for pattern, move in patterns:
                if pattern.search(line):
                    notes.append(f"{rel}:{number}: names {move.old}: update it to {move.new}")
    return notes


def project_files(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Files under `root` ending with one of `suffixes`; hidden, build and env folders pruned."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _DOC_SKIP)
        for filename in sorted(filenames):
            if filename.endswith(suffixes):
                yield Path(dirpath) / filename
