"""drop_unused_imports: the imports a moved definition took along leave no gaps or husks."""

from __future__ import annotations

import libcst as cst
import pytest

from refactorkit.codemods.refs.definitions import one_name_per_from_import, organize, used_names
from refactorkit.codemods.refs.module_edits import drop_unused_imports, insert_imports


def drop(source: str, names: set[str]) -> str:
    return drop_unused_imports(cst.parse_module(source), names).code


def test_blank_line_between_import_groups_survives_the_removal_of_the_group_head() -> None:
    before = (
        "from __future__ import annotations\n"
        "\n"
        "import functools\n"
        "from dataclasses import dataclass\n"
        "\n"
        "from shop.taxes import rate\n"
        "\n"
        "x = dataclass\n"
    )
    after = (
        "from __future__ import annotations\n\nfrom dataclasses import dataclass\n\nx = dataclass\n"
    )
    assert drop(before, {"functools", "rate"}) == after


def test_emptied_type_checking_block_goes_with_its_import() -> None:
    before = (
        "from typing import TYPE_CHECKING\n"
        "\n"
        "import os\n"
        "\n"
        "if TYPE_CHECKING:\n"
        "    from shop.money import Money\n"
        "\n"
        "x = os\n"
    )
    assert drop(before, {"Money"}) == "import os\n\nx = os\n"


def test_type_checking_block_with_other_imports_stays() -> None:
    before = (
        "import typing\n"
        "\n"
        "if typing.TYPE_CHECKING:\n"
        "    from a import B\n"
        "    from c import D\n"
        "\n"
        "x: D\n"
    )
    after = "import typing\n\nif typing.TYPE_CHECKING:\n    from c import D\n\nx: D\n"
    assert drop(before, {"B"}) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("import os, sys\nx = os\n", "import os\nx = os\n"),
        ("import os; import sys\nx = os\n", "import os\nx = os\n"),
        (
            "from a import (\n    b,  # keep\n    c,\n)\nx = b\n",
            "from a import (\n    b,  # keep\n)\nx = b\n",
        ),
        ("from a import (b, c)\nx = b\n", "from a import (b)\nx = b\n"),
        ("from a import (\n    b,\n    c\n)\nx = b\n", "from a import (\n    b\n)\nx = b\n"),
        ("import sys\n# about x\nx = 1\n", "# about x\nx = 1\n"),
    ],
)
def test_partial_removals(before: str, after: str) -> None:
    assert drop(before, {"sys", "c"}) == after


def test_names_still_used_are_kept() -> None:
    source = 'import os\nfrom a import b\n\n__all__ = ["b"]\nx = os\n'
    assert drop(source, {"os", "b"}) == source


@pytest.mark.parametrize(
    ("before", "statement", "after"),
    [
        # a first-party import after stdlib ones starts its own group, as isort writes it
        (
            "import os\n\nx = 1\n",
            "from shop.b import B",
            "import os\n\nfrom shop.b import B\n\nx = 1\n",
        ),
        (
            "import os\nfrom shop.a import A\n",
            "from shop.b import B",
            "import os\nfrom shop.a import A\nfrom shop.b import B\n",
        ),
        ("from .a import A\n", "from .b import B", "from .a import A\nfrom .b import B\n"),
        ("import os\n", "import sys", "import os\nimport sys\n"),
        ('"""Doc."""\n', "import sys", '"""Doc."""\n\nimport sys\n'),
    ],
)
def test_inserted_import_joins_or_starts_a_group(before: str, statement: str, after: str) -> None:
    assert insert_imports(before, [statement]) == after


def test_copied_imports_keep_one_name_per_line_when_the_source_does() -> None:
    statements = ["from collections import abc", "from collections import deque", "import os"]
    assert organize(statements, set()) == ["import os", "from collections import abc, deque"]
    assert organize(statements, set(), single_line=True) == [
        "import os",
        "from collections import abc",
        "from collections import deque",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from a import b\nfrom a import c\n", True),
        ("from a import b, c\nfrom a import d\n", False),  # isort-style merged lists
        ("from a import b\nfrom c import d\n", False),  # nothing says which style
    ],
)
def test_one_name_per_from_import(source: str, expected: bool) -> None:
    assert one_name_per_from_import(source) is expected


def test_typing_alias_kept_only_for_an_emptied_block_goes_too() -> None:
    before = "import typing as t\n\nif t.TYPE_CHECKING:\n    import a\n\nx = 1\n"
    assert drop(before, {"a"}) == "x = 1\n"
    kept = "import typing as t\n\nif t.TYPE_CHECKING:\n    import a\n\nx: t.Any = 1\n"
    assert drop(kept, {"a"}) == "import typing as t\n\nx: t.Any = 1\n"


def test_quoted_annotations_count_as_uses() -> None:
    code = "def f(m: 'Money', n: list['Stock | None']) -> 'Brand':\n    x: 'Q' = 1\n"
    assert {"Money", "Stock", "Brand", "Q"} <= used_names(code)


def test_import_used_in_a_quoted_annotation_stays() -> None:
    source = "from a import Stock\n\nx: 'list[Stock]' = []\n"
    assert drop(source, {"Stock"}) == source


def test_code_after_a_removed_opening_import_keeps_its_distance_from_a_header() -> None:
    assert drop("import a\n\n\nclass B: ...\n", {"a"}) == "class B: ...\n"
    assert drop("# licence\nimport a\n\n\nclass B: ...\n", {"a"}) == "# licence\n\n\nclass B: ...\n"
