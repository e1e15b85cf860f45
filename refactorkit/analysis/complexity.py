"""Cyclomatic complexity per function, method and class, with radon's numbers and ranks.

This reproduces `radon.visitors.ComplexityVisitor` (radon 6.0.1) rule for rule, but walks the
tree with an explicit stack instead of a recursive `ast.NodeVisitor`: radon's visitor costs
half an `ast.parse` on large files and overflows the recursion limit on deep generated
expressions. tests/unit/analysis/test_complexity.py checks equality with radon on real files.

radon's rules, including the odd ones (docs/metrics.md lists them):
* +1 per if/elif, ternary, assert, for/while loop (+1 more for its `else`), comprehension
  clause (+1 per `if` in it), `except` handler, `try ... else`, extra `and`/`or` operand, and
  per `match` case when there is no capture-all case (else one fewer).
* A function is 1 + the decisions in its body, not counting nested functions (reported on
  their own) nor classes defined inside it (dropped). Decorators, defaults and annotations are
  not visited; the contents of an `assert` are not visited either.
* A function ends at the largest line number seen in its *last* body statement's walk.
* A class is 1 + its body's decisions + its methods' complexities; its reported number is that
  total divided by the number of methods (integer part) plus 1 when it has 2 or more methods.
Names: methods are `Class.method`, closures `outer.inner`, nested classes `Outer.Inner`.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from radon.complexity import cc_rank

from refactorkit.analysis.ast_fields import CHILD_FIELDS, NOT_NODES
from refactorkit.analysis.cognitive import BodyText, function_cognitive
from refactorkit.analysis.halstead import COUNTED, HalsteadCounter
from refactorkit.domain import ClassMetrics, FunctionMetrics


@dataclass
class _Function:
    name: str
    lineno: int
    endline: int
    complexity: int
    closures: list[_Function]
    cognitive: int = 0
    cuttable: bool = True


@dataclass
class _Class:
    name: str
    lineno: int
    endline: int
    real_complexity: int
    methods: list[_Function]
    inner_classes: list[_Class]

    @property
    def complexity(self) -> int:
        count = len(self.methods)
        if not count:
            return self.real_complexity
        return int(self.real_complexity / float(count)) + (count > 1)


@dataclass
class _Scope:
    """What one radon visitor collects while walking one statement (or the module)."""

    complexity: int = 0
    max_line: float = float("-inf")
    functions: list[_Function] = field(default_factory=list)
    classes: list[_Class] = field(default_factory=list)


@dataclass(frozen=True)
class _Riders:
    """What rides along the complexity walk: the Halstead counter and the source text (for
    cognitive complexity, measured when each def is met)."""

    halstead: HalsteadCounter
    texts: BodyText


@dataclass(frozen=True)
class Complexity:
    """Complexity results of one file."""

    functions: tuple[FunctionMetrics, ...]
    classes: tuple[ClassMetrics, ...]
    total: int  # radon's ComplexityVisitor.total_complexity, the input of the MI


def rank(complexity: int) -> str:
    """radon's letter A-F for a cyclomatic complexity."""
    return str(cc_rank(complexity))


def analyze_complexity(
    tree: ast.Module, halstead: HalsteadCounter | None = None, text: str | None = None
) -> Complexity:
    """Functions, methods and classes of a parsed module with radon's complexity numbers.

    When given `halstead`, the same walk also counts the file's Halstead operators and operands
    into it (saving `measure` a second walk over the tree). Each function's cognitive
    complexity is measured as its def is met (`text`, the source, makes that faster).
    """
    module = _walk(
        tree, _Scope(complexity=1), None, _Riders(halstead or HalsteadCounter(), BodyText(text))
    )
    total = (
        module.complexity
        + sum(f.complexity for f in module.functions)
        - len(module.functions)
        + sum(c.real_complexity for c in module.classes)
        - len(module.classes)
    )
    functions: list[FunctionMetrics] = []
    classes: list[ClassMetrics] = []
    for func in module.functions:
        _add_function(func, func.name, None, functions)
    for cls in module.classes:
        _add_class(cls, cls.name, functions, classes)
    functions.sort(key=lambda f: (f.lineno, f.qualname))
    classes.sort(key=lambda c: (c.lineno, c.name))
    return Complexity(tuple(functions), tuple(classes), total)


