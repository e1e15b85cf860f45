"""`python -m refactorkit` is the same as the `refactorkit` console script.

`python -m` puts the current folder first on `sys.path`, so run inside an untrusted checkout
it would import that checkout's `click.py` (or `libcst/`) instead of the installed one: code
from the repository under review would run. The current folder is dropped from the path
unless refactorkit itself is imported from there (a source checkout of refactorkit).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import refactorkit


def _drop_current_folder(path: list[str]) -> None:
    if not path:
        return
    first = Path(path[0] or os.getcwd()).resolve()
    if Path(refactorkit.__file__).resolve().parent.parent != first:
        del path[0]


if __name__ == "__main__":
    _drop_current_folder(sys.path)
    from refactorkit.cli import main

    raise SystemExit(main())
