"""No resident ID number or phone number ever reaches the store."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from dashboard.cli import app

from .conftest import write_csv

ID_SHAPE = re.compile(r"\d{17}[\dXx]|\d{15}")
PHONE_SHAPE = re.compile(r"1[3-9]\d{9}")


def test_no_id_or_phone_anywhere_under_home(home: Path, base_dir: Path, id_numbers) -> None:
    numbers = [id_numbers() for _ in range(30)]
    phones = [f"139{i:08d}" for i in range(30)]
    old_form = numbers[0][:6] + numbers[0][8:17]  # the same person's 15-digit number
    rows = [["姓名", "公民身份号码", "手机号码", "所在党支部", "工作单位", "特长"]]
    rows += [[f"党员{i}", n, p, "阳光社区第一党支部", "阳光小学", f"电话{p}"] for i, (n, p) in enumerate(zip(numbers, phones, strict=True))]
    write_csv(base_dir / "members.csv", rows)
    write_csv(base_dir / "reports.csv", [["身份证号", "报到社区", "报到时间"], [old_form, "阳光社区", "2024-05-01"]])
    result = CliRunner().invoke(app, ["load", str(base_dir)])
    assert result.exit_code == 0, result.output
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".parquet" for p in files)
    texts = []
    for p in files:
        raw = p.read_bytes()
        texts.append(raw.decode("latin-1"))
        if p.suffix == ".parquet":  # compressed pages: check the decoded values too
            texts.append(pq.read_table(p).to_pandas().to_string())
    blob = "\n".join(texts)
    for secret in [*numbers, old_form]:
        assert secret not in blob
    for phone in phones:
        assert phone not in blob  # also when typed into a free-text cell (特长)
    assert not ID_SHAPE.search(pq.read_table(next(p for p in files if p.name == "Member.parquet")).to_pandas().to_string())
    assert "pseudonym.key" not in {p.name for p in files}


def test_personal_numbers_in_the_wrong_cells(base_dir: Path, id_numbers) -> None:
    from loaders.dataset_reader import read_dataset
    from loaders.errors import InputInvalid

    from .conftest import KEY

    number = id_numbers()
    write_csv(base_dir / "members.csv", [
        ["编号", "姓名", "所在党支部", "出生日期", "特长"],
        ["M1", "张三", "P02", number, "书法 tel:+86 139-1234-5678"],
        [number, "李四", "P02", "", ""],
    ])
    with pytest.raises(InputInvalid) as info:
        read_dataset(base_dir, key=KEY)
    text = info.value.message("zh") + info.value.message("en") + repr([p.as_row() for p in info.value.problems])
    assert number not in text
    assert [(p.row, p.column, p.code) for p in info.value.problems] == [(2, "出生日期", "not_date"), (3, "编号", "personal_in_code")]
    assert info.value.problems[0].value == number[:4] + "*" * 12 + number[-2:]


def test_free_text_is_redacted_but_unit_credit_codes_are_not(base_dir: Path) -> None:
    from graph.model import Label
    from loaders.dataset_reader import read_dataset

    from .conftest import KEY

    write_csv(base_dir / "units.csv", [
        ["统一社会信用代码", "单位名称", "单位类型"],
        ["911101087000012345", "阳光小学", "学校"], ["911101087000012346", "星光公司", "非公企业"],
    ])
    write_csv(base_dir / "members.csv", [
        ["编号", "姓名", "所在党支部", "特长", "工作单位"],
        ["M1", "张三", "P02", "书法、电话 139 1234 5678、座机 0571-88886666", "911101087000012345"],
    ])
    ds = read_dataset(base_dir, key=KEY)
    assert ds.nodes[Label.UNIT]["id"].tolist() == ["911101087000012345", "911101087000012346"]
    assert ds.nodes[Label.MEMBER]["skills"].tolist() == [["书法", "电话 [已删除]", "座机 [已删除]"]]
