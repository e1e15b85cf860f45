"""Names used only inside string type expressions travel with the code that uses them."""

from __future__ import annotations

from pathlib import Path

from tests.unit.codemods.split.breakage_helpers import apply, run_python, split_with_plan, write

MODULE = """
    from typing import TYPE_CHECKING, Callable, TypeVar, cast

    if TYPE_CHECKING:
        from decimal import Decimal


    class Response:
        pass


    class Node:
        pass


    N = TypeVar("N", bound="Node")


    class Client:
        def send(self, handler: object) -> "Decimal":
            call = cast("Callable[..., Response]", handler)
            return call()
    """


def test_cast_strings_typevar_bounds_and_quoted_annotations(tmp_path: Path) -> None:
    """`cast("Callable[..., Response]", handler)` with `Callable` imported only for it was
    refused: undefined name 'Callable' in the submodule."""
    write(
        tmp_path,
        {"pyproject.toml": "[project]\nname='pkg'\n", "pkg/__init__.py": "", "pkg/m.py": MODULE},
    )
    groups = {"base": ["Response", "Node", "N"], "client": ["Client"]}
    apply(split_with_plan(tmp_path, "pkg/m.py", groups))
    client = (tmp_path / "pkg/m/client.py").read_text()
    assert "Callable" in client.split("class Client")[0]
    assert "from decimal import Decimal" in client
    done = run_python(
        tmp_path,
        "from pkg.m import Client, Response\nprint(type(Client().send(Response)).__name__)",
    )
    assert done.stdout == "Response\n", done.stderr
