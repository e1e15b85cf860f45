"""The app keeps the folder it had: `Flask(__name__)` one or two folders deeper would look for
`templates/`, `static/` and `instance/` there, so the new file passes the old `root_path`."""

from __future__ import annotations

import re
from dataclasses import replace

from refactorkit.domain import ChangeSet, CreateFile, FileChange

_APP_CALL = re.compile(r"\b(Flask|Quart)\(\s*__name__\b")
_FIRST_IMPORT = re.compile(r"^(?:import |from (?!__future__))", re.M)


def root_expression(depth: int) -> str:
    """The folder `depth` levels above the file (1: the folder the package sits in)."""
    inner = "os.path.abspath(__file__)"
    for _ in range(depth + 1):
        inner = f"os.path.dirname({inner})"
    return inner


def with_root_path(text: str, depth: int) -> str:
    """`text` with each `Flask(__name__` given the old module's folder as `root_path`."""
    if "root_path" in text or not _APP_CALL.search(text):
        return text
    text = _APP_CALL.sub(lambda m: f"{m[1]}(__name__, root_path={root_expression(depth)}", text)
    if re.search(r"^import os$", text, re.M):
        return text
    first = _FIRST_IMPORT.search(text)
    at = first.start() if first is not None else 0
    return text[:at] + "import os\n" + text[at:]


def keep_root_path(changeset: ChangeSet, package: str) -> ChangeSet:
    """Every new file of `package` that creates the app, with the old root path."""
    changes: list[FileChange] = []
    for change in changeset.changes:
        if isinstance(change, CreateFile) and change.path.startswith(package + "/"):
            depth = change.path[len(package) + 1 :].count("/") + 1
            change = replace(change, new_text=with_root_path(change.new_text, depth))
        changes.append(change)
    return replace(changeset, changes=tuple(changes))
