"""Deprecation shims: the old module path keeps working and warns, naming the new path.

A moved module's shim replaces itself in `sys.modules` with the new module, so the old and new
names are the same object (a `mock.patch` on either has the same effect). A package's shim
cannot do that: its submodules would then be found through the new package's `__path__` and
loaded a second time under the old name. It forwards attribute access instead (PEP 562), and
each old submodule gets a shim of its own.
"""

from __future__ import annotations

import re

SHIM_MARKER = "refactorkit: deprecation shim"


def deprecation_message(old: str, new: str, until: str | None) -> str:
    """The warning text; `until` is a removal date or version."""
    when = f"; it will be removed in {until}" if until else ""
    return f"{old} is deprecated, import {new} instead{when}"


def _quoted(text: str) -> str:
    """A double-quoted Python literal (the style ruff and black write)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _warn_call(message: str, indent: str = "") -> str:
    inner = indent + "    "
    return (
        f"{indent}warnings.warn(\n"
        f"{inner}{_quoted(message)},\n"
        f"{inner}DeprecationWarning,\n"
        f"{inner}stacklevel=2,\n"
        f"{indent})\n"
    )


def module_shim_source(old: str, new: str, until: str | None) -> str:
    """Source of a module at the old path that warns and then *is* the new module."""
    message = deprecation_message(old, new, until)
    return (
        f'"""Deprecated: moved to {new}."""\n'
        f"# {SHIM_MARKER}\n"
        "\n"
        "import importlib\n"
        "import sys\n"
        "import warnings\n"
        "\n"
        + _warn_call(message)
        + f"sys.modules[__name__] = importlib.import_module({_quoted(new)})\n"
    )


def package_shim_source(old: str, new: str, until: str | None) -> str:
    """Source of an old package `__init__.py` that warns and forwards names to the new package."""
    message = deprecation_message(old, new, until)
    return (
        f'"""Deprecated: moved to {new}."""\n'
        f"# {SHIM_MARKER}\n"
        "\n"
        "from __future__ import annotations\n"
        "\n"
        "import importlib\n"
        "import warnings\n"
        "\n" + _warn_call(message) + f"_new = importlib.import_module({_quoted(new)})\n"
        "\n"
        "\n"
        "def __getattr__(name: str) -> object:\n"
        "    return getattr(_new, name)\n"
        "\n"
        "\n"
        "def __dir__() -> list[str]:\n"
        "    return dir(_new)\n"
    )


_TABLE_HEAD = f"_MOVED_NAMES = {{  # {SHIM_MARKER}\n"


def symbol_shim_source(
    name: str, old_module: str, new_module: str, until: str | None, new_name: str | None = None
) -> str:
    """A PEP 562 `__getattr__` block for the old module: `name` warns and comes from its new home.

    The moved names live in a table so a second moved name is one more entry (`add_symbol_shim`).
    """
    return (
        "\n\n" + _TABLE_HEAD + _entry(name, old_module, new_module, until, new_name) + "}\n"
        "\n\n"
        f"def __getattr__(name: str) -> object:  # {SHIM_MARKER}\n"
        "    if name in _MOVED_NAMES:\n"
        "        import importlib\n"
        "        import warnings\n"
        "\n"
        "        module, new_name, message = _MOVED_NAMES[name]\n"
        "        warnings.warn(message, DeprecationWarning, stacklevel=2)\n"
        "        return getattr(importlib.import_module(module), new_name)\n"
        '    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")\n'
    )


def add_symbol_shim(
    text: str, name: str, old_module: str, new_module: str, until: str | None, new_name: str | None
) -> str:
    """`text` of the old module with a warning alias for `name`; ValueError when it cannot."""
    if _TABLE_HEAD in text:
        entry = _entry(name, old_module, new_module, until, new_name)
        return text.replace(_TABLE_HEAD, _TABLE_HEAD + entry, 1)
    if re.search(r"(?m)^(async\s+)?def __getattr__\b|^__getattr__\s*=", text):
        raise ValueError(f"{old_module} already defines __getattr__")
    block = symbol_shim_source(name, old_module, new_module, until, new_name)
    return text.rstrip("\n") + "\n" + block


def _entry(
    name: str, old_module: str, new_module: str, until: str | None, new_name: str | None
) -> str:
    target = new_name or name
    message = deprecation_message(f"{old_module}.{name}", f"{new_module}.{target}", until)
    return (
        f"    {_quoted(name)}: (\n"
        f"        {_quoted(new_module)},\n"
        f"        {_quoted(target)},\n"
        f"        {_quoted(message)},\n"
        "    ),\n"
    )


def is_shim(text: str) -> bool:
    return SHIM_MARKER in text