def _walk(root: ast.AST, scope: _Scope, context: str | None, riders: _Riders) -> _Scope:
    """radon's generic_visit over `root`, iteratively; defs and classes open new scopes.

    Halstead counting rides along: `context` is the enclosing function's name. The parts
    radon's complexity skips but Halstead counts (assert contents, class bases, keywords and
    decorators) get a Halstead-only walk. Kinds are dispatched through tables rather than
    branches (one dict lookup each) because this loop runs once per node of every file.
    """
    fields = CHILD_FIELDS
    counted = COUNTED
    halstead_add = riders.halstead.add
    openers = _SCOPE_OPENERS
    decisions = _DECISIONS
    stack: list[object] = [root]
    pop, push, extend = stack.pop, stack.append, stack.extend
    added = 0
    max_line = scope.max_line
    while stack:
        node = pop()
        kind = type(node)
        opener = openers.get(kind)  # also skips the None and str items of list fields
        if opener is not None:
            added += opener(node, scope, context, riders)
            continue
        if kind in counted:
            halstead_add(node, kind, context)  # type: ignore[arg-type]
        line = getattr(node, "lineno", max_line)
        if line > max_line:
            max_line = line
        # decisions_in repeats this loop on purpose: a helper would be a call per node here
        decide = decisions.get(kind)  # refactorkit: ignore[RK116]
        if decide is not None:
            added += decide(node)
        for name in fields[kind]:  # type: ignore[index]  # refactorkit: ignore[RK116]
            value = getattr(node, name)
            if type(value) is list:
                extend(value)
            else:
                push(value)
    scope.complexity += added
    scope.max_line = max_line
    return scope


def _open_function(node: Any, scope: _Scope, _ctx: str | None, riders: _Riders) -> int:
    scope.functions.append(_function(node, riders))
    return 0


def _open_class(node: Any, scope: _Scope, context: str | None, riders: _Riders) -> int:
    scope.classes.append(_class(node, context, riders))
    return 0


def _count_assert(node: Any, _scope: _Scope, context: str | None, riders: _Riders) -> int:
    riders.halstead.walk(node, context)  # radon counts the assert but does not visit its contents
    return 1


def _skip(_node: Any, _scope: _Scope, _context: str | None, _riders: _Riders) -> int:
    return 0


_SCOPE_OPENERS: dict[type, Callable[[Any, _Scope, str | None, _Riders], int]] = {
    # list fields are pushed whole: their None and str items are popped and skipped here
    **dict.fromkeys(cast(frozenset[type], NOT_NODES), _skip),
    ast.FunctionDef: _open_function,
    ast.AsyncFunctionDef: _open_function,
    ast.ClassDef: _open_class,
    ast.Assert: _count_assert,
}


def _loop_decisions(node: Any) -> int:
    return bool(node.orelse) + 1


def _match_decisions(node: Any) -> int:
    cases = node.cases
    # a capture pattern (`case _:` or `case x:`) is an `else`, not a decision
    catch_all = any(getattr(c.pattern, "pattern", False) is None for c in cases)
    return max(0, len(cases) - catch_all)


# node kind -> the decision points it adds (radon's rules, see the module docstring)
_DECISIONS: dict[type, Callable[[Any], int]] = {
    ast.If: lambda node: 1,
    ast.IfExp: lambda node: 1,
    ast.BoolOp: lambda node: len(node.values) - 1,
    ast.For: _loop_decisions,
    ast.While: _loop_decisions,
    ast.AsyncFor: _loop_decisions,
    ast.comprehension: lambda node: len(node.ifs) + 1,
    # not ast.TryStar: radon 6.0.1 ignores `except*` handlers
    ast.Try: lambda node: len(node.handlers) + bool(node.orelse),
    ast.Match: _match_decisions,
}


def _function(node: ast.FunctionDef | ast.AsyncFunctionDef, riders: _Riders) -> _Function:
    closures: list[_Function] = []
    complexity = 1
    last = _Scope()
    counts: list[int] = []
    for child in node.body:
        last = _walk(child, _Scope(), node.name, riders)
        closures.extend(last.functions)
        complexity += last.complexity
        counts.append(last.complexity)
    # The real last line, not radon's `endline` (radon stops at the last statement it visits
    # for complexity, so a test function ending in `assert`s reported a length of 1 line).
    endline = node.end_lineno or max(node.lineno, int(last.max_line))
    cognitive = function_cognitive(node, riders.texts.mentions(node))
    cuttable = complexity <= 2 or has_cut(node.body, counts)
    return _Function(node.name, node.lineno, endline, complexity, closures, cognitive, cuttable)


