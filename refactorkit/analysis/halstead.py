"""Halstead volume of a whole file, equal to `radon.metrics.h_visit_ast(tree).total.volume`.

radon's HalsteadVisitor is a recursive `ast.NodeVisitor` that builds a fresh visitor per
function statement; on large files it costs half an `ast.parse`. Its rules are few, so we
apply them in one iterative walk (no recursion limit to worry about) and check equality with
radon in tests/unit/analysis/test_maintainability.py:

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

from refactorkit.analysis.ast_fields import CHILD_FIELDS


def _operand_key(node: ast.AST) -> object:
    kind = type(node)
    if kind is ast.Name:
        return node.id  # type: ignore[attr-defined]
    if kind is ast.Attribute:
        return node.attr  # type: ignore[attr-defined]
    if kind is ast.Constant:
        return node.value  # type: ignore[attr-defined]
    return node  # radon keeps the node itself: every such operand is distinct


def halstead_volume(tree: ast.AST) -> float:
    """N * log2(h): total operators and operands times log2 of the distinct ones."""
    operators: set[str] = set()
    operands: set[tuple[str | None, object]] = set()
    n_operators = n_operands = 0
    binop, unaryop, boolop, augassign, compare = (
        ast.BinOp,
        ast.UnaryOp,
        ast.BoolOp,
        ast.AugAssign,
        ast.Compare,
    )
    funcs = (ast.FunctionDef, ast.AsyncFunctionDef)
    fields = CHILD_FIELDS
    stack: list[tuple[ast.AST, str | None]] = [(tree, None)]
    pop, push = stack.pop, stack.append
    while stack:
        node, context = pop()
        kind = type(node)
        if kind in funcs:
            name: str = node.name  # type: ignore[attr-defined]
            for child in node.body:  # type: ignore[attr-defined]
                push((child, name))
            continue
        if kind is binop:
            n_operators += 1
            n_operands += 2
            operators.add(type(node.op).__name__)  # type: ignore[attr-defined]
            operands.add((context, _operand_key(node.left)))  # type: ignore[attr-defined]
            operands.add((context, _operand_key(node.right)))  # type: ignore[attr-defined]
        elif kind is compare:
            ops = node.ops  # type: ignore[attr-defined]
            comparators = node.comparators  # type: ignore[attr-defined]
            n_operators += len(ops)
            n_operands += len(comparators) + 1
            operators.update(type(op).__name__ for op in ops)
            operands.update((context, _operand_key(c)) for c in comparators)
            operands.add((context, _operand_key(node.left)))  # type: ignore[attr-defined]
        elif kind is boolop:
            values = node.values  # type: ignore[attr-defined]
            n_operators += 1
            n_operands += len(values)
            operators.add(type(node.op).__name__)  # type: ignore[attr-defined]
            operands.update((context, _operand_key(v)) for v in values)
        elif kind is unaryop:
            n_operators += 1
            n_operands += 1
            operators.add(type(node.op).__name__)  # type: ignore[attr-defined]
            operands.add((context, _operand_key(node.operand)))  # type: ignore[attr-defined]
        elif kind is augassign:
            n_operators += 1
            n_operands += 2
            operators.add(type(node.op).__name__)  # type: ignore[attr-defined]
            operands.add((context, _operand_key(node.target)))  # type: ignore[attr-defined]
            operands.add((context, _operand_key(node.value)))  # type: ignore[attr-defined]
        for field in fields[kind]:
            value = getattr(node, field)
            if value is None:
                continue
            if type(value) is list:
                for child in value:
                    if isinstance(child, ast.AST):
                        push((child, context))
            else:
                push((value, context))
    vocabulary = len(operators) + len(operands)
    length = n_operators + n_operands
    return length * math.log(vocabulary, 2) if vocabulary != 0 else 0
