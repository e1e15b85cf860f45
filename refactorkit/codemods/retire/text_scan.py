"""References in configuration, data and docs files, each with the entry `remove` deletes.

Line-based on purpose: parsing and re-serialising YAML, INI or TOML would restyle the user's
file. Each format knows what one entry is: a YAML key with its indented block, an INI option
(with continuation lines) or section, a TOML key or table, an env line, a Dockerfile ENV/ARG.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from refactorkit.codemods.retire.model import Reference

Lines = list[str]
Entry = tuple[int, int] | None
# (lines, 0-based index, match) -> (kind, entry lines 1-based inclusive, why not removable)
Classify = Callable[[Lines, int, "re.Match[str]"], tuple[str, Entry, str]]

_YAML_KEY = re.compile(r"^(\s*)(-\s+)?([^\s#:][^:#]*?)\s*:(\s|$)")
_INI_SECTION = re.compile(r"^\s*\[[^\]]+\]\s*([#;].*)?$")
_INI_OPTION = re.compile(r"^([^\s=:#;][^=:]*?)\s*[=:]")
_TOML_HEADER = re.compile(r"^\s*\[\[?[^\]]+\]\]?\s*(#.*)?$")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_.\"' -]+?)\s*=")
_ENV_LINE = re.compile(r"^\s*(export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")
_DOCKER_ENTRY = frozenset({"env", "arg", "label", "expose"})
_LINE_COMMENTABLE = frozenset({"markdown", "sql", "dockerfile", "terraform"})


def _held_open(line: str) -> bool:
    """A TOML value that goes on: brackets left open, or an odd number of triple quotes."""
    code = re.sub(r'"[^"]*"|\'[^\']*\'', "", line.split(" #")[0])
    opened = code.count("[") + code.count("{") - code.count("]") - code.count("}")
    return opened > 0 or (line.count('"""') + line.count("'''")) % 2 == 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _blank_or_comment(line: str, marks: str = "#") -> bool:
    stripped = line.strip()
    return not stripped or stripped[0] in marks


def _block(lines: Lines, index: int, deeper_than: int) -> tuple[int, int]:
    """Line `index` and the lines after it indented deeper than `deeper_than` (1-based)."""
    last = index
    for j in range(index + 1, len(lines)):
        if not lines[j].strip():
            continue
        if _indent(lines[j]) <= deeper_than:
            break
        last = j
    return (index + 1, last + 1)


def _until_next(lines: Lines, index: int, header: re.Pattern[str]) -> tuple[int, int]:
    """A section or table: from its header to the last non-blank line before the next one."""
    last = index
    for j in range(index + 1, len(lines)):
        if header.match(lines[j]):
            break
        if lines[j].strip():
            last = j
    return (index + 1, last + 1)


def _yaml(lines: Lines, i: int, match: re.Match[str]) -> tuple[str, Entry, str]:
    line = lines[i]
    if _blank_or_comment(line):
        return "comment", (i + 1, i + 1), ""
    key = _YAML_KEY.match(line)
    item = line.lstrip().startswith("- ")
    if key is None and not item:
        return "value", None, "inside a multi-line value or a flow collection"
    if "[" in line[: match.start()] or "{" in line[: match.start()]:
        return "value", None, "inside an inline list or mapping"
    in_key = key is not None and match.start() < key.end(3)
    kind = "list-item" if item and not in_key else ("key" if in_key else "value")
    return kind, _block(lines, i, _indent(line)), ""


def _ini(lines: Lines, i: int, match: re.Match[str]) -> tuple[str, Entry, str]:
    line = lines[i]
    if _blank_or_comment(line, "#;"):
        return "comment", (i + 1, i + 1), ""
    if _INI_SECTION.match(line):
        return "section", _until_next(lines, i, _INI_SECTION), ""
    option = _INI_OPTION.match(line)
    if option is None:
        return "value", None, "a continuation line of a multi-line option"
    kind = "option" if match.start() < option.end(1) else "value"
    return kind, _block(lines, i, _indent(line)), ""


