"""A hand-built AnalysisReport with long paths, a cycle, churn and every kind of finding."""

from __future__ import annotations

from pathlib import Path

from refactorkit.analysis.churn import Churn
from refactorkit.analysis.graph_summary import package_deps
from refactorkit.analysis.report import AnalysisReport, GraphSummary, ModuleDeps
from refactorkit.domain import ImportKind, ImportRecord, SkippedFile
from tests.unit.analysis.builders import analysis, cycle, edge, func, judged, klass

LONG_DIR = "src/very/deeply/nested/package/with/a/really/long/name"
LONG_PATH = f"{LONG_DIR}/models_with_an_unreasonably_long_file_name.py"


def sample_report(churn: bool = True) -> AnalysisReport:
    models = analysis(
        LONG_PATH,
        "very.deeply.nested.package.with_.a.really.long.name.models",
        loc=1200,
        sloc=900,
        functions=(
            func(
                "OrderManagerWithAVeryLongName.recalculate_everything_for_the_quarter",
                44,
                line=30,
                length=120,
                cls="OrderManagerWithAVeryLongName",
            ),
            func("helper", 12, line=700),
            func("tiny", 1, line=800),
        ),
        classes=(
            klass("OrderManagerWithAVeryLongName", 10, 600, 25, 20),
            klass("Small|Pipe", 650, 30, 2),
        ),
        top_level_classes=2,
        imports=(ImportRecord("app", None, 3, ImportKind.TOP),),
    )
    app = analysis("app.py", "app", loc=80, functions=(func("main", 3),))
    files = (app, models)
    c = cycle(
        edge("app", models.source.module or "", 2),
        edge(models.source.module or "", "app", 3, ImportKind.FUNCTION),
    )
    tc_only = cycle(edge("x", "y", 1, ImportKind.TYPE_CHECKING), edge("y", "x", 1), runtime=False)
    deps = {LONG_PATH: ModuleDeps(3, 1), "app.py": ModuleDeps(1, 1)}
    history = Churn(90, {LONG_PATH: 7, "app.py": 1}, 8) if churn else None
    hotspots, findings, limits = judged(files, deps, history, [c])
    graph = GraphSummary(
        internal_modules=2,
        edges=2,
        external_edges=1,
        third_party=("sqlalchemy",),
        stdlib=("os",),
        internal_roots=frozenset({"app", "very"}),
        runtime_cycles=(c,),
        all_cycles=(c, tc_only),
        deps=deps,
        packages=package_deps(files, [("app", models.source.module or "")]),
    )
    return AnalysisReport(
        root=Path("/tmp/project"),
        files=files,
        skipped=(
            SkippedFile("broken.py", "syntax error at line 3: invalid syntax"),
            SkippedFile(f"{LONG_DIR}/binary.py", "contains NUL bytes (binary file?)"),
        ),
        graph=graph,
        hotspots=hotspots,
        findings=findings,
        churn=history,
        limits=limits,
        elapsed=1.234,
        jobs=2,
        cache_hits=1,
    )
