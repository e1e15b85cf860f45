"""From the split's flat files to folders, compact re-exports and the app's root path."""

from __future__ import annotations

from pathlib import Path

from refactorkit.codemods.split_app.compact import compact_text
from refactorkit.codemods.split_app.nest import nest_changeset, respell
from refactorkit.codemods.split_app.roots import with_root_path
from refactorkit.domain import ChangeSet, CreateFile, MoveFile

MOVED = {"routers__items": ("routers", "items"), "services__common": ("services", "common")}


def test_imports_of_moved_siblings_are_spelled_with_the_folder() -> None:
    text = (
        "from .services__common import helper\n"
        "from . import routers__items\n"
        "from .. import app\n"
        "from .errors import ApiError\n"
        "x = app.routers__items.thing\n"
    )
    assert respell(text, MOVED, 1) == (
        "from ..services.common import helper\n"
        "from ..routers import items as routers__items\n"
        "from ... import app\n"
        "from ..errors import ApiError\n"
        "x = app.routers.items.thing\n"
    )
    assert respell("from .routers__items import bp\n", MOVED, 0) == (
        "from .routers.items import bp\n"
    )


def test_files_move_into_folders_with_an_init() -> None:
    changes = (
        MoveFile("pkg/app.py", "pkg/app/__init__.py", "from .routers__items import bp\n", "x\n"),
        CreateFile("pkg/app/routers__items.py", "from .errors import E\n"),
        CreateFile("pkg/app/errors.py", "class E(Exception): ...\n"),
    )
    nested = nest_changeset(ChangeSet(Path("/r"), "t", changes), "pkg/app")
    paths = {c.path: getattr(c, "new_text", None) for c in nested.changes}
    assert paths["pkg/app/routers/items.py"] == "from ..errors import E\n"
    assert paths["pkg/app/routers/__init__.py"] == ""
    assert paths["pkg/app/errors.py"] == "class E(Exception): ...\n"
    moved = next(c for c in nested.changes if isinstance(c, MoveFile))
    assert moved.new_text == "from .routers.items import bp\n"


def test_reexports_are_wrapped() -> None:
    text = (
        'from .a import (\n    x,\n    _y as _y,\n    z,\n)\n__all__ = [\n    "x",\n    "z",\n]\n'
    )
    assert (
        compact_text(text)
        == 'from .a import (\n    x, _y as _y, z,\n)\n__all__ = [\n    "x", "z",\n]\n'
    )


def test_the_app_keeps_its_root_path() -> None:
    text = (
        "from __future__ import annotations\n\nfrom flask import Flask\n\napp = Flask(__name__)\n"
    )
    out = with_root_path(text, 1)
    assert "import os\nfrom flask import Flask" in out
    assert (
        "Flask(__name__, root_path=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))"
        in out
    )
    assert with_root_path(out, 1) == out
