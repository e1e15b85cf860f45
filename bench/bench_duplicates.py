"""Benchmark RK116 (duplicate-code) on Django against pylint's R0801, and compare findings.

    python bench/bench_duplicates.py                  # Django 5.2's django/ package
    python bench/bench_duplicates.py --repeat 5 --without-ref c2c1b13
    python bench/bench_duplicates.py --jscpd /tmp/jscpd/node_modules/.bin/jscpd

Three commands on a copy of the `django/` package, alternating (A, B, C, A, B, C, ...), each
a child process with no cache, CPU seconds (user + system of the whole process tree):

- A: `refactorkit analyze` of `--without-ref` (default: the commit before RK116), from a
  `git archive` of that commit: the analysis without clone detection;
- B: `refactorkit analyze` of this checkout (clone detection included: RK116's fingerprints
  in every worker, then the project-wide pass);
- C: `pylint --disable=all --enable=duplicate-code` (the anchor: the similarity checker
  alone, pylint's defaults: 4 lines, comments, docstrings, imports, signatures ignored).

With `--stages`, one more in-process run (one process, no cache) times the two parts RK116
adds, against the whole: the per-file fingerprints and the project-wide clone pass (CPU
seconds from wrappers around the two functions), which stays readable on a shared machine
where the child-process ratio above is noisy.

Then what each found that the other did not: a pylint pair counts as found by RK116 when one
of our clone groups has places overlapping both of its ranges, and the other way round. With
`--jscpd PATH` jscpd runs too (`--format python --min-lines 6`) and is compared the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from _sdist import sdist_tree

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LAUNCHER = """\
import sys
sys.path.insert(0, {repo!r})
from refactorkit.cli import main
sys.exit(main(sys.argv[1:]))
"""
BEFORE_RK116 = "c2c1b13"
_PYLINT_PLACE = re.compile(r"^==([\w.]+):\[(\d+):(\d+)\]", re.MULTILINE)

Range = tuple[str, int, int]  # path, first line, last line


def cpu_run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """(CPU seconds of the child tree, wall seconds, stdout) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1, 4, 8, 16, 24, 28, 30):  # pylint: bit flags for messages
        raise SystemExit(f"{command[:3]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return cpu, wall, done.stdout


def launcher(directory: Path, repo: Path) -> list[str]:
    path = directory / f"rk_{repo.name}.py"
    path.write_text(LAUNCHER.format(repo=str(repo)), encoding="utf-8")
    return [sys.executable, str(path)]


def archive_of(ref: str, directory: Path) -> Path:
    """The refactorkit package of commit `ref`, unpacked under `directory`."""
    target = directory / f"refactorkit-{ref}"
    target.mkdir()
    tar = subprocess.run(
        ["git", "archive", ref, "refactorkit"], cwd=REPO, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=tar, check=True)
    return target


def ours(report: dict[str, object]) -> list[list[Range]]:
    groups = report["duplication"]["groups"]  # type: ignore[index]
    return [[(p["path"], p["start"], p["end"]) for p in g["places"]] for g in groups]


def pylint_pairs(messages: list[dict[str, object]], package_root: Path) -> list[list[Range]]:
    """Each R0801 message's places, pylint's 0-based [start:end) made 1-based inclusive."""
    found = []
    for message in messages:
        places = []
        for module, start, end in _PYLINT_PLACE.findall(str(message["message"])):
            path = module.replace(".", "/") + ".py"
            if not (package_root / path).exists():
                path = module.replace(".", "/") + "/__init__.py"
            places.append((path, int(start) + 1, int(end)))
        found.append(places)
    return found


def jscpd_pairs(report: dict[str, object], base: Path) -> list[list[Range]]:
    found = []
    for dup in report["duplicates"]:  # type: ignore[union-attr]
        first, second = dup["firstFile"], dup["secondFile"]
        found.append(
            [
                (_rel(first["name"], base), first["start"], first["end"]),
                (_rel(second["name"], base), second["start"], second["end"]),
            ]
        )
    return found


def _rel(name: str, base: Path) -> str:
    path = Path(name)
    return (path.relative_to(base) if path.is_absolute() else path).as_posix()


def _overlap(a: Range, b: Range) -> bool:
    return a[0] == b[0] and a[1] <= b[2] and b[1] <= a[2]


def covered(pair: list[Range], groups: Iterable[list[Range]]) -> bool:
    """Whether one group has places overlapping two different places of `pair`."""
    for group in groups:
        hits = {i for i, place in enumerate(pair) for other in group if _overlap(place, other)}
        if len(hits) >= 2:
            return True
    return False


def compare(name_a: str, a: list[list[Range]], name_b: str, b: list[list[Range]]) -> None:
    only_a = [g for g in a if not covered(g, b)]
    only_b = [g for g in b if not covered(g, a)]
    print(f"  {name_a}: {len(a)} groups, {len(only_a)} not found by {name_b}")
    print(f"  {name_b}: {len(b)} groups, {len(only_b)} not found by {name_a}")
    for label, rows in ((f"only {name_a}", only_a), (f"only {name_b}", only_b)):
        for group in rows[:5]:
            print(f"    {label}: " + "  ".join(f"{p}:{s}-{e}" for p, s, e in group[:3]))


def stages(tree: Path) -> None:
    """CPU seconds of the whole analysis and of RK116's two parts, in this process."""
    sys.path.insert(0, str(REPO))
    import refactorkit.analysis.derived as derived
    import refactorkit.analysis.engine as engine
    import refactorkit.graph.code_lines as code_lines
    from refactorkit.config import Config

    spent = {"code_line_hashes": 0.0, "find_duplication": 0.0}

    def timed(module: object, name: str) -> None:
        inner = getattr(module, name)

        def wrapper(*args: object) -> object:
            start = time.process_time()
            try:
                return inner(*args)
            finally:
                spent[name] += time.process_time() - start

        setattr(module, name, wrapper)

    timed(code_lines, "code_line_hashes")
    timed(derived, "find_duplication")
    options = engine.AnalyzeOptions(jobs=1, use_cache=False, since_days=0)
    start = time.process_time()
    engine.run_analysis(tree, Config(project_root=tree.parent), options)
    whole = time.process_time() - start
    extra = sum(spent.values())
    print(
        f"  in-process: whole analysis {whole:.2f} s CPU, fingerprints "
        f"{spent['code_line_hashes']:.2f} s, clone pass {spent['find_duplication']:.2f} s: "
        f"with / without = {whole / (whole - extra):.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--without-ref", default=BEFORE_RK116)
    parser.add_argument("--jscpd", type=Path, help="a jscpd executable (npm install jscpd)")
    parser.add_argument("--tree", type=Path, help="a package folder instead of Django's")
    parser.add_argument("--stages", action="store_true", help="also the in-process breakdown")
    args = parser.parse_args()
    source = args.tree or sdist_tree("django==5.2.*") / "django"
    with tempfile.TemporaryDirectory(prefix="rk-bench-dup-") as tmp:
        work = Path(tmp)
        tree = work / "project" / source.name
        shutil.copytree(source, tree)
        (work / "project" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
        commands = {
            "A analyze without RK116": [
                *launcher(work, archive_of(args.without_ref, work)),
                "analyze", source.name, "--no-cache", "--format", "json",
            ],
            "B analyze with RK116": [
                *launcher(work, REPO), "analyze", source.name, "--no-cache", "--format", "json",
            ],
            "C pylint duplicate-code": [
                sys.executable, "-m", "pylint", "--disable=all", "--enable=duplicate-code",
                "--jobs=1", "--output-format=json", "--score=n", source.name,
            ],
        }  # fmt: skip
        if args.jscpd:
            commands["D jscpd"] = [
                str(args.jscpd), "--format", "python", "--min-lines", "6", "--silent",
                "--reporters", "json", "--output", str(work / "jscpd"), source.name,
            ]  # fmt: skip
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        outputs: dict[str, str] = {}
        for _ in range(args.repeat):
            for name, command in commands.items():
                seconds, _, out = cpu_run(command, work / "project", env)
                cpu[name].append(seconds)
                outputs[name] = out
        print(f"{source} ({sum(1 for _ in tree.rglob('*.py'))} files), {args.repeat} rounds")
        for name, times in cpu.items():
            median = sorted(times)[len(times) // 2]
            print(f"  {name}: CPU median {median:.2f} s, min {min(times):.2f} s")
        a, b = (sorted(cpu[k])[args.repeat // 2] for k in list(commands)[:2])
        c = sorted(cpu["C pylint duplicate-code"])[args.repeat // 2]
        print(f"  B/A (analyze with / without RK116): {b / a:.2f}x;  B/C: {b / c:.2f}x")
        report = json.loads(outputs["B analyze with RK116"])
        dup = report["duplication"]
        print(f"  RK116: {dup['percent']}% of {dup['counted_lines']} lines of code duplicated")
        mine = [[(f"{source.name}/{p}" if not p.startswith(source.name) else p, s, e)
                 for p, s, e in g] for g in ours(report)]  # fmt: skip
        theirs = pylint_pairs(json.loads(outputs["C pylint duplicate-code"]), work / "project")
        compare("RK116", mine, "pylint R0801", theirs)
        if args.stages:
            stages(tree)
        if args.jscpd:
            data = json.loads((work / "jscpd" / "jscpd-report.json").read_text())
            compare("RK116", mine, "jscpd", jscpd_pairs(data, work / "project"))


if __name__ == "__main__":
    main()
