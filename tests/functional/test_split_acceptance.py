"""Issue 9 acceptance: analyze -> plan -> split --apply -> check on the sample, twice.

The monolith finding is gone, no new finding of any code appears (no cycle, no file over
the limit, nothing else), and the sample's own suite passes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.functional import sample_suite
from tests.functional.rk_run import rk

SAMPLE = Path(__file__).parents[2] / "fixtures" / "inventory_app"
_FINDING = re.compile(r"^(?P<path>[^:\s]+):\d+:\d+: (?P<code>RK\d+) (?P<text>.*)$")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def findings(root: Path) -> list[tuple[str, str, str]]:
    """(code, path, message) of every `refactorkit check` finding."""
    run = rk("check", ".", cwd=root)
    return [
        (m["code"], m["path"], m["text"])
        for m in map(_FINDING.match, run.out.splitlines())
        if m is not None
    ]


def keyed(found: list[tuple[str, str, str]]) -> Counter[tuple[str, str]]:
    """What a finding is about, wherever its code now lives: the function for complexity,
    the file for size and maintainability, one entry per import cycle."""
    out: Counter[tuple[str, str]] = Counter()
    for code, path, text in found:
        if code in ("RK102", "RK110"):  # function findings: keyed by the function
            out[(code, text.split("'")[1])] += 1
        elif code == "RK106":
            out[(code, "cycle")] += 1
        elif code in ("RK111", "RK112", "RK113", "RK114", "RK115"):
            out[(code, text)] += 1  # a print or literal moves with its code
        elif code == "RK116":
            # A clone group moves with its copies: keyed by its size and number of places
            # ("6 lines of code repeated at 1 other place(s)"), not by the files it is in.
            out[(code, text.split(":")[0])] += 1
        else:
            out[(code, path)] += 1
    return out


@pytest.mark.parametrize("module", ["resale/models.py", "resale/app.py"])
def test_split_leaves_the_gate_cleaner_and_the_suite_green(tmp_path: Path, module: str) -> None:
    root = tmp_path / "app"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "sample")
    assert "[monolith]" in rk("analyze", ".", cwd=root).out
    before = findings(root)
    assert ("RK101", module) in {(c, p) for c, p, _ in before}
    assert rk("plan", "split", module, "-o", "plan.toml", cwd=root).code == 0
    run = rk("split", module, "--auto", "--rewrite-imports", "--shim", "--apply", cwd=root)
    assert run.code == 0, run.out + run.err
    after = findings(root)
    package = module.removesuffix(".py") + "/"
    assert not [
        f for f in after if f[1] == module or (f[0] == "RK101" and f[1].startswith(package))
    ]
    new = keyed(after) - keyed(before)
    assert not new, new
    suite = sample_suite.run(root, "-W", "error::DeprecationWarning")
    assert suite.returncode == 0, suite.stdout[-3000:]
