"""Patches through the old module path keep working after a split, with no import cycle."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.codemods.split.breakage_helpers import apply, run_python, split_with_plan, write

TREE = {
    "pyproject.toml": "[project]\nname = 'pkg'\n",
    "pkg/__init__.py": "",
    "pkg/config.py": "_PING_INTERVAL = 30.0\n",
    "pkg/mod.py": """
        from pkg.config import _PING_INTERVAL


        def utcnow():
            return "real"


        class Pinger:
            def interval(self):
                return _PING_INTERVAL

            def stamp(self):
                return utcnow()


        class Watcher:
            def interval(self):
                return _PING_INTERVAL * 2

            def stamp(self):
                return utcnow()
        """,
    "tests/test_mod.py": """
        from unittest import mock

        import pkg.mod


        def test_patch(monkeypatch):
            monkeypatch.setattr(pkg.mod, "_PING_INTERVAL", 0.05)
            with mock.patch("pkg.mod.utcnow", return_value="fake"):
                pass
        """,
}
GROUPS = {"base": ["utcnow"], "pinger": ["Pinger"], "watcher": ["Watcher"]}
CHECK = """
    from unittest import mock
    import pkg.mod
    from pkg.mod import Pinger, Watcher
    old = pkg.mod._PING_INTERVAL
    pkg.mod._PING_INTERVAL = 0.05  # what monkeypatch.setattr(pkg.mod, ...) does
    print(Pinger().interval(), Watcher().interval())
    pkg.mod._PING_INTERVAL = old
    print(Pinger().interval(), Watcher().interval())
    with mock.patch("pkg.mod.utcnow", return_value="fake"):
        print(Pinger().stamp(), Watcher().stamp())
    print(Pinger().stamp(), Watcher().stamp())
"""
EXPECTED = "0.05 0.1\n30.0 60.0\nfake fake\nreal real\n"


@pytest.mark.parametrize("shim", [False, True])
def test_patches_of_defined_and_imported_names_reach_every_submodule(
    tmp_path: Path, shim: bool
) -> None:
    """`monkeypatch.setattr(pkg.mod, "_PING_INTERVAL", 0.05)` of a name mod imported from
    elsewhere stopped working: each submodule read its own copy."""
    write(tmp_path, TREE)
    assert run_python(tmp_path, CHECK).stdout == EXPECTED
    apply(split_with_plan(tmp_path, "pkg/mod.py", GROUPS, shim=shim))
    done = run_python(tmp_path, CHECK)
    assert done.stdout == EXPECTED, done.stderr
    for sub in ("base", "pinger", "watcher"):
        text = (tmp_path / f"pkg/mod/{sub}.py").read_text()
        assert "from .. import mod" not in text  # no import edge back to the package


def test_rebound_global_is_read_from_its_submodule_not_the_package(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname = 'pkg'\n",
            "pkg/__init__.py": "",
            "pkg/mod.py": """
                _ENABLED = True


                def configure(flag):
                    global _ENABLED
                    _ENABLED = flag


                class Audit:
                    def on(self):
                        return _ENABLED
                """,
        },
    )
    apply(
        split_with_plan(
            tmp_path, "pkg/mod.py", {"base": ["_ENABLED", "configure"], "audit": ["Audit"]}
        )
    )
    audit = (tmp_path / "pkg/mod/audit.py").read_text()
    assert "from . import base\n" in audit and "return base._ENABLED" in audit
    done = run_python(
        tmp_path, "from pkg.mod import Audit, configure\nconfigure(False)\nprint(Audit().on())"
    )
    assert done.stdout == "False\n", done.stderr


def test_run_time_reference_to_a_later_group_reorders_the_imports(tmp_path: Path) -> None:
    """The plan lists `orders` before `pricing`, but orders calls pricing at run time only and
    pricing needs nothing from orders: pricing is imported first, no read-back is needed."""
    write(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname = 'pkg'\n",
            "pkg/__init__.py": "",
            "pkg/mod.py": """
                class Order:
                    def total(self):
                        return Rule().apply(10)


                class Rule:
                    def apply(self, value):
                        return value * 2
                """,
        },
    )
    apply(split_with_plan(tmp_path, "pkg/mod.py", {"orders": ["Order"], "pricing": ["Rule"]}))
    orders = (tmp_path / "pkg/mod/orders.py").read_text()
    assert "from .pricing import Rule\n" in orders
    init = (tmp_path / "pkg/mod/__init__.py").read_text()
    assert init.index(".pricing") < init.index(".orders")
    assert (
        run_python(tmp_path, "from pkg.mod import Order\nprint(Order().total())").stdout == "20\n"
    )
