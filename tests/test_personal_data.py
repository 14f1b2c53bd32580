"""No resident ID number or phone number ever reaches the store."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow.parquet as pq
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
