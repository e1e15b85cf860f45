"""`refactorkit extract` through the CLI and the runner: dry run, apply, refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.cli import main

SOURCE = """\
def total(xs, limit):
    acc = 0
    for x in xs:
        if x > limit:
            acc += x
    return acc
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    (tmp_path / "mod.py").write_text(SOURCE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_dry_run_shows_the_diff_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", "mod.py:3-5", "--name", "_sum_over"]) == 1
    out = capsys.readouterr().out
    assert "+    acc = _sum_over(xs, limit, acc)" in out
    assert "+def _sum_over(xs, limit, acc):" in out
    assert (project / "mod.py").read_text() == SOURCE


def test_apply_writes_a_module_that_behaves_the_same(project: Path) -> None:
    assert main(["extract", "mod.py:3-5", "--apply", "--allow-dirty"]) == 0
    namespace: dict[str, object] = {}
    exec((project / "mod.py").read_text(), namespace)
    assert namespace["total"]([1, 5, 7], 4) == 12  # type: ignore[operator]
    assert "_total_part" in namespace


def test_refusal_names_the_reason_and_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", "mod.py:4-6"]) == 2
    err = capsys.readouterr().err
    assert "line 3: the lines cut a statement (for) in half" in err


def test_the_auto_summary_lists_before_and_after(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", "mod.py", "--auto", "--max-complexity", "2"]) == 1
    out = capsys.readouterr().out
    assert "mod.py: total 3 -> 2, helpers _total_part (2)" in out


ASSERTS = """\
def test_get(response, url):
    assert response.status == 200
    assert response.url == url
    assert response.text == "Hello"
    assert response.version == "1.1"
    assert response.encoding == "utf-8"
    assert response.request_url == url
    assert response.headers
    assert response.redirect is False
    assert response.reason == "OK"
    assert response.elapsed > 0
    assert response.closed
"""


def test_the_fix_analyze_prints_for_a_paragraph_of_asserts_closes_the_loop(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """httpx's `test_get`: 11 asserts with no blank line; the printed command did nothing."""
    import json

    (project / "test_mod.py").write_text(ASSERTS)
    main(["analyze", ".", "--format", "json", "--no-cache"])
    (finding,) = [
        f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "RK102"
    ]
    argv = finding["fix"]["argv"]
    assert argv[:2] == ["refactorkit", "extract"] and finding["value"] == 12
    assert main([*argv[1:], "--apply", "--allow-dirty"]) == 0
    capsys.readouterr()
    main(["analyze", ".", "--format", "json", "--no-cache"])
    after = json.loads(capsys.readouterr().out)["findings"]
    assert not [f for f in after if f["code"] == "RK102" and f["symbol"] == "test_get"]
    assert "    _check_response(response)\n" in (project / "test_mod.py").read_text()
