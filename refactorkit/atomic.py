"""One way to write a whole file or nothing: a temp file next to the target, then a rename.

Used for reports (`--output`), plan files, baselines, the analysis cache and the check index.
The journaled apply of codemods has its own machinery (refactorkit/changes/), because it must
also be able to undo.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half.

    Devices and pipes (`-o /dev/null`, `-o /dev/stdout`) are written in place: renaming a temp
    file over `/dev/null` would replace the device with a regular file for every program on
    the machine. Through a symlink, the file it points to is replaced and the link kept. The
    new file gets the usual umask-based mode unless `private` (mkstemp's 0600: cache files).
    Raises OSError; the temp file never stays behind.
    """
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        with target.open("wb") as handle:
            handle.write(data)
        return
    replace_file(target, data, private=private)


def replace_file(target: Path, data: bytes, *, private: bool = True) -> None:
    """A new file renamed over `target`, whatever is there (a link or a FIFO in its place is
    replaced, never written through): the cache folders' write, and `write_atomically`'s
    once devices and links are dealt with. Raises OSError; the temp file never stays behind."""
    import tempfile  # with shutil, bz2, lzma and random: 5 ms a warm run that writes nothing pays

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