def _toml(lines: Lines, i: int, match: re.Match[str]) -> tuple[str, Entry, str]:
    line = lines[i]
    if _blank_or_comment(line):
        return "comment", (i + 1, i + 1), ""
    if _TOML_HEADER.match(line):
        return "table", _until_next(lines, i, _TOML_HEADER), ""
    key = _TOML_KEY.match(line)
    if key is None:
        item = re.fullmatch(r"\s*(\"[^\"]*\"|'[^']*')\s*,?\s*(#.*)?", line.rstrip("\r\n"))
        return "array-item", (i + 1, i + 1) if item else None, "" if item else "a multi-line value"
    kind = "key" if match.start() < key.end(1) else "value"
    if _held_open(line):
        return kind, None, "the value goes on over more lines"
    return kind, (i + 1, i + 1), ""


def _env(lines: Lines, i: int, match: re.Match[str]) -> tuple[str, Entry, str]:
    line = lines[i]
    if _blank_or_comment(line):
        return "comment", (i + 1, i + 1), ""
    env = _ENV_LINE.match(line)
    kind = "variable" if env is not None and match.start() < env.end(2) else "value"
    return kind, (i + 1, i + 1), ""


def _dockerfile(lines: Lines, i: int, match: re.Match[str]) -> tuple[str, Entry, str]:
    line = lines[i]
    if _blank_or_comment(line):
        return "comment", (i + 1, i + 1), ""
    word = line.split(maxsplit=1)[0].lower() if line.strip() else ""
    if word not in _DOCKER_ENTRY or (i > 0 and lines[i - 1].rstrip().endswith("\\")):
        return "instruction", None, "a build step (or part of one); review"
    last = i
    while lines[last].rstrip().endswith("\\") and last + 1 < len(lines):
        last += 1
    return word, (i + 1, last + 1), ""


def _sql(lines: Lines, i: int, match: re.Match[str]) -> tuple[str, Entry, str]:
    if lines[i].lstrip().startswith("--"):
        return "comment", (i + 1, i + 1), ""
    return "statement", None, "an SQL statement; review (data may need migrating)"


def _json(lines: Lines, i: int, match: re.Match[str]) -> tuple[str, Entry, str]:
    rest = lines[i][match.end() :]
    kind = "key" if re.match(r'[^"]*"\s*:', rest) else "value"
    return kind, None, "JSON entries are not removed line by line; review"


def _markdown(lines: Lines, i: int, match: re.Match[str]) -> tuple[str, Entry, str]:
    return "doc", None, "documentation; reword it by hand"


def _terraform(lines: Lines, i: int, match: re.Match[str]) -> tuple[str, Entry, str]:
    line = lines[i]
    if _blank_or_comment(line):
        return "comment", (i + 1, i + 1), ""
    if re.match(r"^\s*[\w-]+\s*=\s*[^{\[(]*$", line):
        return "attribute", (i + 1, i + 1), ""
    return "block", None, "a Terraform block; review (state may need moving)"


CLASSIFIERS: dict[str, Classify] = {
    "yaml": _yaml,
    "docker-compose": _yaml,
    "helm": _yaml,
    "ini": _ini,
    "toml": _toml,
    "env": _env,
    "dockerfile": _dockerfile,
    "sql": _sql,
    "json": _json,
    "markdown": _markdown,
    "terraform": _terraform,
}


def scan_text(relpath: str, source: str, text: str, pattern: re.Pattern[str]) -> list[Reference]:
    """Every match of `pattern` in a non-Python file, each with its kind and entry."""
    classify = CLASSIFIERS[source]
    lines = text.splitlines(keepends=True)
    found: list[Reference] = []
    for i, line in enumerate(lines):
        for match in pattern.finditer(line):
            kind, entry, why_not = classify(lines, i, match)
            found.append(
                Reference(
                    relpath,
                    i + 1,
                    match.start(),
                    source,
                    kind,
                    match.group(),
                    line.strip(),
                    entry=entry,
                    why_not=why_not,
                    anchor=_anchor(source, lines, i, entry),
                )
            )
    return found


def _anchor(source: str, lines: Lines, i: int, entry: Entry) -> int:
    """The line a marker comment goes above: the entry's first, else the line itself where a
    line of its own cannot land inside a multi-line value."""
    if entry is not None:
        return entry[0]
    if source in _LINE_COMMENTABLE and not (i and lines[i - 1].rstrip().endswith("\\")):
        return i + 1
    return 0
