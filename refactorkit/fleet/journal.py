"""Results journaled under `--out`: one JSON record per repository and options, written
atomically, so an interrupted or repeated campaign skips what is done."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from refactorkit.atomic import write_atomically

Record = dict[str, Any]


def options_key(verb: str, args: tuple[str, ...]) -> str:
    """What makes two runs the same campaign step: the verb and its arguments."""
    return hashlib.sha256(json.dumps([verb, *args]).encode()).hexdigest()[:16]


def record_path(out: Path, name: str, key: str) -> Path:
    return out / "results" / f"{name}.{key}.json"


def load_done(out: Path, name: str, key: str, revision: str) -> Record | None:
    """The journaled record of this repo and options at `revision`, when it finished."""
    path = record_path(out, name, key)
    try:
        record: Record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("revision") != revision or record.get("status") == "error" or not revision:
        return None
    return record


def save(out: Path, record: Record) -> None:
    path = record_path(out, record["name"], record["options"])
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode())
