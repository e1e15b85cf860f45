"""The HTML report: every section present, self-contained, escaped; screenshot in Chromium."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from refactorkit.analysis.graph_summary import summarize_graph
from refactorkit.analysis.report import AnalysisReport
from refactorkit.domain import FileAnalysis, ImportKind, ImportRecord, SkippedFile
from refactorkit.reporting.dot import graphviz_available
from refactorkit.reporting.html import package_depth, render_html
from refactorkit.reporting.html_graph import Level, levels
from tests.unit.analysis.builders import judged
from tests.unit.check.helpers import analysis


def with_imports(f: FileAnalysis, *modules: str) -> FileAnalysis:
    records = tuple(ImportRecord(m, None, i, ImportKind.TOP) for i, m in enumerate(modules, 1))
    return dataclasses.replace(f, imports=records)


def report_of(
    files: tuple[FileAnalysis, ...], skipped: tuple[SkippedFile, ...] = ()
) -> AnalysisReport:
    graph = summarize_graph(files)
    hotspots, findings, limits = judged(files, graph.deps, None, graph.runtime_cycles)
    return AnalysisReport(
        root=Path("/projects/shop"),
        files=files,
        skipped=skipped,
        graph=graph,
        hotspots=hotspots,
        findings=findings,
        churn=None,
        limits=limits,
        elapsed=0.42,
        jobs=1,
        cache_hits=0,
    )


def sample_report() -> AnalysisReport:
    files = (
        with_imports(
            analysis("shop/models.py", loc=1200, complexities=[25, 12, 3], methods=[24]),
            "shop.db",
        ),
        with_imports(analysis("shop/db.py", loc=300, complexities=[4, 2]), "shop.models"),
        with_imports(analysis("shop/api/views.py", loc=640, complexities=[8, 6]), "shop.models"),
        analysis("shop/api/__init__.py", loc=5),
        with_imports(analysis("shop/cli.py", loc=90, complexities=[2]), "shop.api.views"),
        analysis("tools/<odd>.py", loc=40, complexities=[1]),
    )
    return report_of(
        files, (SkippedFile("shop/broken.py", "syntax error at line 3: invalid syntax"),)
    )


def test_sections_and_numbers() -> None:
    page = render_html(sample_report())
    assert page.startswith("<!DOCTYPE html>")
    for heading in (
        "Hotspots",
        "Files by size",
        "Most complex functions",
        "Package graph",
        "Import cycles (1)",
        "Skipped files (1)",
    ):
        assert f"<h2>{heading}</h2>" in page or f"<h2>{heading}" in page
    assert "<b>2,275</b><span>lines" in page  # 1200 + 300 + 640 + 5 + 90 + 40
    assert "files over 500 lines" in page
    hotspots = page[page.index("<h2>Hotspots") : page.index("<h2>Files by size")]
    assert "<td class=w><code>shop/<wbr>models.<wbr>py:1</code>" in hotspots  # the top one
    assert "syntax error at line 3" in page


def cycles_section(page: str) -> str:
    """The cycles section without its line-break hints."""
    page = page.replace("<wbr>", "")
    return page[page.index("<h2>Import cycles") :]


def test_a_two_module_cycle_shows_both_imports_and_where_to_cut() -> None:
    section = cycles_section(render_html(sample_report()))
    assert "<b>2 modules</b> import each other in a loop:" in section
    hops = re.findall(r"<li><code>([\w.]+)</code> imports <code>([\w.]+)</code>", section)
    assert sorted(hops) == [("shop.db", "shop.models"), ("shop.models", "shop.db")]
    assert "shop/models.py:1</span>" in section and "shop/db.py:1</span>" in section
    assert "<b>Fix:</b> cut shop." in section
    assert "<details>" not in section  # the loop is the whole tangle


def test_long_names_may_break_after_dots_and_slashes() -> None:
    long = "a_long_package_name.another_long_subpackage.a_module_with_a_long_name"
    files = (analysis(long.replace(".", "/") + ".py", loc=600, complexities=[30]),)
    page = render_html(report_of(files))
    assert "a_long_package_name.<wbr>another_long_subpackage.<wbr>a_module_with" in page
    assert "a_long_package_name/<wbr>another_long_subpackage/<wbr>a_module_with" in page
    assert "td.w,.cycle{overflow-wrap:anywhere}" in page  # the last resort for one long part


def test_a_tangle_bigger_than_its_loop_lists_every_member() -> None:
    files = (
        with_imports(analysis("app/a.py", loc=10), "app.b"),
        with_imports(analysis("app/b.py", loc=10), "app.a", "app.c"),
        with_imports(analysis("app/c.py", loc=10), "app.b"),
    )
    section = cycles_section(render_html(report_of(files)))
    assert "<b>3 modules</b> are tangled in one cycle; one loop through them (2 hops):" in section
    assert section.count("<li>") == 2
    members = section[section.index("<summary>All 3 modules of this tangle</summary>") :]
    assert "<code>app.a</code>, <code>app.b</code>, <code>app.c</code>" in members


def test_an_import_inside_a_function_is_tagged() -> None:
    lazy = ImportRecord("app.a", None, 7, ImportKind.FUNCTION)
    files = (
        with_imports(analysis("app/a.py", loc=10), "app.b"),
        dataclasses.replace(analysis("app/b.py", loc=10), imports=(lazy,)),
    )
    section = cycles_section(render_html(report_of(files)))
    assert '<code>app.a</code> <span class="tag">in a function</span>' in section
    assert "app/b.py:7" in section


def test_self_contained_and_escaped() -> None:
    page = render_html(sample_report())
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "&lt;odd&gt;.py" in page and "<odd>" not in page


@pytest.mark.skipif(not graphviz_available(), reason="Graphviz `dot` is not installed")
def test_package_graph_is_inline_svg() -> None:
    page = render_html(sample_report())
    graph = page[page.index("<h2>Package graph</h2>") :]
    assert re.search(r'<div class="pgraph rk-depth-\d"><svg', graph)
    assert "<!DOCTYPE svg" not in page and "<?xml" not in page


def test_package_depth_keeps_the_graph_readable() -> None:
    modules = [f"django.{p}.m{i}" for p in ("db", "http", "core") for i in range(30)]
    assert package_depth(modules, limit=40) == 2
    assert package_depth(["a.b", "a.c"], limit=40) == 2
    assert package_depth([f"m{i}" for i in range(100)], limit=40) == 1


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(sample_report()), encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}", "--window-size=1280,1600", page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert shot.exists() and shot.stat().st_size > 20_000  # a blank page is a few KB


def layered_report() -> AnalysisReport:
    """`shop` with 2 packages of 3 modules each, and a test module importing them."""
    files = [
        with_imports(analysis(f"shop/{p}/m{i}.py", loc=50), f"shop.{q}.m0")
        for p, q in (("api", "core"), ("core", "db"), ("db", "core"))
        for i in range(3)
    ]
    files.append(with_imports(analysis("tests/test_shop.py", loc=80), "shop.api.m0"))
    return report_of(tuple(files))


def test_levels_open_at_the_deepest_that_fits_the_budget() -> None:
    modules = [f"django.{p}.sub{s}.m{i}" for p in "abcdef" for s in range(4) for i in range(5)]
    found, opening = levels(modules)
    assert [(level.depth, level.nodes) for level in found] == [(2, 6), (3, 24)]
    assert opening == 3  # 24 boxes fit 40; 120 modules do not fit 100 and are not offered
    assert levels([f"m{i}" for i in range(150)]) == ([Level(1, 150, "modules")], 1)


@pytest.mark.skipif(not graphviz_available(), reason="Graphviz `dot` is not installed")
def test_the_graph_switches_depth_without_a_script_and_leaves_tests_out() -> None:
    page = render_html(layered_report())
    graph = page[page.index("<h2>Package graph</h2>") : page.index("<h2>Import cycles")]
    ids = re.findall(r'<input type="radio" name="rk-depth" id="(rk-depth-\d)"( checked)?>', graph)
    assert ids == [("rk-depth-2", ""), ("rk-depth-3", " checked")]
    assert "#rk-depth-2:checked~.rk-depth-2{display:block}" in graph
    assert graph.count('<div class="pgraph rk-depth-') == 2
    assert "1 test, docs and example modules are left out" in graph
    assert "test_shop" not in graph
    assert "<script" not in page


@pytest.mark.skipif(
    CHROMIUM is None or not graphviz_available(), reason="needs headless Chromium and Graphviz"
)
def test_checking_another_depth_shows_another_picture_in_chromium(tmp_path: Path) -> None:
    page = render_html(layered_report())
    shots = []
    for depth in ("2", "3"):
        checked = page.replace(" checked>", ">").replace(
            f'id="rk-depth-{depth}">', f'id="rk-depth-{depth}" checked>'
        )
        start = checked.index("<section><h2>Package graph")
        alone = checked[: checked.index("<main>") + 6] + checked[start:]
        shots.append(screenshot(alone, tmp_path / depth, "1000,900"))
    assert all(len(shot) > 15_000 for shot in shots)  # a blank box is a few KB
    assert shots[0] != shots[1]


def screenshot(html: str, folder: Path, size: str) -> bytes:
    """A headless Chromium screenshot of `html`, as PNG bytes."""
    folder.mkdir(parents=True)
    page = folder / "page.html"
    page.write_text(html, encoding="utf-8")
    shot = folder / "shot.png"
    subprocess.run(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={folder / 'profile'}",
            f"--screenshot={shot}", f"--window-size={size}", page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    return shot.read_bytes() if shot.exists() else b""
