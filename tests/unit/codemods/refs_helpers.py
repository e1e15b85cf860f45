"""Build a small tree from inline sources and run `rewrite_references` on it."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from refactorkit.codemods.references import ReferenceRewrite, rewrite_references
from refactorkit.workspace import discover


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, source in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return root


def rewrite(
    root: Path, files: dict[str, str], **moves: Any
) -> tuple[dict[str, str], ReferenceRewrite]:
    """New text per changed relpath, and the whole result."""
    write_tree(root, files)
    found = discover(root)
    result = rewrite_references(root, found.files, **moves)
    return {c.path: c.new_text or "" for c in result.changes}, result


def dedent(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")
