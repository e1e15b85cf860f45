"""A `print(...)` call's arguments as a logging call's lazy %-style arguments.

`print("x", a, b)` gives `("x %s %s", a, b)`; an f-string gives `%s` (or its own `%r`,
`%.2f`) with the values; `sep` joins the parts and `end` is dropped, a log record being one
line. A print this cannot say exactly is refused with the reason (`Unconvertible`).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

import libcst as cst

# A format spec %-formatting says the same way: flags, width, precision and a type.
_PERCENT_SPEC = re.compile(r"^[-+ #0]*\d*(\.\d+)?[diouxXeEfFgGcs]$")
_ERROR_WORDS = re.compile(r"\b(error|errors|failed|failure|fatal|exception)\b", re.IGNORECASE)
_DROPPED = frozenset({"end", "flush", "file"})


class Unconvertible(Exception):
    """This print cannot become a logging call without changing what it says."""


@dataclass(frozen=True)
class LogArguments:
    """The format string (already a literal node), the values, and the message's words."""

    message: cst.BaseExpression
    values: tuple[cst.BaseExpression, ...]
    text: str  # the literal words of the message, to judge its level


def log_arguments(call: cst.Call, module: cst.Module) -> LogArguments:
    """The logging arguments saying what `call` (a print) printed."""
    positional, sep = _split_arguments(call, module)
    if not positional:
        raise Unconvertible("prints an empty line")
    if len(positional) == 1 and _plain_literal(positional[0].value):
        text = _literal_text(positional[0].value, module) or ""
        return LogArguments(positional[0].value, (), text)
    pieces: list[str] = []
    values: list[cst.BaseExpression] = []
    for arg in positional:
        piece, found = _piece(arg.value, module)
        pieces.append(piece)
        values.extend(found)
    fmt = sep.replace("%", "%%").join(pieces)
    if not values:  # logging applies % only when there are arguments: say it as it is
        fmt = fmt.replace("%%", "%")
    return LogArguments(cst.SimpleString(_quote(fmt)), tuple(values), fmt)


def says_error(text: str) -> bool:
    """Whether a message's words say it reports an error."""
    return _ERROR_WORDS.search(text) is not None


def _split_arguments(call: cst.Call, module: cst.Module) -> tuple[list[cst.Arg], str]:
    positional: list[cst.Arg] = []
    sep = " "
    for arg in call.args:
        if arg.star:
            raise Unconvertible("unpacks its arguments")
        keyword = arg.keyword.value if arg.keyword is not None else None
        if keyword is None:
            positional.append(arg)
        elif keyword == "sep":
            sep = _sep_text(arg.value, module)
        elif keyword not in _DROPPED:
            raise Unconvertible(f"has an unknown argument {keyword}=")
    return positional, sep


def _sep_text(value: cst.BaseExpression, module: cst.Module) -> str:
    if isinstance(value, cst.Name) and value.value == "None":
        return " "
    text = _literal_text(value, module)
    if text is None:
        raise Unconvertible("its sep= is not a string literal")
    return text


def _plain_literal(value: cst.BaseExpression) -> bool:
    """A single string literal with no `%` in it can stay exactly as written."""
    if not isinstance(value, cst.SimpleString) or "b" in value.prefix.lower():
        return False
    return "%" not in value.value


def _literal_text(value: cst.BaseExpression, module: cst.Module) -> str | None:
    """The text of a string literal (implicitly concatenated ones too); None otherwise."""
    if not isinstance(value, (cst.SimpleString, cst.ConcatenatedString)):
        return None
    try:
        # In parentheses: an implicit concatenation may span lines.
        text = ast.literal_eval("(" + module.code_for_node(value).strip() + ")")
    except (ValueError, SyntaxError):
        return None  # a concatenation with an f-string in it
    return text if isinstance(text, str) else None


