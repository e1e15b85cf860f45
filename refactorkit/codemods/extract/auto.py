"""`extract --auto`: pick the cuts that bring every function of a module under a complexity.

For a function over the limit, the rewrites that need no helper come first (rewrites/),
then the cuts. The candidates are its compound statements, the bodies of its loops, the
branches of its `if`/`elif` chains and the runs of statements under a banner comment; when
none works, the paragraphs of a straight-line body (runs between blank lines); then the
tail of an if/elif chain (split before an `elif`). A candidate removes its own decisions
from the function (the call adds none). The cut that brings the function under the limit in
one go with the fewest inputs and outputs wins; else the biggest that makes a helper under
the limit; helpers still over it are cut in their turn. Each function is worked on in an
excerpt of the module (excerpt.py), the last in the file first.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from refactorkit.analysis.complexity import analyze_complexity, decisions_in
from refactorkit.codemods.extract.candidates import (
    Candidate,
    candidates,
    chain_tails,
    paragraphs,
)
from refactorkit.codemods.extract.core import Extracted, extract_lines, module_words
from refactorkit.codemods.extract.excerpt import excerpt_of, put_back
from refactorkit.codemods.extract.names import UsesMemo
from refactorkit.codemods.extract.qualnames import find_qualname
from refactorkit.codemods.extract.region import Refused
from refactorkit.codemods.extract.rewrites import rewrite_function
from refactorkit.codemods.extract.rewrites.split_chain import split_chain
from refactorkit.codemods.extract.runs import MAX_FLOW, MAX_OUTPUTS, statement_runs
from refactorkit.codemods.extract.shape import unique_name
from refactorkit.domain import FunctionMetrics

MAX_CUTS = 25  # per function, helpers included
TRIES_PER_CUT = 6  # extractions compared per cut
MAX_ATTEMPTS = 24  # candidates tried per cut, refused ones included
MAX_PARAGRAPH_FLOW = 5  # inputs + outputs of a paragraph worth a helper


@dataclass
class FunctionOutcome:
    """One function's result: complexity before -> after, the helpers made, or why not."""

    qualname: str
    before: int
    after: int
    helpers: list[tuple[str, int]] = field(default_factory=list)  # (qualname, complexity)
    made: list[str] = field(default_factory=list)  # the helpers' qualnames, in order made
    problem: str = ""
    rewrites: list[str] = field(default_factory=list)  # "guard clause", "dict dispatch", ...


def complexities(text: str) -> dict[str, int]:
    """Cyclomatic complexity per function qualname (radon's numbers)."""
    functions = analyze_complexity(ast.parse(text), None, text).functions
    return {f.qualname: f.complexity for f in functions}


def auto_extract(
    text: str, limit: int, only: str | None = None
) -> tuple[str, list[FunctionOutcome]]:
    """`text` with every function over `limit` (or only `only`) cut down, and the outcomes."""
    tree = ast.parse(text)
    before = {f.qualname: f for f in analyze_complexity(tree, None, text).functions}
    targets = [f for q, f in before.items() if f.complexity > limit and only in (None, q)]
    text, results = _cut_bottom_up(text, tree, targets, limit)
    scores = complexities(text)
    for outcome, cuts in results:
        _conclude(outcome, scores, limit, cuts)
    return text, sorted((o for o, _ in results), key=lambda o: before[o.qualname].lineno)


def _cut_bottom_up(
    text: str, tree: ast.Module, targets: list[FunctionMetrics], limit: int
) -> tuple[str, list[tuple[FunctionOutcome, int]]]:
    """Each target cut down, the last in the file first: cutting a function moves no line
    above it, so `tree` stays true there. The outcomes with the number of cuts each."""
    words = module_words(text)
    changed_from = None  # the first line any cut changed
    results: list[tuple[FunctionOutcome, int]] = []
    for metrics in sorted(targets, key=lambda f: f.lineno, reverse=True):
        if changed_from is not None and metrics.endline >= changed_from:
            tree = ast.parse(text)  # it holds a function already cut (a closure of it)
        outcome = FunctionOutcome(metrics.qualname, metrics.complexity, 0)
        new_text, cuts, words = _reduce(text, tree, metrics.qualname, limit, outcome, words)
        changed_from = metrics.lineno if new_text != text else changed_from
        text = new_text
        results.append((outcome, cuts))
    return text, results


def _reduce(
    text: str,
    tree: ast.Module,
    qualname: str,
    limit: int,
    outcome: FunctionOutcome,
    words: frozenset[str],
) -> tuple[str, int, frozenset[str]]:
    """`text` with `qualname` rewritten and cut down (on an excerpt of it), the cuts made,
    the module's words now."""
    excerpt = excerpt_of(text, tree, qualname, find_qualname(tree, qualname))
    work, outcome.rewrites = rewrite_function(
        excerpt.text if excerpt is not None else text, qualname
    )
    work, cuts, words = _cut_down(work, qualname, limit, outcome, words)
    if not cuts and not outcome.rewrites:
        return text, 0, words
    return (put_back(text, excerpt, work) if excerpt else work), cuts, words


