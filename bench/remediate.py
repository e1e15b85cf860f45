"""Run every fix `analyze` prints on a practice project, one fresh clone per command.

    python bench/remediate.py django-simple-history
    python bench/remediate.py httpx --kind split-class
    python bench/remediate.py docutils --kind split --limit 10

The loop of issue 12's acceptance (docs/remediation.md), for the practice projects of
`../shared/practice` (set up with its `setup.sh`; `PRACTICE_HOME` as there): `analyze --format
json` on a clone of the project's `src`, then for each distinct fix `argv` (optionally of one
`--kind`), on a fresh clone: `argv + --apply` (refused?), `run_tests.sh NAME CLONE` (the
passed/failed counts against the untouched baseline's), and `analyze` again (is each finding
that named the command gone, or its figure lower?). Prints one line per command and the
counts per kind; `--json FILE` keeps the rows. Takes the suite's time per command: minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# the same judgement the sample's acceptance test makes
from tests.functional.test_remediation import _better as better  # noqa: E402

PRACTICE = REPO.parent / "shared" / "practice"
HOME = Path(os.environ.get("PRACTICE_HOME", Path.home() / ".cache" / "refactorkit-practice"))
_COUNTS = re.compile(r"(\d+) passed, (\d+) failed")


def refactorkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(REPO)!r}); "
               "from refactorkit.cli import main; sys.exit(main(sys.argv[1:]))", *args]  # fmt: skip
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def clone(name: str, into: Path) -> Path:
    source = HOME / name / "src"
    subprocess.run(["git", "clone", "-q", str(source), str(into)], check=True)
    exclude = source / ".git" / "info" / "exclude"
    if exclude.exists():
        shutil.copy(exclude, into / ".git" / "info" / "exclude")
    return into


def findings(root: Path) -> list[dict[str, Any]]:
    run = refactorkit("analyze", ".", "--format", "json", "--no-cache", cwd=root)
    found: list[dict[str, Any]] = json.loads(run.stdout)["findings"]
    return found


def suite(name: str, root: Path) -> tuple[int, int]:
    run = subprocess.run(
        ["bash", str(PRACTICE / "run_tests.sh"), name, str(root)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    lines = (run.stdout + run.stderr).strip().splitlines()
    match = _COUNTS.search(lines[-1]) if lines else None
    return (int(match.group(1)), int(match.group(2))) if match else (0, -1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", help="a practice project: httpx, jinja2, docutils, ...")
    parser.add_argument("--kind", help="only fixes of this kind (split, extract, ...)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many commands")
    parser.add_argument("--json", type=Path, help="write the rows here")
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix=f"remediate-{options.project}-"))
    base = clone(options.project, scratch / "base")
    baseline = suite(options.project, base)
    print(f"baseline: {baseline[0]} passed, {baseline[1]} failed", flush=True)
    by_command: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for finding in findings(base):
        fix = finding.get("fix") or {}
        if fix.get("argv") and (not options.kind or fix["kind"] == options.kind):
            by_command[tuple(fix["argv"])].append(finding)
    commands = sorted(by_command.items())[: options.limit or None]
    counts: Counter[str] = Counter()
    rows = []
    for number, (argv, named) in enumerate(commands):
        root = clone(options.project, scratch / f"run{number}")
        kind = named[0]["fix"]["kind"]
        run = refactorkit(*argv[1:], "--apply", cwd=root)
        row: dict[str, Any] = {"argv": argv, "kind": kind, "findings": len(named)}
        if run.returncode != 0:
            row["refused"] = (run.stderr or run.stdout).strip().splitlines()[-1:]
        else:
            row["suite"] = suite(options.project, root)
            after = findings(root)
            moved = {f["path"] for f in named if not (root / f["path"]).exists()}
            row["unchanged"] = sum(not better(f, after, moved) for f in named)
        counts[f"{kind} findings"] += len(named)
        counts[f"{kind} refused"] += len(named) * ("refused" in row)
        counts[f"{kind} suite red"] += len(named) * (row.get("suite", baseline) != baseline)
        counts[f"{kind} unchanged"] += row.get("unchanged", 0)
        rows.append(row)
        print(json.dumps(row), flush=True)
        shutil.rmtree(root, ignore_errors=True)
    print(dict(sorted(counts.items())))
    if options.json:
        options.json.write_text(json.dumps(rows, indent=1))
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
