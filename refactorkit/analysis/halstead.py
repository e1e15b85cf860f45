"""Halstead volume of a whole file, equal to `radon.metrics.h_visit_ast(tree).total.volume`.

radon's HalsteadVisitor is a recursive `ast.NodeVisitor` that builds a fresh visitor per
function statement; on large files it costs half an `ast.parse`. Its rules are few, so we
apply them without recursion: `measure` feeds a `HalsteadCounter` from its complexity walk,
and `halstead_volume` walks on its own. tests/unit/analysis/test_maintainability.py checks
both against radon. The rules:

* BinOp and AugAssign: 1 operator, 2 operands; UnaryOp: 1 and 1; BoolOp: 1 and one per value;
  Compare: one operator per comparison, the left side plus each comparator as operands.
* An operator is known by its class name (`Add`, `Eq`, ...). An operand is known by its
  `Name.id`, `Attribute.attr` or `Constant.value`, any other expression by the node itself,
  and always together with the name of the innermost enclosing function ("context").
* Of a function, only the body is walked (no decorators, defaults or annotations).
"""

from __future__ import annotations

import ast
import math

from refactorkit.analysis.ast_fields import CHILD_FIELDS, NOT_NODES


def _operand_key(node: ast.AST) -> object:
    kind = type(node)
    if kind is ast.Name:
        return node.id  # type: ignore[attr-defined]
    if kind is ast.Attribute:
        return node.attr  # type: ignore[attr-defined]
    if kind is ast.Constant:
        return node.value  # type: ignore[attr-defined]
    return node  # radon keeps the node itself: every such operand is distinct


COUNTED = frozenset({ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.AugAssign, ast.Compare})


class HalsteadCounter:
    """Operators and operands seen so far; `measure` feeds it from its complexity walk."""

    __slots__ = ("n_operands", "n_operators", "operands", "operators")

    def __init__(self) -> None:
        self.operators: set[str] = set()
        self.operands: set[tuple[str | None, object]] = set()
        self.n_operators = 0
        self.n_operands = 0

    def add(self, node: ast.AST, kind: type[ast.AST], context: str | None) -> None:
        """Count one node whose type is in COUNTED; `context` is its function's name."""
        n_rators, n_rands, rators, rands = _count(node, kind)
        self.n_operators += n_rators
        self.n_operands += n_rands
        self.operators.update(rators)
        self.operands.update((context, _operand_key(r)) for r in rands)

    def walk(self, root: ast.AST, context: str | None) -> HalsteadCounter:
        """Count everything under `root` (radon's HalsteadVisitor.visit)."""
        # one scope per function body (operands are told apart by their function's name)
        scopes: list[tuple[list[object], str | None]] = [([root], context)]
        while scopes:
            stack, name = scopes.pop()
            self._walk_scope(stack, name, scopes)
        return self

    def _walk_scope(
        self, stack: list[object], name: str | None, scopes: list[tuple[list[object], str | None]]
    ) -> None:
        """One function body's nodes; the bodies of functions inside it go to `scopes`."""
        fields = CHILD_FIELDS
        counted = COUNTED
        add = self.add
        pop, push, extend = stack.pop, stack.append, stack.extend
        while stack:
            node = pop()
            kind = type(node)
            if kind in NOT_NODES:  # list fields are pushed whole: skip their None and str items
                continue
            if kind in _FUNCTIONS:
                scopes.append((list(node.body), node.name))  # type: ignore[attr-defined]
                continue
            if kind in counted:
                add(node, kind, name)  # type: ignore[arg-type]
            for field in fields[kind]:  # type: ignore[index]
                value = getattr(node, field)
                if type(value) is list:
                    extend(value)
                else:
                    push(value)

    @property
    def volume(self) -> float:
        """N * log2(h): total operators and operands times log2 of the distinct ones."""
        vocabulary = len(self.operators) + len(self.operands)
        length = self.n_operators + self.n_operands
        return length * math.log(vocabulary, 2) if vocabulary != 0 else 0


def halstead_volume(tree: ast.AST) -> float:
    """radon's `h_visit_ast(tree).total.volume` in one iterative walk."""
    return HalsteadCounter().walk(tree, None).volume


def _count(node: ast.AST, kind: type[ast.AST]) -> tuple[int, int, list[str], list[ast.AST]]:
    """(operators, operands, operator names, operand nodes) of one counted node."""
    if kind is ast.Compare:
        ops = node.ops  # type: ignore[attr-defined]
        comparators: list[ast.AST] = node.comparators  # type: ignore[attr-defined]
        names = [type(op).__name__ for op in ops]
        return len(ops), len(comparators) + 1, names, [*comparators, node.left]  # type: ignore[attr-defined]
    name = type(node.op).__name__  # type: ignore[attr-defined]
    if kind is ast.BinOp:
        return 1, 2, [name], [node.left, node.right]  # type: ignore[attr-defined]
    if kind is ast.BoolOp:
        values: list[ast.AST] = node.values  # type: ignore[attr-defined]
        return 1, len(values), [name], values
    if kind is ast.UnaryOp:
        return 1, 1, [name], [node.operand]  # type: ignore[attr-defined]
    return 1, 2, [name], [node.target, node.value]  # type: ignore[attr-defined]  # AugAssign


_FUNCTIONS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef})
