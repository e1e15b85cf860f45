"""Property: splitting a generated module at a random valid plan keeps every name equivalent."""

from __future__ import annotations

import importlib
import io
import sys
import tempfile
import warnings
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refactorkit.codemods.split.api import SplitOptions, split
from refactorkit.testing import apply_in_tmp

PRELUDE = '''"""Generated."""

REGISTRY = []
COUNTER = 0


def register(cls):
    REGISTRY.append(cls.__name__)
    return cls


def bump():
    global COUNTER
    COUNTER += 1
    return COUNTER
'''
_SERIAL = count()


TYPED_PRELUDE = '''"""Generated, with type strings and a module __getattr__."""

from typing import TYPE_CHECKING, Callable, TypeVar, cast

if TYPE_CHECKING:
    from decimal import Decimal

REGISTRY = []
COUNTER = 0


def register(cls):
    REGISTRY.append(cls.__name__)
    return cls


def bump():
    global COUNTER
    COUNTER += 1
    return COUNTER


def __getattr__(name):
    if name == "LEGACY":
        return "legacy"
    raise AttributeError(name)
'''
BASE_NAMES = ["REGISTRY", "COUNTER", "register", "bump"]


@dataclass(frozen=True)
class Case:
    source: str
    plan: str  # TOML
    names: tuple[str, ...]
    typed: bool = False


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n = draw(st.integers(3, 10))
    kinds = [draw(st.sampled_from(["const", "func", "class"])) for _ in range(n)]
    kinds[0] = "const"
    groups = draw(st.integers(1, 3))
    typed = draw(st.booleans())
    consts = [i for i, k in enumerate(kinds) if k == "const"]
    group_of: dict[int, int] = {}
    blocks: list[str] = [TYPED_PRELUDE if typed else PRELUDE]

    def earlier(kind: str, i: int) -> list[int]:
        return [j for j in range(i) if kinds[j] == kind]

    def pick(options: list[int]) -> int | None:
        return draw(st.sampled_from(options)) if options else None

    def name(j: int) -> str:
        return {"const": "C", "func": "F", "class": "K"}[kinds[j]] + str(j)

    for i, kind in enumerate(kinds):
        deps: list[int] = []  # read at import time
        any_const = name(draw(st.sampled_from(consts)))  # read at call time, maybe defined later
        classes = [j for j, k in enumerate(kinds) if k == "class"]
        if kind == "const":
            ref = pick(earlier("const", i))
            deps += [ref] if ref is not None else []
            value = f"{name(ref)} + {i}" if ref is not None else str(draw(st.integers(0, 99)))
            code = f"C{i} = {value}\n"
        elif kind == "func":
            default = pick(earlier("const", i))
            deps += [default] if default is not None else []
            call = pick(earlier("func", i))
            cls = pick(classes)
            body = [f"x + {any_const}"]
            body += [f"F{call}()"] if call is not None else []
            body += ["bump() + COUNTER"] if draw(st.booleans()) else []
            body += [f"len(K{cls}.__name__)"] if cls is not None else []
            returns = f' -> "Decimal | K{cls}"' if typed and cls is not None else ""
            code = (
                f"def F{i}(x={name(default) if default is not None else 1}){returns}:\n"
                f"    return {' + '.join(body)}\n"
            )
            if typed and call is not None:  # names only a type checker reads, in a string
                code = code.replace(
                    f"F{call}()", f'cast("Callable[..., int]", F{call})()'
                ) + f'\n\nT{i} = TypeVar("T{i}", bound="F{call} | None")\n'.replace(
                    f"F{call} | None", f"K{cls}" if cls is not None else "int"
                )
        else:
            base = pick(earlier("class", i))
            attr = pick(earlier("const", i))
            deps += [j for j in (base, attr) if j is not None]
            call = pick([j for j, k in enumerate(kinds) if k == "func"])
            body = ["self.attr", any_const] + ([f"F{call}()"] if call is not None else [])
            decorated = draw(st.booleans())
            code = (
                ("@register\n" if decorated else "")
                + f"class K{i}({f'K{base}' if base is not None else ''}):\n"
                + f"    attr = {name(attr) if attr is not None else i}\n\n"
                + "    def value(self):\n"
                + f"        return {' + '.join(body)}\n"
            )
        if kind == "class" and draw(st.booleans()):
            code += f'\n\nREGISTRY.append("{name(i)}-extra")\n'  # a side effect
        # A valid plan: a statement's group is at or after the groups of what it needs at import.
        lowest = max((group_of[d] for d in deps), default=0)
        group_of[i] = draw(st.integers(lowest, groups - 1))
        blocks.append(code)
    names = [name(i) for i in range(n)]
    base = BASE_NAMES + (["__getattr__"] if typed else [])
    plan = [f'[[groups]]\nname = "base"\nnames = {base!r}\n'.replace("'", '"')]
    for g in range(groups):
        members = [names[i] for i in range(n) if group_of[i] == g]
        members += [f"T{i}" for i in range(n) if group_of[i] == g and f"T{i} = " in blocks[i + 1]]
        if members:
            plan.append(f'[[groups]]\nname = "g{g}"\nnames = {members!r}\n'.replace("'", '"'))
    return Case("\n\n".join(blocks), "".join(plan), tuple(names), typed)


