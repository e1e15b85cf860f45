"""The runner's git-index step: one rule, journaled, exactly reversible.

Rule: inside a git work tree, when a change set touches at least one tracked path, everything
it touched that git tracked, and everything it created, is staged as the change left it; a move
is staged as `git mv` stages it (old path removed, new path added). Created files that
`.gitignore` excludes stay out, and files that were untracked before stay untracked. When the
change touches no tracked path, nothing is staged.

Before the step runs, the index entries of every path it will touch are journaled; rollback
(a failure, a crash between `git rm --cached OLD` and `git add NEW`, a failed `--verify`) writes
exactly those entries back with `git update-index`. Every git command here must succeed: a
failure raises `GitError`, and the transaction rolls back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from refactorkit.changes.gitstate import GitError, chunks, git_must, git_toplevel, tracked_among
from refactorkit.changes.manifest_check import IndexFields

# {path relative to root: ["mode oid stage", ...]}; an empty list: not in the index.
IndexEntries = dict[str, list[str]]
GitHook = Callable[[str], None]
_PATHS_ON_STDIN = ("--pathspec-from-file=-", "--pathspec-file-nul")


@dataclass(frozen=True)
class IndexPlan:
    """What the index step does: stage paths as on disk, or write recorded entries back."""

    add: tuple[str, ...] = ()  # tracked before: staged as on disk (`git add -f`)
    add_new: tuple[str, ...] = ()  # created: staged unless .gitignore excludes them
    remove: tuple[str, ...] = ()  # tracked before, gone now (deleted, moved away)
    restore: Mapping[str, list[str]] = field(default_factory=dict)  # undo: exact entries

    @property
    def paths(self) -> list[str]:
        return sorted({*self.add, *self.add_new, *self.remove, *self.restore})

    def to_json(self) -> IndexFields:
        return {
            "add": list(self.add),
            "add_new": list(self.add_new),
            "remove": list(self.remove),
            "restore": dict(self.restore),
        }


def plan_staging(root: Path, changes: Iterable[tuple[str, str, str | None]]) -> IndexPlan | None:
    """The index step for (kind, path, new_path) changes under the rule above, or None."""
    changes = list(changes)
    every = [p for _, path, new in changes for p in (path, new) if p]
    if not every or git_toplevel(root) is None:
        return None
    tracked = tracked_among(root, every)
    if not any(path in tracked for kind, path, _ in changes if kind != "create"):
        return None
    return _plan(changes, tracked)


def _plan(changes: list[tuple[str, str, str | None]], tracked: set[str]) -> IndexPlan:
    add: list[str] = []
    add_new: list[str] = []
    remove: list[str] = []
    for kind, path, new_path in changes:
        if kind == "create":
            (add if path in tracked else add_new).append(path)
        elif path in tracked:
            gone, staged = _stage_tracked(kind, path, new_path)
            remove.extend(gone)
            add.extend(staged)
    return IndexPlan(tuple(add), tuple(add_new), tuple(remove))


def _stage_tracked(kind: str, path: str, new_path: str | None) -> tuple[list[str], list[str]]:
    """(paths to unstage, paths to stage) for a change of a tracked path."""
    if kind == "modify":
        return [], [path]
    if kind == "delete":
        return [path], []
    # A move, as `git mv` records it.
    return [path], [new_path] if new_path else []


def entries(root: Path, paths: Iterable[str]) -> IndexEntries:
    """The index entries of `paths` now (every stage of an unmerged path)."""
    wanted = list(dict.fromkeys(paths))
    found: IndexEntries = {path: [] for path in wanted}
    if not wanted:
        return found
    for chunk in chunks(wanted):
        out = git_must(root, "ls-files", "--stage", "-z", "--", *chunk)
        for raw in out.split(b"\0"):
            if not raw:
                continue
            info, _, name = os.fsdecode(raw).partition("\t")
            if name in found:
                found[name].append(info)
    return found


def snapshot(root: Path) -> IndexEntries:
    """Every index entry under root (kept in memory around `--verify`)."""
    found: IndexEntries = {}
    for raw in git_must(root, "ls-files", "--stage", "-z", "--", ".").split(b"\0"):
        if raw:
            info, _, name = os.fsdecode(raw).partition("\t")
            found.setdefault(name, []).append(info)
    return found


def restore_snapshot(root: Path, before: IndexEntries) -> tuple[str, ...]:
    """Make the index under root equal `before` again; returns the paths that were changed."""
    now = snapshot(root)
    changed = {
        path: before.get(path, []) for path in {*now, *before} if now.get(path) != before.get(path)
    }
    restore(root, changed)
    return tuple(sorted(changed))


def run_step(root: Path, plan: IndexPlan, hook: GitHook | None = None) -> None:
    """Carry out the plan; each git command is announced to `hook` first (the crash seam)."""
    if plan.restore:
        restore(root, dict(plan.restore), hook)
        return
    if plan.remove:
        _announce(hook, "git rm --cached")
        _with_paths(root, ("rm", "--cached", "-q", "--ignore-unmatch"), plan.remove)
    if plan.add:
        _announce(hook, "git add -f")
        _with_paths(root, ("add", "-f"), plan.add)
    wanted = _not_ignored(root, plan.add_new)
    if wanted:
        _announce(hook, "git add")
        _with_paths(root, ("add",), wanted)


def restore(root: Path, recorded: Mapping[str, list[str]], hook: GitHook | None = None) -> None:
    """Write recorded entries back exactly: remove each path, then add its recorded stages."""
    top = git_toplevel(root) if recorded else None
    if top is None:
        return
    prefix = _prefix(root)
    names = sorted(recorded)
    _announce(hook, "git update-index --force-remove")
    git_must(top, "update-index", "-z", "--force-remove", "--stdin", stdin=_nul(prefix, names))
    lines = [f"{info}\t{prefix}{path}" for path in names for info in recorded[path]]
    if lines:
        _announce(hook, "git update-index --index-info")
        data = b"".join(os.fsencode(line) + b"\0" for line in lines)
        git_must(top, "update-index", "-z", "--index-info", stdin=data)


def _with_paths(root: Path, args: tuple[str, ...], paths: Iterable[str]) -> None:
    # Paths on stdin: no limit on their number, however many files a package move touches.
    # From the top: in a subfolder `git rm` counts its prefix as a pathspec argument and refuses.
    top = git_toplevel(root)
    if top is None:
        raise GitError(f"{root} is no longer in a git work tree")
    git_must(top, *args, *_PATHS_ON_STDIN, stdin=_nul(_prefix(root), sorted(paths)))


def _prefix(root: Path) -> str:
    """Where root lies below the work tree's top, as git spells it (`sub/dir/`, or "")."""
    return os.fsdecode(git_must(root, "rev-parse", "--show-prefix")).rstrip("\n")


def _not_ignored(root: Path, created: Iterable[str]) -> list[str]:
    created = list(created)
    wanted: list[str] = []
    for chunk in chunks(created):
        out = git_must(root, "ls-files", "-z", "--others", "--exclude-standard", "--", *chunk)
        wanted.extend(os.fsdecode(raw) for raw in out.split(b"\0") if raw)
    return [path for path in created if path in set(wanted)]


def _nul(prefix: str, paths: Iterable[str]) -> bytes:
    return b"".join(os.fsencode(prefix + path) + b"\0" for path in paths)


def _announce(hook: GitHook | None, label: str) -> None:
    if hook is not None:
        hook(label)
