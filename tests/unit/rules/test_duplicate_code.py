"""RK116 duplicate-code: hand-made clones (exact, renamed, literal-changed) are found with
every place; a near miss, data-like runs and test code are not; the fix names a command."""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path

import pytest

from refactorkit.domain import Finding
from refactorkit.graph.code_lines import code_line_hashes, normalized_lines
from refactorkit.graph.duplicates import find_duplicates
from refactorkit.rules.limits import resolve
from refactorkit.rules.registry import limit_specs
from refactorkit.rules.run import run_rules
from refactorkit.rules.settings import RuleSettings
from tests.unit.rules.test_print_call import SETTINGS, analysed

ORIGINAL = """\
    def total(order, rate):
        subtotal = 0
        for line in order.lines:
            if line.quantity > 0:
                subtotal += line.price * line.quantity
        tax = subtotal * rate
        shipping = 5 if subtotal < 100 else 0
        return subtotal + tax + shipping
    """
# the same code, every local renamed and every literal changed
RENAMED = """\
    def invoice_sum(invoice, vat):
        acc = 0
        for item in invoice.lines:
            if item.quantity > 1:
                acc += item.price * item.quantity
        levy = acc * vat
        postage = 7 if acc < 250 else 2
        return acc + levy + postage
    """
# one line changed in the middle: no six lines in a row are the same
NEAR_MISS = """\
    def weight(order, rate):
        subtotal = 0
        for line in order.lines:
            if line.quantity > 0:
                subtotal += line.price * line.quantity
        tax = subtotal.quantize(rate)
        shipping = 5 if subtotal < 100 else 0
        return subtotal + tax + shipping
    """


def rk116(root: Path, files: dict[str, str], settings: RuleSettings = SETTINGS) -> list[Finding]:
    return run_rules(analysed(root, files), settings, root, select=("RK116",))


def test_an_exact_copy_is_one_group_with_both_places(tmp_path: Path) -> None:
    [finding] = rk116(tmp_path, {"a.py": ORIGINAL, "b.py": ORIGINAL})
    assert (finding.relpath, finding.line, finding.related) == ("a.py", 2, (("b.py", 2),))
    assert finding.value == 7  # the body: the def line is a signature, not counted
    assert finding.message.startswith("7 lines of code repeated at 1 other place(s): b.py:2")


def test_renamed_names_and_changed_literals_still_match(tmp_path: Path) -> None:
    [finding] = rk116(tmp_path, {"a.py": ORIGINAL, "b.py": RENAMED})
    assert finding.related == (("b.py", 2),)
    assert finding.value == 7


def test_a_near_miss_does_not_match(tmp_path: Path) -> None:
    assert rk116(tmp_path, {"a.py": ORIGINAL, "b.py": NEAR_MISS}) == []


def test_three_copies_are_one_group_of_three_places(tmp_path: Path) -> None:
    files = {"a.py": ORIGINAL, "b.py": RENAMED, "pkg/c.py": ORIGINAL}
    [finding] = rk116(tmp_path, files)
    assert finding.related == (("b.py", 2), ("pkg/c.py", 2))


def test_a_copy_inside_one_file_is_found_too(tmp_path: Path) -> None:
    [finding] = rk116(tmp_path, {"a.py": ORIGINAL + "\n\n" + RENAMED})
    assert (finding.line, finding.related) == (2, (("a.py", 12),))


def test_comments_docstrings_and_imports_do_not_count(tmp_path: Path) -> None:
    decorated = ORIGINAL.replace(
        "        subtotal = 0\n",
        '        """Sum it."""\n        # start at zero\n        import math\n\n'
        "        subtotal = 0  # zero\n",
    )
    [finding] = rk116(tmp_path, {"a.py": ORIGINAL, "b.py": decorated})
    assert finding.value == 7
    assert finding.related == (("b.py", 6),)


def test_test_code_is_not_read(tmp_path: Path) -> None:
    assert rk116(tmp_path, {"tests/test_a.py": ORIGINAL, "tests/test_b.py": ORIGINAL}) == []


