"""extract_imports: every import, relative ones made absolute, each with its kind and line."""

from __future__ import annotations

import ast
import textwrap

import pytest

from refactorkit.domain import ImportKind, ImportRecord
from refactorkit.graph.imports import extract_imports, resolve_relative

TOP, FUNC, TC = ImportKind.TOP, ImportKind.FUNCTION, ImportKind.TYPE_CHECKING


def imports(
    source: str, module: str | None = "pkg.sub.mod", is_package: bool = False
) -> list[tuple[object, ...]]:
    tree = ast.parse(textwrap.dedent(source))
    return [
        (r.module, r.name, r.lineno, r.kind.value, r.in_try)
        for r in extract_imports(tree, module, is_package)
    ]


@pytest.mark.parametrize(
    ("module", "is_package", "level", "target", "expected"),
    [
        ("pkg.sub.mod", False, 1, None, "pkg.sub"),
        ("pkg.sub.mod", False, 1, "other", "pkg.sub.other"),
        ("pkg.sub.mod", False, 2, "x.y", "pkg.x.y"),
        ("pkg.sub.mod", False, 3, None, None),  # beyond the top-level package
        ("pkg.sub", True, 1, None, "pkg.sub"),  # level 1 in __init__ is the package itself
        ("pkg.sub", True, 1, "mod", "pkg.sub.mod"),
        ("pkg.sub", True, 2, "other", "pkg.other"),
        ("pkg.sub", True, 3, None, None),
        ("pkg", True, 1, "a", "pkg.a"),
        ("pkg", True, 2, "a", None),
        ("script", False, 1, "a", None),  # a top-level module has no package
        (None, False, 1, "a", None),  # a file outside every importable root
        (None, False, 0, "a.b", "a.b"),
    ],
)
def test_resolve_relative(
    module: str | None, is_package: bool, level: int, target: str | None, expected: str | None
) -> None:
    assert resolve_relative(module, is_package, level, target) == expected


def test_absolute_imports_and_aliases() -> None:
    src = """\
        import os
        import a.b as c, json
        from a import b
        from a.b import c as d, e
        from x import *
    """
    assert imports(src) == [
        ("os", None, 1, "top", False),
        ("a.b", None, 2, "top", False),
        ("json", None, 2, "top", False),
        ("a", "b", 3, "top", False),
        ("a.b", "c", 4, "top", False),
        ("a.b", "e", 4, "top", False),
        ("x", None, 5, "top", False),
    ]


def test_relative_imports_in_a_module() -> None:
    src = """\
        from . import sibling
        from .sibling import name
        from .. import uncle
        from ...too import far
        from .... import farther
    """
    assert imports(src, "pkg.sub.mod") == [
        ("pkg.sub", "sibling", 1, "top", False),
        ("pkg.sub.sibling", "name", 2, "top", False),
        ("pkg", "uncle", 3, "top", False),
    ]


def test_relative_imports_in_a_package_init() -> None:
    src = """\
        from . import child
        from .child import name
        from .. import sibling
        from ... import nothing
    """
    assert imports(src, "pkg.sub", is_package=True) == [
        ("pkg.sub", "child", 1, "top", False),
        ("pkg.sub.child", "name", 2, "top", False),
        ("pkg", "sibling", 3, "top", False),
    ]


def test_src_layout_module_names_are_taken_as_given() -> None:
    # workspace names src/app/core/db.py "app.core.db": the src/ part never shows up.
    assert imports("from ..util import x", "app.core.db") == [("app.util", "x", 1, "top", False)]


def test_relative_import_without_a_module_name_is_dropped_not_a_crash() -> None:
    assert imports("from . import x\nimport os", module=None) == [("os", None, 2, "top", False)]


def test_function_method_and_nested_function_imports() -> None:
    src = """\
        def f():
            import a
            def inner():
                from b import c
        class K:
            import d
            def m(self):
                import e
            async def am(self):
                import f
    """
    assert imports(src) == [
        ("a", None, 2, "function", False),
        ("b", "c", 4, "function", False),
        ("d", None, 6, "top", False),  # a class body runs at import time
        ("e", None, 8, "function", False),
        ("f", None, 10, "function", False),
    ]


