"""Squarified treemap layout: areas in proportion, inside the frame, no overlaps, squarish."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refactorkit.reporting.treemap import Rect, Tile, squarify, treemap_svg


def test_paper_example() -> None:
    # Bruls et al.'s example: 6, 6, 4, 3, 2, 2, 1 in a 6 x 4 rectangle.
    rects = squarify([6, 6, 4, 3, 2, 2, 1], Rect(0, 0, 6, 4))
    assert [round(r.area, 6) for r in rects] == [6, 6, 4, 3, 2, 2, 1]
    # first row: the two 6s stacked in a 3-wide column at the left
    assert (rects[0].x, rects[0].y, rects[0].w, rects[0].h) == (0, 0, 3, 2)
    assert (rects[1].x, rects[1].y, rects[1].w, rects[1].h) == (0, 2, 3, 2)
    worst = max(max(r.w / r.h, r.h / r.w) for r in rects)
    assert worst < 3.0  # a slice-and-dice layout would give 1 x 4 strips (ratio 4+)


def test_zero_sizes_get_empty_rects() -> None:
    rects = squarify([3, 0, 1], Rect(0, 0, 4, 1))
    assert [r.area for r in rects] == [3, 0, 1]


@given(st.lists(st.integers(min_value=1, max_value=5000), min_size=1, max_size=60))
def test_layout_properties(sizes: list[int]) -> None:
    sizes.sort(reverse=True)
    frame = Rect(10, 20, 800, 450)
    rects = squarify(sizes, frame)
    total = sum(sizes)
    for size, rect in zip(sizes, rects, strict=True):
        assert rect.area == pytest.approx(frame.area * size / total, rel=1e-6)
        assert rect.x >= frame.x - 1e-6 and rect.y >= frame.y - 1e-6
        assert rect.x + rect.w <= frame.x + frame.w + 1e-6
        assert rect.y + rect.h <= frame.y + frame.h + 1e-6
    for a, b in itertools.combinations(rects, 2):
        overlap_w = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
        overlap_h = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
        assert overlap_w <= 1e-6 or overlap_h <= 1e-6


def test_svg_has_a_tile_per_file_and_escapes_labels() -> None:
    tiles = [
        Tile("models.py", "app", 900, "#fee08b", "app/models.py <900 lines>"),
        Tile("views.py", "app", 300, "#c7e9c0", "app/views.py"),
        Tile("empty.py", "app", 0, "#c7e9c0", "skipped: no lines"),
    ]
    svg = treemap_svg(tiles, 400, 200)
    assert svg.count('fill="#') == 2
    assert "&lt;900 lines&gt;" in svg
    assert "<text" in svg and "models.py" in svg
