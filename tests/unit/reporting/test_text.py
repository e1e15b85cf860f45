"""The terminal report: sections, numbers, and every line within 80 columns."""

from __future__ import annotations

import dataclasses

import pytest

from refactorkit.reporting.ansi import strip_ansi
from refactorkit.reporting.text import clip, fit, render_text
from tests.unit.analysis.builders import analysis, func
from tests.unit.reporting.sample import LONG_PATH, sample_report


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("pkg/models.py", 20, "pkg/models.py"),
        ("a/very/long/path/models.py", 15, "...th/models.py"),
        ("abcdef", 3, "def"),
        ("abcdef", 0, ""),
    ],
)
def test_fit_cuts_from_the_left(text: str, width: int, expected: str) -> None:
    assert fit(text, width) == expected
    assert len(fit(text, width)) <= width


def test_clip_cuts_from_the_right() -> None:
    assert clip("OrderManager", 8) == "Order..."
    assert clip("Order", 8) == "Order"


def test_every_line_fits_80_columns_except_whole_commands() -> None:
    text = render_text(sample_report(), top=10)
    for line in text.splitlines():
        if len(line) > 80:
            # Only a fix command's single unbreakable word (a path or a module) may overflow.
            assert len(line.split()) == 1, line


def test_summary_and_sections() -> None:
    text = render_text(sample_report())
    lines = text.splitlines()
    assert lines[0] == "refactorkit analyze /tmp/project"
    assert lines[1] == "2 files, 1,280 lines (980 SLOC), 2 skipped, 1.23 s"
    # The builders give each file loc - sloc blank lines and no comments: 300 + 0.
    assert lines[2] == "  size: 0 comment lines, 300 blank, 0 docstring lines"
    assert "  jobs 2, cache 1/2 hits" in lines
    assert "  imports: 2 modules, 2 internal edges, 1 runtime cycle (+1 via TYPE_CHECKING)" in lines
    assert "  churn: 8 commits in the last 90 days touched 2 files" in lines
    for heading in ("Top hotspots", "Findings: 1 file-too-long, 2 complex-function,",
                    "Worst functions", "Import cycles (1 at run time, 1 only through",
                    "Skipped (2)"):  # fmt: skip
        assert any(line.startswith(heading) for line in lines), heading
    assert "      syntax error at line 3: invalid syntax" in lines


def test_hotspot_rows_show_hand_computed_scores() -> None:
    lines = render_text(sample_report()).splitlines()
    rows = [line for line in lines if "[god class]" in line]
    # (600/100 + 44/10) x (1 + log2 4) x (1 + log2 8) = 10.4 x 3 x 4 = 124.8
    assert rows[0].startswith("  124.8    600    44   3     7  class OrderManagerWi")
    top = lines.index("  score  lines    cc  in churn  where") + 1
    # (900/100 + 57/10) x 3 x 4 = 176.4; the 100-character path fits no line: its flags stay
    # on the row, the path (cut from the left, only because it is longer than the line) below.
    assert lines[top] == "  176.4  1,200    57   3     7  [monolith, cycle]"
    assert lines[top + 1] == "..." + LONG_PATH[-77:]


def test_the_header_gives_the_real_score_formula() -> None:
    lines = render_text(sample_report(), width=120).splitlines()
    head = lines.index("Top hotspots")
    assert lines[head + 1] == (
        "  score = (SLOC/100 + cc/10) x (1 + log2(1 + in)) x (1 + log2(1 + churn)), docs/analyze.md"
    )


def test_a_path_that_fits_its_own_line_is_never_cut() -> None:
    report = sample_report()
    h = dataclasses.replace(
        report.hotspots[0],
        kind="module",
        relpath="django/db/models/fields/__init__.py",
        flags=("file-too-long", "import-cycle"),
    )
    at = {
        w: render_text(dataclasses.replace(report, hotspots=(h,)), width=w) for w in (60, 80, 140)
    }
    assert "django/db/models/fields/__init__.py [monolith, cycle]" in at[140]
    row = next(line for line in at[80].splitlines() if "django/db/models/fields" in line)
    assert row.endswith("  django/db/models/fields/__init__.py")  # whole, flags below
    assert " " * 32 + "[monolith, cycle]" in at[80].splitlines()
    # At 60 columns the path does not fit after the numbers: it goes whole on the next line.
    assert "\n" + " " * 25 + "django/db/models/fields/__init__.py\n" in at[60]
    for text in at.values():
        assert "..." + "/models/fields/__init__.py" not in text


def test_a_cycle_hop_too_long_for_one_line_is_split_not_cut() -> None:
    # "     app.py:2 imports <58-character module>" is 80 columns: at 75 it takes two lines.
    text = render_text(sample_report(), width=75)
    assert "..." not in text.split("Import cycles")[1].split("cut")[0]
    assert "\n     app.py:2\n" in text
    assert "\n       imports very.deeply.nested.package.with_.a.really.long.name.models" in text