def _cut_down(
    work: str, qualname: str, limit: int, outcome: FunctionOutcome, words: frozenset[str]
) -> tuple[str, int, frozenset[str]]:
    """The function, then each helper it gets, cut until under `limit` (or out of cuts)."""
    queue = [qualname]
    cuts = 0
    while queue and cuts < MAX_CUTS:
        current = queue.pop(0)
        work_tree = ast.parse(work)
        function = find_qualname(work_tree, current)
        if function is None or 1 + decisions_in(function.body) <= limit:
            continue
        made = _best_cut(work, work_tree, function, limit, words)
        if isinstance(made, str):
            outcome.problem = outcome.problem or f"{current}: {made}"
            continue
        cuts += 1
        outcome.made.append(made.qualname)
        work = made.text
        words = words | module_words(work)
        queue[:0] = [current, made.qualname]  # the function again first, then its helper
    return work, cuts, words


def _conclude(outcome: FunctionOutcome, scores: dict[str, int], limit: int, cuts: int) -> None:
    """Fill in the outcome's numbers, helpers and, when it is not under the limit, why."""
    outcome.after = scores.get(outcome.qualname, outcome.before)
    outcome.helpers = [(q, scores[q]) for q in outcome.made if q in scores]
    if outcome.problem:
        return
    if cuts >= MAX_CUTS:
        outcome.problem = f"stopped after {MAX_CUTS} cuts"
    elif max([outcome.after, *(cc for _, cc in outcome.helpers)]) > limit:
        outcome.problem = "no cut brings it under the limit"


def _best_cut(
    text: str,
    tree: ast.Module,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    limit: int,
    words: frozenset[str],
) -> Extracted | str:
    """The preferred extraction in `function` (a def of `tree`), or why none works: a block
    if one will do, else a paragraph (a run of statements between blank lines), else the
    tail of an if/elif chain, else a run of consecutive statements few names cross."""
    whole = decisions_in(function.body)
    cut = _Cutter(text, tree, UsesMemo(), words, whole, limit)
    lines = text.splitlines()
    reason = _NOTHING
    stages = (
        candidates(function, lines),
        paragraphs(function, lines),
        chain_tails(function),
        statement_runs(function, whole, limit),
    )
    for found in stages:
        made = _pick(cut, found)
        if not isinstance(made, str):
            return made
        reason = made if reason == _NOTHING else reason
    return reason


_NOTHING = "no block to extract"


def _pick(cut: _Cutter, found: Iterator[Candidate]) -> Extracted | str:
    """The best extraction among the candidates, or the last reason one was refused."""
    whole, limit = cut.whole, cut.limit
    need = whole + 1 - limit
    ranked = sorted(
        (c for c in found if 0 < c.decisions < whole),
        key=lambda c: (not (need <= c.decisions < limit), c.decisions >= limit, -c.decisions),
    )
    tried: list[tuple[tuple[int, ...], Extracted]] = []
    reason = _NOTHING
    for candidate in ranked[:MAX_ATTEMPTS]:
        scored = _try_cut(cut, candidate, need, limit)
        if isinstance(scored, str):
            reason = scored
            continue
        tried.append(scored)
        key, made = scored
        good_enough = key[0] == 0 and len(made.inputs) + len(made.outputs) <= 2
        if good_enough or len(tried) >= TRIES_PER_CUT:
            break
    if not tried:
        return reason
    return min(tried, key=lambda pair: pair[0])[1]


@dataclass(frozen=True)
class _Cutter:
    """What every candidate cut of one function shares: the text, its tree, the uses
    collected in that tree, the module's words."""

    text: str
    tree: ast.Module
    memo: UsesMemo
    words: frozenset[str]
    whole: int  # the function's decisions
    limit: int


def _try_cut(
    cut: _Cutter, candidate: Candidate, need: int, limit: int
) -> tuple[tuple[int, ...], Extracted] | str:
    """The extraction of one candidate with its preference key (lower is better), or why not."""
    try:
        made = _extract(cut, candidate)
    except (Refused, SyntaxError) as exc:
        return str(exc)
    size = len(made.inputs) + len(made.outputs)
    if candidate.paragraph and size > MAX_PARAGRAPH_FLOW:
        return f"line {candidate.start}: the paragraph has {size} inputs and outputs"
    if candidate.run and (size > MAX_FLOW or len(made.outputs) > MAX_OUTPUTS):
        return f"line {candidate.start}: the run of statements has {size} inputs and outputs"
    gain = candidate.decisions - made.flagged  # the flag's `if` stays in the function
    if gain <= 0:
        return f"line {candidate.start}: a cut here would not lower the complexity"
    fits = need <= gain and candidate.decisions < limit
    return (int(not fits), int(candidate.decisions >= limit), size, -gain), made


def _extract(cut: _Cutter, candidate: Candidate) -> Extracted:
    """The candidate extracted (a chain's tail after splitting the chain before it)."""
    if not candidate.chain_tail:
        name = unique_name(candidate.name, cut.words) if candidate.name else None
        return extract_lines(
            cut.text, candidate.start, candidate.end, name, tree=cut.tree, memo=cut.memo,
            words=cut.words,
        )  # fmt: skip
    split = split_chain(cut.text, cut.tree, candidate.start)
    if split is None:
        raise Refused("no elif to split the chain at", candidate.start)
    # the `else:` line comes first: the tail's lines are one further down
    return extract_lines(split, candidate.start + 1, candidate.end + 1, words=cut.words)
