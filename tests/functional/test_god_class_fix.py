"""The god-class finding's fix is a split-class command that runs as printed and removes it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.functional.rk_run import rk


def _god_class() -> str:
    """A class of 24 methods in three families (stock, prices, notes), 8 methods each."""
    methods = []
    for family, attribute in (("stock", "_stock"), ("price", "_prices"), ("note", "_notes")):
        for number in range(8):
            methods.append(
                f"    def {family}_{number}(self, value=0):\n"
                f"        self.{attribute}.append(value + {number})\n"
                f"        return len(self.{attribute})\n"
            )
    init = (
        "    def __init__(self):\n"
        "        self._stock = []\n"
        "        self._prices = []\n"
        "        self._notes = []\n"
    )
    return "class Shop:\n" + init + "\n" + "\n".join(methods)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "shop").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    (root / "shop" / "__init__.py").write_text("")
    (root / "shop" / "models.py").write_text(_god_class())
    return root


def _god_findings(root: Path) -> list[dict[str, object]]:
    run = rk("analyze", ".", "--format", "json", "--no-cache", cwd=root)
    document = json.loads(run.out)
    return [f for f in document["findings"] if f["rule"] == "god-class"]


def test_the_printed_fix_applies_and_the_finding_goes(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (finding,) = _god_findings(root)
    fix = finding["fix"]
    assert isinstance(fix, dict)
    assert fix["kind"] == "split-class"
    assert fix["argv"] == ["refactorkit", "split-class", "shop.models:Shop", "--auto"]
    run = rk(*fix["argv"][1:], "--apply", "--allow-dirty", cwd=root)
    assert run.code == 0, run.out + run.err
    assert _god_findings(root) == []
    check = textwrap.dedent(
        """
        from shop.models import Shop
        shop = Shop()
        assert [getattr(shop, f"{f}_{n}")() for f in ("stock", "price", "note")
                for n in range(8)] == [n + 1 for _ in range(3) for n in range(8)]
        """
    )
    done = subprocess.run([sys.executable, "-c", check], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
