"""docs/data-format.md is the rendering of the schema, and documents every header, value and error."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import format_doc
from loaders.errors import REASONS
from loaders.schema import TABLE_LIST

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_committed_doc_is_the_rendering(doc: str) -> None:
    assert doc == format_doc.render(), (
        f"docs/data-format.md is out of date with loaders/schema.py; regenerate it with: {format_doc.REGENERATE}"
    )


def test_every_table_and_header_is_documented(doc: str) -> None:
    missing = [
        f"{table.name}.{col.name}: {header}"
        for table in TABLE_LIST
        for col in table.columns
        for header in col.headers
        if header not in doc
    ]
    missing += [f"table {table.name}" for table in TABLE_LIST if f"(`{table.name}`)" not in doc]
    missing += [f"file name {n}" for table in TABLE_LIST for n in table.file_names if f"`{n}`" not in doc]
    assert not missing


def test_every_enum_value_is_documented(doc: str) -> None:
    enums = {col.enum for table in TABLE_LIST for col in table.columns if col.enum is not None}
    assert enums
    missing = [
        f"{enum.__name__}.{m.name}" for enum in enums for m in enum if f"{m.zh} ({m.value})" not in doc
    ]
    assert not missing


def test_every_error_code_is_documented(doc: str) -> None:
    missing = [code for code in REASONS if f"| `{code}` |" not in doc]
    assert not missing


def test_placeholders_are_not_left_in_reasons(doc: str) -> None:
    errors = doc.split("## 错误代码", 1)[1]
    assert "{" not in errors and "}" not in errors
