"""A module's own PEP 562 `__getattr__`/`__dir__` composed with the shim's."""

from __future__ import annotations

from pathlib import Path

from tests.unit.codemods.split.breakage_helpers import apply, run_python, split_with_plan, write

MODULE = """
    import warnings


    class Alpha:
        pass


    class Beta:
        pass


    def __getattr__(name):
        if name == "OldBeta":
            warnings.warn("OldBeta is deprecated", DeprecationWarning, stacklevel=2)
            return Beta
        raise AttributeError(name)


    def __dir__():
        return ["Alpha", "Beta", "OldBeta"]
    """
CHECK = """
    import warnings
    warnings.simplefilter("error")
    import pkg.m
    for name in ("OldBeta", "Alpha"):
        try:
            getattr(pkg.m, name)
        except DeprecationWarning as caught:
            print(name, "warns:", caught)
    warnings.simplefilter("ignore")
    print(pkg.m.OldBeta is pkg.m.Beta, "OldBeta" in dir(pkg.m), "Alpha" in dir(pkg.m))
    try:
        pkg.m.Missing
    except AttributeError:
        print("missing raises")
"""


def test_shim_falls_back_to_the_module_getattr(tmp_path: Path) -> None:
    """Refused before: "the module defines __getattr__ already; --shim would replace it"."""
    write(
        tmp_path,
        {"pyproject.toml": "[project]\nname='pkg'\n", "pkg/__init__.py": "", "pkg/m.py": MODULE},
    )
    groups = {"alpha": ["Alpha"], "beta": ["Beta", "__getattr__", "__dir__"]}
    apply(split_with_plan(tmp_path, "pkg/m.py", groups, shim=True))
    done = run_python(tmp_path, CHECK)
    assert done.stdout.splitlines() == [
        "OldBeta warns: OldBeta is deprecated",
        "Alpha warns: pkg.m.Alpha has moved: use 'from pkg.m.alpha import Alpha'",
        "True True True",
        "missing raises",
    ], done.stderr
