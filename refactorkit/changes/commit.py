"""`--commit`: stage exactly the paths an applied change set touched and commit only those.

The message is built by the caller (the CLI adds the before/after table from `compare`, which
this layer must not import). Staging and committing go through git's porcelain so the user's
hooks run; a partial commit (`git commit -- PATHS`) leaves anything else the user had staged
or modified out of the commit and where it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from refactorkit.changes.gitstate import git_toplevel, run_git
from refactorkit.changes.journal_store import STORE_DIR

SUBJECT_LIMIT = 72
SUBJECT_PREFIX = "refactorkit: "
# Written only when the commit fails, so the user can commit by hand with the same message.
# It sits in the journal folder, whose own .gitignore keeps it out of `git status`.
MESSAGE_FILE = "COMMIT_MSG"
CHUNK = 500


@dataclass(frozen=True)
class CommitResult:
    """The new commit's id, or why there is none (the files stay applied either way)."""

    sha: str | None
    problem: str | None = None
    message_file: Path | None = None  # the message, saved for a commit by hand
    subject: str = ""  # the message's first line
    root: Path | None = None  # on failure: where the commit by hand is to be made ...
    paths: tuple[str, ...] = ()  # ... of these paths


def in_git_repo(root: Path) -> bool:
    """Whether `root` is inside a git work tree (and git runs at all)."""
    return git_toplevel(root) is not None


def subject_line(title: str) -> str:
    """`refactorkit: TITLE` on one line of at most 72 characters, cut at a word if too long."""
    words = " ".join(title.split()) or "apply change set"
    subject = SUBJECT_PREFIX + words
    if len(subject) <= SUBJECT_LIMIT:
        return subject
    cut = subject[: SUBJECT_LIMIT - 3]
    # Drop a word cut in half, unless it is the only one.
    if subject[len(cut)] != " " and " " in cut[len(SUBJECT_PREFIX) :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "..."


def commit_message(title: str, *sections: str) -> str:
    """The subject, a blank line, then each non-empty section separated by a blank line."""
    body = [section.strip("\n") for section in sections if section.strip()]
    return "\n\n".join([subject_line(title), *body]) + "\n"


def commit_changes(root: Path, paths: Iterable[str], message: str) -> CommitResult:
    """Stage `paths` (relative to `root`) as they are on disk and commit just them."""
    paths = list(dict.fromkeys(paths))
    addable = _listed(root, ["ls-files", "-z"], paths)
    addable |= _listed(root, ["ls-files", "-z", "--others", "--exclude-standard"], paths)
    if addable:
        # -A: a deleted tracked file is staged as removed; ignored new files stay out.
        failed = _run(root, ["add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul"], addable)
        if failed:
            return _failed(root, paths, message, f"git add failed: {failed}")
    # A partial commit must name paths git knows: in the index now, or in HEAD (moved away).
    known = _listed(root, ["ls-files", "-z"], paths)
    known |= _listed(root, ["ls-tree", "-r", "-z", "--name-only", "HEAD"], paths)
    if not known:
        return _failed(
            root, paths, message, "none of the changed files can be committed (ignored?)"
        )
    try:
        with _message_file(root, message) as message_path:
            # The default cleanup would drop the table's `### ...` heading as a comment.
            args = ["commit", "-q", "--cleanup=whitespace", "-F", str(message_path)]
            failed = _run(root, [*args, "--pathspec-from-file=-", "--pathspec-file-nul"], known)
    except OSError as exc:
        failed = f"cannot write the message file ({exc})"
    if failed:
        return _failed(root, paths, message, f"git commit failed: {failed}")
    head = run_git(root, "rev-parse", "HEAD")
    sha = head.stdout.decode().strip() if head is not None and head.returncode == 0 else "HEAD"
    return CommitResult(sha, subject=message.splitlines()[0] if message else "")


def _run(root: Path, args: list[str], paths: Iterable[str]) -> str | None:
    """Run git with `paths` on stdin (no limit on their number); None, or what went wrong."""
    stdin = b"".join(os.fsencode(path) + b"\0" for path in sorted(paths))
    proc = run_git(root, *args, stdin=stdin)
    if proc is None:
        return "cannot run git"
    if proc.returncode != 0:
        output = (proc.stderr or proc.stdout).decode("utf-8", errors="replace").strip()
        return output.splitlines()[-1] if output else f"exit status {proc.returncode}"
    return None


def _listed(root: Path, command: list[str], paths: list[str]) -> set[str]:
    """Which of `paths` a NUL-separated git listing prints (in chunks: argv has a limit)."""
    found: set[str] = set()
    for start in range(0, len(paths), CHUNK):
        proc = run_git(root, *command, "--", *paths[start : start + CHUNK])
        if proc is not None and proc.returncode == 0:
            found.update(os.fsdecode(raw) for raw in proc.stdout.split(b"\0") if raw)
    return found


@contextmanager
def _message_file(root: Path, message: str) -> Iterator[Path]:
    """The message in a temporary file in the journal folder (stdin carries the paths)."""
    path = root / STORE_DIR / f"{MESSAGE_FILE}.{os.getpid()}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(message, encoding="utf-8")
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _failed(root: Path, paths: list[str], message: str, problem: str) -> CommitResult:
    path = root / STORE_DIR / MESSAGE_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(message, encoding="utf-8")
    except OSError:
        return CommitResult(None, problem, root=root, paths=tuple(paths))
    return CommitResult(None, problem, path, root=root, paths=tuple(paths))
