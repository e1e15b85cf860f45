"""refactorkit holds itself to its own gate: every rule at the default limits (sizes,
cyclomatic and cognitive complexity, maintainability, god classes, no import cycles, the layers
and forbidden arrows of docs/architecture.md declared in our pyproject.toml), no baseline."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_refactorkit_passes_its_own_gate_with_every_rule(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(REPO)
    code = main(["check", "refactorkit", "--cache-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "All checks passed" in out


def test_the_gate_runs_every_builtin_rule() -> None:
    # No rule is switched off for our own code: the [tool.refactorkit] tables only declare
    # contracts, never ignores or raised limits.
    import tomllib

    table = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    ours = table["refactorkit"]
    assert "limits" not in ours and "thresholds" not in ours
    assert set(ours["check"]) <= {"layers", "forbidden"}


def test_the_layer_contract_is_really_checked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A lower layer importing the CLI must be caught, or the test above proves nothing.
    project = tmp_path / "proj"
    (project / "refactorkit" / "cli").mkdir(parents=True)
    (project / "refactorkit" / "__init__.py").write_text("")
    (project / "refactorkit" / "cli" / "__init__.py").write_text("")
    (project / "refactorkit" / "domain.py").write_text("import refactorkit.cli\n")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    (project / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    monkeypatch.chdir(project)
    code = main(["check", "refactorkit", "--select", "RK108", "--cache-dir", str(tmp_path / "c")])
    assert code == 1
    assert "RK108" in capsys.readouterr().out


def test_the_forbidden_arrows_are_really_checked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # analysis -> reporting is allowed by no layer order we could pick by mistake: the
    # forbidden contract must catch it by itself.
    project = tmp_path / "proj"
    for package in ("analysis", "reporting"):
        (project / "refactorkit" / package).mkdir(parents=True)
        (project / "refactorkit" / package / "__init__.py").write_text("")
    (project / "refactorkit" / "__init__.py").write_text("")
    (project / "refactorkit" / "analysis" / "x.py").write_text("import refactorkit.reporting\n")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    (project / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    monkeypatch.chdir(project)
    code = main(["check", "refactorkit", "--select", "RK107", "--cache-dir", str(tmp_path / "c")])
    assert code == 1
    out = capsys.readouterr().out
    assert "'refactorkit.analysis' may not import 'refactorkit.reporting'" in out
