"""Reports that fit where they go: markdown under 60,000 characters on a 2,000-file project
(a GitHub comment holds 65,536), `--full` for everything; test code reported apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.functional.rk_run import nested_ifs, rk, write

FILES = 2_000


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 small modules with a complex function each, every 20th one 600 lines long,
    an import cycle, and a tests/ folder: thousands of findings."""
    root = tmp_path_factory.mktemp("big") / "proj"
    write(root, "app/__init__.py", "")
    for i in range(FILES):
        package = f"app/p{i // 100}"
        if i % 100 == 0:
            write(root, f"{package}/__init__.py", "")
        body = nested_ifs(f"route_{i}", 12)
        if i % 20 == 0:
            body += "".join(f"VALUE_{n} = {n}\n" for n in range(600))
        write(root, f"{package}/m{i}.py", f"from app.p{(i // 100 + 1) % 20} import m{i}\n{body}")
    for i in range(30):
        write(root, f"tests/test_t{i}.py", nested_ifs(f"test_{i}", 14) + "X = 1\n" * 600)
    return root


def analyze(root: Path, *args: str) -> tuple[int, str, str]:
    run = rk("analyze", ".", "--cache-dir", str(root.parent / "cache"), "--since", "0", *args,
             cwd=root)  # fmt: skip
    return run.code, run.out, run.err


def test_markdown_fits_a_github_comment_by_default(big_project: Path) -> None:
    code, out, err = analyze(big_project, "--format", "markdown")
    assert code == 0, err
    assert len(out) < 60_000
    assert "<details><summary>" in out and "</details>" in out
    assert "more findings (`--full` lists all)." in out
    assert "## Test code" in out and "30 files" in out
    code, full, _ = analyze(big_project, "--format", "markdown", "--full")
    assert code == 0 and len(full) > 60_000 and "<details>" not in full
    assert full.count("route_1999") >= 1  # every function is listed


def test_top_is_honoured_until_the_budget_says_otherwise(big_project: Path) -> None:
    _, out, _ = analyze(big_project, "--format", "markdown", "--top", "200")
    assert len(out) < 60_000  # 200 rows per table would not fit: the tables are halved


def test_test_code_is_not_ranked_with_product_code(big_project: Path) -> None:
    _, out, _ = analyze(big_project, "--top", "5")
    hotspots = out.split("Top hotspots")[1].split("\n\n")[0]
    assert "tests/" not in hotspots
    apart = out.split("\nTest code\n")[1]
    assert "30 files, " in apart and "tests/test_t" in apart
    _, together, _ = analyze(big_project, "--top", "5", "--include-tests")
    assert "tests/test_t" in together.split("Top hotspots")[1].split("\n\n")[0]
    assert "\nTest code\n" not in together
