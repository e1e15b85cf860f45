"""The settings module's text: one typed constant per value (or, for a secret, a function
that reads it from the environment), appended to the module or in a new one."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from refactorkit.codemods.extract_settings.target import SettingsTarget

HEADER = "# Moved here by refactorkit extract-settings."
_TYPES = {str: "str", bytes: "bytes", int: "int", float: "float"}
REQUIRED_ENV = "_required_env"
_REQUIRED_ENV_DEF = f'''

def {REQUIRED_ENV}(name: str) -> str:
    """The environment variable `name`, or a clear error: a secret has no default here."""
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"set the environment variable {{name}}: it holds a secret")
    return value
'''


@dataclass(frozen=True)
class Setting:
    """One definition in the settings module.

    `anchor` is the project-relative path a current-folder path names (it sits in the
    repo), "" otherwise; `env` the environment variable's name ("" when not read from the
    environment); `secret` makes it a function without a default.
    """

    name: str  # the constant's name, or the secret function's
    value: object
    anchor: str = ""
    env: str = ""
    secret: bool = False


def settings_text(target: SettingsTarget, settings: Sequence[Setting]) -> str:
    """The settings module with `settings` defined at its end: the constants, then the
    secrets' functions (two blank lines around each, as formatters want)."""
    needs_os = any(s.env for s in settings)
    needs_path = any(s.anchor for s in settings)
    body = "\n\n\n".join(_blocks(target, settings)) + "\n"
    old = target.old_text
    if old is None:
        imports = ["import os"] * needs_os + ["from pathlib import Path"] * needs_path
        head = [NEW_DOCSTRING, "", "from __future__ import annotations"]
        head += ["", *imports] if imports else []
        return "\n".join(head) + "\n\n\n" + body
    marked = HEADER in old or NEW_DOCSTRING in old
    text = old.rstrip("\n") + "\n\n\n" + (HEADER + "\n") * (not marked)
    return _with_imports(text + body, needs_os, needs_path)


NEW_DOCSTRING = '"""Settings: values moved out of the code by refactorkit extract-settings."""'


def _blocks(target: SettingsTarget, settings: Sequence[Setting]) -> list[str]:
    """The constants as one block, then each secret's function (and the helper they call,
    unless the module has it)."""
    constants = [definition(s, target.folder_depth) for s in settings if not s.secret]
    functions = [definition(s, target.folder_depth) for s in settings if s.secret]
    old = target.old_text
    if functions and not (old and _defines(old, REQUIRED_ENV)):
        functions.insert(0, _REQUIRED_ENV_DEF.strip("\n"))
    return ["\n".join(constants)] * bool(constants) + functions


def _with_imports(text: str, needs_os: bool, needs_path: bool) -> str:
    context = CodemodContext()
    if needs_os:
        AddImportsVisitor.add_needed_import(context, "os")
    if needs_path:
        AddImportsVisitor.add_needed_import(context, "pathlib", "Path")
    if not (needs_os or needs_path):
        return text
    return AddImportsVisitor(context).transform_module(cst.parse_module(text)).code


def _defines(text: str, name: str) -> bool:
    return any(
        isinstance(node, ast.FunctionDef) and node.name == name for node in ast.parse(text).body
    )


def definition(setting: Setting, depth: int) -> str:
    """`NAME: int = 2525`, `NAME: str = os.environ.get("P_NAME", "...")`, a `Path` built
    from the settings module's own place, or a secret's function."""
    kind = "Path" if setting.anchor else _TYPES[type(setting.value)]
    if setting.secret:
        read = f'{REQUIRED_ENV}("{setting.env}")'
        if kind == "bytes":
            read += ".encode()"
        doc = f'"""{setting.env} from the environment: a secret has no default in the code."""'
        return f"def {setting.name}() -> {kind}:\n    {doc}\n    return {read}"
    default = anchored(setting.anchor, depth) if setting.anchor else literal(setting.value)
    line = f"{setting.name}: {kind} = {default}"
    if setting.env:
        line = f"{setting.name}: {kind} = {_from_env(setting, kind, default, False)}"
        if len(line) > WIDTH:
            line = f"{setting.name}: {kind} = {_from_env(setting, kind, default, True)}"
    return line


WIDTH = 99


def _from_env(setting: Setting, kind: str, default: str, wrapped: bool) -> str:
    """`os.environ.get(VAR, default)` in the wrapper the type needs, on one line or, when
    `wrapped`, one argument a line."""
    if kind in ("int", "float"):
        default = literal(str(setting.value))
    elif kind == "bytes":
        default = literal(_text(setting.value))
    before, after = {"int": ("int(", ")"), "float": ("float(", ")"), "Path": ("Path(", ")")}.get(
        kind, ("", ".encode()" if kind == "bytes" else "")
    )
    variable = literal(setting.env)
    if not wrapped:
        return f"{before}os.environ.get({variable}, {default}){after}"
    if not before:
        return f"os.environ.get(\n    {variable},\n    {default},\n){after}"
    get = f"os.environ.get(\n        {variable},\n        {default},\n    )"
    return f"{before}\n    {get}\n{after}"


def _text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def anchored(relpath: str, depth: int) -> str:
    """`Path(__file__).resolve().parent / "templates" / "x.txt"`, from the settings
    module's folder up to the project root, then down to `relpath`."""
    base = "Path(__file__).resolve().parent" if depth == 0 else "Path(__file__).resolve()"
    if depth:
        base += f".parents[{depth}]"
    parts = PurePosixPath(relpath).parts
    return base + "".join(f" / {literal(part)}" for part in parts)


def literal(value: object) -> str:
    """The value as Python source, strings in double quotes where that needs no escape."""
    text = repr(value)
    if isinstance(value, str) and text.startswith("'") and '"' not in value and "'" not in value:
        return '"' + text[1:-1] + '"'
    if isinstance(value, bytes) and text.startswith("b'") and '"' not in _text(value):
        return 'b"' + text[2:-1] + '"'
    return text
