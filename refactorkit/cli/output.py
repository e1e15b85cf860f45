"""Writing a report to `--output FILE`: the whole file or nothing, and never over a device."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from refactorkit.errors import UserError


def write_output(output: Path, data: bytes) -> None:
    """Write `data` atomically (temp file, then rename) so a reader never sees half a report.

    Devices and pipes (`-o /dev/null`, `-o /dev/stdout`) are written in place: renaming a temp
    file over `/dev/null` would replace the device with a regular file for every program on
    the machine. Through a symlink, the file it points to is replaced and the link kept.
    """
    target = Path(os.path.realpath(output))
    tmp: str | None = None
    try:
        if target.exists() and not target.is_file():
            with target.open("wb") as handle:
                handle.write(data)
            return
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        # mkstemp makes the file private (0600); a report gets the usual umask-based mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise UserError(f"{output}: cannot write the report: {exc.strerror or exc}") from exc


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
