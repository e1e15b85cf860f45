"""Proposing groups: hints outrank the graph, shared code goes to base, no import cycle."""

from __future__ import annotations

import textwrap

from refactorkit.codemods.split.model import build_model
from refactorkit.codemods.split.plan_file import validate_plan
from refactorkit.codemods.split.planner import SplitPlan, module_name_for, propose_plan

MODELS = textwrap.dedent(
    """\
    class Base:
        pass


    class TimestampMixin:
        pass


    def helper():
        return 1


    class Tier:
        pass


    # --- Catalog models ---


    class Brand(TimestampMixin, Base):
        tier = Tier()
        __table_args__ = {"schema": "catalog"}

        def total(self):
            return helper()


    class Product(Base):
        brand = relationship("Brand")


    # --- Orders ---


    class Order(TimestampMixin, Base):
        def items(self):
            return helper()


    class Invoice(Base):
        __table_args__ = {"schema": "billing"}
        order_id = ForeignKey("orders.id")
    """
)


def groups(plan: SplitPlan) -> dict[str, tuple[str, ...]]:
    return {g.name: g.names for g in plan.groups}


def test_sections_schemas_and_shared_base() -> None:
    model = build_model(MODELS, "shop/models.py", "shop.models")
    plan = propose_plan(model)
    assert groups(plan) == {
        "base": ("Base", "TimestampMixin", "helper"),
        "catalog": ("Tier", "Brand", "Product"),  # Tier is used by Brand only
        "orders": ("Order",),
        "billing": ("Invoice",),  # the schema outranks the section banner
    }
    assert validate_plan(plan, model) == []


def test_base_name_and_reserved_names() -> None:
    model = build_model(MODELS, "shop/models.py", "shop.models")
    plan = propose_plan(model, base="common", reserved={"catalog"})
    assert [g.name for g in plan.groups] == ["common", "catalog_models", "orders", "billing"]


def test_name_prefix_hint_without_sections() -> None:
    source = "class Supplier:\n    pass\n\n\nclass SupplierAccount:\n    pass\n\n\n"
    source += "class Order:\n    pass\n"
    plan = propose_plan(build_model(source, "m.py", "m"))
    assert groups(plan) == {"supplier": ("Supplier", "SupplierAccount"), "order": ("Order",)}


def test_class_families_without_hints() -> None:
    source = textwrap.dedent(
        """\
        class Node: pass
        class Expr(Node): pass
        class Stmt(Node): pass
        class Const(Expr): pass
        class Name(Expr): pass
        class For(Stmt): pass
        """
    )
    plan = propose_plan(build_model(source, "nodes.py", "nodes"))
    assert groups(plan) == {
        "base": ("Node",),
        "expr": ("Expr", "Const", "Name"),
        "stmt": ("Stmt", "For"),
    }


def test_import_time_cycle_is_broken_through_base() -> None:
    source = textwrap.dedent(
        """\
        # --- Alpha ---
        class A:
            pass
        # --- Beta ---
        class B:
            pass
        class BUser(A):
            pass
        # --- Alpha ---
        class AUser(B):
            pass
        """
    )
    model = build_model(source, "m.py", "m")
    plan = propose_plan(model)
    assert validate_plan(plan, model) == []
    assert groups(plan) == {"base": ("B",), "beta": ("BUser",), "alpha": ("A", "AUser")}


def test_module_names_from_titles() -> None:
    assert module_name_for("Catalog models") == "catalog"
    assert module_name_for("Price rules") == "price"
    assert module_name_for("2024 stuff") == "stuff"
    assert module_name_for("the models") is None


def test_group_names_avoid_imported_names() -> None:
    source = (
        "from flask import request\n\n# --- Request ---\n\n\ndef handler():\n    return request\n"
    )
    source += "\n\n# --- Other ---\n\n\ndef helper():\n    return 1\n"
    model = build_model(source, "app.py", "app")
    plan = propose_plan(model)
    assert [g.name for g in plan.groups] == ["requests", "other"]  # not "_models": no models module
    assert validate_plan(plan, model) == []


DJANGO = textwrap.dedent(
    """\
    from django.db import models


    class Stamped(models.Model):
        created = models.DateTimeField()

        class Meta:
            abstract = True


    class Question(Stamped):
        class Meta:
            app_label = "polls"


    class Choice(Stamped):
        question = models.ForeignKey("Question", on_delete=models.CASCADE)

        class Meta:
            app_label = "polls"


    class Invoice(Stamped):
        class Meta:
            db_table = "billing_invoice"


    class Payment(Stamped):
        invoice = models.ForeignKey("Invoice", on_delete=models.CASCADE)

        class Meta:
            db_table = "billing_payment"


    class Author(Stamped):
        class Meta:
            app_label = "library"
    """
)


def test_django_app_label_and_db_table_prefix_hints() -> None:
    model = build_model(DJANGO, "site/models.py", "site.models")
    plan = propose_plan(model)
    assert [(g.name, g.names) for g in plan.groups] == [
        ("base", ("Stamped",)),
        ("polls", ("Question", "Choice")),
        ("billing", ("Invoice", "Payment")),
        ("library", ("Author",)),
    ]
    assert validate_plan(plan, model) == []


def _classes(specs: list[tuple[str, str, int, str]]) -> str:
    out = []
    for name, bases, methods, returns in specs:
        body = "".join(
            f"    def m{j}(self):\n        return {returns or j}\n\n" for j in range(methods)
        )
        out.append(f"class {name}({bases}):\n{body}\n")
    return "\n".join(out)


def test_groups_are_named_after_their_main_class_not_a_mixin() -> None:
    """A module of Request, PreparedRequest, Response and two mixins gave the groups
    `request_hooks_mixin` (holding Request) and `request_encoding_mixin` (holding
    PreparedRequest and Response)."""
    source = _classes(
        [
            ("RequestEncodingMixin", "", 40, ""),
            ("RequestHooksMixin", "", 30, ""),
            ("Request", "RequestHooksMixin", 60, "PreparedRequest()"),
            ("PreparedRequest", "RequestEncodingMixin, RequestHooksMixin", 80, ""),
            ("Response", "", 120, "Request()"),
        ]
    )
    plan = propose_plan(build_model(source, "models.py", "pkg.models"))
    where = plan.group_of_name()
    assert where["Request"] == "request"
    assert where["PreparedRequest"] == "prepared_request"
    assert where["Response"] == "response"
    assert not any(g.name.endswith("_mixin") and len(g.names) > 1 for g in plan.groups)


def test_independent_functions_over_the_limit_get_several_groups() -> None:
    """Nine independent 150-line functions were folded into a single group."""
    body = "".join(f"    x{j} = a + {j}\n" for j in range(150))
    source = "".join(f"def task_{i}(a):\n{body}    return a\n\n\n" for i in range(9))
    plan = propose_plan(build_model(source, "jobs.py", "pkg.jobs"))
    assert len(plan.groups) >= 3
