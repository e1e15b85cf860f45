"""Extract lines START..END of a function into a helper: text in, text out (no I/O).

The block's lines move verbatim (comments, blank lines and formatting kept), re-indented to
the helper's body, except the inner lines of multi-line strings, which keep their bytes.
Everything the rewrite depends on is decided first on the `ast` of the file (where the block
is, what flows in and out, whether it may move at all); the edit itself is two splices.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from refactorkit.codemods.extract.dataflow import Dataflow, dataflow_of
from refactorkit.codemods.extract.flow import Flow, always_leaves, flow_of
from refactorkit.codemods.extract.names import UsesMemo
from refactorkit.codemods.extract.region import Refused, Region, locate
from refactorkit.codemods.extract.shape import Shape, helper_name, shape_of


@dataclass(frozen=True)
class Extracted:
    text: str  # the whole new module text
    helper: str  # the helper's name
    qualname: str  # the helper's qualified name (Class.helper for methods)
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    flagged: bool = False  # the call is followed by `if returned: return value` (+1 decision)


@dataclass(frozen=True)
class _Plan:
    region: Region
    flow: Flow
    data: Dataflow
    shape: Shape
    name: str
    returns: bool  # the call is `return helper(...)`
    # A block that returns on some paths only: the helper returns (True, value) there and
    # (False, None) at its end; these are the two names the call unpacks them into.
    flagged: tuple[str, str] | None = None


def extract_lines(
    text: str,
    start: int,
    end: int,
    name: str | None = None,
    kind: str | None = None,
    tree: ast.Module | None = None,
    *,
    memo: UsesMemo | None = None,
    words: frozenset[str] | None = None,
    widen: bool = False,
) -> Extracted:
    """`text` with lines start..end of one function extracted into a new helper.

    `tree`: `text` already parsed (it is not changed); `memo`: uses already collected in
    that tree; `words`: every word of the module (the helper's name must be new), when
    `text` is an excerpt of it; `widen`: take a statement the lines cut whole (`locate`).
    Raises Refused with the reason and line when the extraction
    cannot keep the behaviour.
    """
    lines = text.splitlines(keepends=True)
    start, end = _trim(lines, start, end)
    tree = tree or ast.parse(text)
    region = locate(tree, start, end, memo, widen=widen)
    _refuse_shared_lines(region, lines)
    taken = words if words is not None else module_words(text)
    plan = _plan(region, taken, lines, name, kind)
    new_text = _splice(plan, lines)
    owner = region.owner
    qualname = (
        plan.name if owner is None or plan.shape.beside_class else f"{owner.name}.{plan.name}"
    )
    data = plan.data
    return Extracted(new_text, plan.name, qualname, data.inputs, data.outputs, bool(plan.flagged))


def _trim(lines: list[str], start: int, end: int) -> tuple[int, int]:
    """start..end without the blank and comment lines at either end."""
    if start < 1 or end < start or end > len(lines):
        raise Refused(f"lines {start}-{end} are not lines of the file ({len(lines)} lines)", start)

    def empty(number: int) -> bool:
        stripped = lines[number - 1].strip()
        return not stripped or stripped.startswith("#")

    while start <= end and empty(start):
        start += 1
    while end >= start and empty(end):
        end -= 1
    if start > end:
        raise Refused("only blank or comment lines selected", start)
    return start, end


def _refuse_shared_lines(region: Region, lines: list[str]) -> None:
    """The block must own its lines: no statement of its list before or after on them."""
    first, last = region.first_line, region.last_line
    opening = lines[first - 1]
    if opening.lstrip().startswith("elif"):
        raise Refused("an elif is no statement of its own (select its body)", first)
    column = len(opening) - len(opening.lstrip())
    head = region.statements[0]
    starts_line = head.col_offset == column or first < head.lineno
    if not starts_line or _neighbour_lines(region) & set(range(first, last + 1)):
        raise Refused("the block shares a line with statements outside it", first)


def _neighbour_lines(region: Region) -> set[int]:
    """The last line of the statement before the block and the first of the one after."""
    body, lines = region.body, set()
    if region.start:
        before = body[region.start - 1]
        lines.add(before.end_lineno or before.lineno)
    if region.stop < len(body):
        lines.add(body[region.stop].lineno)
    return lines


def module_words(text: str) -> frozenset[str]:
    """Every word of a module: a new name must be none of them."""
    return frozenset(re.findall(r"\w+", text))


def _plan(
    region: Region, words: frozenset[str], lines: list[str], name: str | None, kind: str | None
) -> _Plan:
    flow = flow_of(region.statements)
    data = dataflow_of(region)
    returns, flagged = False, None
    if flow.returns and (region.is_function_tail or always_leaves(region.statements)):
        returns = True
        data = Dataflow(data.inputs, (), data.declarations)
    elif flow.returns:
        if data.outputs:
            raise Refused(
                "return on some paths of the block, and it sets names read after it",
                flow.returns[0],
            )
        function = region.function
        # the pair is bound in the function only: it must not be any word of it
        flagged = _flag_names(
            module_words("".join(lines[function.lineno - 1 : function.end_lineno]))
        )
    block_text = "".join(lines[region.first_line - 1 : region.last_line])
    shape = shape_of(region, flow, kind, block_text)
    data = _fit_to_shape(data, shape)
    helper = helper_name(name, region.function.name, words)
    return _Plan(region, flow, data, shape, helper, returns, flagged)


def _fit_to_shape(data: Dataflow, shape: Shape) -> Dataflow:
    """The receiver is no input; a module function cannot reach a nonlocal name."""
    if shape.beside_class and any(d.startswith("nonlocal") for d in data.declarations):
        raise Refused("--as function: a nonlocal name cannot be reached from the module", 0)
    if not shape.first:
        return data
    inputs = tuple(i for i in data.inputs if i != shape.first)
    return Dataflow(inputs, data.outputs, data.declarations)


def _flag_names(words: frozenset[str]) -> tuple[str, str]:
    """Two names none of `words` for the (returned, value) pair."""
    suffix, number = "", 1
    while f"returned{suffix}" in words or f"value{suffix}" in words:
        number += 1
        suffix = str(number)
    return f"returned{suffix}", f"value{suffix}"


def _splice(plan: _Plan, lines: list[str]) -> str:
    from refactorkit.codemods.extract.render import call_line, helper_lines, insertion_line

    region = plan.region
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    at = insertion_line(region, plan.shape)
    if not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    new_lines = [*lines[:at], *helper_lines(plan, lines, newline), *lines[at:]]
    first, last = region.first_line, region.last_line
    new_lines[first - 1 : last] = [call_line(plan, lines, newline)]
    return "".join(new_lines)


__all__ = ["Extracted", "Refused", "extract_lines", "module_words"]
