"""pytest's naming options, the role of each statement, and the shapes a split refuses."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from refactorkit.pytest_names import (
    PytestNames,
    Role,
    is_test_module,
    pytest_names_for,
    roles,
    split_blockers,
)


@pytest.mark.parametrize(
    ("files", "group", "expected"),
    [
        (("test_*.py", "*_test.py"), "basic", "test_basic"),
        (("test_*.py",), "test_basic", "test_basic"),
        (("*_test.py",), "basic", "basic_test"),
        (("check_*.py",), "basic", "check_basic"),
        (("*.py",), "basic", "basic"),
        (("t[0-9]*.py",), "basic", "test_basic"),  # no plain prefix*suffix pattern to follow
    ],
)
def test_part_names_are_collected(files: tuple[str, ...], group: str, expected: str) -> None:
    assert PytestNames(files=files).part_name(group) == expected


@pytest.mark.parametrize(
    ("file", "text"),
    [
        ("pyproject.toml", "[tool.pytest.ini_options]\npython_files = ['check_*.py']\n"),
        ("pytest.ini", "[pytest]\npython_files = check_*.py\n"),
        ("tox.ini", "[pytest]\npython_files = check_*.py\n"),
        ("setup.cfg", "[tool:pytest]\npython_files = check_*.py\n"),
    ],
)
def test_python_files_is_read_from_each_config_file(tmp_path: Path, file: str, text: str) -> None:
    (tmp_path / file).write_text(text, encoding="utf-8")
    names = pytest_names_for(tmp_path / "tests" / "check_x.py")
    assert names.files == ("check_*.py",)
    assert is_test_module(tmp_path / "tests/check_x.py", names)
    assert not is_test_module(tmp_path / "tests/test_x.py", names)


def test_a_config_file_is_parsed_once_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import refactorkit.pytest_names as pytest_names

    parsed: list[Path] = []
    real = pytest_names._toml_options

    def counting(file: Path) -> dict[str, str | list[str]] | None:
        parsed.append(file)
        return real(file)

    monkeypatch.setattr(pytest_names, "_toml_options", counting)
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.pytest.ini_options]\npython_files = ['check_*.py']\n", "utf-8")
    for name in ("check_a.py", "check_b.py", "sub/check_c.py"):
        assert pytest_names_for(tmp_path / "tests" / name).files == ("check_*.py",)
    assert parsed == [config]
    config.write_text("[tool.pytest.ini_options]\npython_files = ['spec_*.py', 'x']\n", "utf-8")
    assert pytest_names_for(tmp_path / "tests/spec_a.py").files == ("spec_*.py", "x")
    assert parsed == [config, config]


def test_the_nearest_config_wins_and_defaults_apply_without_one(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert pytest_names_for(tmp_path / "tests/test_x.py") == PytestNames()
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests/pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    assert pytest_names_for(tmp_path / "tests/test_x.py") == PytestNames()


def test_roles() -> None:
    tree = ast.parse(
        textwrap.dedent(
            """
            @pytest.fixture
            def env(): ...
            @fixture(scope="module")
            def db(): ...
            def pytest_generate_tests(metafunc): ...
            def test_a(env): ...
            class TestB: ...
            class Helper: ...
            def make(): ...
            """
        )
    )
    assert roles(tree, PytestNames()) == {
        "env": Role.FIXTURE,
        "db": Role.FIXTURE,
        "pytest_generate_tests": Role.FIXTURE,
        "test_a": Role.TEST,
        "TestB": Role.TEST,
    }
    assert roles(tree, PytestNames(classes=("*Suite",), functions=("check_*",))) == {
        "env": Role.FIXTURE,
        "db": Role.FIXTURE,
        "pytest_generate_tests": Role.FIXTURE,
    }


def test_blockers_and_what_is_no_blocker() -> None:
    source = textwrap.dedent(
        """
        pytestmark = [pytest.mark.slow]
        def teardown_function(f): ...
        def pytest_configure(config): ...
        LOG = logging.getLogger(__name__)
        def test_a(): ...
        if __name__ == "__main__":
            pytest.main()
        """
    )
    found = split_blockers(ast.parse(source), "t.py")
    assert [f.split(":")[1] for f in found] == ["2", "3", "4", "5"]
    assert "pytestmark" in found[0] and "teardown_function" in found[1]
    assert "pytest_configure" in found[2] and "__name__" in found[3]
