"""`extract --auto`: pick the cuts that bring every function of a module under a complexity.

For a function over the limit, the candidates are its compound statements, the bodies of its
loops, the branches of its `if`/`elif` chains and the runs of statements under a banner
comment. A candidate removes its own decisions from the function (the call adds none). The
cut that brings the function under the limit in one go with the fewest inputs and outputs
wins; else the biggest that makes a helper under the limit; helpers still over it are cut
in their turn.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from refactorkit.analysis.complexity import analyze_complexity
from refactorkit.codemods.extract.core import Extracted, extract_lines
from refactorkit.codemods.extract.region import DEFS, LOOPS, Refused, first_line, statement_lists

MAX_CUTS = 25  # per function, helpers included
TRIES_PER_CUT = 6  # extractions compared per cut
MAX_ATTEMPTS = 24  # candidates tried per cut, refused ones included


@dataclass
class FunctionOutcome:
    """One function's result: complexity before -> after, the helpers made, or why not."""

    qualname: str
    before: int
    after: int
    helpers: list[tuple[str, int]] = field(default_factory=list)  # (qualname, complexity)
    problem: str = ""


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    decisions: int


def complexities(text: str) -> dict[str, int]:
    """Cyclomatic complexity per function qualname (radon's numbers)."""
    functions = analyze_complexity(ast.parse(text), None, text).functions
    return {f.qualname: f.complexity for f in functions}


def auto_extract(
    text: str, limit: int, only: str | None = None
) -> tuple[str, list[FunctionOutcome]]:
    """`text` with every function over `limit` (or only `only`) cut down, and the outcomes."""
    before = complexities(text)
    targets = [q for q, cc in before.items() if cc > limit and (only is None or q == only)]
    outcomes: list[FunctionOutcome] = []
    for qualname in targets:
        outcome = FunctionOutcome(qualname, before[qualname], before[qualname])
        text = _reduce(text, qualname, limit, outcome)
        outcomes.append(outcome)
    return text, outcomes


def _reduce(text: str, qualname: str, limit: int, outcome: FunctionOutcome) -> str:
    queue = [qualname]
    cuts = 0
    while queue and cuts < MAX_CUTS:
        current = queue.pop(0)
        tree = ast.parse(text)
        function = find_qualname(tree, current)
        if function is None or 1 + _decisions(function.body, text) <= limit:
            continue
        made = _best_cut(text, tree, function, limit)
        if isinstance(made, str):
            outcome.problem = outcome.problem or f"{current}: {made}"
            continue
        cuts += 1
        text = made.text
        queue[:0] = [current, made.qualname]  # the function again first, then its helper
    _conclude(outcome, complexities(text), limit, cuts)
    return text


def _conclude(outcome: FunctionOutcome, scores: dict[str, int], limit: int, cuts: int) -> None:
    """Fill in the outcome's numbers, helpers and, when it is not under the limit, why."""
    outcome.after = scores.get(outcome.qualname, outcome.before)
    helpers = [q for q in scores if q not in complexities_before_names(outcome, scores)]
    outcome.helpers = [(q, scores[q]) for q in helpers]
    if outcome.problem:
        return
    if cuts >= MAX_CUTS:
        outcome.problem = f"stopped after {MAX_CUTS} cuts"
    elif max([outcome.after, *(cc for _, cc in outcome.helpers)]) > limit:
        outcome.problem = "no cut brings it under the limit"


def complexities_before_names(outcome: FunctionOutcome, scores: dict[str, int]) -> set[str]:
    """The names that are not helpers of this outcome (made by this run for this function)."""
    made = {q for q in scores if _is_helper_of(q, outcome.qualname)}
    return set(scores) - made


def _is_helper_of(candidate: str, qualname: str) -> bool:
    prefix, _, name = qualname.rpartition(".")
    stem = f"_{name.strip('_')}_part"
    own_prefix, _, own = candidate.rpartition(".")
    return own_prefix == prefix and own.startswith(stem)


def _best_cut(
    text: str, tree: ast.Module, function: ast.FunctionDef | ast.AsyncFunctionDef, limit: int
) -> Extracted | str:
    """The preferred extraction in `function` (a def of `tree`), or why none works."""
    whole = _block(function.body, text)
    need = whole.decisions + 1 - limit
    ranked = sorted(
        (
            c
            for c in candidates(function, text.splitlines(), text)
            if 0 < c.decisions < whole.decisions
        ),
        key=lambda c: (not (need <= c.decisions < limit), c.decisions >= limit, -c.decisions),
    )
    tried: list[tuple[tuple[int, ...], Extracted]] = []
    reason = "no block to extract"
    for candidate in ranked[:MAX_ATTEMPTS]:
        scored = _try_cut(text, tree, candidate, need, limit)
        if isinstance(scored, str):
            reason = scored
            continue
        tried.append(scored)
        key, made = scored
        if (key[0] == 0 and len(made.inputs) + len(made.outputs) <= 2) or len(
            tried
        ) >= TRIES_PER_CUT:
            break
    if not tried:
        return reason
    return min(tried, key=lambda pair: pair[0])[1]


