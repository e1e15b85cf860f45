"""Writing a report to `--output FILE`: the whole file or nothing, and never over a device."""

from __future__ import annotations

from pathlib import Path

from refactorkit.atomic import write_atomically
from refactorkit.errors import UserError


def write_output(output: Path, data: bytes, what: str = "the report") -> None:
    """Write `data` atomically (see refactorkit.atomic); a failure is one line, exit 2."""
    try:
        write_atomically(output, data)
    except OSError as exc:
        raise UserError(f"{output}: cannot write {what}: {exc.strerror or exc}") from exc


def default_output(kind: str, source: Path, suffix: str) -> Path:
    """Where a file the user did not name goes: the user cache folder, never the project.

    `kind` is a subfolder ("graphs", "plans"); the name is `source`'s (the project, or the
    module a plan is for) plus a hash of its absolute path, so two projects called `app`
    do not overwrite each other's files.
    """
    import hashlib

    import platformdirs

    source = source.resolve()
    stem = source.parent.name if source.stem == "__init__" else source.stem
    digest = hashlib.sha1(str(source).encode("utf-8")).hexdigest()[:10]
    folder = platformdirs.user_cache_path("refactorkit") / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc
    return folder / f"{stem or 'project'}-{digest}{suffix}"
