"""Finding the Python files of a project, naming their modules, and reading them safely.

Bad input never raises out of here as an unexpected exception: unreadable, undecodable, binary
and oversized files come back as `SkippedFile`s with a reason the user can act on.
"""

from __future__ import annotations

import io
import os
import stat
import tokenize
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

from refactorkit.config import Config
from refactorkit.domain import SkippedFile, SourceFile
from refactorkit.excludes import Excludes
from refactorkit.git import run_git

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
    target: Path, config: Config | None = None, extra_excludes: Iterable[str] = ()
) -> Discovery:
    """Find the Python files under `target` (a directory or one file)."""
    config = config or Config()
    target = target.resolve()
    root = target if target.is_dir() else target.parent
    project_root = _project_root(root, config)
    roots = guess_roots(project_root, config.roots)
    spec = Excludes([*DEFAULT_EXCLUDES, *config.exclude, *extra_excludes])
    skipped: list[SkippedFile] = []
    candidates = [target] if target.is_file() else _candidates(root, project_root, spec, skipped)
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
    return Discovery(
        project_root, tuple(files), tuple(sorted(skipped, key=lambda s: s.relpath)), roots
    )


def _not_a_source(path: Path) -> str | None:
    """Why `path` is not read as a source file ("" when it is simply gone), else None.

    Only regular files are ever opened: a FIFO named `x.py` would block forever.
    """
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
    return None


def _project_root(root: Path, config: Config) -> Path:
    # Module names are relative to the configured project when `root` is inside it.
    if config.project_root is not None:
        project = config.project_root.resolve()
        if root == project or project in root.parents:
            return project
    return root


def _relpath(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _candidates(
    root: Path, project_root: Path, spec: Excludes, skipped: list[SkippedFile]
) -> list[Path]:
    # Excludes (defaults, config, --exclude) are written relative to the project root, like
    # the paths in the report, whichever subfolder is analyzed.
    tracked = _git_files(root)
    # An empty answer also comes from a folder that git ignores as a whole (a vendored or
    # downloaded tree inside a repo): walk it instead of reporting nothing.
    if tracked:
        return [p for p in tracked if not spec.match_file(_relpath(p, project_root))]
    return list(_walk(root, project_root, spec, skipped))


_LIST_TIMEOUT = 60  # seconds: listing even a huge monorepo takes a few


def _git_files(root: Path) -> list[Path] | None:
    """Tracked and untracked-but-not-ignored .py files, when `root` is inside a git work tree."""
    done = run_git(
        root,
        *("ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.py"),
        literal=False,  # `*.py` is a pattern here
        timeout=_LIST_TIMEOUT,
    )
    if done is None or done.returncode != 0:
        return None
    out = done.stdout
    paths = []
    for raw in out.split(b"\0"):
        if raw:
            path = root / os.fsdecode(raw)
            if _present(path):  # deleted-but-tracked files are gone
                paths.append(path)
    return paths


def _present(path: Path) -> bool:
    """Whether something is at `path`; an unreadable one is (discovery reports it)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return True


def _gitignore_spec(folder: str) -> pathspec.GitIgnoreSpec | None:
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


# (folder relative to the project root with a trailing "/", or "", and its .gitignore)
_IgnoreFiles = tuple[tuple[str, pathspec.GitIgnoreSpec], ...]


def _ignored(rel: str, ignores: _IgnoreFiles) -> bool:
    """Whether git would ignore `rel`: the deepest .gitignore with a matching rule decides."""
    for prefix, ignore in reversed(ignores):
        if rel.startswith(prefix):
            include = ignore.check_file(rel[len(prefix) :]).include
            if include is not None:
                return include
    return False


def _walk(
    root: Path,
    project_root: Path,
    spec: Excludes,
    skipped: list[SkippedFile],
) -> Iterator[Path]:
    # os.walk without following links: a symlink loop cannot trap us; linked folders are listed.
    # Paths stay strings here: pathlib's parsing was most of the cost on large trees (Django's
    # 885 files: 0.10 s with Path objects, a third of that with strings).
    root_str = str(root)
    cut, base = _prefix_parts(root, project_root)
    # .gitignore files from the project root down to `root` apply too, as they would in git.
    ignores_of: dict[str, _IgnoreFiles] = {root_str: _ancestor_ignores(root, project_root)}

    unreadable = _unreadable_reporter(root_str, project_root, skipped)
    for dirpath, dirnames, filenames in os.walk(root_str, onerror=unreadable, followlinks=False):
        # os.walk joins names onto root_str, so slicing gives the relative path (relpath
        # cost 0.04 s on Django's 2,454 folders).
        rel_dir = dirpath[cut:].replace(os.sep, "/")
        prefix = base + (rel_dir + "/" if rel_dir else "")
        ignores = ignores_of.pop(dirpath, ())
        if ".gitignore" in filenames and dirpath != root_str:
            ignores = _with_own_gitignore(dirpath, prefix, ignores)
        dirnames[:] = _folders_to_enter(dirpath, dirnames, prefix, spec, ignores, skipped)
        for name in dirnames:
            ignores_of[os.path.join(dirpath, name)] = ignores
        for name in filenames:
            rel = prefix + name
            if name.endswith(".py") and not (spec.walked_file(rel) or _ignored(rel, ignores)):
                yield Path(dirpath, name)


def _prefix_parts(root: Path, project_root: Path) -> tuple[int, str]:
    """How much of a walked folder's path to cut, and the relpath of `root` to put instead."""
    root_str = str(root)
    cut = len(root_str) if root_str.endswith(os.sep) else len(root_str) + 1  # "/" is a root
    return cut, _relpath(root, project_root) + "/" if root != project_root else ""


def _unreadable_reporter(
    root_str: str, project_root: Path, skipped: list[SkippedFile]
) -> Callable[[OSError], None]:
    def unreadable(error: OSError) -> None:
        # os.walk would otherwise drop a folder it cannot list without a word.
        where = _relpath(Path(error.filename or root_str), project_root)
        skipped.append(SkippedFile(where, f"unreadable folder: {error.strerror or error}"))

    return unreadable


def _with_own_gitignore(dirpath: str, prefix: str, ignores: _IgnoreFiles) -> _IgnoreFiles:
    own = _gitignore_spec(dirpath)
    return (*ignores, (prefix, own)) if own is not None else ignores


def _folders_to_enter(
    dirpath: str,
    dirnames: list[str],
    prefix: str,
    spec: Excludes,
    ignores: _IgnoreFiles,
    skipped: list[SkippedFile],
) -> list[str]:
    """The subfolders to walk, sorted: not ignored, not a symlink, not a virtual env."""
    keep = []
    for name in sorted(dirnames):
        rel = prefix + name + "/"
        if spec.folder(rel, name) or _ignored(rel, ignores):
            continue
        full = os.path.join(dirpath, name)
        if os.path.islink(full):
            skipped.append(SkippedFile(rel[:-1], "symbolic link to a folder (not followed)"))
        elif not os.path.exists(os.path.join(full, "pyvenv.cfg")):
            keep.append(name)
    return keep


def _ancestor_ignores(root: Path, project_root: Path) -> _IgnoreFiles:
    folders = [root]
    if project_root in root.parents:
        parents = reversed(root.relative_to(project_root).parents)  # ".", "a", ... "a/b/c"
        folders = [*(project_root / p for p in parents), root]
    found = []
    for folder in folders:
        ignore = _gitignore_spec(str(folder))
        if ignore is not None:
            prefix = _relpath(folder, project_root)
            found.append(("" if prefix == "." else prefix + "/", ignore))
    return tuple(found)
