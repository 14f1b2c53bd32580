"""The malformed-input corpus (tests/malformed_corpus.py) against the loader and the stores.

For every case: the exact problems (file, sheet, Excel row, column as written, code); no
message in either language, nor any report row, holds a personal number made for the
case; and a store holding the base tables is left exactly as it was (content digest and
data version). Accepted cases load with exact values and leave no personal number in the
dataset or the store. The whole corpus runs once more against Neo4j, and a few cases
through the command line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from graph.dataset import Dataset
from graph.embedded_store import EmbeddedStore
from graph.model import Label
from graph.store import content_digest
from loaders.dataset_reader import read_dataset
from loaders.errors import InputInvalid
from loaders.personal import mask_personal

from .conftest import BASE_TABLES, KEY, fresh_neo4j_store, store_text, write_csv
from .malformed_corpus import CASES, TODAY, Built, Case, Secrets, by_kind, prepare

PARAMS = [
    pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.defect)] if c.defect else [])
    for c in CASES
]


def located(e: InputInvalid) -> list[tuple[object, ...]]:
    return [(p.file, p.sheet, p.row, p.column, p.code) for p in e.problems]


def base_folder(root: Path) -> Path:
    folder = root / "base"
    folder.mkdir(parents=True)
    for name, rows in BASE_TABLES.items():
        write_csv(folder / name, rows)
    return folder


def base_store(root: Path) -> EmbeddedStore:
    """An embedded store holding the base tables."""
    store = EmbeddedStore(root / "home")
    with read_dataset(base_folder(root), key=KEY, today=TODAY) as ds:
        store.load(ds)
    return store


def attempt(store, built: Built) -> Dataset | InputInvalid:  # type: ignore[no-untyped-def]
    """Read the case as ``gongjian load`` would: references resolve against the store."""
    assert built.path is not None
    try:
        return read_dataset(built.path, key=KEY, table=built.table, known=store.name_index(), today=TODAY,
                            encodings=built.encodings)
    except InputInvalid as e:
        return e


def check_problems(built: Built, e: InputInvalid) -> None:
    got = located(e)
    if built.expected is not None:
        assert got == built.expected
    for loc in built.includes:
        assert loc in got
    for i, params in built.params.items():
        actual = e.problems[i].params
        assert {k: actual.get(k) for k in params} == params


def message_text(e: InputInvalid) -> str:
    """Everything a user or a report file can be shown of the problems."""
    parts = [str(e), e.message("zh"), e.message("en")]
    for p in e.problems:
        for lang in ("zh", "en"):
            parts += [p.message(lang), repr(p.as_row(lang))]
        parts += [repr(p), repr(p.params)]
    return "\n".join(parts)


def dataset_text(ds: Dataset) -> str:
    parts = [repr(frame.to_dict("records")) for frame in ds.nodes.values()]
    parts += [repr(frame.to_dict("records")) for frame in ds.relationships.values()]
    return "\n".join(parts)




def assert_no_secret(text: str, secrets: Secrets, where: str) -> None:
    leaked = [s for s in secrets.made if s in text]
    assert not leaked, f"{where} holds personal numbers made for the case: {[mask_personal(s) for s in leaked]}"


@pytest.mark.parametrize("c", PARAMS)
def test_corpus_case(c: Case, tmp_path: Path) -> None:
    store = base_store(tmp_path / "store")
    before = content_digest(store), store.data_version()
    built, secrets, _ = prepare(tmp_path / "case", c)
    outcome = attempt(store, built)
    if isinstance(outcome, InputInvalid):
        assert not built.accepted, f"refused, but it should load: {located(outcome)}"
        check_problems(built, outcome)
        assert_no_secret(message_text(outcome), secrets, "a message")
        assert (content_digest(store), store.data_version()) == before
        return
    with outcome as ds:
        if not built.accepted:
            store.load(ds)  # what a load of the unrefused input does to the store
            assert (content_digest(store), store.data_version()) == before
            pytest.fail(f"loaded, but it should be refused with {built.expected or built.includes}")
        assert built.check is not None
        built.check(ds)
        assert_no_secret(dataset_text(ds), secrets, "the dataset")
        store.load(ds)
    assert_no_secret(store_text(store.home), secrets, "the store")


def test_the_corpus_covers_every_class(tmp_path: Path) -> None:
    kinds = {k: len(v) for k, v in by_kind().items()}
    assert len(CASES) >= 85
    assert kinds["accepted"] >= 10
    for kind in ("dates", "csv_shape", "encodings", "personal", "hostile", "headers", "root_causes"):
        assert kinds[kind] >= 5, kinds
    codes = set()
    for c in CASES:
        built, _, _ = prepare(tmp_path / c.name, c)
        codes |= {loc[4] for loc in [*(built.expected or []), *built.includes]}
    for code in ("no_such_day", "not_date", "date_range", "unclosed_quote", "extra_fields", "line_break_in_cell", "too_long",
                 "encoding", "encoding_doubtful", "encoding_mixed", "encoding_given", "encoding_bad_bom", "no_such_input",
                 "personal_in_code", "personal_in_number", "id_checksum", "id_birth_date", "not_a_file", "link_outside",
                 "file_too_large", "archive_too_large", "sheet_too_large", "too_many_columns", "file_unreadable",
                 "formula_no_value", "header_invisible", "missing_column", "duplicate_column", "no_header", "unknown_table",
                 "refs_unchecked"):
        assert code in codes, code


@pytest.mark.neo4j
def test_the_whole_corpus_leaves_neo4j_unchanged(neo4j_connection, tmp_path: Path) -> None:
    """One Neo4j store, the base tables loaded once, every case attempted and the store's
    digest compared after each. Known defects are tried too (the store must survive them)
    but their own assertions belong to test_corpus_case."""
    store = fresh_neo4j_store(neo4j_connection)
    failures: list[str] = []
    try:
        with read_dataset(base_folder(tmp_path), key=KEY, today=TODAY) as ds:
            store.load(ds)
        before = content_digest(store), store.data_version()
        for c in CASES:
            built, secrets, _ = prepare(tmp_path / "cases" / c.name, c)
            try:
                outcome: Dataset | InputInvalid | None = attempt(store, built)
            except Exception as e:  # a known defect may crash the reader; the store must still be intact
                if c.defect is None:
                    failures.append(f"{c.name}: {type(e).__name__}: {e}")
                outcome = None
            if isinstance(outcome, InputInvalid) and not built.accepted and c.defect is None:
                try:
                    check_problems(built, outcome)
                    assert_no_secret(message_text(outcome), secrets, "a message")
                except AssertionError as e:
                    failures.append(f"{c.name}: {e}")
            elif isinstance(outcome, InputInvalid) and c.defect is None:
                failures.append(f"{c.name}: refused, but it should load: {located(outcome)}")
            elif isinstance(outcome, Dataset):
                with outcome as ds:
                    if not built.accepted and c.defect is None:
                        store.load(ds)
                        failures.append(f"{c.name}: loaded, but it should be refused")
                    elif built.check is not None and c.defect is None:
                        try:
                            built.check(ds)
                        except AssertionError as e:
                            failures.append(f"{c.name}: {e}")
            if built.accepted and c.defect is None:
                continue  # read only, never loaded here: the embedded test loads it
            now = content_digest(store), store.data_version()
            if now != before:
                failures.append(f"{c.name}: the store changed")
                before = now
    finally:
        store.close()
    assert not failures, "\n".join(failures)


# -- the command line ------------------------------------------------------------------------

runner = CliRunner()


def _case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()} if root.exists() else {}


@pytest.mark.parametrize(("name", "zh", "en"), [
    ("date_iso_feb_30", "members.csv 第 2 行「入党时间」列", "members.csv, row 2, column 入党时间"),
    ("member_code_tel_glued_phone", "members.csv 第 3 行「编号」列", "members.csv, row 3, column 编号"),
    ("gbk_file_with_a_utf8_line", "members.csv 第 4 行", "members.csv, row 4"),
    ("extra_field_beyond_header_xlsx", "members.xlsx工作表「党员」 第 2 行", "members.xlsx, sheet 党员, row 2"),
    ("references_into_an_undecodable_file", "reports.csv 第 2 行「报到党员」列", "reports.csv, row 2, column 报到党员"),
])
def test_cli_load_names_the_file_and_row_in_both_languages(name: str, zh: str, en: str, home: Path, tmp_path: Path) -> None:
    c = _case(name)
    _, secrets, folder = prepare(tmp_path / "case", c)
    before = _snapshot(home)
    result = runner.invoke(app, ["load", str(folder)])
    assert result.exit_code == 1, result.output
    assert "处问题，未写入任何数据" in result.output and zh in result.output
    english = runner.invoke(app, ["--lang", "en", "load", str(folder)])
    assert english.exit_code == 1, english.output
    assert "problem(s); nothing was written" in english.output and en in english.output
    assert "第" not in english.output.replace("第一党支部", "")  # English, apart from the data itself
    for out in (result.output, english.output):
        assert not [s for s in secrets.made if s in out]
    assert _snapshot(home) == before


def test_cli_load_refuses_latin1_until_the_encoding_is_named(home: Path, tmp_path: Path) -> None:
    _, _, folder = prepare(tmp_path / "case", _case("latin1_oekland_doubtful"))
    refused = runner.invoke(app, ["--lang", "en", "load", str(folder)])
    assert refused.exit_code == 1
    assert "members.csv, row 2" in refused.output and "encoding is doubtful" in refused.output
    named = runner.invoke(app, ["--lang", "en", "load", str(folder), "--encoding", "members.csv=latin-1"])
    assert named.exit_code == 0, named.output
    store = EmbeddedStore(home)
    assert store.nodes(Label.MEMBER)["name"].tolist() == ["Økland"]