def test_runs_of_one_shape_are_data_not_clones(tmp_path: Path) -> None:
    enum = "class Colour:\n" + "".join(f"    C{i} = {i}\n" for i in range(10))
    assert rk116(tmp_path, {"a.py": enum, "b.py": enum.replace("Colour", "Shade")}) == []


def test_two_schemas_of_different_fields_are_data_not_clones(tmp_path: Path) -> None:
    # what split-app writes at the top of each router: a blueprint, then its schema
    def router(name: str, fields: list[tuple[str, str]]) -> str:
        entries = "".join(f'    "{key}": Field("str", {extra}),\n' for key, extra in fields)
        return f'bp = Blueprint("{name}", __name__)\n\nSCHEMA = {{\n{entries}}}\n'

    customers = router(
        "c",
        [
            ("email", "required=True, n=1"),
            ("name", "required=True, n=2"),
            ("phone", "n=3"),
            ("country", "n=4"),
            ("opt_in", "n=5"),
        ],
    )
    stock = router(
        "s",
        [
            ("code", "required=True, n=6"),
            ("label", "required=True, n=7"),
            ("city", "n=8"),
            ("country", "n=9"),
            ("size", "n=0"),
        ],
    )
    assert rk116(tmp_path, {"a.py": customers, "b.py": stock}) == []


def test_min_duplicate_lines_is_read_from_the_limits(tmp_path: Path) -> None:
    strict = RuleSettings(resolve(limit_specs(), {"min_duplicate_lines": 8}), SETTINGS.contracts)
    assert rk116(tmp_path, {"a.py": ORIGINAL, "b.py": ORIGINAL}, strict) == []


def test_max_duplication_gates_on_the_project_figure(tmp_path: Path) -> None:
    files = {"a.py": ORIGINAL, "b.py": ORIGINAL, "c.py": NEAR_MISS + "\n" + RENAMED}
    # 21 of 28 lines of code are duplicated: 75 %
    lenient = RuleSettings(resolve(limit_specs(), {"max_duplication": 80.0}), SETTINGS.contracts)
    assert rk116(tmp_path, files, lenient) == []
    strict = RuleSettings(resolve(limit_specs(), {"max_duplication": 70.0}), SETTINGS.contracts)
    assert len(rk116(tmp_path, files, strict)) == 1


def test_the_fix_extracts_the_first_copy(tmp_path: Path) -> None:
    [finding] = rk116(tmp_path, {"a.py": ORIGINAL, "b.py": ORIGINAL})
    assert finding.fix is not None
    assert finding.fix.kind == "advice" and finding.fix.argv == ()  # alone it leaves the group
    assert "refactorkit extract a.py:2-8 --whole-statements" in finding.fix.text
    assert "then call the helper at the other places" in finding.fix.text
    assert finding.symbol == "a.py:total = b.py:total"


def test_module_level_copies_get_advice(tmp_path: Path) -> None:
    body = "".join(line[8:] + "\n" for line in ORIGINAL.splitlines()[1:])
    [finding] = rk116(tmp_path, {"a.py": "order, rate = load()\n" + body, "b.py": ORIGINAL})
    assert finding.fix is not None and finding.fix.kind == "advice"


def test_a_suppression_comment_at_any_place_silences_the_group(tmp_path: Path) -> None:
    marked = ORIGINAL.replace("subtotal = 0", "subtotal = 0  # refactorkit: ignore[RK116]")
    assert rk116(tmp_path, {"a.py": ORIGINAL, "b.py": marked}) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('x = foo(1, "a#b")  # c', 'N=N(0,")'),
        ("if not y: z[2] = f'{q}' + 1.5e3", 'ifnotN:N[0]="+0'),
        ("self.total = order.total", "N.total=N.total"),
        ("print(len(items))", "N(N(N))"),
    ],
)
def test_lines_are_normalised(source: str, expected: str) -> None:
    assert normalized_lines(source)[0] == expected


