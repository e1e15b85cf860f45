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
