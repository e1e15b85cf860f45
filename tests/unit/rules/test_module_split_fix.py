"""RK101's fix for a long test module: split, split-class of a class over the limit, or advice."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from refactorkit.domain import ClassMetrics, SourceFile
from refactorkit.rules.module_split import module_split_fix
from tests.unit.check.helpers import analysis


def _fix(tmp_path: Path, relpath: str, text: str, classes: tuple[ClassMetrics, ...] = ()):  # type: ignore[no-untyped-def]
    path = tmp_path / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    module = relpath.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    file = replace(analysis(relpath, loc=900), source=SourceFile(path, relpath, module, False))
    return module_split_fix("", replace(file, classes=classes), 500)


def test_a_module_that_is_no_test_module_gets_split(tmp_path: Path) -> None:
    fix = _fix(tmp_path, "pkg/mod.py", "X = __name__\n")
    assert fix.argv == ("refactorkit", "split", "pkg/mod.py", "--auto")


def test_a_test_module_gets_split(tmp_path: Path) -> None:
    fix = _fix(tmp_path, "tests/test_x.py", "def test_a():\n    pass\n")
    assert fix.argv == ("refactorkit", "split", "tests/test_x.py", "--auto")


def test_a_test_module_the_split_refuses_gets_advice(tmp_path: Path) -> None:
    fix = _fix(tmp_path, "tests/test_x.py", "NAME = __name__ + '.Ext'\n")
    assert fix.argv == ()
    assert fix.kind == "advice"
    assert "tests/test_x.py:1: reads __name__" in fix.text


def test_a_test_class_over_the_limit_gets_split_class(tmp_path: Path) -> None:
    classes = (
        ClassMetrics("TestBig", 3, 700, 80, 80, 80),
        ClassMetrics("TestBig.Inner", 5, 900, 1, 1, 1),
    )
    fix = _fix(tmp_path, "tests/test_x.py", "class TestBig:\n    pass\n", classes)
    assert fix.argv == ("refactorkit", "split-class", "tests.test_x:TestBig", "--auto")


def test_a_conftest_gets_advice(tmp_path: Path) -> None:
    fix = _fix(tmp_path, "tests/conftest.py", "import pytest\n")
    assert fix.kind == "advice" and "only from a file named conftest.py" in fix.text


def test_a_module_of_django_models_keeps_its_module_names(tmp_path: Path) -> None:
    from refactorkit.domain import ImportKind, ImportRecord

    path = tmp_path / "shop" / "models.py"
    path.parent.mkdir(parents=True)
    path.write_text("from django.db import models\n", encoding="utf-8")
    file = replace(
        analysis("shop/models.py", loc=900),
        source=SourceFile(path, "shop/models.py", "shop.models", False),
        imports=(ImportRecord("django.db", "models", 1, ImportKind.TOP),),
    )
    fix = module_split_fix("", file, 500)
    assert fix.argv == ("refactorkit", "split", "shop/models.py", "--auto", "--keep-module-names")
    other = replace(file, imports=(ImportRecord("sqlalchemy.orm", "Mapped", 1, ImportKind.TOP),))
    assert module_split_fix("", other, 500).argv[-1] == "--auto"  # not for SQLAlchemy


def test_a_package_init_gets_split_class_of_its_largest_class(tmp_path: Path) -> None:
    """`split` of a package's `__init__.py` does nothing ("already a package"): docutils'
    `writers/latex2e/__init__.py` (3,486 lines, `LaTeXTranslator` most of them)."""
    big = ClassMetrics("Translator", 10, 800, 40, 30, 90)
    small = ClassMetrics("Writer", 801, 860, 4, 3, 5)
    fix = _fix(tmp_path, "pkg/writer/__init__.py", "class Writer:\n    pass\n", (small, big))
    assert fix.argv == ("refactorkit", "split-class", "pkg.writer:Translator", "--auto")


def test_a_package_init_of_small_definitions_gets_advice(tmp_path: Path) -> None:
    fix = _fix(tmp_path, "pkg/utils/__init__.py", "def f():\n    pass\n")
    assert fix.kind == "advice" and fix.argv == ()
    assert "move-symbol" in fix.text and "pkg/utils/__init__.py" in fix.text


def _published_fix(tmp_path: Path, text: str, imports: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    from refactorkit.domain import ImportKind, ImportRecord

    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'lib'\n")
    fix = _fix(tmp_path, "lib/nodes.py", text)
    records = tuple(ImportRecord(m, None, 1, ImportKind.TOP) for m in imports)
    path = tmp_path / "lib/nodes.py"
    file = replace(
        analysis("lib/nodes.py", loc=900),
        source=SourceFile(path, "lib/nodes.py", "lib.nodes", False),
    )
    return fix, module_split_fix("", replace(file, imports=records), 500)


def test_a_published_module_keeps_its_module_names(tmp_path: Path) -> None:
    """docutils prints and compares classes by `__module__` (`nodes.py`: 11 tests red
    without the option, `transforms/references.py`: 2)."""
    fix, _ = _published_fix(tmp_path, "class Node:\n    pass\n")
    assert fix.argv == ("refactorkit", "split", "lib/nodes.py", "--auto", "--keep-module-names")


def test_a_module_an_annotation_framework_reads_does_not(tmp_path: Path) -> None:
    _, fix = _published_fix(tmp_path, "import dataclasses\n", ("dataclasses",))
    assert fix.argv == ("refactorkit", "split", "lib/nodes.py", "--auto")
    _, fix = _published_fix(tmp_path, "import sqlalchemy.orm\n", ("sqlalchemy.orm",))
    assert "--keep-module-names" not in fix.argv


def test_a_private_or_unpublished_module_does_not(tmp_path: Path) -> None:
    assert (
        "--keep-module-names" not in _fix(tmp_path, "lib/core.py", "X = 1\n").argv
    )  # no [project]
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'lib'\n")
    assert "--keep-module-names" not in _fix(tmp_path, "lib/_core.py", "X = 1\n").argv
    assert "--keep-module-names" in _fix(tmp_path, "lib/core.py", "X = 1\n").argv


def test_a_test_module_naming_no_blocker_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import refactorkit.rules.module_split as module_split

    parsed: list[bytes] = []
    real_parse = module_split.ast.parse

    def counting_parse(source: bytes) -> ast.Module:
        parsed.append(source)
        return real_parse(source)

    monkeypatch.setattr(module_split.ast, "parse", counting_parse)
    fix = _fix(tmp_path, "tests/test_x.py", "def test_a():\n    assert f(1) == 2\n")
    assert fix.argv == ("refactorkit", "split", "tests/test_x.py", "--auto")
    assert parsed == []
    fix = _fix(tmp_path, "tests/test_y.py", "def setup_module():\n    pass\n")
    assert fix.kind == "advice" and "setup_module() runs around every test" in fix.text
    assert len(parsed) == 1


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        (b"def test_a():\n    pass\n", False),
        (b"# the setup is done by hand\n", True),  # a word in a comment: parsed to be sure
        (b"pytestmark = []\n", True),
        (b"def pytest_configure(config):\n    pass\n", True),
        (b"X = __name__\n", True),
        ("\uff53etup_module = None\n".encode(), True),  # full-width s: Python reads `setup_module`
        ("caf\u00e9 = 1\n".encode(), False),
        ("# -*- coding: latin-1 -*-\nX = '\u00e9'\n".encode("latin-1"), True),  # not UTF-8
    ],
)
def test_may_block_finds_every_blocker_name(text: bytes, blocks: bool) -> None:
    from refactorkit.rules.module_split import may_block

    assert may_block(text) is blocks


def test_a_full_width_blocker_name_is_found(tmp_path: Path) -> None:
    fix = _fix(tmp_path, "tests/test_x.py", "def \uff53etup_module():\n    pass\n")
    assert fix.kind == "advice" and "setup_module() runs around every test" in fix.text