def test_colour_only_when_asked() -> None:
    plain = render_text(sample_report())
    assert "\x1b[" not in plain
    painted = render_text(sample_report(), color=True)
    assert "\x1b[1mTop hotspots\x1b[0m" in painted
    assert "\x1b[31mcycle\x1b[0m" in painted and "\x1b[33mmonolith\x1b[0m" in painted
    assert strip_ansi(painted) == plain


def test_worst_functions_keep_numbers_when_names_are_long() -> None:
    lines = render_text(sample_report()).splitlines()
    start = lines.index("Worst functions")
    assert lines[start + 1] == "  cc rank  cog lines  function (where)"
    assert lines[start + 2].startswith("  44 F       0   120  OrderManagerWithAVeryLongName.")
    assert lines[start + 3].endswith("long_file_name.py:30")
    assert lines[start + 4] == "  12 C       0     5  helper"


def test_size_line_sums_comments_blanks_and_docstrings() -> None:
    report = sample_report()
    raws = [
        dataclasses.replace(f.raw, comments=3, blank=1_000, docstring_lines=1) for f in report.files
    ]
    files = tuple(dataclasses.replace(f, raw=r) for f, r in zip(report.files, raws, strict=True))
    lines = render_text(dataclasses.replace(report, files=files)).splitlines()
    assert lines[2] == "  size: 6 comment lines, 2,000 blank, 2 docstring lines"


def test_summary_lines_with_big_numbers_wrap() -> None:
    report = sample_report()
    graph = dataclasses.replace(report.graph, internal_modules=123_456, edges=1_234_567)
    lines = render_text(dataclasses.replace(report, graph=graph)).splitlines()
    start = lines.index("  jobs 2, cache 1/2 hits") + 1
    assert lines[start : start + 2] == [
        "  imports: 123,456 modules, 1,234,567 internal edges, 1 runtime cycle (+1 via",
        "    TYPE_CHECKING)",
    ]


def test_a_class_whose_place_does_not_fit_gets_it_on_the_next_line() -> None:
    report = sample_report()
    h = dataclasses.replace(
        report.hotspots[0],
        kind="class",
        name="LaTeXTranslator",
        relpath="docutils/writers/latex2e/__init__.py",
        line=1135,
        flags=("god-class",),
    )
    lines = render_text(dataclasses.replace(report, hotspots=(h,))).splitlines()
    start = next(i for i, line in enumerate(lines) if "LaTeXTranslator" in line)
    # 22 + 24 + 12 columns do not fit in the 48 left of the numbers: the place goes below.
    assert lines[start].endswith("  class LaTeXTranslator [god class]")
    assert lines[start + 1] == " " * 32 + "docutils/writers/latex2e/__init__.py:1135"


def test_a_long_findings_summary_wraps() -> None:
    report = sample_report()
    many = tuple(dataclasses.replace(report.findings[0]) for _ in range(1_234))
    text = render_text(dataclasses.replace(report, findings=report.findings + many), top=1)
    head = text.split("Findings: ")[1].splitlines()
    assert all(len(line) <= 80 for line in text.splitlines() if len(line.split()) > 1)
    assert head[1].startswith("  ")  # the continuation is indented


def test_a_long_function_name_is_never_cut_to_fit_its_place() -> None:
    # 22 + 37 + 2 + 41 = 102 columns: the name goes whole on its own line, the place below.
    fn = func("LaTeXTranslator.visit_definition_list", 28, line=1187, length=206, cognitive=61)
    latex = analysis("docutils/writers/latex2e/__init__.py", "w", functions=(fn,))
    report = dataclasses.replace(sample_report(), files=(latex,))
    lines = render_text(report).splitlines()
    start = lines.index("Worst functions")
    assert lines[start + 2] == "  28 D      61   206  LaTeXTranslator.visit_definition_list"
    assert lines[start + 3] == " " * 22 + "docutils/writers/latex2e/__init__.py:1187"


def test_cycle_chain_and_cut() -> None:
    text = render_text(sample_report())
    assert (
        "     app.py:2 imports very.deeply.nested.package.with_.a.really.long.name.models" in text
    )
    assert "imports app (in a function)" in text
    assert "     cut very.deeply.nested.package.with_.a.really.long.name.models -> app" in text
    assert "     x.py:1 imports y (TYPE_CHECKING)" in text


def test_top_limits_the_lists() -> None:
    text = render_text(sample_report(), top=1)
    assert "  ... and 1 more" in text  # the second cycle
    table = text.split("  score  lines")[1].split("\n\n")[0].splitlines()[1:]
    assert len([row for row in table if row.startswith("  ")]) == 1


def test_without_churn_or_findings() -> None:
    report = dataclasses.replace(sample_report(churn=False), findings=())
    text = render_text(report)
    assert "  churn: not measured (not a git repository, or --since 0)" in text
    assert "Findings: none over the thresholds" in text


def test_name_list_fits_and_counts_the_rest() -> None:
    from refactorkit.reporting.text import _name_list

    names = tuple(f"package{i}" for i in range(18))
    line = _name_list("  third-party: ", names, 80)
    assert line == "  third-party: package0, package1, package2, package3, package4, +13 more"
    assert _name_list("  x: ", ("a", "b"), 80) == "  x: a, b"
    assert _name_list("  x: ", names, 10) == "  x: +18 more"
