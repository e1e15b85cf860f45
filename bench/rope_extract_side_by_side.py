"""Side by side with rope's ExtractMethod on the same 20 regions: which each extracts correctly.

    python bench/rope_extract_side_by_side.py

The regions are the 13 before/after cases of tests/unit/codemods/extract/test_extract_pairs.py
and 7 more below (break to an outer loop, yield, a return inside a loop, while/else,
try/finally, a nonlocal in a closure, a lambda default). Each is a module defining `f(xs, limit)`
with the region between `# cut>` and `# <cut`. For each tool: *refused* (it raised), *wrong*
(the result does not compile, or `f` returns or raises something else on one of 60 inputs),
or *ok*. Prints one line per region and the totals (docs/extract.md records them).
"""

from __future__ import annotations

import random
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from refactorkit.codemods.extract.core import extract_lines  # noqa: E402
from tests.unit.codemods.extract.test_extract_pairs import CASES  # noqa: E402

MORE = {
    "break-outer": """
def f(xs, limit):
    hits = 0
    for x in xs:
        # cut>
        if x > limit:
            break
        hits += 1
        # <cut
    return hits
""",
    "yield": """
def g(xs, limit):
    # cut>
    for x in xs:
        if x < limit:
            yield x
    # <cut

def f(xs, limit):
    return list(g(xs, limit))
""",
    "return-in-loop": """
def f(xs, limit):
    xs = sorted(xs)
    # cut>
    for x in xs:
        if x > limit:
            return x
    return None
    # <cut
""",
    "while-else": """
def f(xs, limit):
    i = 0
    # cut>
    while i < len(xs):
        if xs[i] == limit:
            break
        i += 1
    else:
        i = -1
    # <cut
    return i
""",
    "try-finally": """
def f(xs, limit):
    log = []
    # cut>
    try:
        value = xs[limit]
    except IndexError:
        value = None
    finally:
        log.append(limit)
    # <cut
    return value, log
""",
    "closure-nonlocal": """
def f(xs, limit):
    # cut>
    count = 0
    def bump(v):
        nonlocal count
        if v > limit:
            count += 1
    for x in xs:
        bump(x)
    # <cut
    return count
""",
    "lambda-default": """
def f(xs, limit):
    key = limit
    # cut>
    pick = sorted(xs, key=lambda v, k=key: (abs(v - k), v))
    first = pick[0] if pick else None
    # <cut
    return first
""",
}


def _region(source: str) -> tuple[int, int]:
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines, 1) if line.strip() == "# cut>")
    end = next(i for i, line in enumerate(lines, 1) if line.strip() == "# <cut")
    return start + 1, end - 1


def _behaviour(source: str, xs: list[int], limit: int) -> Any:
    namespace: dict[str, Any] = {}
    exec(compile(source, "<case>", "exec"), namespace)
    try:
        return ("ok", namespace["f"](list(xs), limit))
    except Exception as exc:
        return ("raised", type(exc).__name__)


def ours(source: str, start: int, end: int) -> str:
    return extract_lines(source, start, end).text


def rope(source: str, start: int, end: int) -> str:
    from rope.base.project import Project
    from rope.refactor.extract import ExtractMethod

    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "mod.py").write_text(source, encoding="utf-8")
        project = Project(folder, ropefolder=None)
        try:
            resource = project.get_resource("mod.py")
            lines = source.splitlines(keepends=True)
            first = sum(len(line) for line in lines[: start - 1])
            last = sum(len(line) for line in lines[:end]) - 1
            project.do(ExtractMethod(project, resource, first, last).get_changes("helper"))
            return resource.read()
        finally:
            project.close()


def verdict(tool: Any, source: str, inputs: list[tuple[list[int], int]]) -> str:
    start, end = _region(source)
    try:
        after = tool(source, start, end)
    except Exception as exc:
        return f"refused ({type(exc).__name__}: {str(exc).splitlines()[0][:60]})"
    try:
        compile(after, "<after>", "exec")
    except SyntaxError as exc:
        return f"wrong (does not compile: {exc.msg})"
    for xs, limit in inputs:
        if _behaviour(after, xs, limit) != _behaviour(source, xs, limit):
            return f"wrong (f({xs}, {limit}) differs)"
    return "ok"


def main() -> None:
    rng = random.Random(11)
    inputs = [
        ([rng.randint(-20, 20) for _ in range(rng.randint(0, 6))], rng.randint(-5, 10))
        for _ in range(60)
    ]
    regions = {**{k: textwrap.dedent(v) for k, v in CASES.items()}, **MORE}
    totals = {"ours": 0, "rope": 0}
    print(f"| region | refactorkit | rope {__import__('rope').VERSION} |")
    print("|---|---|---|")
    for name, source in regions.items():
        mine, theirs = verdict(ours, source, inputs), verdict(rope, source, inputs)
        totals["ours"] += mine == "ok"
        totals["rope"] += theirs == "ok"
        print(f"| {name} | {mine} | {theirs} |")
    print(f"\nok: refactorkit {totals['ours']} of {len(regions)}, rope {totals['rope']}")


if __name__ == "__main__":
    main()
