"""The markdown report: the plan-style tables, escaped cells, thresholds marked."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from refactorkit.reporting.markdown import cell, render_markdown, table
from refactorkit.rules.limits import Limits
from tests.unit.reporting.sample import LONG_PATH, sample_report


def test_table_and_cells() -> None:
    assert table(("A", "N"), [("x|y", 3)], right=1) == "| A | N |\n| --- | --: |\n| x\\|y | 3 |"
    assert cell("two\nlines") == "two lines"


def test_sections() -> None:
    text = render_markdown(sample_report())
    assert text.startswith("# Refactoring hotspots: `project`\n")
    for heading in (
        "## Largest files",
        "## Hotspots",
        "## Most complex functions",
        "## Methods per class",
        "## Over threshold",
        "## Import cycles",
        "## Skipped files",
    ):
        assert f"\n{heading}\n" in text, heading
    assert "| Lines (SLOC) | 1,280 (980) |" in text
    # The builders give each file loc - sloc blank lines: 300 + 0.
    assert "| Comment / blank / docstring lines | 0 / 300 / 0 |" in text


def test_rows_mark_what_is_over_a_threshold() -> None:
    text = render_markdown(sample_report())
    # Average complexity over the functions: (44 + 12 + 1) / 3 = 19.0.
    assert f"| `{LONG_PATH}` ⚠ | 1,200 | 900 | 2 | 2 | 19.0 | 44 | 50.0 |" in text
    assert "| `app.py` | 80 | 80 | 0 | 1 | 3.0 | 3 | 50.0 |" in text
    assert f"| `OrderManagerWithAVeryLongName` ⚠ | {LONG_PATH}:10 | 25 | 20 | 600 |" in text
    assert f"| `Small\\|Pipe` | {LONG_PATH}:650 | 2 | 2 | 30 |" in text  # pipe escaped
    assert f"| RK101 file-too-long | the file | {LONG_PATH}:1 | 1200 | 500 |" in text
    assert f"`refactorkit split {LONG_PATH} --auto` |" in text


def test_cycles_list_each_hop() -> None:
    text = render_markdown(sample_report())
    assert "1. **app → very.deeply.nested.package.with_.a.really.long.name.models → app**" in text
    assert "   - `app.py:2` app imports very.deeply" in text
    assert "(in a function)" in text
    assert "2. **x → y → x** (TYPE_CHECKING only)" in text


def test_nothing_over_threshold() -> None:
    report = dataclasses.replace(sample_report(), findings=(), skipped=())
    text = render_markdown(report)
    assert "Nothing is over a limit." in text
    assert "## Skipped files" not in text


def test_threshold_notes_count_what_is_over() -> None:
    text = render_markdown(sample_report())
    assert "⚠ over 1,200 lines" not in text
    assert "⚠ over 500 lines (1 in all)." in text
    assert "⚠ over 20 methods (1 in all)." in text
    limits = sample_report().limits
    lenient = dataclasses.replace(
        sample_report(),
        limits=Limits(MappingProxyType({**limits.values, "max_class_methods": 99})),
    )
    assert "None over 99 methods." in render_markdown(lenient)
    assert "| 1 | module `very.deeply" in text


def test_listing_shows_top_rows_then_details_then_a_count() -> None:
    from refactorkit.reporting.markdown import Budget, listing

    def render(items: object) -> str:
        return ",".join(str(i) for i in items)  # type: ignore[attr-defined]

    text = listing(list(range(10)), Budget(3, 4), render, "rows")
    assert text == (
        "0,1,2\n\n<details><summary>4 more rows</summary>\n\n3,4,5,6\n\n</details>\n\n"
        "…and 3 more rows (`--full` lists all)."
    )
    assert listing(list(range(10)), Budget(None), render, "rows") == "0,1,2,3,4,5,6,7,8,9"
    assert listing([1], Budget(3, 4), render, "rows") == "1"


def test_a_budget_too_small_for_the_details_drops_them_first() -> None:
    report = sample_report()
    roomy = render_markdown(report, top=1)
    assert "<details><summary>" in roomy  # the second cycle, the second function...
    tight = render_markdown(report, top=1, max_chars=len(roomy) - 1)
    assert "<details>" not in tight and len(tight) < len(roomy)
    assert "more cycles (`--full` lists all)." in tight
    full = render_markdown(report, top=1, full=True)
    assert "<details>" not in full and "(`--full` lists all)" not in full
    assert "2. **x → y → x**" in full


def test_test_code_has_its_own_section() -> None:
    apart = dataclasses.replace(sample_report(), test_paths=frozenset({LONG_PATH}))
    text = render_markdown(apart)
    assert "| Of them test, docs and example files | 1 |" in text
    section = text.split("## Test code\n\n")[1]
    assert section.startswith("1 file, 1,200 lines, measured but not ranked")
    assert LONG_PATH in section
    assert (
        LONG_PATH
        not in text.split("## Hotspots")[1]
        .split("## Test code")[0]
        .split("## Import cycles")[0]
        .split("## Most complex")[0]
    )
