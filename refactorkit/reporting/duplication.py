"""The duplication figure (RK116's clone groups) as words, JSON data and table rows."""

from __future__ import annotations

from typing import Any

from refactorkit.domain import Duplication


def duplication_words(found: Duplication) -> str:
    """`3.1% of 81,555 lines of code duplicated (683 clone groups of >= 6 lines)`."""
    groups = len(found.groups)
    return (
        f"{found.percent:.1f}% of {found.counted_lines:,} lines of code duplicated "
        f"({groups:,} clone group{'' if groups == 1 else 's'} of >= {found.min_lines} lines)"
    )


def file_percent(duplicated: int, counted: int) -> float:
    return 100.0 * duplicated / counted if counted else 0.0


def worst_files(found: Duplication, top: int) -> list[tuple[str, int, int, float]]:
    """The `top` files with the most duplicated lines: (path, duplicated, counted, percent)."""
    rows = [
        (path, dup, counted, file_percent(dup, counted))
        for path, dup, counted in found.per_file
        if dup
    ]
    rows.sort(key=lambda row: (-row[1], row[0]))
    return rows[:top]


def duplication_dict(found: Duplication) -> dict[str, Any]:
    """The JSON form: the figure, every clone group with every place, and per-file figures."""
    return {
        "min_lines": found.min_lines,
        "percent": round(found.percent, 2),
        "duplicated_lines": found.duplicated_lines,
        "counted_lines": found.counted_lines,
        "groups": [
            {
                "lines": group.lines,
                "places": [
                    {"path": p.relpath, "start": p.start, "end": p.end} for p in group.places
                ],
            }
            for group in found.groups
        ],
        "files": [
            {"path": path, "duplicated": dup, "counted": counted, "percent": round(pct, 2)}
            for path, dup, counted, pct in worst_files(found, len(found.per_file))
        ],
    }
