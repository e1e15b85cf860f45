"""Maintainability index equal to `radon.metrics.mi_visit(text, multi=True)`, without re-parsing."""

from __future__ import annotations

import ast
from typing import Any

from radon.metrics import halstead_visitor_report, mi_compute
from radon.visitors import HalsteadVisitor

from refactorkit.analysis.complexity import run_deep
from refactorkit.domain import RawMetrics


def halstead_volume(tree: ast.Module) -> float:
    """Halstead volume of the whole file, as `radon.metrics.h_visit_ast(tree).total.volume`."""
    visitor: Any = run_deep(lambda: HalsteadVisitor.from_ast(tree))
    return float(halstead_visitor_report(visitor).volume)


def maintainability_index(volume: float, total_complexity: int, raw: RawMetrics) -> float:
    """radon's MI from its inputs; multi-line strings count as comments (radon's `multi=True`)."""
    comment_lines = raw.comments + raw.multi
    # same expression and operation order as radon.metrics.mi_parameters, for equal floats
    comments = comment_lines / float(raw.sloc) * 100 if raw.sloc != 0 else 0
    # radon passes LLOC where mi_compute's parameter says SLOC; we match it (docs/metrics.md)
    return float(mi_compute(volume, total_complexity, raw.lloc, comments))
