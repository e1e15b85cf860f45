"""split-class keeps the imports other modules take through the class's module (docutils:
`html4css1` imports `PIL` from `_html_base`, which only `HTMLTranslator`'s methods used)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from refactorkit.codemods.split_class.api import split_class
from refactorkit.domain import ModifyFile
from tests.unit.codemods.test_move import apply

SHOP = """
from json import dumps, loads


class Shop:
    def __init__(self):
        self.items = []

    # --- items ---

    def add_item(self, item):
        self.items.append(item)

    def dump_items(self):
        return dumps(self.items)

    # --- orders ---

    def load_orders(self, text):
        return loads(text)
"""


def _project(tmp_path: Path, **extra: str) -> Path:
    files = {"pyproject.toml": "[project]\nname = 'x'\n", "pkg/__init__.py": "", "pkg/mod.py": SHOP}
    files.update({f"pkg/{name}.py": text for name, text in extra.items()})
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    return tmp_path


def _module(root: Path) -> str:
    change = next(c for c in split_class(root, "pkg.mod:Shop").changes if c.path == "pkg/mod.py")
    assert isinstance(change, ModifyFile)
    return change.new_text or ""


def test_an_import_another_module_takes_through_the_class_module_stays(tmp_path: Path) -> None:
    root = _project(tmp_path, other="from pkg.mod import dumps\n\nDUMPED = dumps([1])\n")
    text = _module(root)
    assert "from json import dumps, loads  # noqa: F401\n" in text
    apply(split_class(root, "pkg.mod:Shop"))
    done = subprocess.run(
        [sys.executable, "-c", "import pkg.other, pkg.mod; assert pkg.other.DUMPED == '[1]'"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_imports_nobody_takes_through_it_still_leave(tmp_path: Path) -> None:
    root = _project(tmp_path, other="from json import dumps\n")
    assert _module(root).startswith("from json import loads\n\n")


TIED_ATTRIBUTES = """
class Shop:
    def __init__(self):
        self.alpha = self.beta = self.gamma = self.delta = 0

    def one(self):
        return self.alpha + self.beta

    def two(self):
        return self.alpha * self.beta

    def three(self):
        return self.gamma - self.delta

    def four(self):
        return self.gamma / self.delta
"""


def test_the_plan_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Part names came from set order: `alpha` or `beta`, `gamma` or `delta` by the seed."""
    root = _project(tmp_path)
    (root / "pkg" / "mod.py").write_text(textwrap.dedent(TIED_ATTRIBUTES).lstrip())
    plans = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        done = subprocess.run(
            [sys.executable, "-m", "refactorkit", "plan", "split-class", "pkg.mod:Shop"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert done.returncode == 0, done.stderr
        plans.add(done.stdout)
    assert len(plans) == 1, plans
    assert "ShopAlphaMixin" in plans.pop()
