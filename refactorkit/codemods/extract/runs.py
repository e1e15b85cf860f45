"""Runs of consecutive statements worth a helper when no block, paragraph or chain tail is.

A straight-line function with no blank lines (a test of eleven asserts in one paragraph) has
no compound statement to cut and no paragraph: any run of consecutive statements of one
statement list can go, and the best runs are those fewest names cross: read in the run and
bound before it (inputs), bound in it and read after it (outputs). The names are estimated
here from the function's `ast` by line (the extraction works out the real ones); the runs
are ranked by the cut `extract --auto` prefers (under the limit in one go, then the fewest
names, then the most decisions) and only the best few are tried.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

from refactorkit.analysis.complexity import decisions_in
from refactorkit.codemods.extract.candidates import Candidate, own_body
from refactorkit.codemods.extract.names import parameters
from refactorkit.codemods.extract.region import DEFS, first_line, statement_lists

MAX_RUNS = 8  # the best runs handed to the cutter
MAX_LIST = 80  # statements of one list enumerated (longer lists: their first 80)
MAX_FLOW = 3  # inputs + outputs of a run worth a helper (at most 2 outputs)
MAX_OUTPUTS = 2
MIN_DECISIONS = 2  # a helper of one assert is no help

_Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class _Names:
    """The function's names by line: which line loads or binds which name."""

    bound_before: dict[int, frozenset[str]]  # line -> names bound on earlier lines, params too
    read_after: dict[int, frozenset[str]]  # line -> names loaded on later lines


def statement_runs(function: _Function, whole: int, limit: int) -> Iterator[Candidate]:
    """The best runs of consecutive statements of any statement list of `function` (nested
    defs and classes excluded), as candidates; a run of asserts only is named `_check_X`
    after the name it checks most."""
    names = _names_of(function)
    need = whole + 1 - limit
    ranked: list[tuple[tuple[int, ...], Candidate, _Run]] = []
    for body in _lists(function):
        for key, candidate, run in _runs_of(body[:MAX_LIST], names, whole):
            fits = need <= candidate.decisions < limit
            score = (int(not fits), int(candidate.decisions >= limit), *key)
            ranked.append((score, candidate, run))
    ranked.sort(key=lambda row: row[0])
    for _, candidate, (statements, inputs) in ranked[:MAX_RUNS]:
        # named last: walking every run for its name made the search cubic
        yield replace(candidate, name=_check_name(statements, inputs))


def _lists(function: _Function) -> Iterator[list[ast.stmt]]:
    """Every statement list of the function's own code, its body first."""
    stack = [own_body(function)]
    while stack:
        body = stack.pop(0)
        yield body
        for node in body:
            if not isinstance(node, (*DEFS, ast.ClassDef)):
                stack.extend(statement_lists(node))


_Run = tuple[list[ast.stmt], set[str]]  # the run's statements, its inputs


def _runs_of(
    body: list[ast.stmt], names: _Names, whole: int
) -> Iterator[tuple[tuple[int, ...], Candidate, _Run]]:
    """Each run of `body` with 2 <= decisions < whole and few names crossing, keyed by
    (names crossing, -decisions, length, -start): the later of two equal runs first (a
    test's closing checks)."""
    counts = [decisions_in([node]) for node in body]
    uses = [_uses(node) for node in body]
    for begin in range(len(body)):
        reads: set[str] = set()
        binds: set[str] = set()
        decisions = 0
        for stop in range(begin, len(body)):
            reads |= uses[stop][0]
            binds |= uses[stop][1]
            decisions += counts[stop]
            if not MIN_DECISIONS <= decisions < whole:
                continue
            start, end = first_line(body[begin]), body[stop].end_lineno or body[stop].lineno
            inputs = reads & names.bound_before.get(start, frozenset())
            outputs = binds & names.read_after.get(end, frozenset())
            if len(inputs) + len(outputs) > MAX_FLOW or len(outputs) > MAX_OUTPUTS:
                continue
            candidate = Candidate(start, end, decisions, run=True)
            key = (len(inputs) + len(outputs), -decisions, stop - begin, -begin)
            yield key, candidate, (body[begin : stop + 1], inputs)


def _uses(node: ast.stmt) -> tuple[set[str], set[str]]:
    """The names a statement loads and the names it binds (nested scopes included: only an
    estimate)."""
    reads: set[str] = set()
    binds: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            (reads if isinstance(sub.ctx, ast.Load) else binds).add(sub.id)
    return reads, binds


def _names_of(function: _Function) -> _Names:
    """For each line of the function: the names bound above it and the names loaded below."""
    loads: dict[int, set[str]] = {}
    stores: dict[int, set[str]] = {}
    for sub in ast.walk(function):
        if isinstance(sub, ast.Name):
            table = loads if isinstance(sub.ctx, ast.Load) else stores
            table.setdefault(sub.lineno, set()).add(sub.id)
    first, last = function.lineno, function.end_lineno or function.lineno
    bound: set[str] = set(parameters(function))
    before: dict[int, frozenset[str]] = {}
    for line in range(first, last + 1):
        before[line] = frozenset(bound)
        bound |= stores.get(line, set())
    read: set[str] = set()
    after: dict[int, frozenset[str]] = {}
    for line in range(last, first - 1, -1):
        after[line] = frozenset(read)
        read |= loads.get(line, set())
    return _Names(before, after)


def _check_name(run: list[ast.stmt], inputs: set[str]) -> str:
    """`_check_<name>` for a run of asserts, after the input it reads most; else ""."""
    if not all(isinstance(node, ast.Assert) for node in run):
        return ""
    seen = Counter(
        sub.id
        for node in run
        for sub in ast.walk(node)
        if isinstance(sub, ast.Name) and sub.id in inputs
    )
    return f"_check_{seen.most_common(1)[0][0].strip('_')}" if seen else ""
