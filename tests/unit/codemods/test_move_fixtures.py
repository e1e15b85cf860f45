"""Before/after trees in fixtures/codemods/move/<case>/: apply, compare byte for byte, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.codemods.move import plan_move
from refactorkit.testing import assert_changeset_tree

CASES = Path(__file__).resolve().parents[3] / "fixtures" / "codemods" / "move"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_move_fixture(case: str, tmp_path: Path) -> None:
    old, new = (CASES / case / "args.txt").read_text().split()
    assert_changeset_tree(
        lambda root: plan_move(root, old, new, cwd=root),
        CASES / case / "before",
        CASES / case / "after",
        tmp_dir=tmp_path,
    )
    # Idempotent: planning the same move on the result is a no-op.
    again = plan_move(CASES / case / "after", old, new, cwd=CASES / case / "after")
    assert again.is_empty
