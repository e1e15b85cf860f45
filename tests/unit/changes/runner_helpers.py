"""Small builders shared by the runner, journal and validation tests."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from refactorkit.changes.outcome import Outcome
from refactorkit.changes.runner import RunOptions, execute
from refactorkit.cli.outcomes import Printer
from refactorkit.domain import ChangeSet, CreateFile, DeleteFile, ModifyFile, MoveFile
from refactorkit.testing import snapshot_tree

# One file of each kind that must survive byte for byte: CRLF, latin-1 with cookie, UTF-8 BOM.
SAMPLE_TREE: dict[str, bytes] = {
    "app.py": b"import os\n\n\ndef where():\n    return os.getcwd()\n",
    "crlf.py": b"x = 1\r\ny = 2\r\n",
    "latin.py": b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n",
    "bom.py": b"\xef\xbb\xbfgreeting = 'h\xc3\xa9'\n",
    "old/gone.py": b"VALUE = 3\n",
    "tool.sh": b"#!/bin/sh\necho hi\n",
}


def make_tree(root: Path, files: dict[str, bytes] = SAMPLE_TREE) -> Path:
    """Write `files` under `root`; tool.sh is made executable to check modes survive."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if (root / "tool.sh").exists():
        (root / "tool.sh").chmod(0o755)
    return root


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def git_repo(root: Path) -> Path:
    """Turn `root` into a git repo with everything committed."""
    git(root, "init", "-q", ".")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "init")
    return root


def modes(root: Path) -> dict[str, int]:
    return {rel: (root / rel).stat().st_mode & 0o777 for rel in snapshot_tree(root)}


def rich_changeset(root: Path) -> ChangeSet:
    """Touches every kind of file and change the runner must get exactly right."""
    return ChangeSet(
        root,
        "rich",
        (
            ModifyFile("crlf.py", new_text="x = 1\r\ny = 3\r\n"),
            ModifyFile("latin.py", new_text="# -*- coding: latin-1 -*-\nname = 'été!'\n"),
            ModifyFile("bom.py", new_text="greeting = 'hé!'\n"),
            MoveFile("old/gone.py", "new/deep/gone.py", new_text="VALUE = 4\n"),
            CreateFile("pkg/__init__.py", new_text='"""New package."""\n'),
            ModifyFile("tool.sh", new_text="#!/bin/sh\necho bye\n"),
            DeleteFile("app.py"),
        ),
        summary=("pkg/__init__.py: 1 line",),
        warnings=("something to review",),
    )


EXPECTED_AFTER = {
    "crlf.py": b"x = 1\r\ny = 3\r\n",
    "latin.py": b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9!'\n",
    "bom.py": b"\xef\xbb\xbfgreeting = 'h\xc3\xa9!'\n",
    "new/deep/gone.py": b"VALUE = 4\n",
    "pkg/__init__.py": b'"""New package."""\n',
    "tool.sh": b"#!/bin/sh\necho bye\n",
}


def execute_echo(
    changeset: ChangeSet, options: RunOptions, echo: Callable[[str], None], **hooks: Any
) -> Outcome:
    """`execute`, with every line the CLI would print for it passed to `echo`, in order."""
    printer = Printer(lambda line: echo(line.text))
    outcome = execute(changeset, options, on_event=printer.event, on_wait=printer.waiting, **hooks)
    printer.outcome(outcome)
    return outcome
