"""A module's logger: find the one it has, or add `import logging` and
`logger = logging.getLogger(__name__)` once, after its imports."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import libcst as cst

_GETTERS = frozenset({"getLogger", "get_logger", "getlogger"})
_NAMES = ("logger", "log", "_logger", "_log", "LOGGER", "LOG")
_PRIVATE_NAMES = ("_logger", "_log", "_LOGGER")


@dataclass(frozen=True)
class LoggerSetup:
    """The logger name calls use, and whether the module must still define it."""

    logger: str  # the name of the module-level logger
    logging_name: str  # how the module refers to `logging` ("" when not imported)
    exists: bool  # the module already has that logger
    private: bool = False  # add `import logging as _logging`, not `import logging`


def logger_setup(module: cst.Module, private: bool = False) -> LoggerSetup:
    """The module's existing logger, or the one `ensure_logger` will add (`_logger` and
    `import logging as _logging` when `private`: a package's `__init__` or a module with
    `__all__`, whose public names are its API)."""
    logging_name = ""
    bound: set[str] = set()
    for statement in module.body:
        for small in _small_statements(statement):
            logging_name = logging_name or _logging_alias(small)
            target = _assigned_name(small)
            if target is None:
                continue
            if _is_logger_call(small):
                return LoggerSetup(target, logging_name, True)
            bound.add(target)
    names = _PRIVATE_NAMES if private else _NAMES
    free = next((n for n in names if n not in bound), "_print_logger")
    return LoggerSetup(free, logging_name, False, private)


def ensure_logger(module: cst.Module, setup: LoggerSetup) -> cst.Module:
    """The module with `import logging` (when missing) and the logger after its imports."""
    if setup.exists:
        return module
    body: list[cst.BaseStatement] = list(module.body)
    logging_name = setup.logging_name
    if not logging_name:
        logging_name = "_logging" if setup.private else "logging"
        _insert_import(body, module, logging_name)
    line = f"{setup.logger} = {logging_name}.getLogger(__name__)\n"
    statement = cst.parse_statement(line, config=module.config_for_parsing)
    at = _after_imports(body)
    above = _comments_under_imports(body, at)
    leading = [*above, cst.EmptyLine()] if at else []
    body.insert(at, statement.with_changes(leading_lines=leading))
    following = body[at + 1] if at + 1 < len(body) else None
    if following is not None and not getattr(following, "leading_lines", True):
        body[at + 1] = following.with_changes(leading_lines=[cst.EmptyLine()])
    return module.with_changes(body=body)


def _comments_under_imports(body: list[cst.BaseStatement], at: int) -> list[cst.EmptyLine]:
    """Take the comment lines right under the imports (docutils' `# import xml.dom ...
    -> conditional import`) off the statement after them: they stay with the imports."""
    if not 0 < at < len(body):
        return []
    following = body[at]
    lines = list(getattr(following, "leading_lines", ()))
    count = 0
    while count < len(lines) and lines[count].comment is not None:
        count += 1
    if count == 0 or count == len(lines):  # no comment, or one that heads the statement
        return []
    body[at] = following.with_changes(leading_lines=lines[count:])
    return lines[:count]


def _small_statements(statement: cst.BaseStatement) -> list[cst.BaseSmallStatement]:
    if isinstance(statement, cst.SimpleStatementLine):
        return list(statement.body)
    return []


def _logging_alias(small: cst.BaseSmallStatement) -> str:
    if not isinstance(small, cst.Import):
        return ""
    for alias in small.names:
        if isinstance(alias.name, cst.Name) and alias.name.value == "logging":
            asname = alias.asname.name if alias.asname is not None else None
            return asname.value if isinstance(asname, cst.Name) else "logging"
    return ""


def _assigned_name(small: cst.BaseSmallStatement) -> str | None:
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        return target.value if isinstance(target, cst.Name) else None
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        return small.target.value
    return None


def _is_logger_call(small: cst.BaseSmallStatement) -> bool:
    value = small.value if isinstance(small, (cst.Assign, cst.AnnAssign)) else None
    if not isinstance(value, cst.Call):
        return False
    func = value.func
    name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
    return name in _GETTERS


def _import_module(statement: cst.BaseStatement) -> str | None:
    """The top-level module a one-import statement line imports (None for other lines)."""
    small = _small_statements(statement)
    if len(small) != 1:
        return None
    node = small[0]
    if isinstance(node, cst.Import):
        return _dotted(node.names[0].name).partition(".")[0]
    if isinstance(node, cst.ImportFrom) and not node.relative and node.module is not None:
        return _dotted(node.module).partition(".")[0]
    if isinstance(node, cst.ImportFrom):
        return "."  # a relative import: local, sorts last
    return None


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return node.value if isinstance(node, cst.Name) else ""


def _header(body: list[cst.BaseStatement]) -> list[int]:
    """Indexes of the import lines before the first def, class or other compound statement."""
    found: list[int] = []
    for index, statement in enumerate(body):
        if not isinstance(statement, cst.SimpleStatementLine):
            if not _only_imports(statement):
                break
            found.append(index)
        elif _import_module(statement) is not None:
            found.append(index)
    return found


def _only_imports(statement: cst.BaseStatement) -> bool:
    """`if TYPE_CHECKING:` or `try:` blocks of imports count as part of the imports."""
    if not isinstance(statement, (cst.If, cst.Try)):
        return False
    lines = statement.body.body if isinstance(statement.body, cst.IndentedBlock) else ()
    return bool(lines) and all(_import_module(line) is not None for line in lines)


def _after_imports(body: list[cst.BaseStatement]) -> int:
    header = _header(body)
    if header:
        return header[-1] + 1
    return 1 if body and _is_docstring(body[0]) else 0


def _is_docstring(statement: cst.BaseStatement) -> bool:
    small = _small_statements(statement)
    return (
        len(small) == 1
        and isinstance(small[0], cst.Expr)
        and isinstance(small[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _insert_import(body: list[cst.BaseStatement], module: cst.Module, alias: str) -> None:
    """`import logging` where isort would put it: among the standard library imports."""
    statement = cst.parse_statement(_import_line(alias), config=module.config_for_parsing)
    assert isinstance(statement, cst.SimpleStatementLine)
    plain = _plain_imports(body)
    stdlib = [(i, name) for i, name in plain if name in sys.stdlib_module_names]
    later = [i for i, name in stdlib if name > "logging"]
    if later:
        _insert_before(body, later[0], statement)
    elif stdlib:
        body.insert(stdlib[-1][0] + 1, statement)
    elif plain:
        _insert_before(body, plain[0][0], statement, gap=True)
    else:
        at = _after_imports(body)
        body.insert(at, statement.with_changes(leading_lines=[cst.EmptyLine()] if at else []))


def _import_line(alias: str) -> str:
    return "import logging\n" if alias == "logging" else f"import logging as {alias}\n"


def _plain_imports(body: list[cst.BaseStatement]) -> list[tuple[int, str]]:
    """(index, top-level module) of the header's import lines, `__future__` left out."""
    imports = [(i, _import_module(body[i])) for i in _header(body)]
    return [(i, name) for i, name in imports if name is not None and name != "__future__"]


def _insert_before(
    body: list[cst.BaseStatement], index: int, statement: cst.SimpleStatementLine, gap: bool = False
) -> None:
    """Insert before `body[index]`, taking over its leading lines (comments, blank lines)."""
    following = body[index]
    assert isinstance(following, cst.SimpleStatementLine)
    body[index] = following.with_changes(leading_lines=[cst.EmptyLine()] if gap else [])
    body.insert(index, statement.with_changes(leading_lines=following.leading_lines))
