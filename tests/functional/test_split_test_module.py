"""The fix `analyze` prints for the sample's long test module, applied: pytest collects and
passes as many tests as before, from parts it collects, and the finding is gone.

Before this, `split tests/test_app.py --auto` kept the suite green with 78 of 130 tests:
parts such as `tests/test_app/brands.py` are no `test_*.py` file, so pytest skipped them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from tests.functional import sample_suite
from tests.functional.rk_run import rk

SAMPLE = Path(__file__).parents[2] / "fixtures" / "inventory_app"
MODULE = "tests/test_app.py"


def _counts(root: Path) -> tuple[int, int]:
    """(tests collected, tests passed) by the sample's own suite."""
    collected = sample_suite.run(root, "--collect-only")
    found = re.search(r"(\d+) tests? collected", collected.stdout)
    assert found is not None, collected.stdout[-2000:]
    done = sample_suite.run(root)
    passed = re.search(r"(\d+) passed", done.stdout)
    assert done.returncode == 0 and passed is not None, done.stdout[-2000:]
    return int(found.group(1)), int(passed.group(1))


def _long_file_fix(root: Path, relpath: str) -> list[str] | None:
    run = rk("analyze", "--format", "json", ".", cwd=root)
    data = json.loads(run.out)
    for finding in data["findings"]:
        if finding["code"] == "RK101" and finding["path"] == relpath:
            return list(finding["fix"]["argv"])
    return None


def test_the_printed_split_of_a_test_module_keeps_every_test(tmp_path: Path) -> None:
    root = tmp_path / "app"
    shutil.copytree(SAMPLE, root)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=t@t", "-c", "user.name=t",
                 "commit", "-qm", "sample"]):  # fmt: skip
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    before = _counts(root)
    argv = _long_file_fix(root, MODULE)
    assert argv == ["refactorkit", "split", MODULE, "--auto"]
    applied = rk(*argv[1:], "--apply", cwd=root)
    assert applied.code == 0, applied.err
    package = root / "tests/test_app"
    parts = sorted(p.name for p in package.glob("*.py"))
    tested = [p for p in parts if p.startswith("test_")]
    assert len(tested) >= 3 and set(parts) - set(tested) <= {
        "__init__.py",
        "base.py",
        "conftest.py",
    }
    assert _counts(root) == before  # (130, 130) on the sample as it is
    assert _long_file_fix(root, MODULE) is None
    assert all(_long_file_fix(root, f"tests/test_app/{p}") is None for p in parts)
