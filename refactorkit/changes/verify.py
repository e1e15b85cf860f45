"""Running `--verify CMD`: its own process group, a timeout, and no orphan left behind.

The command runs through the shell in a new session (so its whole process group can be
stopped), with stdin from /dev/null and its output in an anonymous temporary file outside the
project. On a timeout, or when refactorkit itself is stopped by SIGINT, SIGTERM or SIGHUP, the
group gets SIGTERM, then SIGKILL after a grace period. A SIGKILL of refactorkit cannot be
caught: the command's processes are then stopped by the recovery of the next refactorkit
command, which finds them by the marker in their environment (Linux), and the change is
rolled back.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

DEFAULT_TIMEOUT = 30 * 60.0  # seconds
GRACE = 5.0  # seconds between SIGTERM and SIGKILL
TAIL_BYTES = 64 * 1024
MARKER = "REFACTORKIT_VERIFY"
_STOPPING = ("SIGINT", "SIGTERM", "SIGHUP")


class Terminated(BaseException):
    """refactorkit received SIGTERM or SIGHUP; raised so every `finally` and rollback runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass(frozen=True)
class VerifyOutcome:
    """How the command ended: its exit status (None when timed out) and its output's tail."""

    returncode: int | None
    output: str
    timed_out: bool = False


def run_verify(
    command: str,
    root: Path,
    *,
    timeout: float,
    marker: str,
    on_start: Callable[[], None],
) -> VerifyOutcome:
    """Run `command` with `marker` in its environment; `on_start()` once it runs."""
    env = {**os.environ, MARKER: marker}
    with tempfile.TemporaryFile() as out:
        try:
            proc = subprocess.Popen(
                command,
                shell=True,
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env=env,
            )
        except OSError as exc:
            return VerifyOutcome(127, str(exc))
        try:
            on_start()
            returncode: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            returncode = None
        except BaseException:
            stop(proc, marker)
            raise
        if returncode != 0:
            stop(proc, marker)  # leftovers must not keep writing while we roll back
        return VerifyOutcome(returncode, _tail(out), timed_out=returncode is None)


def stop(proc: subprocess.Popen[bytes], marker: str) -> None:
    """Stop the command's process group, then whatever left it (`timeout`, `setsid` make their
    own groups) but still carries the marker."""
    stop_group(proc)
    stop_leftovers(marker)


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the command's process group, SIGKILL it after the grace period."""
    if not hasattr(os, "killpg"):  # Windows: no process groups to signal
        proc.kill()
        return
    for sig, wait in ((signal.SIGTERM, GRACE), (signal.SIGKILL, GRACE)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        if not _group_alive(proc.pid):
            return


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _tail(out: IO[bytes]) -> str:
    size = out.seek(0, os.SEEK_END)
    out.seek(max(0, size - TAIL_BYTES))
    data: bytes = out.read()
    return data.decode("utf-8", errors="replace")


def stop_leftovers(marker: str) -> int:
    """Kill what is left of an interrupted verify; returns how many processes were stopped.

    Its processes are found by the marker in their environment (the entry id, unique), so a
    recycled process id never makes us kill someone else's work, and nothing had to be
    journaled while the command already ran. Linux only (reads /proc).
    """
    ours = _marked(marker)
    for pid in ours:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + GRACE
    while time.monotonic() < deadline and any(_has_marker(pid, marker) for pid in ours):
        time.sleep(0.05)  # SIGKILL is delivered asynchronously; roll back once they are gone
    return len(ours)


def _marked(marker: str) -> list[int]:
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    own = os.getpid()
    pids = [int(p.name) for p in proc.iterdir() if p.name.isdigit() and int(p.name) != own]
    return [pid for pid in pids if _has_marker(pid, marker)]


def _has_marker(pid: int, marker: str) -> bool:
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False
    return f"{MARKER}={marker}".encode() in environ.split(b"\0")


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """While applying: SIGTERM and SIGHUP raise `Terminated` (SIGINT already raises)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            previous[sig] = signal.signal(sig, _raise_terminated)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back while a rollback runs (delivered afterwards)."""
    sigs = {getattr(signal, name) for name in _STOPPING if hasattr(signal, name)}
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = mask(signal.SIG_BLOCK, sigs)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)