def _piece(value: cst.BaseExpression, module: cst.Module) -> tuple[str, list[cst.BaseExpression]]:
    """One printed argument as format text and the values it needs."""
    text = _literal_text(value, module)
    if text is not None:
        return text.replace("%", "%%"), []
    if isinstance(value, cst.FormattedString):
        return _fstring(value, module)
    if isinstance(value, cst.ConcatenatedString) and not _has_bytes(value):
        # "a " f"{b}": the parts' pieces, joined as the concatenation joins them
        left, left_values = _piece(value.left, module)
        right, right_values = _piece(value.right, module)
        return left + right, left_values + right_values
    formatted = _percent_formatted(value, module)
    if formatted is not None:
        return formatted
    return "%s", [value]


def _has_bytes(value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.ConcatenatedString):
        return _has_bytes(value.left) or _has_bytes(value.right)
    return isinstance(value, cst.SimpleString) and "b" in value.prefix.lower()


def _percent_formatted(
    value: cst.BaseExpression, module: cst.Module
) -> tuple[str, list[cst.BaseExpression]] | None:
    """`"x=%r" % (x,)` as its own format and values, so logging formats it lazily.

    Only a tuple display on the right: `"%s" % t` formats `t`'s items when `t` is a tuple,
    which logging's `("%s", t)` would not. `%(name)s` needs a mapping and stays as it is.
    """
    if not (isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Modulo)):
        return None
    fmt = _literal_text(value.left, module)
    right = value.right
    if fmt is None or "%(" in fmt or not isinstance(right, cst.Tuple) or not right.elements:
        return None
    if any(isinstance(element, cst.StarredElement) for element in right.elements):
        return None
    return fmt, [element.value for element in right.elements]


def _fstring(
    value: cst.FormattedString, module: cst.Module
) -> tuple[str, list[cst.BaseExpression]]:
    pieces: list[str] = []
    values: list[cst.BaseExpression] = []
    for part in value.parts:
        if isinstance(part, cst.FormattedStringText):
            pieces.append(_fstring_text(value, part.value).replace("%", "%%"))
            continue
        assert isinstance(part, cst.FormattedStringExpression)
        if part.equal is not None:  # f"{x=}": the expression's text, then its repr
            expression_text = module.code_for_node(part.expression)
            pieces.append(expression_text.replace("%", "%%") + "=")
        spec, shown = _placeholder(part, module)
        pieces.append(spec)
        values.append(shown)
    return "".join(pieces), values


def _fstring_text(value: cst.FormattedString, raw: str) -> str:
    prefix = value.start.lower().replace("f", "")
    text = ast.literal_eval(prefix + raw.replace("{{", "{").replace("}}", "}") + value.end)
    assert isinstance(text, str)
    return text


def _placeholder(
    part: cst.FormattedStringExpression, module: cst.Module
) -> tuple[str, cst.BaseExpression]:
    """`%s`, `%r`, `%a` or a %-spec for one `{...}`, with the value to pass."""
    conversion = part.conversion
    spec = _spec_text(part)
    expression = part.expression
    if not spec:
        default = "r" if part.equal is not None and conversion is None else "s"
        return "%" + (conversion or default), expression
    if conversion is None and _PERCENT_SPEC.match(spec):
        return "%" + spec, expression
    if conversion is not None:  # f"{x!r:>10}": format the repr, as the f-string did
        expression = cst.Call(cst.Name(_CONVERTERS[conversion]), [cst.Arg(expression)])
    formatted = cst.Call(
        cst.Name("format"), [cst.Arg(expression), cst.Arg(cst.SimpleString(_quote(spec)))]
    )
    return "%s", formatted


_CONVERTERS = {"r": "repr", "s": "str", "a": "ascii"}


def _spec_text(part: cst.FormattedStringExpression) -> str:
    if part.format_spec is None:
        return ""
    texts: list[str] = []
    for piece in part.format_spec:
        if not isinstance(piece, cst.FormattedStringText):
            raise Unconvertible("an f-string format spec holds an expression")
        texts.append(piece.value)
    return "".join(texts)


def _quote(text: str) -> str:
    """A Python literal of `text` (emoji and other non-ASCII kept as they are): double
    quotes, or single ones when only that saves escaping a `"`."""
    quoted = json.dumps(text, ensure_ascii=False)
    if '"' in text and "'" not in text:
        return "'" + quoted[1:-1].replace('\\"', '"') + "'"
    return quoted
