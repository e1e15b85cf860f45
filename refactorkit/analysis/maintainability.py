"""Maintainability index equal to `radon.metrics.mi_visit(text, multi=True)`, without re-parsing."""

from __future__ import annotations

from radon.metrics import mi_compute

from refactorkit.domain import RawMetrics


def maintainability_index(volume: float, total_complexity: int, raw: RawMetrics) -> float:
    """radon's MI from its inputs; multi-line strings count as comments (radon's `multi=True`).

    Args:
        volume: Halstead volume of the whole file (`halstead.halstead_volume`).
        total_complexity: radon's `ComplexityVisitor.total_complexity` (`Complexity.total`).
        raw: the file's raw counts.
    """
    comment_lines = raw.comments + raw.multi
    # same expression and operation order as radon.metrics.mi_parameters, for equal floats
    comments = comment_lines / float(raw.sloc) * 100 if raw.sloc != 0 else 0
    # radon passes LLOC where mi_compute's parameter says SLOC; we match it (docs/metrics.md)
    return float(mi_compute(volume, total_complexity, raw.lloc, comments))