def _try_cut(
    text: str, tree: ast.Module, candidate: _Candidate, need: int, limit: int
) -> tuple[tuple[int, ...], Extracted] | str:
    """The extraction of one candidate with its preference key (lower is better), or why not."""
    try:
        made = extract_lines(text, candidate.start, candidate.end, tree=tree)
    except (Refused, SyntaxError) as exc:
        return str(exc)
    gain = candidate.decisions - made.flagged  # the flag's `if` stays in the function
    if gain <= 0:
        return f"line {candidate.start}: a cut here would not lower the complexity"
    fits = need <= gain and candidate.decisions < limit
    size = len(made.inputs) + len(made.outputs)
    return (int(not fits), int(candidate.decisions >= limit), size, -gain), made


def find_qualname(tree: ast.Module, qualname: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The def named `qualname` (Class.method, outer.inner) as analyze names it."""
    for name, node in _named_defs(tree.body, ""):
        if name == qualname:
            return node
    return None


def _named_defs(
    body: list[ast.stmt], prefix: str
) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for node in body:
        if isinstance(node, DEFS):
            yield prefix + node.name, node
            yield from _named_defs(_nested(node), f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _named_defs(node.body, f"{prefix}{node.name}.")
        else:
            yield from _named_defs(_nested(node), prefix)


def _nested(node: ast.stmt) -> list[ast.stmt]:
    return [s for body in statement_lists(node) for s in body]


def candidates(
    function: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str], text: str
) -> Iterator[_Candidate]:
    """Blocks worth cutting: compound statements, loop bodies, branches, banner runs."""
    yield from _banner_runs(function.body, lines, text)
    stack: list[tuple[list[ast.stmt], bool]] = [(function.body, False)]
    while stack:
        body, elif_list = stack.pop()
        for node in body:
            yield from _compound_candidates(node, elif_list, text, stack)


def _compound_candidates(
    node: ast.stmt, elif_list: bool, text: str, stack: list[tuple[list[ast.stmt], bool]]
) -> Iterator[_Candidate]:
    """The statement itself and its branches or loop body; its lists go on `stack`."""
    inner = [] if isinstance(node, (*DEFS, ast.ClassDef)) else list(statement_lists(node))
    if inner and not elif_list:  # an `elif` is no statement of its own in the text
        yield _block([node], text)
    for part in inner:
        branch_of_chain = _is_elif(part, node)
        stack.append((part, branch_of_chain))
        if isinstance(node, (ast.If, *LOOPS)) and not branch_of_chain:
            yield _block(part, text)


def _is_elif(body: list[ast.stmt], node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.If)
        and body is node.orelse
        and len(body) == 1
        and isinstance(body[0], ast.If)
        and body[0].col_offset == node.col_offset
    )


def _block(statements: list[ast.stmt], text: str) -> _Candidate:
    last = statements[-1]
    end = last.end_lineno or last.lineno
    return _Candidate(first_line(statements[0]), end, _decisions(statements, text))


def _banner_runs(body: list[ast.stmt], lines: list[str], text: str) -> Iterator[_Candidate]:
    """Runs of statements that each start under a comment line, up to the next such one."""
    starts = [i for i, s in enumerate(body) if i and _comment_above(s, lines)]
    for begin, stop in zip([0, *starts], [*starts, len(body)], strict=True):
        if stop - begin > 1 and (begin or starts):
            yield _block(body[begin:stop], text)


def _comment_above(node: ast.stmt, lines: list[str]) -> bool:
    number = first_line(node) - 2
    return number >= 0 and lines[number].strip().startswith("#")


def _decisions(statements: list[ast.stmt], text: str) -> int:
    """The decisions radon counts in the statements (nested functions excepted)."""
    wrapper = ast.parse("def _(): pass").body[0]
    assert isinstance(wrapper, ast.FunctionDef)
    wrapper.body = statements
    module = ast.Module(body=[wrapper], type_ignores=[])
    scores = analyze_complexity(module, None, text).functions
    return next(f.complexity for f in scores if f.qualname == "_") - 1
