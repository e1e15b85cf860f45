"""Frozen value types shared by every layer: files, metrics, imports, findings and change sets.

Everything here is plain data (no I/O, no formatting) so that results can be cached, pickled
across worker processes and rendered by any reporter.
"""

# The one home of the shared value types (one small frozen class each), so RK109's class
# count does not apply: splitting it would scatter what every layer imports from here.
# refactorkit: ignore-file[RK109]

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import ClassVar, TypeVar

# Re-exported: every record type can still be imported from here.
from refactorkit.sources import SkippedFile as SkippedFile
from refactorkit.sources import SourceFile as SourceFile


@dataclass(frozen=True)
class RawMetrics:
    """Line counts with radon's `raw` semantics, plus docstring lines."""

    loc: int  # physical lines
    lloc: int  # logical lines
    sloc: int  # source lines of code
    comments: int  # lines holding a comment (inline ones included)
    multi: int  # lines inside multi-line strings (docstrings included)
    blank: int
    single_comments: int  # lines that hold only a comment
    docstring_lines: int = 0


@dataclass(frozen=True)
class FunctionMetrics:
    """One function or method: cyclomatic complexity (radon's numbers and rank) and cognitive."""

    name: str
    qualname: str  # Class.method or func.inner
    lineno: int
    endline: int
    complexity: int
    rank: str  # A-F, radon's cc_rank
    classname: str | None = None
    cognitive: int = 0  # cognitive complexity, complexipy's numbers (analysis/cognitive.py)
    # Some run of statements holds part of its decisions, so `extract --auto` has something
    # to cut (False: all sit in one simple statement, such as a long boolean `return`).
    cuttable: bool = True

    @property
    def length(self) -> int:
        return self.endline - self.lineno + 1


@dataclass(frozen=True)
class ClassMetrics:
    name: str
    lineno: int
    endline: int
    methods: int
    public_methods: int
    complexity: int  # radon's class complexity

    @property
    def lines(self) -> int:
        return self.endline - self.lineno + 1


class ImportKind(str, Enum):
    """Where an import statement runs."""

    TOP = "top"  # at module import time
    FUNCTION = "function"  # inside a function body: at call time
    TYPE_CHECKING = "type_checking"  # under `if TYPE_CHECKING:`: never at run time


@dataclass(frozen=True)
class ImportRecord:
    """One imported module or name, with relative imports already made absolute.

    `import a.b` gives module="a.b", name=None. `from a import b` gives module="a", name="b":
    whether `a.b` is a submodule is decided later, when the set of internal modules is known.
    """

    module: str
    name: str | None
    lineno: int
    kind: ImportKind
    in_try: bool = False


@dataclass(frozen=True)
class PrintSite:
    """One call of the built-in `print()`, and whether it is program output rather than logging.

    `context` is empty for library code; otherwise it says why the print is the program's
    output and stays ("`__main__` block", "CLI command main", ...). `function` is the
    enclosing top-level function ("" at module level), to match `[project.scripts]` targets.
    """

    lineno: int
    col: int  # ast's col_offset (UTF-8 bytes): orders prints on one line
    stream: str  # "stdout", "stderr", "other" (a `file=` that is neither), "unknown" (`**kw`)
    in_except: bool  # inside an `except` block
    context: str = ""
    function: str = ""
    arguments: int = 1  # positional arguments; -1 when they are unpacked (`print(*rows)`)
    debug: bool = False  # inside `if debug:` / `if self.verbose:`: a trace, logged at debug


@dataclass(frozen=True)
class ValueSite:
    """A literal that looks hard-coded: a path, URL, host:port, secret or magic number.

    `kind` is "path", "cwd-path", "url", "host-port", "secret" or "magic-number"; `text` is
    the literal as shown to the user (a secret's is masked); `name` is the variable,
    keyword or key it is given to ("" when none).
    """

    kind: str
    lineno: int
    col: int
    text: str
    name: str = ""


# The FileAnalysis fields only some rules read (the print scan for RK111, the value scan for
# RK112-RK115, the line fingerprints for RK116): a run without a cache may leave out the scans
# no enabled rule reads (a third of a cold `check --select RK101,...`'s CPU); a cached
# analysis always has them all. Test code is never scanned (no rule reads its scans).
SCANS = frozenset({"prints", "values", "code_lines"})


@dataclass(frozen=True)
class FileAnalysis:
    """Everything measured in one file, from one parse. Cached by content hash."""

    source: SourceFile
    sha256: str
    raw: RawMetrics
    functions: tuple[FunctionMetrics, ...]
    classes: tuple[ClassMetrics, ...]
    maintainability: float  # radon's mi_visit(..., multi=True)
    top_level_classes: int
    top_level_functions: int
    imports: tuple[ImportRecord, ...]
    prints: tuple[PrintSite, ...] = ()  # every built-in print() call (RK111)
    values: tuple[ValueSite, ...] = ()  # hard-coded-looking literals (RK112-RK115)
    # The lines that count for clone detection (RK116), and each one's normalised fingerprint
    # (graph/code_lines.py): two parallel tuples, compact in the cache.
    code_lines: tuple[int, ...] = ()
    line_hashes: tuple[int, ...] = ()

    @property
    def max_complexity(self) -> int:
        return max((f.complexity for f in self.functions), default=0)

    @property
    def average_complexity(self) -> float:
        if not self.functions:
            return 0.0
        return sum(f.complexity for f in self.functions) / len(self.functions)


@dataclass(frozen=True, order=True)
class ClonePlace:
    """One copy of a duplicated block: a file and its first and last physical lines."""

    relpath: str
    start: int
    end: int