def observe(module: object, names: tuple[str, ...]) -> dict[str, object]:
    """What each name evaluates to: values, call results, class behaviour."""
    seen: dict[str, object] = {"REGISTRY": sorted(module.REGISTRY)}  # type: ignore[attr-defined]
    for name in names:
        value = getattr(module, name)
        if name.startswith("C"):
            seen[name] = value
        elif name.startswith("F"):
            seen[name] = value()
        else:
            seen[name] = (value().value(), [c.__name__ for c in value.__mro__])
    seen["COUNTER"] = module.COUNTER  # type: ignore[attr-defined]  # after the calls: live
    seen["LEGACY"] = getattr(module, "LEGACY", None)  # the module's own __getattr__
    return seen


def load(root: Path, package: str) -> object:
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(f"{package}.mod")
    finally:
        sys.path.remove(str(root))
        for key in [k for k in sys.modules if k == package or k.startswith(package + ".")]:
            del sys.modules[key]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_split_keeps_names_equivalent(case: Case) -> None:
    package = f"genpkg{next(_SERIAL)}"
    with tempfile.TemporaryDirectory(prefix="rk-split-prop-") as scratch:
        before = Path(scratch) / "before"
        (before / package).mkdir(parents=True)
        (before / "pyproject.toml").write_text("[project]\nname = 'gen'\n")
        (before / package / "__init__.py").write_text("")
        (before / package / "mod.py").write_text(case.source)
        (before / "plan.toml").write_text(case.plan)
        expected = observe(load(before, package), case.names)
        root, _, _ = apply_in_tmp(
            lambda r: split(
                r / package / "mod.py", SplitOptions(plan_path=r / "plan.toml"), root=r
            ),
            before,
            Path(scratch),
        )
        assert (root / package / "mod" / "__init__.py").exists()
        assert observe(load(root, package), case.names) == expected
        for path in (root / package / "mod").glob("*.py"):
            if path.name != "__init__.py":  # re-exports there are unused imports by design
                assert flakes(path) == [], path.read_text()


def flakes(path: Path) -> list[str]:
    """Pyflakes' messages for one file."""
    from pyflakes import api, reporter  # type: ignore[import-untyped]

    out = io.StringIO()
    api.check(path.read_text(), str(path), reporter.Reporter(out, out))
    return out.getvalue().splitlines()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.booleans())
def test_split_with_the_shim_keeps_names_equivalent(case: Case, shim: bool) -> None:
    """With --shim too: the shim's __getattr__ falls back to the module's own."""
    package = f"genpkg{next(_SERIAL)}"
    with tempfile.TemporaryDirectory(prefix="rk-split-prop-") as scratch:
        before = Path(scratch) / "before"
        (before / package).mkdir(parents=True)
        (before / "pyproject.toml").write_text("[project]\nname = 'gen'\n")
        (before / package / "__init__.py").write_text("")
        (before / package / "mod.py").write_text(case.source)
        (before / "plan.toml").write_text(case.plan)
        expected = observe(load(before, package), case.names)
        root, _, _ = apply_in_tmp(
            lambda r: split(
                r / package / "mod.py", SplitOptions(plan_path=r / "plan.toml", shim=shim), root=r
            ),
            before,
            Path(scratch),
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            sys.path.insert(0, str(root))  # the shim imports submodules when a name is read
            try:
                assert observe(load(root, package), case.names) == expected
            finally:
                sys.path.remove(str(root))
                for key in [k for k in sys.modules if k.startswith(package)]:
                    del sys.modules[key]
