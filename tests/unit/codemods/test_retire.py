"""references / retire: each source type's kinds and entries, rules, and the edits."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from refactorkit.codemods.retire.edits import edit_file
from refactorkit.codemods.retire.model import Rule, name_pattern, source_type
from refactorkit.codemods.retire.python_scan import scan_python
from refactorkit.codemods.retire.rules import decide, load_rules
from refactorkit.codemods.retire.text_scan import scan_text
from refactorkit.errors import UserError

PATTERN = name_pattern("legacy_orders")


def kinds_py(source: str) -> list[tuple[int, str]]:
    return [(r.line, r.kind) for r in scan_python("m.py", textwrap.dedent(source), PATTERN)]


def test_the_name_matches_as_a_word_in_any_case_with_dashes_or_underscores() -> None:
    text = "legacy_orders LEGACY_ORDERS_URL legacy-orders-db xlegacy_orders legacy_ordersx"
    assert [m.group() for m in PATTERN.finditer(text)] == [
        "legacy_orders",
        "LEGACY_ORDERS",
        "legacy-orders",
    ]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("a/settings.py", "python"),
        ("docker-compose.prod.yml", "docker-compose"),
        ("charts/app/values.yaml", "helm"),
        ("conf/app.yaml", "yaml"),
        ("setup.cfg", "ini"),
        (".env", "env"),
        (".env.production", "env"),
        ("Dockerfile.dev", "dockerfile"),
        ("db/001.sql", "sql"),
        ("infra/main.tf", "terraform"),
        ("docs/x.md", "markdown"),
        ("data.csv", None),
    ],
)
def test_source_types_by_file_name(path: str, kind: str | None) -> None:
    assert source_type(path) == kind


def test_python_kinds_follow_the_syntax_node() -> None:
    found = kinds_py(
        """
        import legacy_orders.client
        from app import legacy_orders
        DATABASES = {"legacy_orders": {"NAME": "x"}}
        url = os.environ["LEGACY_ORDERS_URL"]
        url = os.getenv("LEGACY_ORDERS_URL")
        url = os.environ.get("LEGACY_ORDERS_URL")
        engine = create_engine("postgresql://h/legacy_orders")
        rows = Order.objects.using("legacy_orders").all()
        cursor.execute("SELECT * FROM legacy_orders")
        label = f"db {legacy_orders}"
        other = {"legacy_orders": 1}
        x = app.legacy_orders.engine
        plain = "see legacy_orders"
        # legacy_orders is going away
        """
    )
    assert found == [
        (2, "import"),
        (3, "import"),
        (4, "settings-key"),
        (5, "env-var"),
        (6, "env-var"),
        (7, "env-var"),
        (8, "engine-url"),
        (9, "django-using"),
        (10, "sql"),
        (11, "f-string"),
        (12, "dict-key"),
        (13, "attribute"),
        (14, "string"),
        (15, "comment"),
    ]


def test_a_settings_entry_is_removable_only_when_it_has_lines_of_its_own() -> None:
    source = (
        "DATABASES = {\n"
        '    "legacy_orders": {\n'
        '        "NAME": "o",\n'
        "    },\n"
        "}\n"
        'X = {"legacy_orders": 1, "b": 2}\n'
    )
    refs = scan_python("s.py", source, PATTERN)
    assert [(r.kind, r.entry) for r in refs] == [("settings-key", (2, 4)), ("settings-key", None)]
    assert refs[1].why_not


def test_yaml_key_takes_its_indented_block_and_list_items_their_line() -> None:
    text = (
        "services:\n"
        "  app:\n"
        "    depends_on:\n"
        "      - legacy-orders-db\n"
        "  legacy-orders-db:\n"
        "    image: pg\n"
        "\n"
        "    ports: [1]\n"
        "other: 1\n"
    )
    refs = scan_text("docker-compose.yml", "docker-compose", text, PATTERN)
    assert [(r.kind, r.entry) for r in refs] == [("list-item", (4, 4)), ("key", (5, 8))]


def test_yaml_inline_lists_are_left_for_review() -> None:
    refs = scan_text("c.yml", "yaml", "depends_on: [db, legacy-orders-db]\n", PATTERN)
    assert refs[0].entry is None and "inline" in refs[0].why_not


def test_ini_sections_options_and_continuations() -> None:
    text = "[legacy_orders]\nurl = x\n\n[app]\nlegacy_orders_url = a\n    b\nother = 1\n"
    refs = scan_text("setup.cfg", "ini", text, PATTERN)
    assert [(r.kind, r.entry) for r in refs] == [("section", (1, 2)), ("option", (5, 6))]


def test_toml_tables_single_line_keys_and_multi_line_values() -> None:
    text = (
        "[db.legacy_orders]\n"
        'url = "x"\n'
        "[app]\n"
        'legacy_orders = "a"\n'
        "names = [\n"
        '  "legacy_orders",\n'
        "]\n"
        'x = ["legacy_orders",\n'
    )
    refs = scan_text("c.toml", "toml", text, PATTERN)
    assert [(r.kind, r.entry) for r in refs] == [
        ("table", (1, 2)),
        ("key", (4, 4)),
        ("array-item", (6, 6)),
        ("value", None),
    ]


def test_env_dockerfile_sql_json_markdown() -> None:
    env = scan_text(".env", "env", "export LEGACY_ORDERS_URL=x\n", PATTERN)
    assert [(r.kind, r.entry) for r in env] == [("variable", (1, 1))]
    docker = "FROM py\nENV LEGACY_ORDERS_URL=x \\\n    OTHER=1\nRUN load legacy_orders\n"
    refs = scan_text("Dockerfile", "dockerfile", docker, PATTERN)
    assert [(r.kind, r.entry) for r in refs] == [("env", (2, 3)), ("instruction", None)]
    sql = scan_text("a.sql", "sql", "SELECT 1 FROM legacy_orders;\n", PATTERN)
    assert sql[0].entry is None and sql[0].anchor == 1
    json = scan_text("a.json", "json", '{"legacy_orders": {"a": "legacy_orders"}}\n', PATTERN)
    assert [r.kind for r in json] == ["key", "value"] and json[0].anchor == 0


def rule(**fields: str) -> Rule:
    return Rule(**{"name": "r", "action": "report", **fields})


def test_the_first_matching_rule_decides_and_unsafe_actions_become_review() -> None:
    (imp,) = scan_python("m.py", "import legacy_orders\n", PATTERN)
    (key,) = scan_python("m.py", 'DATABASES = {\n    "legacy_orders": 1,\n}\n', PATTERN)[:1]
    rules = [rule(kind="import", action="remove"), rule(source="python", action="remove")]
    assert decide(imp, rules).action == "review"
    assert "refactor" in decide(imp, rules).note
    assert decide(key, rules).action == "remove"
    assert decide(key, [rule(source="yaml", action="remove")]).action == "report"
    assert decide(key, [rule(pattern="nomatch", action="remove")]).rule is None


def test_edits_remove_entries_replace_matches_and_add_markers() -> None:
    text = (
        "DATABASES = {\n"
        '    "legacy_orders": {"N": "legacy_orders"},\n'
        "}\n"
        'URL = "pg://h/legacy_orders"\n'
        'ENGINE = create_engine("legacy_orders")\n'
    )
    refs = scan_python("s.py", text, PATTERN)
    decisions = [
        decide(
            r,
            [
                rule(kind="settings-key", action="remove"),
                rule(kind="string", action="replace", replacement="orders"),
                rule(kind="engine-url", action="comment", reason="gone"),
            ],
        )
        for r in refs
    ]
    edit = edit_file(text, decisions)
    assert edit.new_text == (
        "DATABASES = {\n"
        "}\n"
        'URL = "pg://h/orders"\n'
        "# refactorkit: gone\n"
        'ENGINE = create_engine("legacy_orders")\n'
    )
    assert edit.outcomes == ("removed", "removed with its entry", "replaced", "commented")


def test_rules_files_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('[[rule]]\naction = "delete"\n')
    with pytest.raises(UserError, match="rule 1: action 'delete'"):
        load_rules(path)
    path.write_text('[[rule]]\naction = "replace"\n')
    with pytest.raises(UserError, match="needs a replacement"):
        load_rules(path)
    path.write_text('[[rule]]\nname = "x"\nsource = "yaml"\naction = "remove"\ncolour = "red"\n')
    with pytest.raises(UserError, match="unknown keys"):
        load_rules(path)
    path.write_text('[[rule]]\nname = "x"\nsource = "yaml"\naction = "remove"\n')
    assert load_rules(path) == (Rule("x", "remove", source="yaml"),)
