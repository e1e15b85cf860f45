"""Squarified treemaps (Bruls, Huizing and van Wijk, 2000) computed in Python, drawn as SVG.

The HTML report draws files sized by lines, grouped by folder and coloured by complexity;
computing the layout here keeps the report free of JavaScript and of any network fetch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def area(self) -> float:
        return self.w * self.h


def _worst(row: Sequence[float], side: float) -> float:
    """The worst aspect ratio of `row` laid along a side of length `side`."""
    total = sum(row)
    if total <= 0 or side <= 0:
        return float("inf")
    s2, t2 = side * side, total * total
    return max(max(s2 * r / t2, t2 / (s2 * r)) for r in row)


def squarify(values: Sequence[float], rect: Rect) -> list[Rect]:
    """Rectangles for `values` (largest first works best) filling `rect`, areas in proportion.

    Zero and negative values get empty rectangles at the origin of `rect`.
    """
    empty = Rect(rect.x, rect.y, 0.0, 0.0)
    positive = [(i, float(v)) for i, v in enumerate(values) if v > 0]
    total = sum(v for _, v in positive)
    result = [empty] * len(values)
    if total <= 0 or rect.area <= 0:
        return result
    scale = rect.area / total
    placed = _place_rows([v * scale for _, v in positive], rect)
    for (original, _), laid_rect in zip(positive, placed, strict=True):
        result[original] = laid_rect
    return result


def _place_rows(areas: list[float], rect: Rect) -> list[Rect]:
    """Bruls' squarified layout: grow a row while its worst aspect ratio improves."""
    placed: list[Rect] = []
    x, y, w, h = rect.x, rect.y, rect.w, rect.h
    row: list[float] = []
    index = 0
    while index < len(areas):
        side = min(w, h)
        if not row or _worst([*row, areas[index]], side) <= _worst(row, side):
            row.append(areas[index])
            index += 1
            continue
        laid, (x, y, w, h) = _lay_row(row, x, y, w, h)
        placed.extend(laid)
        row = []
    if row:
        placed.extend(_lay_row(row, x, y, w, h)[0])
    return placed


def _lay_row(
    row: list[float], x: float, y: float, w: float, h: float
) -> tuple[list[Rect], tuple[float, float, float, float]]:
    """Place a row along the shorter side; return its rects and the space left over."""
    total = sum(row)
    placed = []
    if w >= h:  # a column at the left
        width = total / h if h else 0.0  # refactorkit: ignore[RK116]
        offset = y
        for area in row:
            height = area / width if width else 0.0
            placed.append(Rect(x, offset, width, height))
            offset += height
        return placed, (x + width, y, w - width, h)
    height = total / w if w else 0.0
    offset = x
    for area in row:
        width = area / height if height else 0.0
        placed.append(Rect(offset, y, width, height))
        offset += width
    return placed, (x, y + height, w, h - height)


@dataclass(frozen=True)
class Tile:
    """One file in the treemap."""

    label: str  # shown when the tile is big enough
    group: str  # folder
    size: float  # lines
    color: str
    tooltip: str


def treemap_svg(tiles: Sequence[Tile], width: int = 1100, height: int = 560) -> str:
    """An inline SVG treemap: folders laid out first, then their files inside them."""
    groups: dict[str, list[Tile]] = {}
    for tile in tiles:
        if tile.size > 0:
            groups.setdefault(tile.group, []).append(tile)
    ordered = sorted(groups.items(), key=lambda item: -sum(t.size for t in item[1]))
    outer = squarify([sum(t.size for t in ts) for _, ts in ordered], Rect(0, 0, width, height))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="treemap" viewBox="0 0 {width} {height}"'
        f' width="100%" role="img" aria-label="treemap of files by lines">'
    ]
    for (group, members), frame in zip(ordered, outer, strict=True):
        parts.extend(_group_parts(group, members, frame))
    parts.append("</svg>")
    return "".join(parts)


def _group_parts(group: str, members: list[Tile], frame: Rect) -> list[str]:
    """One folder's tiles, its frame and (when there is room) its label."""
    members.sort(key=lambda t: -t.size)
    inner = Rect(frame.x + 1, frame.y + 1, max(frame.w - 2, 0), max(frame.h - 2, 0))
    rects = squarify([t.size for t in members], inner)
    parts = [_tile(tile, rect) for tile, rect in zip(members, rects, strict=True)]
    parts.append(
        f'<rect class="group" x="{frame.x:.1f}" y="{frame.y:.1f}" width="{frame.w:.1f}"'
        f' height="{frame.h:.1f}"><title>{escape(group or ".")}</title></rect>'
    )
    if frame.w > 90 and frame.h > 40:
        parts.append(
            f'<text class="group-label" x="{frame.x + 4:.1f}" y="{frame.y + 13:.1f}">'
            f"{escape(_fit(group or '.', frame.w - 8, 7.0))}</text>"
        )
    return parts


def _tile(tile: Tile, rect: Rect) -> str:
    body = (
        f'<rect x="{rect.x:.1f}" y="{rect.y:.1f}" width="{rect.w:.1f}" height="{rect.h:.1f}"'
        f' fill="{tile.color}"><title>{escape(tile.tooltip)}</title></rect>'
    )
    if rect.w > 60 and rect.h > 34:
        body += (
            f'<text x="{rect.x + 4:.1f}" y="{rect.y + rect.h - 6:.1f}">'
            f"{escape(_fit(tile.label, rect.w - 8, 6.5))}</text>"
        )
    return body


def _fit(text: str, width: float, char_width: float) -> str:
    """Cut a label to the characters that fit in `width` pixels."""
    room = int(width // char_width)
    if len(text) <= room:
        return text
    return text[: max(room - 1, 1)] + "\u2026"
