"""The text of the helper and of the call that replaces the block."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from refactorkit.codemods.extract.region import Region
from refactorkit.codemods.extract.shape import Shape

if TYPE_CHECKING:
    from refactorkit.codemods.extract.core import _Plan


def insertion_line(region: Region, shape: Shape) -> int:
    """The line after which the helper goes: the function's last, or its class's."""
    node: ast.stmt = region.function
    if shape.beside_class and region.owner is not None:
        node = region.owner
    return node.end_lineno or node.lineno


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def call_line(plan: _Plan, lines: list[str], newline: str) -> str:
    """`a, b = self._helper(x, y)`, at the block's indentation."""
    region, shape = plan.region, plan.shape
    prefix = "await " if plan.flow.awaits else ""
    call = f"{prefix}{shape.receiver}{plan.name}({', '.join(plan.data.inputs)})"
    indent = _indent_of(lines[region.first_line - 1])
    if plan.flagged:
        flag, value = plan.flagged
        unit = _unit(region, lines)
        return (
            f"{indent}{flag}, {value} = {call}{newline}"
            f"{indent}if {flag}:{newline}{indent}{unit}return {value}{newline}"
        )
    if plan.returns:
        call = f"return {call}"
    elif plan.data.outputs:
        call = f"{', '.join(plan.data.outputs)} = {call}"
    return indent + call + newline


def helper_lines(plan: _Plan, lines: list[str], newline: str) -> list[str]:
    """Blank lines, decorator, signature, the block re-indented, and its return."""
    region, shape = plan.region, plan.shape
    anchor: ast.stmt = region.owner if shape.beside_class and region.owner else region.function
    def_indent = _indent_of(lines[anchor.lineno - 1])
    unit = _unit(region, lines)
    body_indent = def_indent + unit
    out = [newline] * (2 if not def_indent else 1)
    decorator = {"static": "@staticmethod", "classmethod": "@classmethod"}.get(shape.kind)
    if decorator:
        out.append(def_indent + decorator + newline)
    out.append(def_indent + _signature(plan, lines) + newline)
    out.extend(f"{body_indent}{line}{newline}" for line in plan.data.declarations)
    source = _flag_returns(region, lines) if plan.flagged else lines
    out.extend(_moved(region, source, body_indent, newline))
    if plan.flagged:
        out.append(f"{body_indent}return False, None{newline}")
    elif plan.data.outputs and not plan.returns:
        out.append(f"{body_indent}return {', '.join(plan.data.outputs)}{newline}")
    return out


def _flag_returns(region: Region, lines: list[str]) -> list[str]:
    """A copy of `lines` where each `return X` of the block reads `return True, (X)`."""
    from refactorkit.codemods.extract.flow import returns_of

    edited = list(lines)
    for node in sorted(returns_of(region.statements), key=lambda n: (-n.lineno, -n.col_offset)):
        first = edited[node.lineno - 1].encode("utf-8")
        head, tail = first[: node.col_offset], first[node.col_offset + len(b"return") :]
        if node.value is None:
            edited[node.lineno - 1] = (head + b"return True, None" + tail).decode("utf-8")
            continue
        last_index = (node.end_lineno or node.lineno) - 1
        value = tail[1:] if tail.startswith(b" ") else tail
        edited[node.lineno - 1] = (head + b"return True, (" + value).decode("utf-8")
        last = edited[last_index].encode("utf-8")
        end = node.end_col_offset or 0
        if last_index == node.lineno - 1:
            end += len(b"return True, (") - len(b"return") - (len(tail) - len(value))
        edited[last_index] = (last[:end] + b")" + last[end:]).decode("utf-8")
    return edited


def _unit(region: Region, lines: list[str]) -> str:
    """One level of indentation as the function's own body uses it."""
    outer = _indent_of(lines[region.function.lineno - 1])
    inner = _indent_of(lines[region.function.body[0].lineno - 1])
    step = inner[len(outer) :] if inner.startswith(outer) else ""
    return step or "    "


