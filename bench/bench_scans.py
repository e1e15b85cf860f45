"""CPU cost of the per-file print and hard-coded value scans (issue 15) against the anchor
of what the engine already does per file (parse, metrics, imports), A and B alternating.

    python bench/bench_scans.py [FOLDER] [--repeat 3]    # default: Django 5.2 from bench/.cache
"""

from __future__ import annotations

import argparse
import ast
import time
import warnings
from pathlib import Path

from refactorkit.analysis.metrics import measure
from refactorkit.graph.imports import extract_imports
from refactorkit.graph.prints import print_sites
from refactorkit.graph.values import value_sites

HERE = Path(__file__).resolve().parent


def default_tree() -> Path:
    found = sorted(HERE.glob(".cache/django-5.2*/django"))
    if not found:
        raise SystemExit("no Django tree in bench/.cache: run bench/bench_analyze.py once")
    return found[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    texts = [
        p.read_text(errors="replace") for p in sorted((args.folder or default_tree()).rglob("*.py"))
    ]
    trees = [ast.parse(t) for t in texts]
    anchor, scans, prints = [], [], []
    for _ in range(args.repeat):
        start = time.process_time()
        for tree, text in zip(trees, texts, strict=True):
            ast.parse(text)
            measure(tree, text)
            extract_imports(tree, None, False)
        anchor.append(time.process_time() - start)
        start = time.process_time()
        for tree in trees:
            value_sites(tree)
        middle = time.process_time()
        for tree, text in zip(trees, texts, strict=True):
            print_sites(tree, text)
        scans.append(time.process_time() - start)
        prints.append(time.process_time() - middle)
    a, b, c = min(anchor), min(scans), min(prints)
    print(
        f"{len(texts)} files: anchor (parse + metrics + imports) {a:.2f} s CPU, "
        f"print + value scans {b:.2f} s CPU = +{b / a:.1%} (of which the print scan "
        f"{c:.2f} s: what one shared walk could save at most)"
    )


if __name__ == "__main__":
    main()
