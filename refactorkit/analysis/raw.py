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

from refactorkit.analysis.raw_scan import Chunk, Counts, count_chunks, scan_counts
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
    return count_chunks(lines, _token_chunks(lines, strict))


def _chunk_lloc(lines: list[str]) -> int:
    """Exact LLOC of one chunk, tokenized on its own as radon does."""
    return sum(chunk[6] for chunk in _token_chunks(lines))


def _tokens(joined: str) -> Iterator[tokenize.TokenInfo]:
    return tokenize.generate_tokens(io.StringIO(joined).readline)


def _naive_counts(lines: list[str]) -> Counts:
    """Last resort when even Python's tokenizer refuses the text: blank vs. non-blank."""
    blank = sum(1 for line in lines if not line)
    return (len(lines), 0, len(lines) - blank, 0, 0, blank, 0)


def _token_chunks(lines: list[str], strict: bool = False) -> Iterator[Chunk]:
    """One tokenize pass; a chunk closes at NEWLINE, at NL outside brackets, or at the end.

    With `strict`, an error token raises SyntaxError: radon keeps adding lines to a chunk
    with an error token until the file ends, then raises.
    """
    start = 1  # first line of the current chunk
    depth = 0
    chunk: list[tokenize.TokenInfo] = []  # the chunk's tokens but NL and NEWLINE
    for tok in _tokens("\n".join(lines)):
        kind = tok.type
        if kind == _NEWLINE and not lines[tok.start[0] - 1]:
            # A backslash before a blank line: Python ends the statement on the blank line,
            # but radon's buffer then ends in "\\\n" and fails, so radon adds the next line
            # (and whatever statement starts there) to this chunk.
            continue
        if kind == _ENDMARKER:
            yield from _last_chunk(lines, start, chunk)
            return
        if kind == _NEWLINE or (kind == _NL and depth == 0):
            end = max(start, tok.start[0])
            yield _token_chunk(lines, start, end, chunk)
            start = end + 1
            chunk = []
        elif kind != _NL:
            chunk.append(_checked(tok, strict))
            depth += _depth_change(tok)


def _last_chunk(lines: list[str], start: int, chunk: list[tokenize.TokenInfo]) -> Iterator[Chunk]:
    if chunk or start <= len(lines):
        yield _token_chunk(lines, start, max(start, len(lines)), chunk)


def _checked(tok: tokenize.TokenInfo, strict: bool) -> tokenize.TokenInfo:
    if strict and tok.type == _ERRORTOKEN:
        raise SyntaxError(f"radon cannot tokenize line {tok.start[0]}")
    return tok


def _depth_change(tok: tokenize.TokenInfo) -> int:
    if tok.type != _OP:
        return 0
    return (tok.string in _OPEN) - (tok.string in _CLOSE)


def _token_chunk(lines: list[str], start: int, end: int, tokens: list[tokenize.TokenInfo]) -> Chunk:
    comments = sum(1 for t in tokens if t.type == _COMMENT)
    first = tokens[0] if len(tokens) == 1 else None
    lone = first is not None and first.type == _STRING
    breaks = first.end[0] - first.start[0] if first is not None and lone else 0
    content = len(tokens) > comments
    return (start, end, content, lone, breaks, comments, _logical(tokens))


def _logical(tokens: list[tokenize.TokenInfo]) -> int:
    """radon's `_logical`: split on ';', then count each part by where its last ':' is."""
    total = 0
    length = 0  # tokens radon keeps in the part (all but COMMENT/NL/NEWLINE)
    colon = -1  # index of the part's last ':'
    for tok in tokens:
        if tok.type == _COMMENT:
            continue
        if tok.type == _OP and tok.string == ";":
            total += _segment_lloc(length, colon, length > 0)
            length = 0
            colon = -1
            continue
        if tok.type == _OP and tok.string == ":":
            colon = length
        length += 1
    # the last part is followed by ENDMARKER in radon's own token list
    return total + _segment_lloc(length + 1, colon, length > 0)


def _segment_lloc(length: int, colon: int, has_code: bool) -> int:
    """radon's `_logical` for one ';' segment: a trailing ':' is 1 line, any other ':' is 2."""
    if colon >= 0:
        return 2 - (colon == length - 2)
    return 1 if has_code else 0


def docstring_lines(tree: ast.Module) -> int:
    """Lines spanned by the docstrings of the module and of every class and function."""
    total = 0
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        if isinstance(node, _DOCUMENTED):
            total += _docstring_span(body)
        stack.extend(_nested_blocks(node, body))
    return total


_DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _nested_blocks(node: ast.AST, body: list[ast.stmt]) -> list[ast.AST]:
    """The statements, else/finally blocks, handlers and cases under `node`."""
    found: list[ast.AST] = [child for child in body if isinstance(child, ast.stmt)]
    for name in ("orelse", "finalbody"):
        found.extend(getattr(node, name, None) or ())
    found.extend(getattr(node, "handlers", ()) or getattr(node, "cases", ()))
    return found


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
