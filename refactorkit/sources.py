"""The two records discovery makes: a Python file found, and a file skipped with its reason.

Apart from the other records (`domain.py`, which re-exports these) so the warm path of
`analyze`, which discovers files but measures none, does not build the record classes it
never uses (building 19 frozen dataclasses was a tenth of its start-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceFile:
    """A Python file found under the analyzed root."""

    path: Path  # absolute
    relpath: str  # posix path relative to the project root
    module: str | None  # dotted module name, None when outside every importable root
    is_package: bool  # True for __init__.py


@dataclass(frozen=True)
class SkippedFile:
    """A file we could not measure, with the reason the user sees."""

    relpath: str
    reason: str
