"""refactorkit holds itself to its own gate: no import cycles, and the layers of
docs/architecture.md (declared in our pyproject.toml) are respected."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_refactorkit_has_no_cycles_and_respects_its_layers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(REPO)
    code = main(
        ["check", "refactorkit", "--select", "RK106,RK107,RK108", "--cache-dir", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert code == 0, out


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
