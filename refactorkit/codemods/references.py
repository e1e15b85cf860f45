"""Rewrite every reference to moved modules or names across a repo (shared by move and split).

Files are found cheaply first: a bytes regex for the moved names' last components. Only those
files are parsed (with `ast`, located edits; see refs/pyfile.py), so a rename inside Django's
2,800 files touches about 150 of them.

No file that may name a moved module is passed over in silence: one that cannot be read, or
that is UTF-16/32 encoded (Python cannot import it) and mentions a moved name, is returned as
unparsable (move refuses unless --skip-unparsable). Size is no reason to skip: a big generated
module that imports the moved one is rewritten like any other. A file with CR-only line ends
is rewritten as LF text and written back with CR line ends.
"""

from __future__ import annotations

import io
import os
import re
import stat
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
from refactorkit.codemods.refs.pyfile import FileResult, rewrite_file
from refactorkit.codemods.refs.strings import dynamic_path_notes, dynamic_prefixes
from refactorkit.domain import (
    FileChange,
    ModifyFile,
    Progress,
    SkippedFile,
    SourceFile,
    counted,
    tell,
)
from refactorkit.errors import UserError

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
    scan = _Scan(mapper, words, candidate_pattern(words), dynamic_prefixes(mapper.module_moves))
    excluded = set(exclude)
    changes: list[FileChange] = []
    review: list[str] = []
    unparsable: list[SkippedFile] = []
    for source in counted(files, progress):
        if source.relpath in excluded:
            continue
        outcome = scan.file(source)
        if isinstance(outcome, SkippedFile):
            unparsable.append(outcome)
        elif outcome is not None:
            changes.append(outcome)
        review.extend(scan.review)
    tell(progress, "rewritten", len(changes), len(files))
    return ReferenceRewrite(tuple(changes), tuple(review), tuple(unparsable))


class _Scan:
    """The rewrite of one file at a time; `review` holds the last file's review lines."""

    def __init__(
        self,
        mapper: Mapper,
        words: set[str],
        pattern: re.Pattern[bytes],
        dynamic: Collection[bytes],
    ) -> None:
        self.mapper, self.words, self.pattern = mapper, words, pattern
        self.plain_words = [word.encode() for word in words]  # a fast test before the regex
        self.dynamic = dynamic
        self.review: list[str] = []

    def file(self, source: SourceFile) -> FileChange | SkippedFile | None:
        self.review = []
        moving = source.module is not None and self.mapper.module(source.module) is not None
        data = _read_regular(source)
        if data is None or isinstance(data, SkippedFile):
            return data
        if not moving and not self._mentions(data):
            return self._unmentioned(source, data)
        try:
            text = decode_source(data)
            result = _rewrite(text, source, self.mapper, self.words)
        except (SyntaxError, ValueError, UnicodeDecodeError, LookupError) as exc:
            return SkippedFile(source.relpath, _reason(exc))
        except (RecursionError, MemoryError):
            return SkippedFile(source.relpath, "too deeply nested to parse")
        self.review = list(result.review)
        if result.new_text is None:
            return None
        return ModifyFile(source.relpath, new_text=result.new_text, old_text=text)

    def _unmentioned(self, source: SourceFile, data: bytes) -> SkippedFile | None:
        """A file whose bytes never name a moved module: UTF-16 text may, dynamic paths may."""
        if b"\x00" in data:
            return _wide_text(source, data, self.pattern)
        if any(prefix in data for prefix in self.dynamic):
            self.review = _dynamic_notes(source.relpath, data, self.mapper)
        return None

    def _mentions(self, data: bytes) -> bool:
        return any(w in data for w in self.plain_words) and self.pattern.search(data) is not None


def _read_regular(source: SourceFile) -> bytes | SkippedFile | None:
    """The file's bytes; a FIFO or device is never opened (None), an unreadable file is a skip."""
    try:
        if not stat.S_ISREG(os.stat(source.path).st_mode):
            return None
        return source.path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(
            f"{source.relpath} disappeared while planning (another run changing the tree?); "
            "nothing was written: run the command again"
        ) from exc
    except OSError as exc:
        return SkippedFile(source.relpath, f"unreadable: {exc.strerror or exc}")


def _wide_text(source: SourceFile, data: bytes, pattern: re.Pattern[bytes]) -> SkippedFile | None:
    """A UTF-16/32 file (which Python cannot import) that names a moved module is listed."""
    words = re.compile(pattern.pattern.decode())
    for encoding in ("utf-32", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if words.search(text):
            reason = f"{encoding.upper()} encoded (Python cannot import it), names a moved module"
            return SkippedFile(source.relpath, reason)
    return None


def _rewrite(text: str, source: SourceFile, mapper: Mapper, words: set[str]) -> FileResult:
    # `ast` ends lines at \r too; the rewriting helpers think in \n. A file with CR-only line
    # ends is rewritten as LF text and gets its CRs back (it holds no \n to confuse).
    cr_only = "\r" in text and "\n" not in text
    result = rewrite_file(
        text.replace("\r", "\n") if cr_only else text,
        relpath=source.relpath,
        module=source.module,
        is_package=source.is_package,
        mapper=mapper,
        words=words,
    )
    if cr_only and result.new_text is not None:
        return FileResult(result.new_text.replace("\n", "\r"), result.review)
    return result


def unreadable(skipped: Sequence[SkippedFile]) -> tuple[SkippedFile, ...]:
    """Files or folders discovery could not read: any of them may import what moves."""
    return tuple(s for s in skipped if s.reason.startswith("unreadable"))


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
