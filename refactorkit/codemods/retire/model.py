"""Plain data of a reference search: what was found where, and what is done with it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

# Source types by file name (checked first) and by suffix.
_BY_NAME = {
    "dockerfile": "dockerfile",
    ".env": "env",
    "setup.cfg": "ini",
    "tox.ini": "ini",
}
_BY_SUFFIX = {
    ".py": "python",
    ".pyi": "python",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".ini": "ini",
    ".cfg": "ini",
    ".toml": "toml",
    ".json": "json",
    ".env": "env",
    ".sql": "sql",
    ".md": "markdown",
    ".rst": "markdown",
    ".tf": "terraform",
    ".tfvars": "terraform",
    ".dockerfile": "dockerfile",
}
SOURCE_TYPES = (
    "python", "yaml", "docker-compose", "helm", "ini", "toml", "json", "env", "sql",
    "dockerfile", "markdown", "terraform",
)  # fmt: skip

# How a line is commented out per source type ("" : the format has no comments).
COMMENT_PREFIX = {
    "python": "# ",
    "yaml": "# ",
    "docker-compose": "# ",
    "helm": "# ",
    "ini": "# ",
    "toml": "# ",
    "env": "# ",
    "dockerfile": "# ",
    "terraform": "# ",
    "sql": "-- ",
    "markdown": "<!-- ",
    "json": "",
}
COMMENT_SUFFIX = {"markdown": " -->"}


def source_type(relpath: str) -> str | None:
    """The source type of a file, or None for files that are not searched."""
    path = PurePosixPath(relpath)
    name = path.name.lower()
    if name in _BY_NAME or name.startswith("dockerfile"):
        return _BY_NAME.get(name, "dockerfile")
    if name.startswith(".env."):
        return "env"
    kind = _BY_SUFFIX.get(path.suffix.lower())
    if kind == "yaml":
        return _yaml_flavour(path)
    return kind


def _yaml_flavour(path: PurePosixPath) -> str:
    name = path.name.lower()
    if name.startswith(("docker-compose", "compose.")):
        return "docker-compose"
    if (name.startswith("values") and "charts" in path.parts) or name.startswith("values."):
        return "helm"
    return "yaml"


def name_pattern(name: str) -> re.Pattern[str]:
    """NAME as a word, any case; `_` and `-` between its words are interchangeable, and the
    name may be part of a longer identifier (`LEGACY_ORDERS_URL`, `legacy-orders-db`)."""
    if "." in name or "/" in name or ":" in name:
        body = re.escape(name)
    else:
        body = "[_-]".join(re.escape(w) for w in re.split(r"[_-]+", name) if w)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """One match: where (1-based line, 0-based column), in what, and what kind of thing.

    `entry` is the line range (inclusive) of the whole entry holding it (a dict item, a YAML
    key and its block, an INI option or section, an env line) when `remove` can delete it;
    `why_not` says why not when it cannot.
    """

    path: str
    line: int
    col: int
    source: str
    kind: str
    match: str
    text: str  # the line, stripped
    entry: tuple[int, int] | None = None
    why_not: str = ""
    replaceable: bool = True  # a text substitution at the match is safe (not code)
    anchor: int = 0  # the line a `comment` marker goes above (0: none is safe)


@dataclass(frozen=True)
class Rule:
    """One row of a rules file: which references (source type, kind, pattern) get which action."""

    name: str
    action: str  # report | replace | remove | comment
    source: str = "*"
    kind: str = "*"
    pattern: str = ""  # a regular expression searched in the reference's line
    replacement: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Decision:
    """A reference, the rule that matched it (None: no rule, reported) and what happens."""

    reference: Reference
    rule: Rule | None
    action: str  # report | replace | remove | comment | review
    note: str = ""  # for review: why it is not changed automatically

    @property
    def rule_name(self) -> str:
        return self.rule.name if self.rule is not None else "-"
