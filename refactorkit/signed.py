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
import io
import os
import pickle
import sys
from pathlib import Path

import refactorkit.domain  # noqa: F401 - the records' classes, for the unpickler
from refactorkit.atomic import write_atomically

_DIGEST = 32  # HMAC-SHA256
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
        write_atomically(path, key, private=True)
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
            found: type = getattr(sys.modules[module], name)
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed here")


def read_signed(path: Path, key: bytes, magic: bytes, allowed: Allowed = RECORDS) -> object | None:
    """What `write_signed` stored at `path` under `key` and `magic`, else None.

    `allowed` modules must be imported already (their classes are looked up, never imported).
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    head = len(magic) + _DIGEST
    if len(data) < head or not data.startswith(magic):
        return None
    payload = memoryview(data)[head:]
    expected = hmac.new(key, magic + payload, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, data[len(magic) : head]):
        return None  # corrupt, or written under another key (a copied or cloned cache)
    try:
        loaded: object = _RecordUnpickler(io.BytesIO(payload), allowed).load()
    except Exception:  # a signed but unreadable payload (another layout): a miss
        return None
    return loaded


def write_signed(path: Path, key: bytes, magic: bytes, value: object) -> None:
    """Store `value` at `path` atomically; an unwritable cache only costs speed."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    signature = hmac.new(key, magic + payload, hashlib.sha256).digest()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, magic + signature + payload, private=True)
