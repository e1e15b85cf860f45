"""Finding the Python files of a project, naming their modules, and reading them safely.

Bad input never raises out of here as an unexpected exception: unreadable, undecodable, binary
and oversized files come back as `SkippedFile`s with a reason the user can act on.
"""

from __future__ import annotations

import io
import os
import stat
import tokenize
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from refactorkit.config import Config
from refactorkit.excludes import Excludes
from refactorkit.git import may_be_in_git, run_git
from refactorkit.sources import SkippedFile, SourceFile
from refactorkit.walk import Walked, relpath_of

# Directories never worth measuring: environments, build output, caches, VCS metadata.
DEFAULT_EXCLUDES = (
    ".git/",
    ".hg/",
    ".svn/",
    ".venv/",
    "venv/",
    ".env/",
    ".tox/",
    ".nox/",
    "build/",
    "dist/",
    "site-packages/",
    "node_modules/",
    "__pycache__/",
    ".eggs/",
    "*.egg-info/",
    ".mypy_cache/",
    ".pytest_cache/",
    ".ruff_cache/",
    ".refactorkit_cache/",
)

# A generated 50k-line module is fine; a multi-megabyte blob is almost surely data, and
# parsing it would dominate the run.
MAX_FILE_BYTES = 8 * 1024 * 1024


class SourceError(Exception):
    """Why a file cannot be read as Python source (the message is shown to the user)."""


@dataclass(frozen=True)
class Discovery:
    """The result of walking a project: files to measure and files skipped with a reason."""

    root: Path
    files: tuple[SourceFile, ...]
    skipped: tuple[SkippedFile, ...]
    roots: tuple[Path, ...]  # importable roots used for module names
    # relpath -> the file's lstat when discovery took one (files git lists): the index of
    # `check FILE` compares it instead of a stat of its own
    stats: Mapping[str, os.stat_result] = field(default_factory=dict, compare=False, repr=False)


