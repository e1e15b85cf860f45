"""Where the settings go: `--into pkg.settings`, or the package's own settings module.

Without `--into`, the top package of the first file with a value is asked for a settings
module it has (`settings`, `config`, `conf`, then the private `_settings`, `_config`); when
it has none, `pkg/settings.py` is created (`pkg/_settings.py` when every module of the
package is private, as httpx keeps them).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from refactorkit.errors import UserError
from refactorkit.project import Project
from refactorkit.workspace import SourceError, guess_roots, read_source

_PREFERRED = ("settings", "config", "conf", "_settings", "_config")


@dataclass(frozen=True)
class SettingsTarget:
    """The settings module: its dotted name, file, and text (None when it is created)."""

    module: str
    relpath: str
    path: Path
    old_text: str | None

    @property
    def folder_depth(self) -> int:
        """How many folders the module sits below the project root (pkg/settings.py: 1)."""
        return len(Path(self.relpath).parts) - 1 - self.relpath.endswith("/__init__.py")


def settings_target(project: Project, into: str, first_module: str | None) -> SettingsTarget:
    """The settings module to write, from `--into` or found in the first file's package."""
    roots = guess_roots(project.root, project.config.roots)
    if into:
        return _named(project.root, roots, into)
    package = (first_module or "").partition(".")[0]
    if _in_roots(roots, package):
        for name in _PREFERRED:
            found = _existing(project.root, roots, f"{package}.{name}")
            if found is not None:
                return found
        private = _all_private(roots, package)
        return _named(project.root, roots, f"{package}.{'_settings' if private else 'settings'}")
    return _named(project.root, roots, "settings")


def _in_roots(roots: tuple[Path, ...], package: str) -> bool:
    return bool(package) and any((r / package / "__init__.py").is_file() for r in roots)


def _all_private(roots: tuple[Path, ...], package: str) -> bool:
    for root in roots:
        folder = root / package
        if folder.is_dir():
            names = [p.stem for p in folder.glob("*.py") if p.stem != "__init__"]
            return bool(names) and all(n.startswith("_") for n in names)
    return False


def _existing(root: Path, roots: tuple[Path, ...], module: str) -> SettingsTarget | None:
    parts = module.split(".")
    for base in roots:
        for path in (
            base.joinpath(*parts).with_suffix(".py"),
            base.joinpath(*parts, "__init__.py"),
        ):
            if path.is_file():
                return _target(root, module, path, _read(path))
    return None


def _named(root: Path, roots: tuple[Path, ...], module: str) -> SettingsTarget:
    if not all(part.isidentifier() for part in module.split(".")):
        raise UserError(f"--into {module}: not a dotted module name")
    found = _existing(root, roots, module)
    if found is not None:
        return found
    parts = module.split(".")
    for base in roots:
        folder = base.joinpath(*parts[:-1])
        if len(parts) == 1 or (folder / "__init__.py").is_file():
            return _target(root, module, folder / f"{parts[-1]}.py", None)
    raise UserError(f"--into {module}: there is no package {'.'.join(parts[:-1])} to put it in")


def _target(root: Path, module: str, path: Path, text: str | None) -> SettingsTarget:
    return SettingsTarget(module, path.relative_to(root).as_posix(), path, text)


def _read(path: Path) -> str:
    try:
        text = read_source(path)[0]
        ast.parse(text)
    except (SourceError, SyntaxError) as exc:
        raise UserError(f"{path}: the settings module cannot be read: {exc}") from exc
    return text
