"""The project a command works on: its root folder and its `[tool.refactorkit]` config.

Every command that works on a whole project finds it the same way (`Project.locate`): the
folder given with `--root`, else the nearest folder at or above the current one (or the file
named) that holds a pyproject.toml or a .git, else that folder itself. A codemod must see
every importer, not only the folder the user stands in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from refactorkit.config import Config, load_config
from refactorkit.errors import UserError
from refactorkit.workspace import Discovery, discover


@dataclass(frozen=True)
class Project:
    """A resolved project root and the config read from (or above) it."""

    root: Path
    config: Config

    @classmethod
    def locate(cls, root: Path | None = None, cwd: Path | None = None) -> Project:
        """The project at `root` when given, else the one around `cwd` (the current folder)."""
        start = (root or cwd or Path.cwd()).resolve()
        config = load_config(start)
        if root is not None:
            return cls(start, config)
        return cls(_nearest_project(start, config), config)

    def sources(self, paths: Iterable[Path] = (), excludes: Iterable[str] = ()) -> Discovery:
        """The project's Python files, or those at or under `paths` (relative to the current
        folder, as typed); a path outside the project is refused."""
        # Module names and relpaths are always relative to this root, whatever folder is named.
        config = replace(self.config, project_root=self.root)
        wanted = [self._inside(p) for p in paths]
        if not wanted:
            return discover(self.root, config, excludes)
        found = [discover(p, config, excludes) for p in wanted]
        files = {f.relpath: f for d in found for f in d.files}
        skipped = {s.relpath: s for d in found for s in d.skipped}
        return Discovery(
            found[0].root,
            tuple(files[k] for k in sorted(files)),
            tuple(skipped[k] for k in sorted(skipped)),
            found[0].roots,
        )

    def _inside(self, path: Path) -> Path:
        full = (path if path.is_absolute() else Path.cwd() / path).resolve()
        if not full.exists():
            raise UserError(f"{path}: no such file or directory")
        if full != self.root and self.root not in full.parents:
            raise UserError(f"{path}: outside the project {self.root}; nothing there is changed")
        return full


def _nearest_project(start: Path, config: Config) -> Path:
    """The nearest folder at or above `start` with the config's pyproject.toml or a .git."""
    declared = config.project_root.resolve() if config.project_root is not None else None
    for folder in (start, *start.parents):
        if folder == declared or (folder / ".git").exists():
            return folder
    return start