def read_source(path: Path, max_bytes: int | None = MAX_FILE_BYTES) -> tuple[str, str]:
    """Return (text, encoding) of a Python file, honouring BOMs and coding cookies (PEP 263).

    Newlines are kept as they are in the file, so a codemod can write back the same bytes.
    `max_bytes` None: any size (the runner must write back whatever a codemod rewrote).
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise SourceError("not a regular file")
        if max_bytes is not None and info.st_size > max_bytes:
            raise SourceError(f"larger than {max_bytes // (1024 * 1024)} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"unreadable: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        raise SourceError("contains NUL bytes (binary file?)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        # detect_encoding also fails when the first lines are not valid UTF-8 and no cookie says
        # otherwise: report that as a decoding problem, which is what the user must fix.
        try:
            data[:4096].decode("utf-8")
        except UnicodeDecodeError as decode_error:
            raise SourceError(f"cannot decode as utf-8: {decode_error}") from exc
        raise SourceError(f"bad encoding declaration: {exc}") from exc
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise SourceError(f"cannot decode as {encoding}: {exc}") from exc


# Test, documentation and example code: measured, but reported apart from product code and left
# out of graphs. `tests/` anywhere (django-simple-history's `simple_history/tests/`), a
# top-level `test/`, `docs/` or `examples/` (docutils' `test/`, Django's `docs/_ext`), and pytest's
# file names. `django/test/` is product code (Django's testing API): `test/` counts only on top.
_TEST_FOLDERS = frozenset({"tests"})
_TOP_FOLDERS = frozenset({"test", "tests", "docs", "doc", "examples", "example"})


def is_test_path(relpath: str) -> bool:
    """Whether `relpath` (relative to the project, with "/") is test, docs or example code."""
    *folders, name = relpath.split("/")
    if folders and folders[0] in ("src",):
        folders = folders[1:]
    if folders and folders[0] in _TOP_FOLDERS:
        return True
    if any(f in _TEST_FOLDERS or f.endswith("_tests") for f in folders):
        return True
    return name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py")


def is_identifier_path(parts: Iterable[str]) -> bool:
    return all(part.isidentifier() for part in parts)


def guess_roots(root: Path, configured: tuple[str, ...] = ()) -> tuple[Path, ...]:
    """Importable roots: the configured ones, else `src/` (when it holds code) and the root."""
    if configured:
        return tuple((root / r).resolve() for r in configured)
    roots = [root]
    src = root / "src"
    if src.is_dir() and any(child.suffix == ".py" or child.is_dir() for child in src.iterdir()):
        roots.insert(0, src)
    return tuple(roots)


def module_name(path: Path, roots: tuple[Path, ...]) -> str | None:
    """Dotted module name of `path` under the deepest root that contains it, if importable.

    Namespace packages (folders without `__init__.py`) are allowed; any part that is not a
    Python identifier (e.g. `my-scripts/`) makes the file non-importable: None.
    """
    for root in sorted(roots, key=lambda r: len(r.parts), reverse=True):
        try:
            rel = path.relative_to(root)
        except ValueError:
            continue
        parts = list(rel.with_suffix("").parts)
        if parts and parts[-1] == "__init__":
            parts.pop()
        if not parts or not is_identifier_path(parts):
            return None
        return ".".join(parts)
    return None


def discover(
    target: Path,
    config: Config | None = None,
    extra_excludes: Iterable[str] = (),
    memo_dir: Path | None = None,
) -> Discovery:
    """Find the Python files under `target` (a directory or one file). Outside git, the
    walk is remembered in `memo_dir` (a cache folder) when one is given (`walk_memo.py`)."""
    config = config or Config()
    target = target.resolve()
    root = target if target.is_dir() else target.parent
    project_root = _project_root(root, config)
    roots = guess_roots(project_root, config.roots)
    lines = (*DEFAULT_EXCLUDES, *config.exclude, *extra_excludes)
    spec = Excludes(lines)
    skipped: list[SkippedFile] = []
    stats: dict[str, os.stat_result] = {}
    if target.is_file():
        files = _listed_sources([target], project_root, roots, skipped)
    elif tracked := _git_files(root):
        # An empty answer also comes from a folder that git ignores as a whole (a vendored or
        # downloaded tree inside a repo): walked instead of reporting nothing.
        listed = _git_sources(root, project_root, tracked, spec, (skipped, stats))
        files = _walked_sources(listed, roots)
    else:
        from refactorkit.walk_memo import remembered_walk

        walked = remembered_walk(memo_dir, root, project_root, lines, skipped)
        files = _walked_sources(walked, roots)
    ordered = tuple(sorted(skipped, key=lambda s: s.relpath))
    return Discovery(project_root, tuple(files), ordered, roots, stats)


def _listed_sources(
    candidates: list[Path], project_root: Path, roots: tuple[Path, ...], skipped: list[SkippedFile]
) -> list[SourceFile]:
    """Sources for the named or git-listed paths, each checked to be a regular file."""
    files: list[SourceFile] = []
    for path in sorted(candidates):
        rel = _relpath(path, project_root)
        reason = _not_a_source(path)
        if reason is not None:
            skipped.extend([SkippedFile(rel, reason)] if reason else [])
            continue
        # A file named on the command line is measured whatever its suffix (a script called
        # `manage`), but only a `.py` file can be imported under a module name.
        module = module_name(path, roots) if path.suffix == ".py" else None
        files.append(SourceFile(path, rel, module, path.name == "__init__.py"))
    return files


def _walked_sources(walked: Iterable[Walked], roots: tuple[Path, ...]) -> list[SourceFile]:
    """Sources for the walk's files (already known regular), in `sorted(paths)` order."""
    prefixes = _root_prefixes(roots)
    found = sorted(walked, key=lambda w: w.rel.split("/"))  # the order of sorted Paths
    # Per folder, once: its Path and the module parts it gives its files (None: none
    # importable). Per file, only the name is left to look at.
    folders: dict[str, tuple[Path, list[str] | None]] = {}
    files = []
    for w in found:
        known = folders.get(w.folder)
        if known is None:
            known = folders[w.folder] = (Path(w.folder), _folder_parts(w.folder, prefixes))
        folder, parts = known
        module = _module_in(parts, w.name)
        files.append(SourceFile(_child(folder, w.name), w.rel, module, _is_init(w.rel)))
    return files


