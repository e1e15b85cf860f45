"""Rewrite every reference to moved modules or names across a repo (shared by move and split).

Files are found cheaply first: a bytes regex for the moved names' last components. Only those
files are parsed (with `ast`, located edits; see refs/pyfile.py), so a rename inside Django's
2,800 files touches about 150 of them.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from refactorkit.codemods.refs.model import (
    Mapper,
    ModuleMove,
    ReferenceRewrite,
    SymbolMove,
    is_under,
)
from refactorkit.codemods.refs.pyfile import rewrite_file
from refactorkit.codemods.refs.strings import dynamic_path_notes, dynamic_prefixes
from refactorkit.domain import FileChange, Progress, SkippedFile, SourceFile, counted, tell
from refactorkit.workspace import MAX_FILE_BYTES

__all__ = [
    "Mapper",
    "ModuleMove",
    "ReferenceRewrite",
    "SymbolMove",
    "candidate_pattern",
    "decode_source",
    "rewrite_references",
]


def candidate_pattern(words: Collection[str]) -> re.Pattern[bytes]:
    """Bytes regex matching any of `words` as a whole identifier."""
    alternatives = b"|".join(re.escape(w.encode()) for w in sorted(words, key=len, reverse=True))
    return re.compile(rb"(?<![\w])(?:" + alternatives + rb")(?![\w])")


def decode_source(data: bytes) -> str:
    """Decode Python source bytes per PEP 263; raises ValueError/SyntaxError when impossible."""
    if b"\x00" in data:
        raise ValueError("contains NUL bytes (binary file?)")
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


def rewrite_references(
    root: Path,
    files: Sequence[SourceFile],
    *,
    module_moves: Sequence[ModuleMove] = (),
    symbol_moves: Sequence[SymbolMove] = (),
    patch_targets: Mapping[str, Sequence[str]] | None = None,
    exclude: Collection[str] = (),
    progress: Progress | None = None,
) -> ReferenceRewrite:
    """Compute the edits that point every reference at the new modules and names.

    `progress("scan", done, total)` is called as files are read (every 50), then
    `progress("rewritten", files_with_edits, total)` once.
    """
    mapper = Mapper(tuple(module_moves), tuple(symbol_moves), dict(patch_targets or {}))
    words = mapper.words()
    if not words:
        return ReferenceRewrite((), (), ())
    pattern = candidate_pattern(words)
    plain_words = [word.encode() for word in words]  # a fast substring test before the regex
    excluded = set(exclude)
    dynamic = dynamic_prefixes(mapper.module_moves)
    changes: list[FileChange] = []
    review: list[str] = []
    unparsable: list[SkippedFile] = []
    for source in counted(files, progress):
        if source.relpath in excluded:
            continue
        moving = source.module is not None and mapper.module(source.module) is not None
        try:
            if source.path.stat().st_size > MAX_FILE_BYTES:
                continue
            data = source.path.read_bytes()
        except OSError:
            continue
        if not moving and (
            not any(word in data for word in plain_words) or pattern.search(data) is None
        ):
            if any(prefix in data for prefix in dynamic):
                review.extend(_dynamic_notes(source.relpath, data, mapper))
            continue
        try:
            text = decode_source(data)
            result = rewrite_file(
                text,
                relpath=source.relpath,
                module=source.module,
                is_package=source.is_package,
                mapper=mapper,
                words=words,
            )
        except (SyntaxError, ValueError, UnicodeDecodeError, LookupError) as exc:
            unparsable.append(SkippedFile(source.relpath, _reason(exc)))
            continue
        review.extend(result.review)
        if result.new_text is not None:
            changes.append(FileChange("modify", source.relpath, None, text, result.new_text))
    tell(progress, "rewritten", len(changes), len(files))
    return ReferenceRewrite(tuple(changes), tuple(review), tuple(unparsable))


def _dynamic_notes(relpath: str, data: bytes, mapper: Mapper) -> list[str]:
    """Review lines for a file that builds module paths but never names the moved module."""
    try:
        text = decode_source(data)
    except (SyntaxError, ValueError, UnicodeDecodeError, LookupError):
        return []
    notes = dynamic_path_notes(text, mapper.module_moves)
    return [f"{relpath}:{line}: {why}" for line, why in notes]


def _reason(exc: Exception) -> str:
    if isinstance(exc, SyntaxError):
        return f"syntax error at line {exc.lineno}: {exc.msg}"
    return str(exc) or type(exc).__name__


def moved_module(name: str, moves: Sequence[ModuleMove]) -> str | None:
    """New name of module `name` under `moves`, else None."""
    for move in moves:
        if is_under(name, move.old):
            return move.new + name[len(move.old) :]
    return None
