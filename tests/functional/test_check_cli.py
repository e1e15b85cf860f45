"""`refactorkit check` and `refactorkit baseline` on small projects built in tmp."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest

from tests.functional.rk_run import nested_ifs, rk, write
from tests.unit.check.test_formats import SARIF_SUBSET

CONFIG = """\
[tool.refactorkit.check]
max_file_lines = 30
max_complexity = 3
max_average_complexity = 10
forbidden = [{source = "app.api", target = "app.db"}]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    write(root, "pyproject.toml", CONFIG)
    write(root, "app/__init__.py", "")
    write(root, "app/a.py", "from app import b\n\n\n" + nested_ifs("tangled", 3))
    write(root, "app/b.py", "from app import a\n")
    write(root, "app/clean.py", "X = 1\n")
    write(root, "app/api.py", "import os\n\nfrom app.db import engine\n")
    write(root, "app/db.py", "engine = None\n")
    return root


def check(root: Path, *args: str) -> tuple[int, str, str]:
    run = rk("check", "--cache-dir", str(root.parent / "cache"), *args, cwd=root)
    return run.code, run.out, run.err


def test_violations_are_listed_like_a_linter(project: Path) -> None:
    code, out, _ = check(project)
    assert code == 1
    listed = [line for line in out.splitlines() if not line.startswith("    fix: ")]
    assert listed[:3] == [
        "app/a.py:1:1: RK106 import cycle of 2 modules: app.a -> app.b -> app.a",
        "app/a.py:4:1: RK102 function 'tangled' is too complex, rank A (4 > 3)",
        "app/api.py:3:1: RK107 app.api imports app.db ('app.api' may not import 'app.db')",
    ]
    # Each violation has its fix under it, from the finding or the rule registry.
    assert out.splitlines()[1] == (
        "    fix: cut app.a -> app.b at app/a.py:1: move the shared names into a module both "
        "can import, or import inside the function that needs it"
    )
    assert out.splitlines()[5].startswith("    fix: ")  # RK107 has one too
    assert "Found 3 violations in 2 files:" in out


def test_clean_file_passes_on_the_fast_path(project: Path) -> None:
    code, out, _ = check(project, "app/clean.py")
    assert code == 0
    assert out == "All checks passed (1 file checked).\n"


def test_fast_path_reports_cycles_through_the_given_file_only(project: Path) -> None:
    code, out, _ = check(project, "app/b.py")
    assert code == 1
    assert "RK106" in out and "RK102" not in out and "RK107" not in out


def test_just_under_the_limit_passes(project: Path) -> None:
    write(project, "app/a.py", nested_ifs("fine", 2) + "\n" * 5)
    code, out, _ = check(project, "app/a.py")
    assert (code, out) == (0, "All checks passed (1 file checked).\n")
    write(project, "app/a.py", "x = 1\n" * 30)
    assert check(project, "app/a.py")[0] == 0
    write(project, "app/a.py", "x = 1\n" * 31)
    code, out, _ = check(project, "app/a.py")
    assert code == 1
    assert out.startswith("app/a.py:1:1: RK101 file has too many lines (31 > 30)\n")


def test_suppression_comments(project: Path) -> None:
    text = nested_ifs("tangled", 3).replace("(x):", "(x):  # refactorkit: ignore[RK102]", 1)
    write(project, "app/a.py", "from app import b  # refactorkit: ignore[RK106]\n\n\n" + text)
    write(project, "app/api.py", "# refactorkit: ignore-file[RK107]\nfrom app.db import engine\n")
    code, out, _ = check(project)
    assert (code, out) == (0, "All checks passed (6 files checked).\n")


def test_select_and_ignore(project: Path) -> None:
    code, out, _ = check(project, "--select", "RK107")
    assert code == 1 and [line[:16] for line in out.splitlines()[:1]] == ["app/api.py:3:1: "]
    assert "RK106" not in out
    code, out, _ = check(project, "--ignore", "RK106,RK102,RK107")
    assert code == 0


