"""What sits around the split module: its stub, reloads of it, the published distribution."""

from __future__ import annotations

from pathlib import Path

from tests.unit.codemods.split.breakage_helpers import apply, split_with_plan, write

MODULE = "class Alpha:\n    pass\n\n\nclass Beta:\n    pass\n"
GROUPS = {"alpha": ["Alpha"], "beta": ["Beta"]}


def test_the_stub_moves_with_the_module(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pkg/__init__.py": "from .m import *\n",
            "pkg/__init__.pyi": "from .m import *\n",
            "pkg/m.py": MODULE,
            "pkg/m.pyi": "class Alpha: ...\nclass Beta: ...\n",
        },
    )
    apply(split_with_plan(tmp_path, "pkg/m.py", GROUPS))
    assert not (tmp_path / "pkg/m.pyi").exists()
    assert (tmp_path / "pkg/m/__init__.pyi").read_text() == "class Alpha: ...\nclass Beta: ...\n"


def test_a_reload_of_the_module_is_flagged_with_its_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/m.py": MODULE,
            "tests/test_m.py": (
                "import importlib\nimport sys\n\nimport pkg.m\n\n\ndef test_reload():\n"
                '    importlib.reload(sys.modules["pkg.m"])\n    importlib.reload(pkg.m)\n'
            ),
        },
    )
    warnings = split_with_plan(tmp_path, "pkg/m.py", GROUPS).warnings
    for line in (8, 9):
        assert (
            f"tests/test_m.py:{line}: reloads pkg.m: importlib.reload re-runs only "
            "pkg/m/__init__.py now"
        ) in " ".join(warnings)


def test_a_module_of_a_published_distribution_says_so(tmp_path: Path) -> None:
    files = {"pkg/__init__.py": "", "pkg/m.py": MODULE}
    write(tmp_path, {**files, "pyproject.toml": "[project]\nname = 'pkg-dist'\n"})
    warnings = split_with_plan(tmp_path, "pkg/m.py", GROUPS).warnings
    assert any(w.startswith("pkg.m is public API of the distribution pkg-dist") for w in warnings)
    write(tmp_path, {"pkg/_private.py": MODULE})
    private = split_with_plan(tmp_path, "pkg/_private.py", GROUPS).warnings
    assert not any("public API" in w for w in private)


def test_a_class_over_the_limit_by_itself_is_reported(tmp_path: Path) -> None:
    methods = "".join(f"    def m{i}(self):\n        return {i}\n\n" for i in range(200))
    write(tmp_path, {"pkg/__init__.py": "", "pkg/m.py": MODULE + f"\n\nclass Big:\n{methods}"})
    warnings = split_with_plan(tmp_path, "pkg/m.py", None).warnings
    assert any(
        w.startswith("Big (line 9) is one class of 600 lines, over the 500-line limit by itself")
        for w in warnings
    ), warnings
