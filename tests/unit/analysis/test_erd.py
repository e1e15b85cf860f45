"""Reading ORM models statically: classic SQLAlchemy, Table(...) links, Django; the renderers."""

from __future__ import annotations

import re
import textwrap

from refactorkit.analysis.erd import Column, ErdModel, read_models
from refactorkit.reporting.erd import render_dot, render_markdown, render_mermaid

CLASSIC = """\
from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()
SCHEMA = "shop"

post_tags = Table(
    "post_tags",
    Base.metadata,
    Column("post_id", ForeignKey("post.id"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id"), primary_key=True),
)


class Author(Base):
    __tablename__ = "author"
    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False, unique=True)


class Post(Base):
    __tablename__ = "post"
    id = Column(Integer, primary_key=True)
    author_id = Column(Integer, ForeignKey(Author.id), nullable=False)
    editor_id = Column("editor", Integer, ForeignKey("author.id"))
    tags = relationship("Tag", secondary=post_tags)


class Tag(Base):
    __tablename__ = "tag"
    __table_args__ = {"schema": None}
    id = Column(Integer, primary_key=True)


class Product(Base):
    __tablename__ = "product"
    __table_args__ = ({"schema": SCHEMA},)
    id = Column(Integer, primary_key=True)
    kind = Column(String)


class Book(Product):
    isbn = Column(String(13))
"""

DJANGO = """\
from django.db import models


class Stamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Author(Stamped):
    name = models.CharField(max_length=80, unique=True)


class Book(Stamped):
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    editor = models.ForeignKey("library.Author", null=True, on_delete=models.SET_NULL)
    tags = models.ManyToManyField("Tag")
    sequel = models.OneToOneField("self", null=True, on_delete=models.SET_NULL)

    class Meta:
        db_table = "books"


class Tag(models.Model):
    label = models.SlugField(primary_key=True)


class EBook(Book):
    url = models.URLField()
"""


def model_of(relpath: str, module: str, text: str) -> ErdModel:
    return read_models([(relpath, module, textwrap.dedent(text))])


def columns(model: ErdModel, key: str) -> dict[str, Column]:
    entity = next(e for e in model.entities if e.key == key)
    return {c.name: c for c in entity.columns}


def edges(model: ErdModel) -> set[tuple[str, str, str, str]]:
    return {(r.source, r.target, r.kind, r.label) for r in model.relationships}


def test_classic_sqlalchemy_tables_columns_and_keys() -> None:
    model = model_of("blog/models.py", "blog.models", CLASSIC)
    assert {e.key for e in model.entities} == {"author", "post", "post_tags", "tag", "shop.product"}
    post = columns(model, "post")
    assert post["author_id"] == Column("author_id", "Integer", False, False, "author.id")
    assert post["editor"].foreign_key == "author.id" and post["editor"].nullable
    assert columns(model, "author")["name"].unique
    assert set(columns(model, "shop.product")) == {"id", "kind", "isbn"}  # single-table child
    assert edges(model) == {
        ("post", "author", "many-to-one", "author_id"),
        ("post", "author", "many-to-one", "editor"),
        ("post", "tag", "many-to-many", "post_tags"),
    }


def test_django_models_keys_inheritance_and_implicit_tables() -> None:
    model = model_of("library/models.py", "library.models", DJANGO)
    keys = {e.key for e in model.entities}
    assert keys == {"library_author", "books", "books_tags", "library_tag", "library_ebook"}
    book = columns(model, "books")
    assert list(book) == ["id", "author_id", "editor_id", "sequel_id", "created"]
    assert book["author_id"].foreign_key == "library_author.id"
    assert not book["author_id"].nullable and book["editor_id"].nullable
    assert "id" not in columns(model, "library_tag") and columns(model, "library_tag")["label"]
    assert columns(model, "library_ebook")["book_ptr_id"].primary_key
    assert edges(model) == {
        ("books", "library_author", "many-to-one", "author_id"),
        ("books", "library_author", "many-to-one", "editor_id"),
        ("books", "books", "one-to-one", "sequel_id"),
        ("books", "library_tag", "many-to-many", "books_tags"),
        ("library_ebook", "books", "one-to-one", "book_ptr_id"),
    }


# One line of Mermaid's erDiagram grammar each: entity open/close, attribute, relationship.
_MERMAID_LINE = re.compile(
    r"^(erDiagram"
    r"|    [A-Za-z_][\w-]* \{"
    r"|        [A-Za-z_]\w* [A-Za-z_]\w*( (PK|FK|UK)(, (PK|FK|UK))*)?( \"[^\"]*\")?"
    r"|    \}"
    r'|    [A-Za-z_][\w-]* (\|\||\|o|\}o)--(o\{|o\||\|\|) [A-Za-z_][\w-]* : "[^"]+")$'
)


def test_mermaid_lines_follow_the_er_diagram_grammar() -> None:
    model = model_of("blog/models.py", "blog.models", CLASSIC)
    text = render_mermaid(model)
    bad = [line for line in text.splitlines() if not _MERMAID_LINE.match(line)]
    assert bad == []
    assert '    author ||--o{ post : "author_id"' in text
    assert '    author |o--o{ post : "editor"' in text
    assert '    post }o--o{ tag : "post_tags"' in text
    assert "post_tags {" not in text  # the link table is the edge


def test_markdown_lists_tables_and_every_foreign_key_and_dot_draws_clusters() -> None:
    model = model_of("blog/models.py", "blog.models", CLASSIC)
    markdown = render_markdown(model)
    assert "```mermaid\nerDiagram" in markdown
    assert "| post.author_id | author.id | many-to-one |" in markdown
    assert "| post_tags.tag_id | tag.id | many-to-many link |" in markdown
    dot = render_dot(model)
    assert "subgraph cluster_0" in dot and '"post" -> "author"' in dot
