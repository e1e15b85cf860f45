"""Which fields of each AST node class can hold nodes that our metric walks care about."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from types import MappingProxyType

# Fields that never hold a node with a line number, an operator or a decision point: names,
# expression contexts, operator nodes (their parent counts them), flags and comments.
_LEAF_FIELDS = frozenset(
    {
        *("name", "id", "attr", "ctx", "op", "ops", "arg", "asname", "module", "level", "kind"),
        *("type_comment", "simple", "is_async", "conversion", "tag", "kwd_attrs", "rest"),
        *("n", "s", "type_ignores"),
    }
)
# their `value` is a Python constant, not a node
_CONSTANTS = frozenset({"Constant", "MatchSingleton", "NameConstant", "Num", "Str", "Bytes"})


def _node_classes(cls: type[ast.AST]) -> Iterator[type[ast.AST]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _node_classes(sub)


def _child_fields(cls: type[ast.AST]) -> tuple[str, ...]:
    if cls.__name__ in _CONSTANTS:
        return ()
    return tuple(f for f in cls._fields if f not in _LEAF_FIELDS)


# node class -> fields to walk into (lists may also hold None or str: check items); read-only
CHILD_FIELDS: Mapping[type[ast.AST], tuple[str, ...]] = MappingProxyType(
    {cls: _child_fields(cls) for cls in _node_classes(ast.AST)}
)

# What a list field may hold besides nodes (`Dict.keys` has None for `**d`, `Global.names` has
# strings): walks push lists whole and skip these when popped.
NOT_NODES = frozenset({type(None), str})