def _moved(region: Region, lines: list[str], body_indent: str, newline: str) -> list[str]:
    block_indent = _indent_of(lines[region.first_line - 1])
    verbatim = string_inner_lines(region.statements, lines)
    out: list[str] = []
    for number in range(region.first_line, region.last_line + 1):
        line = lines[number - 1]
        if number in verbatim:
            out.append(line)
        elif not line.strip():
            out.append(newline if line.endswith(("\n", "\r")) else line)
        elif line.startswith(block_indent):
            out.append(body_indent + line[len(block_indent) :])
        else:
            out.append(line)  # a continuation line left of the block: legal inside brackets
    if out and not out[-1].endswith(("\n", "\r")):
        out[-1] += newline
    return out


def string_inner_lines(statements: list[ast.stmt], lines: list[str]) -> set[int]:
    """Lines inside multi-line string literals after their first (their bytes are data).

    A literal made of strings on several lines (implicit concatenation in brackets) has only
    whitespace between them: it is re-indented like code unless it holds a triple-quoted
    string or a backslash continuation.
    """
    inner: set[int] = set()
    for statement in statements:
        for node in ast.walk(statement):
            end = getattr(node, "end_lineno", None) or 0
            is_text = isinstance(node, (ast.Constant, ast.JoinedStr)) and not _is_number(node)
            if is_text and end > node.lineno:  # type: ignore[attr-defined]
                span = range(node.lineno + 1, end + 1)  # type: ignore[attr-defined]
                if _holds_data_lines(lines[node.lineno - 1 : end]):  # type: ignore[attr-defined]
                    inner.update(span)
    return inner


def _holds_data_lines(source: list[str]) -> bool:
    text = "".join(source)
    return '"""' in text or "'''" in text or "\\\n" in text or "\\\r" in text


def _is_number(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and not isinstance(node.value, (str, bytes))


def _signature(plan: _Plan, text: list[str]) -> str:
    function = plan.region.function
    annotations = plan.region.memo.keep(
        "annotations", function, lambda: _annotations(function, text)
    )
    params = [plan.shape.first] if plan.shape.first else []
    for name in plan.data.inputs:
        hint = annotations.get(name)
        params.append(f"{name}: {hint}" if hint else name)
    head = "async def" if plan.flow.awaits else "def"
    result = _result_hint(plan, annotations, function, text)
    arrow = f" -> {result}" if result else ""
    return f"{head} {plan.name}({', '.join(params)}){arrow}:"


def _annotations(
    function: ast.FunctionDef | ast.AsyncFunctionDef, text: list[str]
) -> dict[str, str]:
    """Annotations of the function's parameters and annotated local names, as written."""
    found: dict[str, str] = {}
    args = function.args
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
        if arg.annotation is not None:
            found[arg.arg] = _segment(text, arg.annotation)
    for node in ast.walk(function):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found.setdefault(node.target.id, _segment(text, node.annotation))
    return {name: hint for name, hint in found.items() if hint}


def _segment(lines: list[str], node: ast.expr) -> str:
    """The source of a one-line expression (ast's columns count UTF-8 bytes); "" otherwise."""
    if node.end_lineno != node.lineno or node.end_col_offset is None:
        return ""
    line = lines[node.lineno - 1].encode("utf-8")
    return line[node.col_offset : node.end_col_offset].decode("utf-8", "replace")


def _result_hint(
    plan: _Plan,
    annotations: dict[str, str],
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    text: list[str],
) -> str:
    if plan.flagged:
        return ""
    if plan.returns:
        return _segment(text, function.returns) if function.returns is not None else ""
    hints = [annotations.get(name, "") for name in plan.data.outputs]
    if not hints or not all(hints):
        return "None" if not plan.data.outputs and function.returns is not None else ""
    return hints[0] if len(hints) == 1 else f"tuple[{', '.join(hints)}]"
