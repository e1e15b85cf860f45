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
