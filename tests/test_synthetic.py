"""The synthetic generator: deterministic, loadable, every reference resolves, planted situations hold."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.cli import app, write_synthetic
from graph.model import Label, UnitType
from loaders.schema import TABLES
from loaders.synthetic import (
    LOST_CONTACT_BEFORE,
    OUTPUT_TABLES,
    PLANTED_LABELS,
    GenerationSummary,
    generate,
)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
ID_SHAPE = re.compile(r"\d{17}[\dXx]|\d{15}")
PHONE_SHAPE = re.compile(r"1[3-9]\d{9}")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
NODE_TABLE_OF = {Label.COMMUNITY: "communities", Label.UNIT: "units", Label.PARTY_ORG: "party_orgs",
                 Label.MEMBER: "members", Label.RESOURCE: "resources", Label.NEED: "needs",
                 Label.ACTIVITY: "activities"}


def read(folder: Path, table: str) -> list[dict[str, str]]:
    """Rows of ``table`` keyed by canonical column names (headers mapped through the schema)."""
    encoding = "gbk" if table == "members" else "utf-8-sig"
    with (folder / f"{table}.csv").open(encoding=encoding, newline="") as f:
        reader = csv.reader(f)
        header = [TABLES[table].column_for(h).name for h in next(reader)]  # type: ignore[union-attr]
        return [dict(zip(header, row, strict=True)) for row in reader]


def items(cell: str) -> list[str]:
    return [x for x in cell.split("、") if x]


class Data:
    """All tables of one generated folder, with the lookups the checks need."""

    def __init__(self, folder: Path) -> None:
        self.t = {table: read(folder, table) for table in OUTPUT_TABLES}
        self.ids = {label: {r["id"] for r in self.t[table]} for label, table in NODE_TABLE_OF.items()}
        self.unit_by_id = {r["id"]: r for r in self.t["units"]}
        self.unit_by_name = {r["name"]: r for r in self.t["units"]}
        self.org_by_id = {r["id"]: r for r in self.t["party_orgs"]}
        self.org_by_name = {r["name"]: r for r in self.t["party_orgs"]}
        self.community_by_name = {r["name"]: r for r in self.t["communities"]}

    def members_of(self, org_id: str) -> list[dict[str, str]]:
        name = self.org_by_id[org_id]["name"]
        return [m for m in self.t["members"] if m["org"] == name]

    def full_at(self, unit_id: str) -> int:
        name = self.unit_by_id[unit_id]["name"]
        return sum(m["employer"] == name and m["status"] == "正式" for m in self.t["members"])

    def tied_units(self) -> set[str]:
        """Units with an org, coverage, co-building, pairing, seat, activity or resource."""
        t = self.t
        tied = {r["unit"] for r in t["party_orgs"] if r["unit"]}
        tied |= {r["unit"] for r in t["joint_coverage"]} | {r["unit"] for r in t["seats"]} | {r["unit"] for r in t["resources"]}
        tied |= {r["partner"] for r in t["co_building"]} | {r["target"] for r in t["pairings"]}
        tied |= {o for r in t["activities"] for o in items(r["organizers"])}
        return tied & self.ids[Label.UNIT]

    def categories_in(self, community: str) -> set[str]:
        """Resource categories offered by a unit located in ``community`` or shared with it."""
        return {r["category"] for r in self.t["resources"]
                if self.unit_by_id[r["unit"]]["community"] == community or community in items(r["shared_with"])}


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationSummary]:
    out = tmp_path_factory.mktemp("street")
    return out, write_synthetic(out / "csv", seed=2026, workbook=out / "workbook.xlsx")


@pytest.fixture(scope="module")
def data(street: tuple[Path, GenerationSummary]) -> Data:
    return Data(street[0] / "csv")


@pytest.fixture(scope="module")
def planted(street: tuple[Path, GenerationSummary]) -> dict[str, list[str]]:
    return street[1].planted


# -- determinism, files, encodings ------------------------------------------------------

def test_same_scale_and_seed_give_the_same_bytes(street: tuple[Path, GenerationSummary], tmp_path: Path) -> None:
    first, _ = street
    again = write_synthetic(tmp_path / "csv", seed=2026, workbook=tmp_path / "workbook.xlsx")
    for table in OUTPUT_TABLES:
        assert (tmp_path / "csv" / f"{table}.csv").read_bytes() == (first / "csv" / f"{table}.csv").read_bytes(), table
    assert (tmp_path / "workbook.xlsx").read_bytes() == (first / "workbook.xlsx").read_bytes()
    assert again.planted == street[1].planted
    other = write_synthetic(tmp_path / "other", seed=2027)
    assert (tmp_path / "other" / "members.csv").read_bytes() != (first / "csv" / "members.csv").read_bytes()
    assert other.rows["members"] != again.rows["members"] or other.planted != again.planted


def test_committed_sample_is_the_generator_output_for_seed_2026(street: tuple[Path, GenerationSummary]) -> None:
    first, _ = street
    for table in OUTPUT_TABLES:
        assert (SAMPLE / "csv" / f"{table}.csv").read_bytes() == (first / "csv" / f"{table}.csv").read_bytes(), table
    assert (SAMPLE / "workbook.xlsx").read_bytes() == (first / "workbook.xlsx").read_bytes()
    total = sum((SAMPLE / "csv" / f"{t}.csv").stat().st_size for t in OUTPUT_TABLES) + (SAMPLE / "workbook.xlsx").stat().st_size
    assert total < 2_000_000


def test_sample_readme_names_every_planted_id(street: tuple[Path, GenerationSummary]) -> None:
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "合成数据" in readme and "synthetic" in readme.lower()
    assert "gongjian generate --out data/sample/csv --scale street --seed 2026 --workbook data/sample/workbook.xlsx --force" in readme
    for key, ids in street[1].planted.items():
        shown = ids if key != "unreported_in_service" else ids[:5]
        for i in shown:
            assert i in readme, (key, i)
    assert str(len(street[1].planted["unreported_in_service"])) in readme
    assert f"{street[1].rows['members']:,}" in readme or str(street[1].rows["members"]) in readme


def test_one_file_per_table_members_in_gbk_others_utf8_with_bom(street: tuple[Path, GenerationSummary]) -> None:
    folder = street[0] / "csv"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in OUTPUT_TABLES)
    raw = (folder / "members.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("gbk")
    assert text.startswith("编号,姓名,性别,出生日期,入党时间,党员状态,党员类别,所在党组织,")
    for table in OUTPUT_TABLES:
        if table == "members":
            continue
        data = (folder / f"{table}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), table
        data.decode("utf-8")
    assert street[1].encodings["members"] == "gbk" and street[1].encodings["units"] == "utf-8-sig"


def test_headers_are_the_schema_chinese_headers_in_schema_order(street: tuple[Path, GenerationSummary]) -> None:
    for table in OUTPUT_TABLES:
        encoding = "gbk" if table == "members" else "utf-8-sig"
        with (street[0] / "csv" / f"{table}.csv").open(encoding=encoding, newline="") as f:
            header = next(csv.reader(f))
        zh = [c.zh_header for c in TABLES[table].columns]
        assert all(h in zh for h in header), (table, header)
        assert header == sorted(header, key=zh.index), table
        required = [c.zh_header for c in TABLES[table].columns if c.required]
        assert set(required) <= set(header), table
    assert "公民身份号码" not in read(street[0] / "csv", "members")[0]
    assert "id_number" not in read(street[0] / "csv", "members")[0] and "phone" not in read(street[0] / "csv", "members")[0]


def test_row_counts_match_the_files(street: tuple[Path, GenerationSummary], data: Data) -> None:
    assert street[1].rows == {t: len(data.t[t]) for t in OUTPUT_TABLES}
    assert 1800 <= street[1].rows["members"] <= 2300
    assert 260 <= street[1].rows["units"] <= 320
    assert street[1].rows["communities"] == 7
    assert street[1].relationship_rows == sum(street[1].rows[t] for t in (
        "joint_coverage", "reports", "co_building", "participation", "pairings", "seats"))


def test_dates_are_iso_except_join_dates_in_three_roster_styles(data: Data) -> None:
    for table in OUTPUT_TABLES:
        for col in TABLES[table].columns:
            if col.kind != "date" or (table, col.name) == ("members", "join_date"):
                continue
            values = [r[col.name] for r in data.t[table] if r.get(col.name)]
            assert all(ISO.fullmatch(v) for v in values), (table, col.name)
    joins = [m["join_date"] for m in data.t["members"]]
    dotted = sum(bool(re.fullmatch(r"\d{4}\.\d{2}", j)) for j in joins)
    chinese = sum(bool(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", j)) for j in joins)
    iso = sum(bool(ISO.fullmatch(j)) for j in joins)
    assert dotted + chinese + iso == len(joins)
    for n in (dotted, chinese, iso):
        assert 0.25 * len(joins) < n < 0.42 * len(joins)
    for table, col in (("activities", "date"), ("reports", "start"), ("co_building", "start"), ("members", "last_contact")):
        years = {int(r[col][:4]) for r in data.t[table] if r[col]}
        assert min(years) >= 2019 and max(years) == 2026, (table, years)
    assert max(r["date"] for r in data.t["activities"]) <= "2026-11-01"


# -- references ----------------------------------------------------------------------------

def test_every_reference_resolves(data: Data) -> None:
    id_columns = 0
    for table in OUTPUT_TABLES:
        for col in TABLES[table].columns:
            if col.kind not in ("ref", "refs") or (table == "members"):
                continue
            allowed = set().union(*(data.ids[t] for t in col.targets))
            for r in data.t[table]:
                for value in (items(r.get(col.name, "")) if col.kind == "refs" else [r.get(col.name, "")]):
                    if value:
                        assert value in allowed, (table, col.name, value)
                        id_columns += 1
    assert id_columns > 10_000
    for r in data.t["reports"] + data.t["pairings"]:
        assert bool(r["member"]) != bool(r["org"])  # exactly one of member and organization


def test_members_name_their_org_employer_and_community_and_those_exist(data: Data) -> None:
    members = data.t["members"]
    assert all(m["org"] in data.org_by_name for m in members)
    assert all(m["residence"] in data.community_by_name for m in members)
    employed = [m for m in members if m["employer"]]
    assert all(m["employer"] in data.unit_by_name for m in employed)
    assert {m["category"] for m in employed} == {"在职"}
    assert all(m["employer"] for m in members if m["category"] == "在职")
    # memberships sit in branches, never directly in a committee or general branch
    assert {data.org_by_name[m["org"]]["kind"] for m in members} <= {"党支部", "联合党支部"}


def test_names_and_ids_are_unique(data: Data) -> None:
    for table in ("communities", "units", "party_orgs", "resources", "needs", "activities"):
        names = [r["name"] for r in data.t[table]]
        assert len(names) == len(set(names)), table
    for table in NODE_TABLE_OF.values():
        ids = [r["id"] for r in data.t[table]]
        assert len(ids) == len(set(ids)), table
    assert data.t["members"][0]["id"] == "M000001" and data.t["units"][0]["id"] == "U0001"
    assert data.t["party_orgs"][0]["id"] == "P0001" and data.t["communities"][0]["id"] == "C01"
    assert data.t["resources"][0]["id"] == "R00001" and data.t["activities"][0]["id"] == "A00001"


def test_no_id_number_or_phone_shaped_string_in_the_committed_data() -> None:
    for path in sorted(SAMPLE.rglob("*")):
        if path.is_file():
            text = path.read_bytes().decode("latin-1")
            assert not ID_SHAPE.search(text), path
            assert not PHONE_SHAPE.search(text), path


# -- the street looks like a street ---------------------------------------------------------

def test_proportions_of_members_and_units(data: Data) -> None:
    members = data.t["members"]
    share = {k: v / len(members) for k, v in Counter(m["category"] for m in members).items()}
    assert 0.40 <= share["在职"] <= 0.50 and 0.35 <= share["离退休"] <= 0.45
    assert 0.05 <= share["流动"] <= 0.11 and 0.04 <= share["其他"] <= 0.10
    full = sum(m["status"] == "正式" for m in members) / len(members)
    assert 0.92 <= full <= 0.98
    assert set(Counter(m["gender"] for m in members)) == {"男", "女"}
    assert sum("、" in m["skills"] for m in members) > 200
    types = Counter(u["type"] for u in data.t["units"])
    assert set(types) == {t.zh for t in UnitType}
    assert types["非公有制企业"] > 100 and types["社会组织"] > 30
    assert types["非公有制企业"] > types["国有企业"] > 0
    assert all(int(u["employees"]) > 0 for u in data.t["units"])
    for c in data.t["communities"]:
        here = Counter(u["type"] for u in data.t["units"] if u["community"] == c["id"])
        assert here["居委会"] == 1 and 1 <= here["物业公司"] <= 3 and here["业委会"] >= 1, c["name"]
        # the community party organization: a committee or general branch, established in the residents' committee
        (top,) = [o for o in data.t["party_orgs"] if o["community"] == c["id"] and o["unit"]
                  and data.unit_by_id[o["unit"]]["type"] == "居委会"]
        assert top["kind"] in ("党委", "党总支") and top["name"] == c["name"] + top["kind"]


def test_every_relationship_table_is_populated_with_realistic_content(data: Data) -> None:
    t = data.t
    assert {r["role"] for r in t["pairings"]} == {"党建指导员", "联络员", "结对"}
    assert {r["role"] for r in t["seats"]} == {"联席会议成员", "兼职委员"}
    assert {r["status"] for r in t["needs"]} == {"待认领", "已认领", "已完成"}
    assert any(r["org"] for r in t["reports"]) and any(r["member"] for r in t["reports"])
    assert any(r["end"] for r in t["co_building"])
    assert any(data.org_by_id.get(r["partner"]) for r in t["co_building"])  # a unit's org as partner
    assert sum(bool(r["needs"]) for r in t["activities"]) >= 30
    assert sum(bool(r["resources"]) for r in t["activities"]) >= 30
    assert any(len(items(r["organizers"])) == 2 for r in t["activities"])
    hours = [float(r["hours"]) for r in t["participation"]]
    assert min(hours) >= 0.5 and max(hours) <= 8
    joint = {o["id"] for o in t["party_orgs"] if o["kind"] == "联合党支部"}
    assert joint and {r["org"] for r in t["joint_coverage"]} <= joint
    for r in t["pairings"]:
        if r["role"] == "党建指导员":
            assert r["member"] and r["target"] in data.ids[Label.UNIT]
            assert not any(o["unit"] == r["target"] for o in t["party_orgs"])  # sent to units without an org


# -- planted situations -----------------------------------------------------------------------

def test_planted_keys_and_labels(planted: dict[str, list[str]]) -> None:
    assert set(planted) == set(PLANTED_LABELS)
    assert all(planted[k] for k in planted)


def test_unbuilt_units_have_three_full_members_and_no_org(data: Data, planted: dict[str, list[str]]) -> None:
    assert len(planted["unbuilt_units"]) >= 3
    org_units = {o["unit"] for o in data.t["party_orgs"] if o["unit"]}
    for unit in planted["unbuilt_units"]:
        assert data.full_at(unit) >= 3 and unit not in org_units
    # …and no other unit is in that situation
    every = {u["id"] for u in data.t["units"] if data.full_at(u["id"]) >= 3 and u["id"] not in org_units}
    assert every == set(planted["unbuilt_units"])
    covered = {r["unit"] for r in data.t["joint_coverage"] if not r["end"]}
    assert planted["unbuilt_uncovered_units"]
    for unit in planted["unbuilt_uncovered_units"]:
        assert unit in planted["unbuilt_units"] and unit not in covered
    assert set(planted["unbuilt_units"]) - set(planted["unbuilt_uncovered_units"]) <= covered


def test_branch_size_violations(data: Data, planted: dict[str, list[str]]) -> None:
    (big,) = planted["oversize_branches"]
    assert data.org_by_id[big]["kind"] == "党支部" and len(data.members_of(big)) > 50
    (small,) = planted["undersize_branches"]
    assert data.org_by_id[small]["kind"] == "党支部"
    assert sum(m["status"] == "正式" for m in data.members_of(small)) < 3
    for o in data.t["party_orgs"]:
        if o["kind"] in ("党支部", "联合党支部") and o["id"] not in (big, small):
            ms = data.members_of(o["id"])
            assert len(ms) <= 50 and sum(m["status"] == "正式" for m in ms) >= 3, o["name"]


def test_unreported_lost_contact_and_stationless_members(data: Data, planted: dict[str, list[str]]) -> None:
    reported = {r["member"] for r in data.t["reports"]}
    in_service = [m["id"] for m in data.t["members"] if m["category"] == "在职"]
    unreported = [i for i in in_service if i not in reported]
    assert unreported == planted["unreported_in_service"]
    assert 0.25 * len(in_service) < len(unreported) < 0.55 * len(in_service)
    lost = [m["id"] for m in data.t["members"] if m["last_contact"] <= LOST_CONTACT_BEFORE.isoformat()]
    assert lost == planted["lost_contact_members"] and 3 <= len(lost) <= 8
    assert all(m["last_contact"] >= "2026-06-01" for m in data.t["members"] if m["id"] not in lost)
    assert all(dt.date.fromisoformat(m["last_contact"]) <= dt.date(2026, 11, 1) - dt.timedelta(days=182)
               for m in data.t["members"] if m["id"] in lost)
    stationless = [m["id"] for m in data.t["members"] if m["category"] == "流动" and not m["station"]]
    assert stationless == planted["floating_without_station"] and 2 <= len(stationless) <= 5
    assert all(m["station"] for m in data.t["members"] if m["category"] == "流动" and m["id"] not in stationless)
    assert not any(m["station"] for m in data.t["members"] if m["category"] != "流动")


def test_unmet_needs_with_and_without_a_matching_resource(data: Data, planted: dict[str, list[str]]) -> None:
    addressed = {n for r in data.t["activities"] for n in items(r["needs"])}
    needs = {r["id"]: r for r in data.t["needs"]}
    unmet = [r["id"] for r in data.t["needs"] if r["status"] == "待认领" and r["id"] not in addressed]
    assert unmet == planted["unmet_needs"] and 3 <= len(unmet) <= 6
    assert all(r["id"] in addressed for r in data.t["needs"] if r["status"] != "待认领")
    assert planted["unmet_needs_with_resource"] and planted["unmet_needs_without_resource"]
    for n in planted["unmet_needs_with_resource"]:
        need = needs[n]
        assert any(r["category"] == need["category"] and data.unit_by_id[r["unit"]]["community"] == need["community"]
                   and need["community"] in items(r["shared_with"]) for r in data.t["resources"]), n
    adjacent = {c["id"]: items(c["adjacent"]) for c in data.t["communities"]}
    for n in planted["unmet_needs_without_resource"]:
        need = needs[n]
        assert need["category"] not in data.categories_in(need["community"]), n
        for a in adjacent[need["community"]]:  # nor next door
            assert need["category"] not in data.categories_in(a), (n, a)


def test_exactly_one_isolated_unit(data: Data, planted: dict[str, list[str]]) -> None:
    isolated = sorted(data.ids[Label.UNIT] - data.tied_units())
    assert isolated == planted["isolated_units"] and len(isolated) == 1
    (unit,) = isolated
    name = data.unit_by_id[unit]["name"]
    assert not any(m["employer"] == name for m in data.t["members"])
    assert data.unit_by_id[unit]["type"] == "非公有制企业"


def test_communities_missing_an_item_on_their_scorecard(data: Data, planted: dict[str, list[str]]) -> None:
    community_of_org = {o["id"]: o["community"] for o in data.t["party_orgs"]}
    with_agreement = {community_of_org[r["org"]] for r in data.t["co_building"]}
    with_agreement |= {data.unit_by_id[r["partner"]]["community"] for r in data.t["co_building"] if r["partner"] in data.unit_by_id}
    all_c = [c["id"] for c in data.t["communities"]]
    assert [c for c in all_c if c not in with_agreement] == planted["communities_without_co_building"] == ["C07"]
    seated = {r["community"] for r in data.t["seats"]}
    assert [c for c in all_c if c not in seated] == planted["communities_without_seats"] == ["C06"]
    reported = {r["community"] for r in data.t["reports"]}
    assert reported == set(all_c)


# -- personal data --------------------------------------------------------------------------

def check_digit(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def test_with_pii_id_numbers_are_valid_and_consistent(tmp_path: Path) -> None:
    from loaders.identity import parse_id_number

    summary = write_synthetic(tmp_path, seed=11, with_pii=True)
    members = read(tmp_path, "members")
    assert len(members) == summary.rows["members"]
    numbers = [m["id_number"] for m in members]
    assert len(set(numbers)) == len(numbers)
    for m in members:
        n = m["id_number"]
        assert len(n) == 18 and n[:17].isdigit() and n[17] == check_digit(n[:17])
        assert n[6:14] == m["birth_date"].replace("-", "")
        assert (int(n[16]) % 2 == 1) == (m["gender"] == "男")
        info = parse_id_number(n)
        assert info.birth_year == int(m["birth_date"][:4])
        assert re.fullmatch(r"1[358]\d{9}", m["phone"])
        if m["category"] == "离退休":
            assert info.birth_year <= 1966
    # relationship tables name members by ID number, the loader's pseudonym source
    known = set(numbers)
    for table in ("reports", "participation", "pairings"):
        rows = read(tmp_path, table)
        assert "member" not in rows[0] and "member_id_number" in rows[0]
        assert all(r["member_id_number"] in known for r in rows if r["member_id_number"])
    assert len(summary.planted["unreported_in_service"]) > 100


def test_default_sample_has_no_id_numbers_or_phones(data: Data) -> None:
    assert "id_number" not in data.t["members"][0] and "phone" not in data.t["members"][0]
    header = (SAMPLE / "csv" / "members.csv").read_bytes().decode("gbk").splitlines()[0]
    assert "公民身份号码" not in header and "联系电话" not in header


# -- the loader reads what the generator writes ---------------------------------------------

@pytest.mark.parametrize("path", ["csv", "workbook.xlsx"])
def test_loader_reads_the_sample_without_a_problem(path: str, key: bytes) -> None:
    from loaders.dataset_reader import read_dataset

    ds = read_dataset(SAMPLE / path, key=key, today=dt.date(2026, 11, 25))
    nodes, rels = ds.counts()
    members = len(read(SAMPLE / "csv", "members"))
    assert nodes["Member"] == members and rels["MEMBER_OF"] == members and rels["RESIDES_IN"] == members
    assert rels["PARTICIPATED_IN"] == len(read(SAMPLE / "csv", "participation"))


def test_loader_reads_the_pii_variant(tmp_path: Path, key: bytes) -> None:
    from loaders.dataset_reader import read_dataset

    summary = write_synthetic(tmp_path, seed=3, with_pii=True)
    ds = read_dataset(tmp_path, key=key, today=dt.date(2026, 11, 25))
    nodes, rels = ds.counts()
    assert nodes["Member"] == summary.rows["members"]
    assert rels["PARTICIPATED_IN"] == summary.rows["participation"]


# -- workbook, options, CLI ---------------------------------------------------------------------

def test_workbook_has_a_sheet_per_table_under_a_merged_title(street: tuple[Path, GenerationSummary]) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(street[0] / "workbook.xlsx"))
    assert book.sheet_names == [TABLES[t].zh for t in OUTPUT_TABLES]
    for table in OUTPUT_TABLES:
        sheet = book.get_sheet_by_name(TABLES[table].zh)
        rows = sheet.to_python()
        assert "合成样例" in str(rows[0][0]) and "街道" in str(rows[0][0])
        assert ((0, 0), (0, len(rows[1]) - 1)) in (sheet.merged_cell_ranges or [])
        assert rows[1] == next(csv.reader((street[0] / "csv" / f"{table}.csv").read_text(
            encoding="gbk" if table == "members" else "utf-8-sig").splitlines()[:1]))
        assert len(rows) - 2 == street[1].rows[table]


def test_options_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="street scale"):
        write_synthetic(tmp_path, scale="district", workbook=tmp_path / "w.xlsx")
    with pytest.raises(ValueError, match="scale"):
        generate(scale="country")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="gbk_tables"):
        generate(gbk_tables=("people",))
    assert list(tmp_path.iterdir()) == []


def test_gbk_tables_and_progress(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    summary = write_synthetic(tmp_path, seed=5, gbk_tables=("members", "units"), progress=lambda *a: calls.append(a))
    (tmp_path / "units.csv").read_bytes().decode("gbk")
    assert not (tmp_path / "units.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert ("streets", 1, 1) in calls
    for table in OUTPUT_TABLES:
        assert (table, summary.rows[table], summary.rows[table]) in calls


def test_gongjian_generate_is_the_one_command_line(tmp_path: Path) -> None:
    import importlib.util

    import loaders.synthetic

    assert importlib.util.find_spec("loaders.synthetic.__main__") is None and not hasattr(loaders.synthetic, "main")
    runner = CliRunner()
    result = runner.invoke(app, ["--lang", "en", "generate", "--out", str(tmp_path / "out"), "--seed", "4"])
    assert result.exit_code == 0, result.output
    summary = write_synthetic(tmp_path / "again", seed=4)
    for table in OUTPUT_TABLES:
        assert (tmp_path / "out" / f"{table}.csv").read_bytes() == (tmp_path / "again" / f"{table}.csv").read_bytes()
    lines = result.output.splitlines()
    assert lines[0] == f"wrote {summary.total_rows} rows of synthetic data to {tmp_path / 'out'}"
    assert f"  members         {summary.rows['members']:>10,d}  gbk" in lines
    assert "planted situations (what the analyses should find):" in lines
    (isolated,) = summary.planted["isolated_units"]
    assert f"  {PLANTED_LABELS['isolated_units'][1]}: 1  {isolated}" in lines


def test_streets_are_rows_in_layout_order(street: tuple[Path, GenerationSummary]) -> None:
    synthesis = generate(seed=2026)
    (made,) = list(synthesis.streets())
    assert made.name == "天塘街道" and made.title == "天塘街道社区党建数据（合成样例）"
    assert made.planted == street[1].planted
    for layout in synthesis.layouts:
        encoding = "gbk" if layout.name == "members" else "utf-8-sig"
        with (street[0] / "csv" / f"{layout.name}.csv").open(encoding=encoding, newline="") as f:
            header, *rows = list(csv.reader(f))
        assert tuple(header) == layout.headers
        assert rows == [[str(c) for c in row] for row in made.rows[layout.name]], layout.name


@pytest.mark.slow
def test_district_scale_streams_about_fifty_thousand_members(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    summary = write_synthetic(tmp_path, scale="district", seed=1, progress=lambda *a: calls.append(a))
    assert 45_000 <= summary.rows["members"] <= 55_000
    assert 6_000 <= summary.rows["units"] <= 9_000
    assert ("streets", 25, 25) in calls
    assert len([c for c in calls if c[0] == "members" and c[1] < summary.rows["members"]]) >= 4  # every 10,000 rows
    data = Data(tmp_path)
    assert len(data.t["members"]) == summary.rows["members"]
    assert len({m["id"] for m in data.t["members"]}) == summary.rows["members"]
    assert all(m["org"] in data.org_by_name for m in data.t["members"])
    assert all(m["employer"] in data.unit_by_name for m in data.t["members"] if m["employer"])
    assert len(data.org_by_name) == len(data.t["party_orgs"]) and len(data.unit_by_name) == len(data.t["units"])
    assert len({c["street"] for c in data.t["communities"]}) == 25
    assert data.t["members"][0]["id"].startswith("S01-M")
    assert len(summary.planted["unbuilt_uncovered_units"]) == 25
    assert len(summary.planted["isolated_units"]) == 25
    for r in data.t["participation"][:: 97]:
        assert r["member"] in data.ids[Label.MEMBER] and r["activity"] in data.ids[Label.ACTIVITY]


def test_gongjian_generate_never_overwrites_a_roster_without_force(tmp_path: Path) -> None:
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "members.csv").write_text("编号,姓名\nM1,张三\n", encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(app, ["--lang", "en", "generate", "--out", str(roster), "--seed", "4"])
    assert refused.exit_code == 1
    assert "1 file(s) of the same name are already there" in refused.output and "--force" in refused.output
    assert sorted(p.name for p in roster.iterdir()) == ["members.csv"]
    assert (roster / "members.csv").read_text(encoding="utf-8") == "编号,姓名\nM1,张三\n"
    forced = runner.invoke(app, ["--lang", "en", "generate", "--out", str(roster), "--seed", "4", "--force"])
    assert forced.exit_code == 0, forced.output
    assert (roster / "members.csv").read_bytes() != "编号,姓名\nM1,张三\n".encode()
