"""The codemod seam: Project.locate, FileCodemod.plan, the registry's checks, assert_codemod."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import libcst as cst
import pytest

from refactorkit.codemods.base import Codemod, FileCodemod, PathsOptions, why_not_a_codemod
from refactorkit.domain import ChangeSet, ModifyFile
from refactorkit.errors import UserError
from refactorkit.project import Project
from refactorkit.testing import assert_codemod


class _Rename(cst.CSTTransformer):
    def __init__(self, options: PathsOptions) -> None:
        super().__init__()

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        return updated.with_changes(value="new") if updated.value == "old" else updated


class RenameOld(FileCodemod[PathsOptions]):
    name = "rename-old"
    summary = "Rename every `old` to `new`."
    transformer = _Rename


class AppendLine(FileCodemod[PathsOptions]):
    """Not idempotent on purpose: it always adds a line."""

    name = "append-line"
    summary = "Append a line."

    def transform(self, module: cst.Module, options: PathsOptions) -> cst.Module:
        return module.with_changes(body=[*module.body, cst.parse_statement("x = 1\n")])


def project(tmp_path: Path, files: dict[str, str]) -> Project:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "pyproject.toml").write_text("[tool.refactorkit]\n", encoding="utf-8")
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return Project.locate(None, cwd=tmp_path / next(iter(files)).split("/")[0])


def test_project_is_found_from_a_subfolder_and_given_roots_win(tmp_path: Path) -> None:
    found = project(tmp_path, {"pkg/a.py": ""})
    assert found.root == tmp_path.resolve()
    assert Project.locate(tmp_path / "pkg").root == (tmp_path / "pkg").resolve()


def test_file_codemod_changes_only_changed_files_and_skips_bad_ones(tmp_path: Path) -> None:
    proj = project(
        tmp_path,
        {"pkg/a.py": "old = 1\n", "pkg/b.py": "keep = 2\n", "pkg/bad.py": "def (:\n"},
    )
    changeset = RenameOld().plan(proj, PathsOptions())
    assert changeset.changes == (ModifyFile("pkg/a.py", "new = 1\n", "old = 1\n"),)
    assert changeset.codemod == "rename-old"
    assert any(w.startswith("pkg/bad.py: skipped: does not parse") for w in changeset.warnings)


def test_file_codemod_paths_limit_the_run_and_stay_inside(tmp_path: Path, monkeypatch) -> None:
    proj = project(tmp_path / "p", {"pkg/a.py": "old = 1\n", "lib/c.py": "old = 3\n"})
    monkeypatch.chdir(proj.root)
    changeset = RenameOld().plan(proj, PathsOptions(paths=(Path("lib"),)))
    assert [c.path for c in changeset.changes] == ["lib/c.py"]
    (tmp_path / "outside.py").write_text("old = 0\n", encoding="utf-8")
    with pytest.raises(UserError, match="outside the project"):
        RenameOld().plan(proj, PathsOptions(paths=(tmp_path / "outside.py",)))


def test_registry_reasons() -> None:
    class NoName(RenameOld):
        name = ""

    class Abstract(Codemod[PathsOptions]):
        name = "abstract"
        summary = "x"

    @dataclass
    class Loose:
        paths: tuple[Path, ...] = ()

    class LooseOptions(RenameOld):
        Options = Loose

    class Nothing(FileCodemod[PathsOptions]):
        name = "nothing"
        summary = "x"

    assert why_not_a_codemod(RenameOld) is None
    assert why_not_a_codemod(object) == "not a subclass of refactorkit.codemods.base.Codemod"
    assert "kebab-case" in (why_not_a_codemod(NoName) or "")
    assert "does not implement plan" in (why_not_a_codemod(Abstract) or "")
    assert "frozen dataclass" in (why_not_a_codemod(LooseOptions) or "")
    assert "neither `transformer` nor `transform`" in (why_not_a_codemod(Nothing) or "")


def test_assert_codemod_checks_output_and_idempotence() -> None:
    assert_codemod(RenameOld(), "old = 1\nprint(old)\n", "new = 1\nprint(new)\n")
    with pytest.raises(AssertionError, match="output differs"):
        assert_codemod(RenameOld(), "old = 1\n", "old = 1\n")
    with pytest.raises(AssertionError, match="not idempotent"):
        assert_codemod(AppendLine(), "y = 0\n", "y = 0\nx = 1\n")


def test_a_project_codemod_plans_through_the_same_seam(tmp_path: Path) -> None:
    class Touch(Codemod[PathsOptions]):
        name = "touch"
        summary = "x"
        Options = PathsOptions

        def plan(self, project: Project, options: PathsOptions) -> ChangeSet:
            return ChangeSet(project.root, "touch", ())

    proj = project(tmp_path, {"pkg/a.py": ""})
    assert Touch().plan(proj, PathsOptions()).is_empty
    assert why_not_a_codemod(Touch) is None


def test_project_is_the_nearest_pyproject_or_git_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "svc" / "pkg").mkdir(parents=True)
    assert Project.locate(cwd=tmp_path / "svc" / "pkg").root == tmp_path.resolve()
    (tmp_path / "svc" / "pyproject.toml").write_text("[project]\nname = 'svc'\n")
    assert Project.locate(cwd=tmp_path / "svc" / "pkg").root == (tmp_path / "svc").resolve()
    bare = tmp_path / "svc" / "pkg"
    assert Project.locate(bare).root == bare.resolve()  # a given root is taken as it is
