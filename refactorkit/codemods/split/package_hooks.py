"""Hooks the package's `__init__.py` may end with, as source templates.

The shim's PEP 562 `__getattr__`/`__dir__` (old-path access warns), the live-state
`__getattr__` (module state that now lives in a submodule), and the module type that passes
patches of the old path on to the submodules.
"""

from __future__ import annotations

import json

SHIM = '''

def __getattr__(name: str) -> object:
    """Old-path access to a moved name: warn, then return it from its new module."""
    submodule = _MOVED_TO.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    import warnings

    warnings.warn(
        f"{__name__}.{name} has moved: use 'from {__name__}.{submodule} import {name}'",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(f"{__name__}.{submodule}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_MOVED_TO})
'''


HOOKS = frozenset({"__getattr__", "__dir__"})


def composed_shim(names_of: dict[str, list[str]], text: str = "") -> str:
    """The shim's (or the live state's) `__getattr__`/`__dir__`, falling back to the module's
    own (PEP 562 hooks such as a deprecation `__getattr__`), imported from their submodule
    under another name."""
    home = {n: g for g, names in names_of.items() for n in names if n in HOOKS}
    text = text or SHIM
    lines = []
    if "__getattr__" in home:
        lines.append(f"from .{home['__getattr__']} import __getattr__ as _module_getattr")
        text = text.replace(
            """        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")""",
            "        return _module_getattr(name)",
        )
    if "__dir__" in home:
        lines.append(f"from .{home['__dir__']} import __dir__ as _module_dir")
        text = text.replace("{*globals(), *_MOVED_TO}", "{*globals(), *_MOVED_TO, *_module_dir()}")
    return ("\n" + "\n".join(lines) + "\n" if lines else "") + text


LIVE = '''

def __getattr__(name: str) -> object:
    """The current value of module state that now lives in a submodule."""
    submodule = _LIVE_IN.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(submodule, name)
'''


FORWARD = '''

class _Package(_types.ModuleType):
    """This package's module type: a patch of a name (table above) reaches its submodules."""

    def __setattr__(self, name: str, value: object) -> None:
        for submodule in _PATCHED_IN.get(name, ()):
            setattr(_sys.modules[f"{__name__}.{submodule}"], name, value)
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
'''


def _tuple(names: list[str]) -> str:
    quoted = [json.dumps(n) for n in names]
    return f"({quoted[0]},)" if len(quoted) == 1 else f"({', '.join(quoted)})"


def forwarding(forward: dict[str, list[str]], nl: str) -> str:
    """The table and module type that pass patches of the old path on to the submodules."""
    inner = "".join(f"    {json.dumps(n)}: {_tuple(gs)},{nl}" for n, gs in forward.items())
    return (
        f"{nl}import sys as _sys{nl}import types as _types{nl}{nl}"
        f"# Names patched through this package (mock.patch, monkeypatch.setattr) and the{nl}"
        f"# submodules holding a binding of each: a patch here is passed on to them.{nl}"
        f"_PATCHED_IN = {{{nl}{inner}}}{nl}" + FORWARD.replace("\n", nl)
    )
