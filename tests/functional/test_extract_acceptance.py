"""On a copy of the sample project: `extract --auto --apply`, then the sample's own suite passes."""

from __future__ import annotations

import shutil
from pathlib import Path

from refactorkit.cli import main
from tests.functional import sample_suite

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "fixtures" / "inventory_app"


def test_auto_extract_keeps_the_sample_suite_green(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "inventory_app"
    shutil.copytree(SAMPLE, root)
    monkeypatch.chdir(root)
    code = main(["extract", "resale", "--auto", "--apply", "--allow-dirty"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    summary = [line for line in out.out.splitlines() if " -> " in line and "resale/" in line]
    under = [line for line in summary if "NOT under" not in line]
    # 16 functions of the sample are over 10; 15 go under it (docs/extract.md)
    assert len(summary) == 16 and len(under) >= 15, "\n".join(summary)
    suite = sample_suite.run(root, "-W", "error::DeprecationWarning")
    assert suite.returncode == 0, suite.stdout[-3000:]
