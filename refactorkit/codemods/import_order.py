"""The one order of names in a generated `from x import a, b`: isort's default.

Every codemod that writes an import line (split, move-symbol, split-class) sorts its names
with `isort_key`, so the same names come out in the same order whichever wrote them (and a
project formatted with isort or ruff's `I` rules stays formatted).
"""

from __future__ import annotations

from collections.abc import Iterable


def isort_key(name: str) -> tuple[int, str]:
    """isort's default order within a `from` import: CONSTANTS, Classes, then the rest."""
    bare = name.lstrip("_")
    if bare.isupper() and len(bare) > 1:
        return (0, name.lower())
    return (1 if bare[:1].isupper() else 2, name.lower())


def sorted_names(names: Iterable[str]) -> list[str]:
    """`names` in isort's order (see `isort_key`)."""
    return sorted(names, key=isort_key)