@dataclass(frozen=True, order=True)
class CloneGroup:
    """Blocks of the same token-normalised code: `lines` lines of code at every place."""

    lines: int  # lines of code (blank, comment, docstring and import lines not counted)
    places: tuple[ClonePlace, ...]  # sorted; at least two


@dataclass(frozen=True)
class Duplication:
    """The project's clone groups and, per file, (duplicated, counted) lines of code."""

    min_lines: int
    groups: tuple[CloneGroup, ...]  # largest first
    per_file: tuple[tuple[str, int, int], ...]  # (relpath, duplicated, counted), by relpath

    @property
    def duplicated_lines(self) -> int:
        return sum(dup for _, dup, _ in self.per_file)

    @property
    def counted_lines(self) -> int:
        return sum(total for _, _, total in self.per_file)

    @property
    def percent(self) -> float:
        """Duplicated lines of code as a percentage of all counted lines of code."""
        counted = self.counted_lines
        return 100.0 * self.duplicated_lines / counted if counted else 0.0


@dataclass(frozen=True)
class Fix:
    """How to remove a finding: a command to run, or advice when no command can do it.

    `argv` is runnable as given from the project root (a dry run; `--apply` applies it);
    it is empty for advice. `kind` names the remedy: "split", "split-class", "extract",
    "move-symbol", "print-to-logging" or "advice".
    """

    kind: str
    text: str
    argv: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One rule broken at one place, with how bad it is and how to fix it.

    `analyze` and `check` produce the same findings from the same rules. `code`, `relpath`
    and `symbol` identify a finding in a baseline (never the line, which moves on edits).
    """

    code: str  # RK101
    rule: str  # file-too-long
    relpath: str
    line: int
    message: str
    col: int = 0  # 0: the renderer puts it at the statement's first character
    symbol: str = ""  # the function, class, cycle or import the finding is about
    value: float = 0.0
    limit: float = 0.0
    lower_is_worse: bool = False  # True for the maintainability index
    related: tuple[tuple[str, int], ...] = ()  # other (relpath, line)s: a cycle's imports
    score: float = 0.0  # where fixing pays most (analyze ranks by it); 0 when unscored
    fix: Fix | None = None

    @property
    def comparison(self) -> str:
        """`(value > limit)` or `(value < limit)`; empty when the rule has no number."""
        if not self.limit:  # cycles and contracts have no number to compare
            return ""
        op = "<" if self.lower_is_worse else ">"
        return f"({_num(self.value)} {op} {_num(self.limit)})"

    def is_worse_than(self, other: float) -> bool:
        """Whether this finding's value is strictly worse than a recorded value."""
        return self.value < other if self.lower_is_worse else self.value > other


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


# --- change sets: what a codemod wants to do, computed before anything is written ---------


@dataclass(frozen=True)
class CreateFile:
    """A new file. Paths are posix, relative to the change set's root."""

    path: str
    new_text: str
    kind: ClassVar[str] = "create"


@dataclass(frozen=True)
class ModifyFile:
    """New text for an existing file; `old_text` is the text it was planned from (the runner
    refuses when the file changed on disk since)."""

    path: str
    new_text: str
    old_text: str | None = None
    kind: ClassVar[str] = "modify"


@dataclass(frozen=True)
class DeleteFile:
    """An existing file removed (`old_text`: as for ModifyFile)."""

    path: str
    old_text: str | None = None
    kind: ClassVar[str] = "delete"


@dataclass(frozen=True)
class MoveFile:
    """A rename (`git mv`), with `new_text` when the content changes too."""

    path: str
    new_path: str
    new_text: str | None = None
    old_text: str | None = None
    kind: ClassVar[str] = "move"


# One file operation of a change set. Code that needs a variant's own fields narrows with
# isinstance; `kind` ("create", "modify", "delete", "move") names it for output and journals.
FileChange = CreateFile | ModifyFile | DeleteFile | MoveFile


def final_path(change: FileChange) -> str:
    """Where the file is after the change (a move's new path, else its path)."""
    return change.new_path if isinstance(change, MoveFile) else change.path


def planned_text(change: FileChange) -> str | None:
    """The text the change was planned from (None: a new file, or not recorded)."""
    return None if isinstance(change, CreateFile) else change.old_text


def given_text(change: FileChange) -> str | None:
    """The text the change writes (None: a deletion, or a move that keeps the content)."""
    return None if isinstance(change, DeleteFile) else change.new_text


@dataclass(frozen=True)
class ChangeSet:
    """All the edits of one codemod run; shown as a diff or applied all at once by the runner."""

    root: Path
    title: str
    changes: tuple[FileChange, ...]
    warnings: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()  # extra human lines (e.g. names and lines per new file)
    codemod: str = ""  # the command that planned it ("split", "move", ...)
    suggested_config: str = ""  # lint/contract configuration the codemod suggests (split)

    @property
    def is_empty(self) -> bool:
        return not self.changes


# A codemod's progress seam: `progress(stage, done, total)`. Stages: "scan" (files read, of
# all the project's files) and "rewritten" (files that get edits, reported once at the end).
# Codemods call it when given one; only the CLI shows it (on stderr).
Progress = Callable[[str, int, int], None]
_T = TypeVar("_T")


def counted(items: Sequence[_T], progress: Progress | None, stage: str = "scan") -> Iterator[_T]:
    """`items` one by one, telling `progress` how far along (every 50 items, and the last)."""
    total = len(items)
    for number, item in enumerate(items, start=1):
        if progress is not None and (number % 50 == 0 or number == total):
            progress(stage, number, total)
        yield item


def tell(progress: Progress | None, stage: str, done: int, total: int) -> None:
    """`progress(stage, done, total)` when there is a progress callback."""
    if progress is not None:
        progress(stage, done, total)
