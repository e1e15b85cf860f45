"""Fetch a PyPI sdist once into bench/.cache/ and unpack it (optionally as a git repo).

Shared by the bench scripts so each one times its own tool, not its own download code.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"


def sdist_archive(spec: str) -> Path:
    """The newest cached sdist matching `spec` (e.g. "django==5.2.*"), downloaded if missing."""
    name = spec.split("=")[0].split("<")[0].split(">")[0].strip()
    pattern = f"[{name[0].upper()}{name[0].lower()}]{name[1:]}-*.tar.gz"
    archives = sorted(CACHE.glob(pattern))
    if not archives:
        CACHE.mkdir(parents=True, exist_ok=True)
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        subprocess.run([*pip, spec, "-d", str(CACHE)], check=True)
        archives = sorted(CACHE.glob(pattern))
    return archives[-1]


def sdist_tree(
    spec: str,
    parent: Path = CACHE,
    *,
    git: bool = False,
    prepare: Callable[[Path], None] | None = None,
) -> Path:
    """The unpacked sdist under `parent`, created once; with `git`, committed as one commit."""
    archive = sdist_archive(spec)
    tree = parent / archive.name.removesuffix(".tar.gz")
    marker = tree / ".git" if git else tree
    if marker.exists():
        return tree
    parent.mkdir(parents=True, exist_ok=True)
    if not tree.is_dir():
        with tarfile.open(archive) as tar:
            tar.extractall(parent, filter="data")
    if prepare is not None:
        prepare(tree)
    if git:
        cmd = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        subprocess.run([*cmd, "init", "-q"], cwd=tree, check=True)
        subprocess.run([*cmd, "add", "-A"], cwd=tree, check=True)
        subprocess.run([*cmd, "commit", "-qm", f"{archive.name}"], cwd=tree, check=True)
    return tree
