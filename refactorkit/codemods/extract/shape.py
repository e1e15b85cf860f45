"""The helper's shape: function, method, static or class method; its receiver and name."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from refactorkit.codemods.extract.flow import Flow
from refactorkit.codemods.extract.names import parameters, uses_of
from refactorkit.codemods.extract.region import Refused, Region

KINDS = ("function", "method", "static")
_MANGLED = re.compile(r"(?<![\w])__[A-Za-z_]\w*(?<!__)\b")


@dataclass(frozen=True)
class Shape:
    kind: str  # function | method | classmethod | static
    first: str  # the receiver parameter ("self", "cls") for method and classmethod, else ""
    receiver: str  # what the call is made on ("self.", "cls.", "Class.", "")
    beside_class: bool  # a module function made from a method goes after the class


def shape_of(region: Region, flow: Flow, wanted: str | None, block_text: str) -> Shape:
    """How the helper is defined and called, from what the block uses and the user's --as."""
    owner, function = region.owner, region.function
    if owner is None:
        if wanted in ("method", "static"):
            raise Refused(f"--as {wanted}: {function.name} is not a method", function.lineno)
        return Shape("function", "", "", False)
    decorators = {_decorator_name(d) for d in function.decorator_list}
    first = _receiver_parameter(function, decorators)
    if _stays_a_method(region, flow, wanted, first):
        kind = "classmethod" if "classmethod" in decorators else "method"
        return Shape(kind, first, f"{first}.", False)
    if wanted == "function":
        _refuse_mangled(block_text)
        return Shape("function", "", "", True)
    return Shape("static", "", f"{first or owner.name}.", False)


def _stays_a_method(region: Region, flow: Flow, wanted: str | None, first: str) -> bool:
    """A block that reads self (or cls), or uses super(), stays a method; so does --as method."""
    if flow.uses_super and wanted in ("function", "static"):
        raise Refused("super() or __class__ in the block: the helper must be a method", 0)
    if not first:
        return False
    reads_first = first in uses_of(region.statements).read_names()
    return reads_first or flow.uses_super or wanted == "method"


def _receiver_parameter(
    function: ast.FunctionDef | ast.AsyncFunctionDef, decorators: set[str]
) -> str:
    """`self` or `cls` as the method names it ("" for a static method)."""
    params = parameters(function)
    return "" if "staticmethod" in decorators or not params else params[0]


def _refuse_mangled(block_text: str) -> None:
    if _MANGLED.search(block_text):
        raise Refused("a __private name in the block is mangled only inside the class", 0)


def _decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def helper_name(wanted: str | None, function_name: str, words: frozenset[str]) -> str:
    """--name, or `_<function>_part` made unique among every word of the module."""
    if wanted:
        if not wanted.isidentifier():
            raise Refused(f"--name {wanted!r} is not an identifier", 0)
        if wanted in words:
            raise Refused(f"--name {wanted!r} is already used in the module", 0)
        return wanted
    return unique_name(f"_{function_name.strip('_')}_part", words)


def unique_name(base: str, words: frozenset[str]) -> str:
    """`base`, or `base2`, `base3`, ... the first that is none of `words`."""
    name, number = base, 2
    while name in words:
        name, number = f"{base}{number}", number + 1
    return name