def has_cut(body: list[ast.stmt], counts: list[int]) -> bool:
    """Whether a statement, or a statement list, of the function holds some but not all of
    its decisions (`counts`: those of each statement of `body`): what `extract --auto` can
    cut. Only when one statement holds them all are its inner lists looked at."""
    whole = sum(counts)
    pending = [(body, counts)]
    while pending:
        statements, numbers = pending.pop()
        if any(0 < n < whole for n in numbers) or 0 < sum(numbers) < whole:
            return True
        holders = [n for n, c in zip(statements, numbers, strict=True) if c == whole]
        pending.extend(_inner_lists(holders))
    return False


def _inner_lists(holders: list[ast.stmt]) -> list[tuple[list[ast.stmt], list[int]]]:
    """The statement lists of the compound statements among `holders`, with the decisions
    of each of their statements."""
    return [
        (inner, [decisions_in([s]) for s in inner])
        for node in holders
        if not isinstance(node, _NOT_COUNTED)
        for inner in _lists(node)
    ]


def _lists(node: ast.stmt) -> list[list[ast.stmt]]:
    """The statement lists directly inside a compound statement."""
    found = [getattr(node, name, None) for name in ("body", "orelse", "finalbody")]
    clauses = getattr(node, "handlers", None) or getattr(node, "cases", None) or ()
    found += [clause.body for clause in clauses]
    return [f for f in found if isinstance(f, list) and f and isinstance(f[0], ast.stmt)]


def _class(node: ast.ClassDef, context: str | None, riders: _Riders) -> _Class:
    methods: list[_Function] = []
    inner: list[_Class] = []
    complexity = 1
    max_lines: list[float] = [node.lineno]
    for header in (*node.bases, *node.keywords, *node.decorator_list):
        riders.halstead.walk(header, context)
    for child in node.body:
        scope = _walk(child, _Scope(), context, riders)
        methods.extend(scope.functions)
        complexity += scope.complexity + sum(f.complexity for f in scope.functions)
        max_lines.append(scope.max_line)
        inner.extend(scope.classes)
    endline = node.end_lineno or int(max(max_lines + [m.endline for m in methods]))
    return _Class(node.name, node.lineno, endline, complexity, methods, inner)


def _add_function(
    func: _Function, qualname: str, classname: str | None, out: list[FunctionMetrics]
) -> None:
    out.append(
        FunctionMetrics(
            name=func.name,
            qualname=qualname,
            lineno=func.lineno,
            endline=func.endline,
            complexity=func.complexity,
            rank=rank(func.complexity),
            classname=classname,
            cognitive=func.cognitive,
            cuttable=func.cuttable,
        )
    )
    for closure in func.closures:
        # radon counts a closure's decisions only in the closure, never in its enclosing function
        _add_function(closure, f"{qualname}.{closure.name}", None, out)


def _add_class(
    cls: _Class, qualname: str, functions: list[FunctionMetrics], classes: list[ClassMetrics]
) -> None:
    methods = cls.methods
    classes.append(
        ClassMetrics(
            name=qualname,
            lineno=cls.lineno,
            endline=cls.endline,
            methods=len(methods),
            public_methods=sum(1 for m in methods if not m.name.startswith("_")),
            complexity=cls.complexity,
        )
    )
    for method in methods:
        _add_function(method, f"{qualname}.{method.name}", qualname, functions)
    for inner in cls.inner_classes:
        _add_class(inner, f"{qualname}.{inner.name}", functions, classes)


_NOT_COUNTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def decisions_in(statements: list[ast.stmt]) -> int:
    """The decisions radon counts in `statements` as part of a function body (nested defs and
    classes excluded, an `assert` counted but not entered): the function's complexity is 1 +
    this. The walk of `analyze_complexity` without its riders, for `extract --auto`, which
    measures many blocks of one tree."""
    fields = CHILD_FIELDS
    decisions = _DECISIONS
    stack: list[object] = list(statements)
    added = 0
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind in NOT_NODES or kind in _NOT_COUNTED:
            continue
        if kind is ast.Assert:
            added += 1
            continue
        decide = decisions.get(kind)
        if decide is not None:
            added += decide(node)
        for name in fields[kind]:  # type: ignore[index]
            value = getattr(node, name)
            if type(value) is list:
                stack.extend(value)
            else:
                stack.append(value)
    return added
