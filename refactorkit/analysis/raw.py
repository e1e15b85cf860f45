"""Raw line counts (loc, lloc, sloc, comments, ...) equal to `radon.raw.analyze`, in one pass.

radon re-tokenizes a growing buffer for every multi-line statement, which makes it slow and
quadratic on long literals. Its buffers are always whole stripped lines joined by "\\n", so one
`tokenize` pass over that same joined text yields the same tokens; we cut the stream into the
same chunks (a logical line, a comment-only line or a blank line) and count each chunk the way
radon does. That exact path is the fallback: `raw_scan.scan_counts` finds the same chunks with
one regex, several times faster. See docs/metrics.md for the radon quirks we reproduce.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator

from refactorkit.analysis.raw_scan import Counts, scan_counts
from refactorkit.domain import RawMetrics

_COMMENT = tokenize.COMMENT
_NL = tokenize.NL
_NEWLINE = tokenize.NEWLINE
_STRING = tokenize.STRING
_OP = tokenize.OP
_ENDMARKER = tokenize.ENDMARKER
_ERRORTOKEN = tokenize.ERRORTOKEN
_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")


def radon_lines(text: str) -> list[str]:
    """The lines radon counts: `str.splitlines` (so form feeds split lines too), stripped."""
    return [line.strip() for line in text.splitlines()]


def analyze_raw(text: str, docstring_lines: int = 0) -> RawMetrics:
    """Count lines like `radon.raw.analyze(text)`; never raises on valid Python."""
    lines = radon_lines(text)
    try:
        counts = scan_counts(lines, _chunk_lloc) or tokenize_counts(lines, strict=True)
    except (tokenize.TokenError, SyntaxError):
        # radon itself raises here (e.g. U+2028 inside a string literal, which splitlines
        # breaks, or an identifier character tokenize does not know). Fall back to universal
        # newlines only, which is what Python reads, and count error tokens as code.
        lines = [line.strip() for line in io.StringIO(text, newline=None).read().split("\n")]
        if lines and not lines[-1] and text.endswith(("\n", "\r")):
            lines.pop()
        try:
            counts = tokenize_counts(lines)
        except (tokenize.TokenError, SyntaxError):
            counts = _naive_counts(lines)
    loc, lloc, sloc, comments, multi, blank, single = counts
    return RawMetrics(loc, lloc, sloc, comments, multi, blank, single, docstring_lines)


def tokenize_counts(lines: list[str], strict: bool = False) -> Counts:
    """The exact path: radon's counts from one `tokenize` pass over the stripped lines."""
    return _count(lines, _tokens("\n".join(lines)), strict)


def _chunk_lloc(lines: list[str]) -> int:
    """Exact LLOC of one chunk, tokenized on its own as radon does."""
    return _count(lines, _tokens("\n".join(lines)))[1]


def _tokens(joined: str) -> Iterator[tokenize.TokenInfo]:
    return tokenize.generate_tokens(io.StringIO(joined).readline)


def _naive_counts(lines: list[str]) -> Counts:
    """Last resort when even Python's tokenizer refuses the text: blank vs. non-blank."""
    blank = sum(1 for line in lines if not line)
    return (len(lines), 0, len(lines) - blank, 0, 0, blank, 0)


def _count(lines: list[str], tokens: Iterator[tokenize.TokenInfo], strict: bool = False) -> Counts:
    """Walk the token stream once, closing a chunk at NEWLINE or at NL outside brackets.

    With `strict`, an error token raises SyntaxError: radon keeps adding lines to a chunk
    with an error token until the file ends, then raises.
    """
    lloc = comments = single = multi = blank = sloc = 0
    start = 1  # first line of the current chunk
    depth = 0
    # per chunk: significant tokens, first significant token, lloc of closed ';' segments
    nsig = 0
    first: tokenize.TokenInfo | None = None
    chunk_lloc = 0
    # per ';' segment: tokens radon keeps (all but COMMENT/NL/NEWLINE), last ':' index
    seg_len = 0
    seg_colon = -1
    for tok in tokens:
        kind = tok.type
        if kind == _COMMENT:
            comments += 1
            if first is None:
                first = tok
            nsig += 1
            continue
        if kind == _NEWLINE and not lines[tok.start[0] - 1]:
            # A backslash before a blank line: Python ends the statement on the blank line,
            # but radon's buffer then ends in "\\\n" and fails, so radon adds the next line
            # (and whatever statement starts there) to this chunk.
            continue
        if kind in (_NEWLINE, _ENDMARKER) or (kind == _NL and depth == 0):
            if kind == _ENDMARKER and first is None and start > len(lines):
                break
            # the chunk's last segment is followed by ENDMARKER in radon's own token list
            chunk_lloc += _segment_lloc(seg_len + 1, seg_colon, seg_len > 0)
            end = tok.start[0] if kind != _ENDMARKER else len(lines)
            end = max(end, start)
            if nsig == 1 and first is not None and first.type == _COMMENT:
                single += 1
            elif nsig == 1 and first is not None and first.type == _STRING:
                if first.start[0] == first.end[0]:
                    single += 1
                else:
                    empty = _empty_lines(lines, start, end)
                    multi += end - start + 1 - empty
                    blank += empty
            else:
                empty = _empty_lines(lines, start, end)
                sloc += end - start + 1 - empty
                blank += empty
            lloc += chunk_lloc
            start = end + 1
            nsig = chunk_lloc = seg_len = 0
            seg_colon = -1
            first = None
            if kind == _ENDMARKER:
                break
            continue
        if kind == _NL:
            continue
        if kind == _ERRORTOKEN and strict:
            raise SyntaxError(f"radon cannot tokenize line {tok.start[0]}")
        nsig += 1
        if first is None:
            first = tok
        if kind == _OP:
            s = tok.string
            if s == ";":
                chunk_lloc += _segment_lloc(seg_len, seg_colon, seg_len > 0)
                seg_len = 0
                seg_colon = -1
                continue
            if s == ":":
                seg_colon = seg_len
            elif s in _OPEN:
                depth += 1
            elif s in _CLOSE:
                depth -= 1
        seg_len += 1
    loc = sloc + blank + multi + single
    return (loc, lloc, sloc, comments, multi, blank, single)


def _segment_lloc(length: int, colon: int, has_code: bool) -> int:
    """radon's `_logical` for one ';' segment: a trailing ':' is 1 line, any other ':' is 2."""
    if colon >= 0:
        return 2 - (colon == length - 2)
    return 1 if has_code else 0


def _empty_lines(lines: list[str], start: int, end: int) -> int:
    if start == end:
        return 0 if lines[start - 1] else 1
    return sum(1 for i in range(start - 1, end) if not lines[i])


def docstring_lines(tree: ast.Module) -> int:
    """Lines spanned by the docstrings of the module and of every class and function."""
    total = 0
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            total += _docstring_span(body)
        for child in body:
            if isinstance(child, ast.stmt):
                stack.append(child)
        for name in ("orelse", "finalbody"):
            more = getattr(node, name, None)
            if more:
                stack.extend(more)
        for group in getattr(node, "handlers", ()) or getattr(node, "cases", ()):
            stack.append(group)
    return total


def _docstring_span(body: list[ast.stmt]) -> int:
    if not body:
        return 0
    first = body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return (first.end_lineno or first.lineno) - first.lineno + 1
    return 0