def test_multi_line_strings_keep_the_line_numbers() -> None:
    text = 'x = """a\nb\nc"""\ny = x + 1\nz = y * 2\n'
    lines, _ = code_line_hashes(ast.parse(text), text)
    assert lines == (1, 4, 5)


def test_groups_and_per_file_figures(tmp_path: Path) -> None:
    files = analysed(tmp_path, {"a.py": ORIGINAL, "b.py": ORIGINAL, "c.py": NEAR_MISS})
    found = find_duplicates(files, 6)
    assert [(g.lines, [(p.relpath, p.start, p.end) for p in g.places]) for g in found.groups] == [
        (7, [("a.py", 2, 8), ("b.py", 2, 8)])
    ]
    assert found.per_file == (("a.py", 7, 7), ("b.py", 7, 7), ("c.py", 0, 7))
    assert round(found.percent, 1) == 66.7
    json.dumps(found.per_file)  # plain data


def test_check_gates_on_the_figure_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from refactorkit.cli import main

    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    analysed(tmp_path, {"a.py": ORIGINAL, "b.py": RENAMED, "c.py": NEAR_MISS})
    base = ["check", str(tmp_path), "--select", "RK116", "--no-cache"]
    assert main(base) == 1
    assert "RK116" in capsys.readouterr().out
    assert main([*base, "--set", "max_duplication=70"]) == 0  # 14 of 21 lines: 66.7 %
    assert main([*base, "--set", "max_duplication=60"]) == 1
    assert main([*base, "--set", "max_duplication=-1"]) == 2


def test_analyze_reports_the_figure_in_json(tmp_path: Path) -> None:
    from refactorkit.analysis.engine import AnalyzeOptions, run_analysis
    from refactorkit.config import Config
    from refactorkit.reporting.json_report import report_to_dict

    analysed(tmp_path, {"a.py": ORIGINAL, "b.py": RENAMED, "c.py": NEAR_MISS})
    options = AnalyzeOptions(use_cache=False, since_days=0)
    report = run_analysis(tmp_path, Config(project_root=tmp_path), options)
    found = report_to_dict(report)["duplication"]
    assert (found["percent"], found["duplicated_lines"], found["counted_lines"]) == (66.67, 14, 21)
    assert found["groups"] == [
        {
            "lines": 7,
            "places": [
                {"path": "a.py", "start": 2, "end": 8},
                {"path": "b.py", "start": 2, "end": 8},
            ],
        }
    ]
    assert [f["path"] for f in found["files"]] == ["a.py", "b.py"]


def test_a_copy_in_a_class_body_is_named_by_its_class(tmp_path: Path) -> None:
    body = "".join(line[4:] + "\n" for line in ORIGINAL.splitlines()[1:])
    [finding] = rk116(tmp_path, {"a.py": "class Cart:\n" + body, "b.py": ORIGINAL})
    assert finding.symbol == "a.py:Cart = b.py:total"


def test_the_fingerprints_survive_the_cache(tmp_path: Path) -> None:
    import hashlib

    from refactorkit.analysis.cache import AnalysisCache
    from refactorkit.analysis.engine import analyze_one
    from refactorkit.domain import FileAnalysis

    text = textwrap.dedent(ORIGINAL) + "\n\nclass K:\n    x = 1\n"
    [fresh] = analysed(tmp_path / "p", {"a.py": text})
    cache = AnalysisCache.open(tmp_path / "cache")
    cache.store(fresh)
    sha = hashlib.sha256(fresh.source.path.read_bytes()).hexdigest()
    cached = cache.load(fresh.source, sha)
    assert isinstance(cached, FileAnalysis)
    assert (cached.code_lines, cached.line_hashes) == (fresh.code_lines, fresh.line_hashes)
    assert cached.code_lines[:2] == (2, 3) and 0 in cached.code_lines  # the class header
    assert analyze_one(fresh.source, sha, cache) is not None