def _folder_parts(folder: str, prefixes: list[str]) -> list[str] | None:
    """The module name parts of `folder` under the deepest root holding it, as `_module_of`
    finds them; None when no root holds it or a part is not an identifier."""
    with_sep = folder + os.sep
    for prefix in prefixes:
        if with_sep.startswith(prefix):
            inner = with_sep[len(prefix) : -1]
            parts = inner.split(os.sep) if inner else []
            return parts if is_identifier_path(parts) else None
    return None


def _module_in(parts: list[str] | None, name: str) -> str | None:
    """`_module_of` for the `.py` file `name` in a folder with module `parts`."""
    if parts is None:
        return None
    stem = name[:-3]
    if stem == "__init__":
        return ".".join(parts) if parts else None
    return ".".join([*parts, stem]) if stem.isidentifier() else None


def _child(folder: Path, name: str) -> Path:
    """`folder / name` for a plain file name, without parsing the path again (pathlib's own
    shortcut for listings where there is one; parsing was a tenth of a check of Django)."""
    make = getattr(folder, "_make_child_relpath", None)
    return make(name) if make is not None else folder / name


def _is_init(rel: str) -> bool:
    return rel == "__init__.py" or rel.endswith("/__init__.py")


def _root_prefixes(roots: tuple[Path, ...]) -> list[str]:
    """The roots as path prefixes ending in a separator, deepest first (as `module_name`)."""
    ordered = sorted(roots, key=lambda r: len(r.parts), reverse=True)
    return [str(r) if str(r).endswith(os.sep) else str(r) + os.sep for r in ordered]


def _module_of(path: str, prefixes: list[str]) -> str | None:
    """`module_name` for a walked `.py` file's path string (no pathlib: once per file)."""
    for prefix in prefixes:
        if path.startswith(prefix):
            parts = path[len(prefix) : -3].split(os.sep)
            if parts[-1] == "__init__":
                parts.pop()
            return ".".join(parts) if parts and is_identifier_path(parts) else None
    return None


def _not_a_source(path: Path | str) -> str | None:
    """Why `path` is not read as a source file ("" when it is simply gone), else None.

    Only regular files are ever opened: a FIFO named `x.py` would block forever.
    """
    found = _source_stat(path)
    return found if isinstance(found, str) else None


def _source_stat(path: Path | str) -> str | os.stat_result:
    """The `lstat` of a regular file, else why it is not read ("" when it is gone)."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return ""
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    if stat.S_ISLNK(info.st_mode):
        return "symbolic link (not followed)"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    return info


def _project_root(root: Path, config: Config) -> Path:
    # Module names are relative to the configured project when `root` is inside it.
    if config.project_root is not None:
        project = config.project_root.resolve()
        if root == project or project in root.parents:
            return project
    return root


_relpath = relpath_of


_LIST_TIMEOUT = 60  # seconds: listing even a huge monorepo takes a few


def _git_files(root: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored .py files (relative to `root`, with "/"), when
    `root` is inside a git work tree."""
    if not may_be_in_git(root):
        return None
    done = run_git(
        root,
        *("ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.py"),
        literal=False,  # `*.py` is a pattern here
        timeout=_LIST_TIMEOUT,
    )
    if done is None or done.returncode != 0:
        return None
    # dict.fromkeys: an unmerged path (a merge conflict) is listed once per stage.
    return [os.fsdecode(raw) for raw in dict.fromkeys(done.stdout.split(b"\0")) if raw]


def _git_sources(
    root: Path,
    project_root: Path,
    listed: list[str],
    spec: Excludes,
    found: tuple[list[SkippedFile], dict[str, os.stat_result]],
) -> Iterator[Walked]:
    """The listed files that are regular and not excluded, as the walk gives them, their
    `lstat`s kept; the others go to the skipped (deleted-but-tracked files are dropped).
    Strings and one `lstat` each, no pathlib: this runs for every file of the project on
    each pre-commit `check`."""
    skipped, stats = found
    root_str = str(root)
    base = relpath_of(root, project_root) + "/" if root != project_root else ""
    for listed_rel in listed:
        rel = base + listed_rel
        if spec.listed_file(rel):
            continue
        path = os.path.join(root_str, listed_rel)
        info = _source_stat(path)
        if isinstance(info, str):
            skipped.extend([SkippedFile(rel, info)] if info else [])
            continue
        stats[rel] = info
        yield Walked(rel, *os.path.split(path))
