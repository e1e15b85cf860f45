"""What every command promises: exit codes, one-line errors on stderr, --help with examples,
files written outside the project unless asked, no shadowing of stdlib modules."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from refactorkit.cli import cli
from tests.functional.rk_run import rk, write

COMMANDS = [
    ("analyze",), ("check",), ("baseline",), ("compare",), ("graph",), ("move",),
    ("move-symbol",), ("plan",), ("plan", "split"), ("rule",), ("split",), ("undo",),
    ("references",), ("fleet",),
]  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    write(root, "pyproject.toml", "[project]\nname = 'shop'\n")
    write(root, "README.md", "# shop\n\nA 2-line readme.\n")
    write(root, "shop/__init__.py", "")
    write(root, "shop/cli.py", "import json\n\n\ndef main():\n    return json.dumps({})\n")
    write(root, "shop/models.py", "class Order:\n    pass\n\n\nclass Line:\n    pass\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base"],
        cwd=root,
        check=True,
    )
    return root


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("refactorkit: error: ")
    return lines[0]


def test_analyze_of_a_file_that_is_not_python_exits_2(project: Path) -> None:
    run = rk("analyze", "README.md", "--no-cache", cwd=project)
    assert run.code == 2 and run.out == ""
    assert "README.md: not a Python file (syntax error" in one_error_line(run.err)


def test_check_of_a_file_that_is_not_python_exits_2(project: Path) -> None:
    run = rk("check", "README.md", "--no-cache", cwd=project)
    assert run.code == 2 and run.out == ""
    assert "README.md: not a Python file" in one_error_line(run.err)
    # Beside a Python file it is only skipped (pre-commit names all kinds of files).
    assert rk("check", "README.md", "shop/cli.py", "--no-cache", cwd=project).code == 0


def test_undo_of_an_unknown_journal_id_exits_2(project: Path) -> None:
    run = rk("undo", "abc123", cwd=project)
    assert run.code == 2 and run.out == ""
    assert "'abc123' is not a journal id" in one_error_line(run.err)  # never a path (#8)
    run = rk("undo", "20260101T120000.000000Z-1a2b3c", cwd=project)
    assert run.code == 2 and run.out == ""
    assert "no applied journal entry '20260101T120000.000000Z-1a2b3c'" in one_error_line(run.err)
    assert rk("undo", cwd=project).code == 0  # nothing to undo is not an error


def test_analyze_exits_0_with_findings(project: Path) -> None:
    write(project, "shop/big.py", "".join(f"def f{i}(x):\n    return x\n" for i in range(300)))
    run = rk("analyze", ".", "--no-cache", cwd=project)
    assert run.code == 0 and "file has too many lines" in run.out


@pytest.mark.parametrize("target", ["json", "json.tools", "click"])
def test_move_refuses_a_name_that_shadows_a_stdlib_or_installed_module(
    project: Path, target: str
) -> None:
    run = rk("move", "shop.cli", target, cwd=project)
    assert run.code == 2 and run.out == ""
    line = one_error_line(run.err)
    assert f"a new top-level module {target.split('.')[0]!r} would shadow" in line
    assert "--allow-shadowing" in line
    assert rk("move", "shop.cli", target, "--allow-shadowing", cwd=project).code == 1  # diff
    assert rk("move", "shop.cli", "shop.json", cwd=project).code == 1  # inside the package


def test_move_symbol_refuses_a_new_stdlib_named_module(project: Path) -> None:
    run = rk("move-symbol", "shop.models:Line", "logging", cwd=project)
    assert run.code == 2
    assert "the standard library's 'logging'" in one_error_line(run.err)


def test_plan_split_writes_to_the_cache_folder_not_the_project(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    run = rk("plan", "split", "shop/models.py", cwd=project)
    assert run.code == 0, run.err
    (plan,) = (tmp_path / "xdg" / "refactorkit" / "plans").glob("models-*.split-plan.toml")
    assert f"plan written to {plan}; edit it, then run:" in run.out
    assert f"  refactorkit split shop/models.py --plan {plan}" in run.out
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""
    # `split` without --plan names the plan it finds there.
    run = rk("split", "shop/models.py", cwd=project)
    assert run.code == 2 and f"--plan {plan}" in one_error_line(run.err)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_examples_and_the_exit_codes(command: tuple[str, ...]) -> None:
    run = rk(*command, "--help", cwd=Path.cwd())
    assert run.code == 0
    assert "Example" in run.out
    if command != ("plan",):
        assert "Exit 0" in run.out


def test_command_summaries_are_not_cut_at_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for args in ((), ("plan",)):
        out = rk(*args, "--help", cwd=Path.cwd()).out
        listed = out.split("Commands:")[1]
        assert "..." not in listed, listed
    assert set(cli.list_commands(None)) >= {c[0] for c in COMMANDS}  # type: ignore[arg-type]


def readme_yaml() -> list[Any]:
    import re

    import yaml  # type: ignore[import-untyped]

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def test_readme_pre_commit_snippets_match_our_hooks() -> None:
    import yaml  # type: ignore[import-untyped]

    manifest = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml").read_text()
    )
    hooks = {hook["id"]: hook for hook in manifest}
    local, remote = readme_yaml()
    (repo,) = local["repos"]
    assert repo["repo"] == "local"
    for hook in repo["hooks"]:  # the same command and file selection as our manifest
        ours = hooks[hook["id"]]
        assert hook["entry"] == ours["entry"] and hook["language"] == "system"
        assert hook.get("pass_filenames", True) == ours.get("pass_filenames", True)
    (repo,) = remote["repos"]
    assert repo["repo"].startswith("https://") and len(repo["rev"]) == 40
    assert {h["id"] for h in repo["hooks"]} <= set(hooks)
    assert {"id": "refactorkit-check", "args": ["--baseline"]} in repo["hooks"]