def test_sarif_output_validates(project: Path) -> None:
    code, out, _ = check(project, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    jsonschema.validate(log, SARIF_SUBSET)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["RK106", "RK102", "RK107"]


def test_json_and_github_outputs(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, _, err = check(project, "--format", "json", "-o", str(target))
    assert code == 1 and "wrote" in err
    document = json.loads(target.read_text())
    assert document["summary"]["violations"] == 3
    code, out, _ = check(project, "--format", "github", "--select", "RK102")
    assert out.startswith("::error file=app/a.py,line=4,col=1,title=RK102 complex-function::")


def test_baseline_ratchet(project: Path) -> None:
    write(project, "app/big.py", "x = 1\n" * 40)
    cache = str(project.parent / "cache")
    made = rk("baseline", "--cache-dir", cache, cwd=project)
    assert made.code == 0 and "4 violation(s) recorded" in made.out
    recorded = json.loads((project / ".refactorkit-baseline.json").read_text())
    assert {"code": "RK101", "path": "app/big.py", "symbol": "", "value": 40} in recorded[
        "violations"
    ]
    assert check(project, "--baseline")[0] == 0

    write(project, "app/big.py", "x = 1\n" * 45)  # grew: fails
    code, out, _ = check(project, "--baseline")
    assert code == 1
    assert out.splitlines()[0] == (
        "app/big.py:1:1: RK101 file has too many lines (45 > 30) [worse than baseline 40]"
    )
    write(project, "app/new.py", "x = 1\n" * 31)  # new violation: fails too
    assert "app/new.py:1:1: RK101" in check(project, "--baseline")[1]

    (project / "app/new.py").unlink()
    write(project, "app/big.py", "x = 1\n" * 35)  # shrank: passes
    code, out, _ = check(project, "--baseline")
    assert code == 0 and "4 known violation(s) accepted by the baseline" in out

    tightened = rk("baseline", "--update", "--cache-dir", cache, cwd=project)
    assert "tightened: RK101 app/big.py: 40 -> 35" in tightened.out
    write(project, "app/big.py", "x = 1\n" * 38)  # under the old value, over the new one
    assert check(project, "--baseline")[0] == 1


def test_missing_baseline_is_an_error(project: Path) -> None:
    code, _, err = check(project, "--baseline")
    assert code == 2
    assert "baseline not found (create it with `refactorkit baseline`)" in err


def test_bad_config_names_the_key(project: Path) -> None:
    write(project, "pyproject.toml", "[tool.refactorkit.check]\nmax_lines = 3\n")
    code, _, err = check(project)
    assert code == 2
    assert "unknown key tool.refactorkit.check.max_lines" in err


def test_unknown_rule_code_is_a_usage_error(project: Path) -> None:
    code, _, err = check(project, "--select", "RK999")
    assert code == 2 and "unknown rule 'RK999'" in err


def test_syntax_errors_are_reported_not_fatal(project: Path) -> None:
    write(project, "app/broken.py", "def (:\n")
    code, out, err = check(project, "app/broken.py", "app/clean.py")
    assert code == 0 and "(1 file checked)" in out
    assert "skipped app/broken.py: syntax error at line 1" in err


def age(root: Path, seconds: float = 60.0) -> None:
    """Make every file look old, so the import index records them (it skips racy files)."""
    past = time.time() - seconds
    for path in root.rglob("*.py"):
        os.utime(path, (past, past))


def test_fast_path_sees_edits_to_files_it_was_not_given(project: Path) -> None:
    write(project, "app/a.py", "X = 1\n")  # no cycle any more
    age(project)
    assert check(project)[0] == 1  # full run (RK107 in api.py) writes the import index
    assert list((project.parent / "cache").rglob("check-index/*.bin"))
    assert check(project, "app/clean.py")[0] == 0
    write(project, "app/clean.py", "from app import a\n")
    write(project, "app/a.py", "from app import clean\n")  # edited, not passed, newer mtime
    code, out, _ = check(project, "app/clean.py")
    assert code == 1
    assert "RK106 import cycle of 2 modules" in out


def test_given_paths_that_select_nothing_are_reported(project: Path, tmp_path: Path) -> None:
    write(project, "build/gen.py", "x = 1\n" * 100)  # a default exclude
    outside = write(tmp_path, "elsewhere.py", "x = 1\n")
    code, out, err = check(project, "build/gen.py", str(outside), "app/clean.py")
    assert code == 0 and "(1 file checked)" in out
    assert "skipped build/gen.py: no Python files to check" in err
    assert f"skipped {outside}: outside the project, not checked" in err


def test_set_overrides_the_config(project: Path) -> None:
    code, out, _ = check(project, "--set", "max_complexity=4", "--set", "cycles=off", "app/a.py")
    assert (code, out) == (0, "All checks passed (1 file checked).\n")
    code, out, _ = check(project, "--set", 'max_rank="A"', "--set", "cycles=off", "app/a.py")
    assert code == 0  # rank A ends at 5, and max_complexity from the file is replaced
    code, _, err = check(project, "--set", "max_complexity=0")
    assert code == 2 and "--set max_complexity must be a positive" in err
    code, _, err = check(project, "--set", "nonsense")
    assert code == 2 and "is not KEY=VALUE" in err


def test_exit_zero_reports_without_failing(project: Path) -> None:
    code, out, _ = check(project, "--exit-zero")
    assert code == 0 and "Found 3 violations" in out
    code, _, err = check(project, "--exit-zero", "--select", "RK999")
    assert code == 2 and "unknown rule" in err  # errors still exit 2
