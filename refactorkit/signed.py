"""Pickles signed with a per-user key: fast to load, never trusted from anyone else.

The snapshot of a tree and check's import index are read on every warm run; a pickle loads
their records without the per-value checks a JSON entry needs. A pickle from a foreign source
would run code, so each file carries an HMAC-SHA256 under a secret kept in the user cache
folder (mode 0600), never inside a `--cache-dir`, which may come with a cloned repository. A
file that is short, corrupt, signed with another key or of another layout reads as None (a
miss), and the unpickler accepts only refactorkit's record classes besides. Files are written
to a temp file and renamed into place, so concurrent runs see the old file or the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import importlib
import io
import os
import pickle
import stat
import sys
from pathlib import Path

from refactorkit.atomic import replace_file

_DIGEST = 32  # HMAC-SHA256
MAX_BYTES = 1 << 30  # a larger file in a cache folder is not ours: not even read
# module -> the classes a signed file may hold (anything else fails to load).
Allowed = dict[str, frozenset[str]]
RECORDS: Allowed = {
    "refactorkit.domain": frozenset(
        {
            "RawMetrics",
            "FunctionMetrics",
            "ClassMetrics",
            "ImportRecord",
            "ImportKind",
            "PrintSite",
            "ValueSite",
        }
    )
}


def user_cache_root() -> Path:
    """refactorkit's folder in the user cache: platformdirs' answer, worked out here on Linux
    (the XDG rule platformdirs applies) so a warm run does not import it."""
    if sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        return (Path(xdg) if xdg.strip() else Path.home() / ".cache") / "refactorkit"
    import platformdirs

    return platformdirs.user_cache_path("refactorkit")


def secret_key(folder: Path | None = None) -> bytes | None:
    """This user's signing key, created on first use; None when it cannot be had."""
    folder = folder or user_cache_root()
    path = folder / "snapshot.key"
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) == 32:
            return key
    key = os.urandom(32)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _replace(path, key)
    except OSError:
        return None
    return key


class _RecordUnpickler(pickle.Unpickler):
    """Unpickles only the allowed refactorkit classes (and the builtins pickle itself uses)."""

    def __init__(self, data: io.BytesIO, allowed: Allowed) -> None:
        super().__init__(data)
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> type:
        if name in self.allowed.get(module, ()):
            # Only refactorkit's own modules are ever named here; imported on first use so
            # that a file holding plain data does not cost the record classes.
            found: type = getattr(importlib.import_module(module), name)
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed here")


def read_signed(path: Path, key: bytes, magic: bytes, allowed: Allowed = RECORDS) -> object | None:
    """What `write_signed` stored at `path` under `key` and `magic`, else None.

    `allowed`: the classes the payload may name, by module (imported when named).
    """
    try:
        data = _read_regular(path)
    except OSError:
        return None
    head = len(magic) + _DIGEST
    if len(data) < head or not data.startswith(magic):
        return None
    # No copy of the payload (a kept JSON report is megabytes): the MAC reads it through a
    # view, and a BytesIO made from the bytes themselves shares them.
    signer = hmac.new(key, magic, hashlib.sha256)
    signer.update(memoryview(data)[head:])
    if not hmac.compare_digest(signer.digest(), data[len(magic) : head]):
        return None  # corrupt, or written under another key (a copied or cloned cache)
    stream = io.BytesIO(data)
    stream.seek(head)
    try:
        loaded: object = _RecordUnpickler(stream, allowed).load()
    except Exception:  # a signed but unreadable payload (another layout): a miss
        return None
    return loaded


def dump_records(value: object) -> bytes:
    """A pickle to keep inside a signed file and load later with `load_records`."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def load_records(data: bytes, allowed: Allowed = RECORDS) -> object | None:
    """What `dump_records` pickled, read from a signed file (so trusted as it is), with the
    same allowed classes; None when it cannot be read."""
    try:
        loaded: object = _RecordUnpickler(io.BytesIO(data), allowed).load()
    except Exception:
        return None
    return loaded


def _read_regular(path: Path) -> bytes:
    """The file's bytes; a FIFO in its place (it would block), a link or a folder is an
    OSError, as is anything larger than MAX_BYTES."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            raise OSError(f"{path} is not a regular file of a usable size")
        return handle.read()


KEEP = 64  # signed files per folder: one per analyzed tree, the least recently written go


def write_signed(path: Path, key: bytes, magic: bytes, value: object) -> None:
    """Store `value` at `path` atomically; an unwritable cache only costs speed.

    The folder keeps the KEEP newest files: trees come and go (fleet's scratch clones, temp
    checkouts), and a dropped file is only a miss for its tree."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    signature = hmac.new(key, magic + payload, hashlib.sha256).digest()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, magic + signature + payload)
        _prune(path.parent, KEEP)


def _is_ours(name: str) -> bool:
    """A name refactorkit writes (24 hex digits + ".bin"): pruning never takes anything else,
    should a `--cache-dir` folder hold a user's own files."""
    stem, dot, suffix = name.partition(".")
    return (
        dot == "."
        and suffix == "bin"
        and len(stem) == 24
        and all(c in "0123456789abcdef" for c in stem)
    )


def _prune(folder: Path, keep: int) -> None:
    with os.scandir(folder) as scan:
        found = [
            (e.stat(follow_symlinks=False).st_mtime_ns, e.path) for e in scan if _is_ours(e.name)
        ]
    for _, old in sorted(found, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(old)


def _replace(path: Path, data: bytes) -> None:
    """A new private file renamed over `path`, whatever is there: not `write_atomically`,
    which writes through a link or into a FIFO (right for `--output`, wrong for a cache
    folder that may come from someone else)."""
    replace_file(path, data, private=True)