def test_imports_in_nested_blocks_keep_their_kind() -> None:
    src = """\
        if x:
            import a
        else:
            import b
        with ctx():
            import c
        for i in y:
            import d
        while z:
            import e
        match v:
            case 1:
                import f
        def g():
            for i in y:
                with ctx():
                    import h
    """
    assert [(m, k) for m, _, _, k, _ in imports(src)] == [
        ("a", "top"),
        ("b", "top"),
        ("c", "top"),
        ("d", "top"),
        ("e", "top"),
        ("f", "top"),
        ("h", "function"),
    ]


@pytest.mark.parametrize(
    "guard_import",
    [
        "from typing import TYPE_CHECKING",
        "import typing",
        "import typing as t",
        "from typing_extensions import TYPE_CHECKING",
        "TYPE_CHECKING = False",  # the docutils idiom: no typing import at run time
    ],
)
def test_type_checking_variants(guard_import: str) -> None:
    guard = {"import typing": "typing.TYPE_CHECKING", "import typing as t": "t.TYPE_CHECKING"}.get(
        guard_import, "TYPE_CHECKING"
    )
    src = f"{guard_import}\nif {guard}:\n    import a\n    from b import c\nimport d\n"
    got = [(m, n, k) for m, n, _, k, _ in imports(src) if m not in ("typing", "typing_extensions")]
    assert got == [("a", None, "type_checking"), ("b", "c", "type_checking"), ("d", None, "top")]


def test_type_checking_alias_and_else_branches() -> None:
    src = """\
        from typing import TYPE_CHECKING as TC
        if TC:
            import a
        else:
            import b
        if not TC:
            import c
        else:
            import d
        if TC:
            pass
        elif other:
            import e
        if not TC:
            pass
        elif other:
            import f
        if TC and sys.version_info >= (3, 11):
            import g
        if TC or debug:
            import h
    """
    got = {m: k for m, _, _, k, _ in imports(src) if m != "typing"}
    assert got == {
        "a": "type_checking",
        "b": "top",
        "c": "top",
        "d": "type_checking",
        "e": "top",
        "f": "type_checking",  # runs only when `not TC` is false
        "g": "type_checking",
        "h": "top",
    }


def test_type_checking_wins_over_function_level() -> None:
    src = """\
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            def f():
                import a
        def g():
            if TYPE_CHECKING:
                import b
            import c
    """
    got = {m: k for m, _, _, k, _ in imports(src) if m != "typing"}
    assert got == {"a": "type_checking", "b": "type_checking", "c": "function"}


def test_conditional_imports_in_try_except() -> None:
    src = """\
        try:
            import ujson as json
        except ImportError:
            import json
        else:
            import a
        finally:
            import b
        try:
            def f():
                import c
            class K:
                import d
        except* ValueError:
            import e
        import g
    """
    assert [(m, k, t) for m, _, _, k, t in imports(src)] == [
        ("ujson", "top", True),
        ("json", "top", True),
        ("a", "top", True),
        ("b", "top", False),
        ("c", "function", False),  # the try guards defining f, not calling it
        ("d", "top", True),
        ("e", "top", True),
        ("g", "top", False),
    ]


def test_dynamic_imports_with_literal_names() -> None:
    src = """\
        mod = importlib.import_module("pkg.plugins.x")
        __import__("a.b")
        import_module(name)
        importlib.import_module(".rel", package="pkg")
        other("c")
    """
    assert imports(src) == [
        ("pkg.plugins.x", None, 1, "top", False),
        ("a.b", None, 2, "top", False),
    ]


def test_records_come_out_in_line_order() -> None:
    src = """\
        def f():
            import late
        import b
        class K:
            import c
        import d
    """
    assert [r[2] for r in imports(src)] == [2, 3, 5, 6]


def test_returns_domain_records() -> None:
    (record,) = extract_imports(ast.parse("from . import x"), "p", True)
    assert record == ImportRecord("p", "x", 1, ImportKind.TOP, False)
