"""The reader checks a dataset whole without holding it whole: two passes, rows parsed in
chunks, finished tables spooled to disk. None of that may change what comes out."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import loaders.dataset_reader as dataset_reader
import loaders.parsing as parsing
from dashboard.settings import SAMPLE_DIR
from graph.model import Label, RelType
from loaders.dataset_reader import read_dataset
from loaders.errors import InputInvalid

from .conftest import KEY, write_csv

TODAY = dt.date(2026, 11, 1)


def located(e: InputInvalid) -> list[tuple[object, ...]]:
    return [(p.file, p.sheet, p.row, p.column, p.value, p.code, p.params.get("other")) for p in e.problems]


def tables(ds) -> dict[str, pd.DataFrame]:  # type: ignore[no-untyped-def]
    return {str(k): v for k, v in [*ds.nodes.items(), *ds.relationships.items()]}


def test_parsing_in_small_chunks_gives_the_same_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = tables(read_dataset(SAMPLE_DIR, key=KEY, effective=TODAY))
    monkeypatch.setattr(parsing, "CHUNK_ROWS", 37)  # the sample's 2,045 members in 56 chunks
    chunked = tables(read_dataset(SAMPLE_DIR, key=KEY, effective=TODAY))
    assert list(chunked) == list(whole) and len(whole) == 25
    for name, frame in whole.items():
        pd.testing.assert_frame_equal(chunked[name], frame, obj=name)
    assert len(whole["Member"]) == 2045 and len(whole["PARTICIPATED_IN"]) == 4634


def test_problems_across_chunk_boundaries_are_the_same(base_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_csv(base_dir / "units.csv", [
        ["单位编号", "单位名称", "单位类型", "职工人数", "所在社区"],
        ["U01", "阳光小学", "学校", "80", "阳光社区"],
        ["U02", "星光科技有限公司", "非公企业", "十二", "C01"],
        ["U03", "明月餐馆", "外星企业", "5", "C09"],
        ["U01", "晨曦幼儿园", "学校", "30", "C01"],
        ["U05", "阳光小学", "学校", "", "C01"],
    ])
    with pytest.raises(InputInvalid) as whole:
        read_dataset(base_dir, key=KEY, today=TODAY)
    monkeypatch.setattr(parsing, "CHUNK_ROWS", 2)
    with pytest.raises(InputInvalid) as chunked:
        read_dataset(base_dir, key=KEY, today=TODAY)
    assert located(chunked.value) == located(whole.value) == [
        ("party_orgs.csv", None, 4, "所在单位", "阳光小学", "ambiguous", None),
        ("units.csv", None, 3, "职工人数", "十二", "not_integer", None),
        ("units.csv", None, 4, "单位类型", "外星企业", "not_in_enum", None),
        ("units.csv", None, 4, "所在社区", "C09", "unresolved", None),
        ("units.csv", None, 5, "单位编号", "U01", "duplicate_id", "2"),  # row 2 was in another chunk
        ("units.csv", None, 6, "单位名称", "阳光小学", "duplicate_name", "2"),
    ]


def test_a_file_changed_while_the_dataset_is_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    write_csv(folder / "communities.csv", [["社区编号", "社区名称"], ["C01", "阳光社区"]])
    units = write_csv(folder / "units.csv", [["单位编号", "单位名称", "单位类型", "所在社区"], ["U01", "阳光小学", "学校", "C01"]])
    real = dataset_reader.read_file
    looked: list[str] = []

    def read_then_edit(path: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        found = real(path, *args, **kwargs)
        if path.name == "units.csv" and not looked:
            looked.append(path.name)  # someone saves the roster again after the first look
            with open(units, "a", encoding="utf-8") as f:
                f.write("U02,星光科技有限公司,企业,C01\n")
        return found

    monkeypatch.setattr(dataset_reader, "read_file", read_then_edit)
    with pytest.raises(InputInvalid) as info:
        read_dataset(folder, key=KEY, today=TODAY)
    assert [(p.file, p.code) for p in info.value.problems] == [("units.csv", "file_changed")]
    assert "the file changed while it was being read" in info.value.problems[0].message("en")


def test_spooled_tables_live_in_a_private_folder_removed_on_close_or_failure(
    base_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spools = tmp_path / "tmp"
    spools.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spools))
    ds = read_dataset(base_dir, key=KEY, today=TODAY)
    [folder] = list(spools.iterdir())
    assert folder.stat().st_mode & 0o077 == 0  # only the user can read it
    assert ds.counts() == ({"Community": 2, "Unit": 3, "PartyOrg": 4}, {"LOCATED_IN": 7, "SUBORDINATE_TO": 2, "ESTABLISHED_IN": 1})
    assert ds.nodes[Label.UNIT]["name"].tolist() == ["阳光小学", "星光科技有限公司", "和平物业公司"]
    assert RelType.MEMBER_OF not in ds.relationships
    with pytest.raises(TypeError):
        ds.add_nodes(Label.UNIT, [{"id": "U09", "name": "x"}])
    ds.close()
    assert list(spools.iterdir()) == []
    write_csv(base_dir / "units.csv", [["单位编号", "单位名称", "单位类型"], ["U01", "阳光小学", "外星企业"]])
    with pytest.raises(InputInvalid):
        read_dataset(base_dir, key=KEY, today=TODAY)
    assert list(spools.iterdir()) == []  # a refused dataset leaves nothing behind


def test_the_spool_of_a_killed_loader_is_removed_by_the_next(tmp_path: Path) -> None:
    import subprocess
    import sys

    from graph.dataset import TableSpool

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    stale = tmp_path / f"gongjian-spool-{gone.stdout.strip()}-abcd"  # as a SIGKILLed loader leaves it
    stale.mkdir()
    (stale / "Member-00000.parquet").write_bytes(b"x")
    alive = tmp_path / f"gongjian-spool-{os.getppid()}-efgh"  # a loader still running
    alive.mkdir()
    other = tmp_path / "gongjian-spool-notes"
    other.mkdir()
    spool = TableSpool(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name, spool.root.name])
    spool.close()
