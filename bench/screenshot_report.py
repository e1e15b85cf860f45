"""Render the HTML report of a project and screenshot it in headless Chromium, to look at it.

    python bench/screenshot_report.py fixtures/inventory_app      # -> bench/out/report.{html,png}
    python bench/screenshot_report.py bench/.cache/django-5.2.19/django --height 4000
    python bench/screenshot_report.py fixtures/inventory_app --pages 3   # report-{1,2,3}.png

`--pages N` takes N window-high shots down the page (an image viewer shrinks one very tall
shot until nothing is legible); Chromium's --screenshot only captures the top of a page, so
each shot is of a copy of the page shifted up by CSS.

`--graphs` also shoots the package graph alone at every depth its switch offers
(graph-depth-N.png): a page holding only that section, with that depth's button checked, which
is what a reader sees after clicking it (the switch is CSS, so checking the button is enough).

Needs Debian's chromium (`apt-get install -y chromium`) and, for the package graph, Graphviz.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from refactorkit.analysis.engine import AnalyzeOptions, run_analysis  # noqa: E402
from refactorkit.config import load_config  # noqa: E402
from refactorkit.reporting.html import render_html  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2600)
    parser.add_argument("--pages", type=int, default=1, help="shots down the page")
    parser.add_argument("--graphs", action="store_true", help="the graph alone at each depth")
    args = parser.parse_args()
    target = args.path.resolve()
    report = run_analysis(target, load_config(target), AnalyzeOptions(since_days=0))
    args.out.mkdir(parents=True, exist_ok=True)
    page = args.out / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    print(f"wrote {page}")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium not found: apt-get install -y chromium")
    html = page.read_text(encoding="utf-8")
    for number in range(args.pages):
        name = "report" if args.pages == 1 else f"report-{number + 1}"
        shifted = args.out / f"{name}.html"
        if number:
            shift = f"main{{transform:translateY(-{number * args.height}px)}}</style>"
            shifted.write_text(html.replace("</style>", shift, 1), encoding="utf-8")
        else:
            shifted = page
        shoot(chromium, shifted, args.out / f"{name}.png", args.width, args.height)
    if args.graphs:
        for depth, alone in graph_pages(html):
            shifted = args.out / f"graph-depth-{depth}.html"
            shifted.write_text(alone, encoding="utf-8")
            shoot(chromium, shifted, args.out / f"graph-depth-{depth}.png", args.width, 1100)


def graph_pages(html: str) -> list[tuple[str, str]]:
    """(depth, page) for each button of the graph's depth switch: the section alone, checked."""
    start = html.index("<section><h2>Package graph")
    end = html.index("</section>", start) + len("</section>")
    head = html[: html.index("<main>") + len("<main>")]
    section = html[start:end].replace(" checked>", ">")
    depths = re.findall(r'id="rk-depth-(\d+)"', section)
    pages = []
    for depth in depths:
        ident = f'id="rk-depth-{depth}"'
        pages.append((depth, head + section.replace(ident, ident + " checked") + "</main>"))
    return pages or [("only", head + html[start:end] + "</main>")]


def shoot(chromium: str, page: Path, shot: Path, width: int, height: int) -> None:
    """One headless Chromium screenshot of the top `height` pixels of `page`."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                f"--screenshot={shot}", f"--window-size={width},{height}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )  # fmt: skip
    print(f"wrote {shot}")


if __name__ == "__main__":
    main()
