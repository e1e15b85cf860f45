"""One exclusive lock per project, held from recovery through validation, write and verify.

The lock is an `flock` on the project root folder itself: `--verify "git clean -fdx"` can delete
`.refactorkit/` but not the root, and the kernel releases the lock when the process dies, so a
crash never leaves a stale lock. A second run waits (its `on_wait` hook hears it).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def project_lock(root: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the project's lock; `on_wait` is called once when we wait for another run."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one run at a time is up to the user
        yield
        return
    fd = _open_lockable(root)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _open_lockable(root: Path) -> int:
    """A descriptor of the root folder, or of a lock file where folders cannot be locked."""
    import fcntl

    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
    except BlockingIOError:
        return fd  # lockable, and locked by someone else right now
    except OSError as exc:
        # Some network filesystems refuse flock on a folder opened read-only: fall back to a
        # file in the journal (which a verify command must then leave alone).
        os.close(fd)
        if exc.errno not in (errno.EBADF, errno.EINVAL, errno.ENOLCK, errno.EOPNOTSUPP):
            raise
        from refactorkit.changes.journal_store import ensure_store

        return os.open(ensure_store(root) / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    return fd
