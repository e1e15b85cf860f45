"""Prove a speed change kept the results: the JSON report of a tree, byte for byte, before/after.

    python bench/report_equal.py --baseline /tmp/rk-main          # Django's django/ package
    python bench/report_equal.py --baseline DIR --tree PATH

`--baseline` is a checkout of refactorkit to compare with (e.g. `git archive main | tar -x -C
DIR`); it runs with `PYTHONPATH=DIR`, this checkout as installed. Each side runs
`analyze --format json` cold (`--no-cache`), then twice on its own fresh cache (the second
run is warm), and the texts are compared with only `elapsed_seconds` taken out; cold and warm
are also compared with each other (`jobs` and `cache_hits` taken out as well). `--text` adds
the text report, whose first line carries the elapsed time. Exit 0 when every pair is equal.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _sdist import sdist_tree  # noqa: E402

TIMING = re.compile(r'^ *"elapsed_seconds": [0-9.]+,\n', re.M)
RUN_SHAPE = re.compile(r'^ *"(jobs|cache_hits)": \d+,?\n', re.M)
TEXT_TIMING = re.compile(r", [0-9.]+ s$", re.M)


def run(python_path: str | None, args: list[str], cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if python_path:
        env["PYTHONPATH"] = python_path
    done = subprocess.run(
        [sys.executable, "-m", "refactorkit", *args], cwd=cwd, env=env, capture_output=True
    )
    if done.returncode != 0:
        raise SystemExit(f"refactorkit {' '.join(args)} failed:\n{done.stderr.decode()}")
    return done.stdout.decode("utf-8")


def reports(python_path: str | None, tree: Path, scratch: Path, text: bool) -> dict[str, str]:
    cache = str(scratch / "cache")
    json_args = ["analyze", str(tree), "--format", "json", "--since", "0"]
    found = {"cold": run(python_path, [*json_args, "--no-cache"], scratch)}
    run(python_path, [*json_args, "--cache-dir", cache], scratch)  # fills the cache
    found["warm"] = run(python_path, [*json_args, "--cache-dir", cache], scratch)
    if text:
        text_args = ["analyze", str(tree), "--since", "0", "--cache-dir", cache]
        found["text"] = TEXT_TIMING.sub("", run(python_path, text_args, scratch))
    return {name: TIMING.sub("", value) for name, value in found.items()}


def same(label: str, a: str, b: str) -> bool:
    if a == b:
        print(f"equal: {label} ({len(a):,} characters)")
        return True
    print(f"DIFFERENT: {label}")
    diff = difflib.unified_diff(a.splitlines(), b.splitlines(), "before", "after", lineterm="")
    for number, line in enumerate(diff):
        if number > 40:
            break
        print(line)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, type=Path, help="refactorkit checkout")
    parser.add_argument("--tree", type=Path, help="a source tree (default: Django's django/)")
    parser.add_argument("--text", action="store_true", help="compare the text report too")
    args = parser.parse_args()
    tree = (args.tree or sdist_tree("django==5.2.*") / "django").resolve()
    with tempfile.TemporaryDirectory(prefix="rk-equal-") as scratch:
        before_dir, after_dir = Path(scratch, "before"), Path(scratch, "after")
        before_dir.mkdir()
        after_dir.mkdir()
        before = reports(str(args.baseline.resolve()), tree, before_dir, args.text)
        after = reports(None, tree, after_dir, args.text)
    ok = all(same(f"{name} before/after", before[name], after[name]) for name in before)
    shape = [RUN_SHAPE.sub("", after[name]) for name in ("cold", "warm")]
    ok = same("cold/warm after", *shape) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
