"""The progress seam of the codemods: files scanned, then files with edits."""

from __future__ import annotations

from pathlib import Path

from refactorkit.codemods.move import MoveOptions, plan_move
from refactorkit.codemods.move_symbol import MoveSymbolOptions, plan_move_symbol
from refactorkit.codemods.split.api import SplitOptions, split
from tests.unit.codemods.refs_helpers import write_tree


def tree(root: Path, modules: int = 120) -> Path:
    files = {"shop/__init__.py": "", "shop/util.py": "def slug(x):\n    return x\n"}
    for i in range(modules):
        uses = "from shop.util import slug\n\nA = slug\n" if i % 10 == 0 else "B = 1\n"
        files[f"shop/m{i}.py"] = uses
    write_tree(root, files)
    return root


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int, int]] = []

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.calls.append((stage, done, total))


def test_move_reports_files_scanned_and_rewritten(tmp_path: Path) -> None:
    root = tree(tmp_path)
    seen = Recorder()
    plan_move(root, "shop.util", "shop.text", MoveOptions(progress=seen), cwd=root)
    scans = [c for c in seen.calls if c[0] == "scan"]
    assert scans == [("scan", 50, 122), ("scan", 100, 122), ("scan", 122, 122)]
    assert seen.calls[-1] == ("rewritten", 12, 122)  # 12 importers, the moved file itself


def test_move_symbol_and_split_report_their_scans(tmp_path: Path) -> None:
    root = tree(tmp_path)
    seen = Recorder()
    options = MoveSymbolOptions(progress=seen)
    plan_move_symbol(root, "shop.util:slug", "shop.text", options)
    assert ("scan", 122, 122) in seen.calls and seen.calls[-1][0] == "rewritten"
    seen = Recorder()
    (root / "shop/util.py").write_text("def a():\n    return 1\n\n\ndef b():\n    return 2\n")
    split(root / "shop/util.py", SplitOptions(progress=seen), root=root)
    assert seen.calls[-1] == ("scan", 122, 122)


def test_options_with_a_progress_still_compare_equal() -> None:
    assert MoveOptions(progress=Recorder()) == MoveOptions()
