"""`analyze --format json`: the report as a stable document (docs/json-schema.md).

The shape is versioned by `schema_version`; adding keys keeps the version, renaming or
removing one bumps it. refactorkit/reporting/analyze.schema.json is the machine-readable
form and the tests validate real output against it.
"""

from __future__ import annotations

from typing import Any

from refactorkit import __version__
from refactorkit.analysis.report import AnalysisReport, GraphSummary, Hotspot
from refactorkit.domain import FileAnalysis, Finding
from refactorkit.graph.model import Cycle, ImportEdge
from refactorkit.reporting.duplication import duplication_dict
from refactorkit.reporting.json_text import dumps
from refactorkit.rules.fixes import fix_as_json

SCHEMA_VERSION = 2  # 2: findings are rule findings (code, rule, symbol, fix object)


def render_json(report: AnalysisReport, top: int = 10) -> str:
    """The report as indented JSON, ending with a newline."""
    # json_text.dumps writes json.dumps(..., indent=2)'s text, 1.7x faster (docs/benchmarks.md).
    return dumps(report_to_dict(report, top), indent=2, ensure_ascii=False) + "\n"


def report_to_dict(report: AnalysisReport, top: int = 10) -> dict[str, Any]:
    """The JSON document as Python data: every file and finding; the `top` ranked items."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "refactorkit", "version": __version__},
        "root": report.root.as_posix(),
        "summary": _summary(report),
        "limits": dict(report.limits.values),
        # Product code ranked alone; test, docs and example code in a list of its own.
        "hotspots": [_hotspot(h) for h in report.product_hotspots[:top]],
        "test_hotspots": [_hotspot(h) for h in report.test_hotspots[:top]],
        "worst_functions": _worst_functions(report, top),
        "findings": [_finding(f, report.is_test(f.relpath)) for f in report.findings],
        "graph": _graph(report.graph),
        "churn": _churn(report),
        "files": [_file(f, report) for f in report.files],
        "skipped": [{"path": s.relpath, "reason": s.reason} for s in report.skipped],
    } | _duplication(report)


def _duplication(report: AnalysisReport) -> dict[str, Any]:
    found = report.duplication
    return {} if found is None else {"duplication": duplication_dict(found)}


def _worst_functions(report: AnalysisReport, top: int) -> list[dict[str, Any]]:
    return [
        {
            "path": f.source.relpath,
            "qualname": fn.qualname,
            "line": fn.lineno,
            "complexity": fn.complexity,
            "rank": fn.rank,
            "cognitive": fn.cognitive,
            "length": fn.length,
        }
        for f, fn in report.worst_functions(top)
    ]


def _graph(graph: GraphSummary) -> dict[str, Any]:
    return {
        "internal_modules": graph.internal_modules,
        "edges": graph.edges,
        "external_edges": graph.external_edges,
        "third_party": list(graph.third_party),
        "stdlib": list(graph.stdlib),
        "runtime_cycles": len(graph.runtime_cycles),
        "type_checking_cycles": len(graph.type_checking_cycles),
        "cycles": [_cycle(c) for c in (*graph.runtime_cycles, *graph.type_checking_cycles)],
        "packages": [
            {
                "name": p.name,
                "modules": p.modules,
                "lines": p.lines,
                "fan_in": len(p.imported_by),
                "fan_out": len(p.imports),
                "imports": list(p.imports),
                "imported_by": list(p.imported_by),
            }
            for p in graph.packages
        ],
    }


def _churn(report: AnalysisReport) -> dict[str, Any] | None:
    churn = report.churn
    if churn is None:
        return None
    return {
        "since_days": churn.since_days,
        "commits": churn.total_commits,
        "files": {
            f.source.relpath: churn.of(f.source.relpath)
            for f in report.files
            if churn.of(f.source.relpath)
        },
    }


def _summary(report: AnalysisReport) -> dict[str, Any]:
    """Counts over the whole run (test code included; `test_files` says how much of it)."""
    return {
        "files": len(report.files),
        "skipped": len(report.skipped),
        "lines": report.lines,
        "sloc": report.sloc,
        "comments": report.comments,
        "blank": report.blank,
        "docstring_lines": report.docstring_lines,
        "functions": sum(len(f.functions) for f in report.files),
        "classes": sum(len(f.classes) for f in report.files),
        "findings": report.findings_by_rule(),
        "test_files": len(report.test_files),
        "elapsed_seconds": round(report.elapsed, 3),
        "jobs": report.jobs,
        "cache_hits": report.cache_hits,
    }


def _hotspot(h: Hotspot) -> dict[str, Any]:
    return {
        "kind": h.kind,
        "path": h.relpath,
        "name": h.name,
        "line": h.line,
        "score": h.score,
        "lines": h.lines,
        "complexity": h.complexity,
        "fan_in": h.fan_in,
        "churn": h.churn,
        "flags": list(h.flags),
    }


def _finding(f: Finding, test: bool = False) -> dict[str, Any]:
    return {
        "code": f.code,
        "rule": f.rule,
        "path": f.relpath,
        "line": f.line,
        "symbol": f.symbol,
        "message": f.message,
        "score": f.score,
        "value": f.value,
        "limit": f.limit,
        "fix": fix_as_json(f.fix),
        "test": test,
    }


def _edge(e: ImportEdge) -> dict[str, Any]:
    return {
        "importer": e.importer,
        "imported": e.imported,
        "path": e.relpath,
        "line": e.lineno,
        "kind": e.kind.value,
    }


def _cycle(c: Cycle) -> dict[str, Any]:
    return {
        "modules": list(c.modules),
        "runtime": c.runtime,
        "import_time": c.import_time,
        "chain": [_edge(e) for e in c.chain],
    }


def _file(f: FileAnalysis, report: AnalysisReport) -> dict[str, Any]:
    deps = report.graph.of(f.source.relpath)
    raw = f.raw
    return {
        "path": f.source.relpath,
        "module": f.source.module,
        "is_package": f.source.is_package,
        "test": report.is_test(f.source.relpath),
        "sha256": f.sha256,
        "raw": {
            "loc": raw.loc,
            "lloc": raw.lloc,
            "sloc": raw.sloc,
            "comments": raw.comments,
            "multi": raw.multi,
            "blank": raw.blank,
            "single_comments": raw.single_comments,
            "docstring_lines": raw.docstring_lines,
        },
        "maintainability": round(f.maintainability, 2),
        "top_level_classes": f.top_level_classes,
        "top_level_functions": f.top_level_functions,
        "max_complexity": f.max_complexity,
        "average_complexity": round(f.average_complexity, 2),
        "fan_in": deps.fan_in,
        "fan_out": deps.fan_out,
        "churn": None if report.churn is None else report.churn.of(f.source.relpath),
        "functions": [
            {
                "name": fn.name,
                "qualname": fn.qualname,
                "class": fn.classname,
                "line": fn.lineno,
                "endline": fn.endline,
                "length": fn.length,
                "complexity": fn.complexity,
                "rank": fn.rank,
                "cognitive": fn.cognitive,
            }
            for fn in f.functions
        ],
        "classes": [
            {
                "name": c.name,
                "line": c.lineno,
                "endline": c.endline,
                "lines": c.lines,
                "methods": c.methods,
                "public_methods": c.public_methods,
                "complexity": c.complexity,
            }
            for c in f.classes
        ],
        "imports": [
            {
                "module": i.module,
                "name": i.name,
                "line": i.lineno,
                "kind": i.kind.value,
                "in_try": i.in_try,
                "category": report.graph.category(i.module),
            }
            for i in f.imports
        ],
    }
