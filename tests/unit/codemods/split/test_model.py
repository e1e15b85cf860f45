"""Modelling a module as top-level statements: kinds, lines, sections, ORM facts, header."""

from __future__ import annotations

import textwrap

from refactorkit.codemods.split.model import UnitKind, build_model

SOURCE = textwrap.dedent(
    '''\
    #!/usr/bin/env python
    # Copyright (c) 2024 Example.

    """Docstring."""

    from __future__ import annotations

    import os
    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from .other import Thing

    __all__ = ["Brand"]

    # --- Catalog ---


    class Brand(Base):
        __tablename__ = "brand"
        __table_args__ = {"schema": "catalog"}
        products = relationship("Product", secondary="brand_tags")
        owner_id = mapped_column(ForeignKey("people.person.id"))


    register(Brand); X = 1
    if __name__ == "__main__":
        print(os.sep)
    '''
)


def test_units_kinds_and_lines() -> None:
    model = build_model(SOURCE, "pkg/models.py", "pkg.models")
    kinds = [(u.kind, u.first_line, u.last_line) for u in model.units]
    assert kinds == [
        (UnitKind.DOCSTRING, 4, 4),
        (UnitKind.FUTURE, 6, 6),
        (UnitKind.IMPORT, 8, 8),
        (UnitKind.IMPORT, 9, 9),
        (UnitKind.IMPORT_BLOCK, 11, 12),
        (UnitKind.ALL, 14, 14),
        (UnitKind.DEFINITION, 19, 23),
        (UnitKind.DEFINITION, 26, 26),
        (UnitKind.MAIN, 27, 28),
    ]
    assert model.postponed_annotations is True
    assert model.all_names == ("Brand",)
    assert model.units[4].type_checking is True
    # the code of every unit, concatenated with header and footer, is the file
    assert model.preamble + "".join(u.code for u in model.units) + model.footer == SOURCE


def test_header_keeps_license_not_shebang() -> None:
    model = build_model(SOURCE, "pkg/models.py", "pkg.models")
    assert model.header == "# Copyright (c) 2024 Example.\n"


def test_section_and_orm_facts() -> None:
    model = build_model(SOURCE, "pkg/models.py", "pkg.models")
    brand = model.units[6]
    assert brand.section == "Catalog"
    assert brand.defines == ("Brand",)
    assert brand.orm.tablename == "brand"
    assert brand.orm.schema == "catalog"
    assert brand.orm.class_refs == {"Product"}
    assert brand.orm.table_refs == {"brand_tags", "people.person"}
    assert model.tables() == {"brand": 6, "catalog.brand": 6}


def test_semicolon_line_is_one_unit_binding_x() -> None:
    model = build_model(SOURCE, "pkg/models.py", "pkg.models")
    unit = model.units[7]
    assert unit.defines == ("X",)
    assert {u.name for u in unit.uses} == {"register", "Brand"}


def test_star_import_flagged() -> None:
    model = build_model("from os.path import *\n", "m.py", "m")
    assert model.units[0].has_star_import


def test_side_effect_and_django_meta() -> None:
    source = textwrap.dedent(
        """\
        class Poll(models.Model):
            question = models.ForeignKey("polls.Question", on_delete=CASCADE)

            class Meta:
                app_label = "polls"


        Poll.objects_cache = {}
        """
    )
    model = build_model(source, "m.py", "m")
    poll, effect = model.units
    assert poll.orm.app_label == "polls"
    assert poll.orm.class_refs == {"Question"}
    assert effect.kind is UnitKind.SIDE_EFFECT


def test_names_listed_by_string() -> None:
    source = textwrap.dedent(
        """\
        from markupsafe import Markup, escape

        exported = ["Markup", "escape", "helper"]
        labels = ["not", "names"]


        def helper():
            return Markup(escape("x"))
        """
    )
    model = build_model(source, "runtime.py", "runtime")
    assert model.names_listed() == {"Markup", "escape", "helper"}
