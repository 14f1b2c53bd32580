"""The input tables: which columns each takes, of which kind, under which headers.

Street offices name columns in many ways (姓名 / 党员姓名, 所在党支部 / 所在党组织 …).
Each :class:`Column` lists the headers it accepts; :func:`match_header` maps a header
as written in a file to a column. ``docs/data-format.md`` documents the same tables.

Examples
--------
>>> TABLES["members"].column_for("所在党支部").name
'org'
>>> TABLES["members"].column_for(" 入党 时间* ").name
'join_date'
>>> table_for_name("党员名册").name
'members'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from graph.model import (
    BilingualEnum,
    Gender,
    Label,
    MemberCategory,
    MemberStatus,
    NeedStatus,
    OrgKind,
    PairingRole,
    ResourceCategory,
    SeatRole,
    UnitType,
)

ColumnKind = Literal[
    "text", "int", "float", "date", "enum", "list", "ref", "refs", "id_number", "phone"
]


def normalize_header(text: object) -> str:
    """A header reduced to what identifies it: NFKC, no spaces, no required-markers, lower case."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    # Characters nobody sees (a second BOM, NUL, a zero-width space) do not make another
    # header; the reader reports them at the header (``header_invisible``).
    s = "".join(ch for ch in s if unicodedata.category(ch) not in ("Cc", "Cf"))
    s = re.sub(r"[\s*＊:：]+", "", s)
    s = re.sub(r"\(.*?\)$", "", s)  # 人数(人), 时长(小时)
    return s.lower()


@dataclass(frozen=True)
class Column:
    """One input column: canonical name, accepted headers, kind, and for refs the labels it names."""

    name: str
    headers: tuple[str, ...]
    kind: ColumnKind = "text"
    required: bool = False
    enum: type[BilingualEnum] | None = None
    targets: tuple[Label, ...] = ()
    zh: str = ""
    en: str = ""

    @property
    def zh_header(self) -> str:
        """The Chinese header the sample data and templates use."""
        return self.headers[0]


@dataclass(frozen=True)
class Table:
    """One input table: name, Chinese name, accepted file/sheet names and columns."""

    name: str
    zh: str
    file_names: tuple[str, ...]
    columns: tuple[Column, ...]
    label: Label | None = None
    en: str = ""
    _index: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for col in self.columns:
            for h in (col.name, *col.headers):
                self._index[normalize_header(h)] = col

    def column_for(self, header: object) -> Column | None:
        """The column a header written as ``header`` stands for, if any."""
        return self._index.get(normalize_header(header))

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)


C, U, O, M = Label.COMMUNITY, Label.UNIT, Label.PARTY_ORG, Label.MEMBER
R, N, A = Label.RESOURCE, Label.NEED, Label.ACTIVITY


def _id(*extra: str) -> Column:
    return Column("id", ("编号", "编码", "序号ID", "ID", *extra), zh="唯一编号；省略时由名称生成", en="unique id; derived from the name when absent")


def _start(*headers: str) -> Column:
    return Column("start", (*headers, "开始时间", "起始时间", "start"), "date", zh="开始日期", en="start date")


def _end(*headers: str) -> Column:
    return Column("end", (*headers, "结束时间", "终止时间", "end"), "date", zh="结束日期（空=仍有效）", en="end date (empty = still valid)")


TABLE_LIST: tuple[Table, ...] = (
    Table("communities", "社区", ("社区", "社区信息", "社区名单", "communities"), (
        _id("社区编号", "社区编码", "社区代码"),
        Column("name", ("社区名称", "社区", "名称", "name"), required=True, zh="社区名称", en="community name"),
        Column("street", ("所属街道", "街道", "街道办事处"), zh="街道", en="street (subdistrict)"),
        Column("district", ("所属区", "区", "区县", "所属区县"), zh="区", en="district"),
        Column("lat", ("纬度", "latitude"), "float", zh="纬度", en="latitude"),
        Column("lon", ("经度", "longitude"), "float", zh="经度", en="longitude"),
        Column("adjacent", ("相邻社区", "毗邻社区"), "refs", targets=(C,), zh="相邻社区（名称或编号，顿号分隔）", en="adjacent communities (names or ids, separated by 、 or ,)"),
    ), label=C, en="communities"),
    Table("units", "单位", ("单位", "辖区单位", "驻区单位", "单位名册", "units"), (
        _id("单位编号", "统一社会信用代码", "信用代码"),
        Column("name", ("单位名称", "单位", "名称", "name"), required=True, zh="单位名称", en="unit name"),
        Column("type", ("单位类型", "单位性质", "类型", "type"), "enum", required=True, enum=UnitType, zh="单位类型", en="unit type"),
        Column("employees", ("职工人数", "从业人员数", "员工人数", "人数"), "int", zh="职工人数", en="number of employees"),
        Column("community", ("所在社区", "所属社区", "社区"), "ref", targets=(C,), zh="所在社区", en="community it is located in"),
    ), label=U, en="units"),
    Table("party_orgs", "党组织", ("党组织", "党组织名册", "党组织信息", "party_orgs", "orgs"), (
        _id("党组织编号", "组织编号", "党组织代码"),
        Column("name", ("党组织名称", "组织名称", "名称", "name"), required=True, zh="党组织名称", en="name"),
        Column("kind", ("党组织类别", "组织类别", "组织类型", "党组织类型", "类别", "kind"), "enum", required=True, enum=OrgKind, zh="类别：党委/党总支/党支部/联合党支部/党小组", en="kind"),
        Column("community", ("所在社区", "所属社区", "社区"), "ref", targets=(C,), zh="所在社区", en="community"),
        Column("parent", ("上级党组织", "上级组织", "隶属党组织", "parent"), "ref", targets=(O,), zh="上级党组织", en="parent organization"),
        Column("unit", ("所在单位", "依托单位", "单独组建单位", "unit"), "ref", targets=(U,), zh="单独组建所在单位", en="the unit whose own organization it is"),
        Column("established", ("成立时间", "成立日期", "组建时间"), "date", zh="成立时间", en="date established"),
    ), label=O, en="party organizations"),
    Table("members", "党员", ("党员", "党员名册", "党员信息", "党员花名册", "members"), (
        _id("党员编号", "人员编号"),
        Column("name", ("姓名", "党员姓名", "name"), required=True, zh="姓名", en="name"),
        Column("id_number", ("公民身份号码", "身份证号", "身份证号码", "身份证", "id_number"), "id_number", zh="居民身份证号（校验后转为化名编号，不保存）", en="resident ID number (checked, pseudonymized, never stored)"),
        Column("gender", ("性别", "gender"), "enum", enum=Gender, zh="性别（有身份证号时可省略）", en="gender (derived from the ID number when absent)"),
        Column("birth_date", ("出生日期", "出生年月", "birth_date"), "date", zh="出生年月（仅保留年份）", en="date of birth (only the year is kept)"),
        Column("phone", ("联系电话", "手机号码", "手机号", "电话", "phone"), "phone", zh="联系电话（读入即丢弃）", en="phone (dropped on reading)"),
        Column("join_date", ("入党时间", "入党日期", "join_date"), "date", zh="入党时间", en="date of joining the party"),
        Column("status", ("党员状态", "人员类别", "党籍状态", "status"), "enum", enum=MemberStatus, zh="正式/预备", en="full or probationary"),
        Column("category", ("党员类别", "党员类型", "类别", "category"), "enum", enum=MemberCategory, zh="在职/离退休/流动/其他", en="in service / retired / floating / other"),
        Column("org", ("所在党组织", "所在党支部", "所属党支部", "所属党组织", "党支部", "org"), "ref", required=True, targets=(O,), zh="组织关系所在党组织", en="party organization holding the membership"),
        Column("org_since", ("转入时间", "转入本支部时间", "org_since"), "date", zh="转入该党组织时间", en="date the membership moved there"),
        Column("employer", ("工作单位", "工作单位及职务", "单位", "employer"), "ref", targets=(U,), zh="工作单位（辖区外单位保留名称）", en="employer (names of units outside the data are kept as text)"),
        Column("residence", ("居住社区", "现居住社区", "居住地社区", "residence"), "ref", targets=(C,), zh="居住社区", en="community of residence"),
        Column("skills", ("特长", "专长", "个人特长", "skills"), "list", zh="特长（顿号分隔）", en="skills (separated by 、 or ,)"),
        Column("last_contact", ("最近联系时间", "最后联系时间", "最近联系日期", "last_contact"), "date", zh="最近一次联系时间", en="date of last contact"),
        Column("station", ("流动党员服务站", "服务站", "管理服务站", "station"), zh="流动党员服务站", en="service station of a floating member"),
    ), label=M, en="party members"),
    Table("joint_coverage", "联合党支部覆盖", ("联合党支部覆盖", "联合组建", "联建覆盖", "joint_coverage"), (
        Column("org", ("联合党支部", "党组织", "org"), "ref", required=True, targets=(O,), zh="联合党支部", en="joint branch"),
        Column("unit", ("覆盖单位", "单位", "unit"), "ref", required=True, targets=(U,), zh="覆盖的单位", en="unit covered"),
        _start("覆盖时间", "纳入时间"), _end("退出时间"),
    ), en="joint-branch coverage"),
    Table("reports", "报到记录", ("报到记录", "报到", "双报到", "reports"), (
        Column("member", ("报到党员", "党员", "党员编号", "member"), "ref", targets=(M,), zh="报到党员（编号或姓名）", en="member reporting (id or name)"),
        Column("member_id_number", ("公民身份号码", "身份证号", "身份证号码"), "id_number", zh="报到党员身份证号（代替编号）", en="ID number of the member (instead of the id)"),
        Column("org", ("报到党组织", "党组织", "org"), "ref", targets=(O,), zh="报到党组织（单位党组织报到时填）", en="organization reporting"),
        Column("community", ("报到社区", "社区", "community"), "ref", required=True, targets=(C,), zh="报到社区", en="community reported to"),
        _start("报到时间", "报到日期"), _end(),
    ), en="reporting (报到) records"),
    Table("co_building", "共建协议", ("共建协议", "共驻共建", "共建", "co_building"), (
        Column("org", ("社区党组织", "党组织", "发起党组织", "org"), "ref", required=True, targets=(O,), zh="签约党组织", en="party organization signing"),
        Column("partner", ("共建单位", "共建对象", "partner"), "ref", required=True, targets=(U, O), zh="共建单位或党组织", en="partner unit or organization"),
        Column("kind", ("共建类型", "协议类型", "kind"), zh="共建类型", en="kind of agreement"),
        _start("签订时间", "签约时间"), _end("到期时间"),
    ), en="co-building agreements"),
    Table("resources", "资源清单", ("资源清单", "资源", "resources"), (
        _id("资源编号"),
        Column("name", ("资源名称", "资源", "名称", "name"), required=True, zh="资源名称", en="name"),
        Column("category", ("资源类别", "类别", "category"), "enum", required=True, enum=ResourceCategory, zh="场地/设施/志愿服务/资金/专业服务/其他", en="category"),
        Column("capacity", ("容量", "可容纳人数", "数量", "capacity"), "int", zh="容量", en="capacity"),
        Column("unit", ("提供单位", "所属单位", "单位", "unit"), "ref", required=True, targets=(U,), zh="提供单位", en="unit offering it"),
        Column("shared_with", ("开放社区", "共享社区", "服务社区", "shared_with"), "refs", targets=(C,), zh="向哪些社区开放（顿号分隔）", en="communities it is opened to"),
    ), label=R, en="resource list"),
    Table("needs", "需求清单", ("需求清单", "需求", "needs"), (
        _id("需求编号"),
        Column("name", ("需求名称", "需求内容", "需求", "名称", "name"), required=True, zh="需求内容", en="need"),
        Column("category", ("需求类别", "类别", "category"), "enum", required=True, enum=ResourceCategory, zh="类别（同资源类别）", en="category (as for resources)"),
        Column("status", ("办理状态", "状态", "status"), "enum", enum=NeedStatus, zh="待认领/已认领/已完成", en="open / claimed / done"),
        Column("raised_on", ("提出时间", "提出日期", "raised_on"), "date", zh="提出时间", en="date raised"),
        Column("community", ("所在社区", "提出社区", "社区", "community"), "ref", required=True, targets=(C,), zh="提出需求的社区", en="community raising it"),
    ), label=N, en="needs list"),
    Table("activities", "项目清单", ("项目清单", "活动", "活动项目", "activities"), (
        _id("项目编号", "活动编号"),
        Column("name", ("项目名称", "活动名称", "名称", "name"), required=True, zh="项目/活动名称", en="name"),
        Column("category", ("活动类别", "项目类别", "类别", "category"), zh="类别", en="category"),
        Column("date", ("活动时间", "活动日期", "日期", "date"), "date", zh="活动日期", en="date"),
        Column("hours", ("时长", "活动时长", "hours"), "float", zh="时长（小时）", en="duration in hours"),
        Column("organizers", ("组织单位", "主办单位", "承办单位", "organizers"), "refs", targets=(O, U), zh="组织单位/党组织（顿号分隔）", en="organizing units or organizations"),
        Column("needs", ("对应需求", "回应需求", "needs"), "refs", targets=(N,), zh="回应的需求", en="needs it addresses"),
        Column("resources", ("使用资源", "resources"), "refs", targets=(R,), zh="使用的资源", en="resources it uses"),
    ), label=A, en="project list (activities)"),
    Table("participation", "活动参与", ("活动参与", "参与记录", "志愿服务记录", "participation"), (
        Column("member", ("党员", "参与党员", "党员编号", "member"), "ref", targets=(M,), zh="党员（编号或姓名）", en="member (id or name)"),
        Column("member_id_number", ("公民身份号码", "身份证号", "身份证号码"), "id_number", zh="党员身份证号（代替编号）", en="ID number of the member (instead of the id)"),
        Column("activity", ("活动", "项目", "活动名称", "activity"), "ref", required=True, targets=(A,), zh="活动/项目", en="activity"),
        Column("hours", ("服务时长", "时长", "志愿时长", "hours"), "float", zh="志愿服务时长（小时）", en="volunteer hours"),
    ), en="participation"),
    Table("pairings", "结对与指导员", ("结对与指导员", "结对", "党建指导员", "pairings"), (
        Column("member", ("党员", "指导员", "党员编号", "member"), "ref", targets=(M,), zh="党员（编号或姓名）", en="member (id or name)"),
        Column("member_id_number", ("公民身份号码", "身份证号", "身份证号码"), "id_number", zh="党员身份证号（代替编号）", en="ID number of the member"),
        Column("org", ("党组织", "org"), "ref", targets=(O,), zh="党组织（由组织结对时填）", en="organization (when an organization pairs)"),
        Column("target", ("结对对象", "联系对象", "指导对象", "target"), "ref", required=True, targets=(U, O, C), zh="结对/指导对象（单位、党组织或社区）", en="unit, organization or community paired with"),
        Column("role", ("角色", "结对类型", "role"), "enum", required=True, enum=PairingRole, zh="党建指导员/联络员/结对", en="instructor / liaison / pairing"),
        _start("结对时间", "选派时间"), _end(),
    ), en="pairings and instructors"),
    Table("seats", "联席会议", ("联席会议", "兼职委员", "联席会议成员", "seats"), (
        Column("unit", ("成员单位", "单位", "unit"), "ref", required=True, targets=(U,), zh="成员单位", en="unit"),
        Column("community", ("社区", "所在社区", "community"), "ref", required=True, targets=(C,), zh="社区", en="community"),
        Column("role", ("席位", "角色", "role"), "enum", required=True, enum=SeatRole, zh="联席会议成员/兼职委员", en="joint-meeting member / part-time committee member"),
        _start("加入时间"), _end(),
    ), en="joint-meeting seats"),
    # The generic form, for organization networks that are not party-building data.
    Table("nodes", "节点", ("节点", "nodes"), (
        Column("id", ("编号", "id"), required=True, zh="编号", en="id"),
        Column("name", ("名称", "name"), zh="名称", en="name"),
        Column("label", ("标签", "label"), zh="标签（模型中的节点标签，默认 Node）", en="label (a model label; default Node)"),
        Column("type", ("类型", "type"), zh="类型（二模网络中区分两类节点，如 person / group）", en="type (in a two-mode network it tells the two kinds apart, e.g. person / group)"),
        Column("start", ("开始时间", "起始时间", "start"), "date", zh="存在起始日期（仅 Node 标签）", en="date the node begins to exist (label Node only)"),
        Column("end", ("结束时间", "终止时间", "end"), "date", zh="存在终止日期（空=仍存在；仅 Node 标签）", en="date it ends (empty = still exists; label Node only)"),
    ), en="generic nodes"),
    Table("edges", "边", ("边", "关系", "edges"), (
        Column("source", ("起点", "source"), required=True, zh="起点编号", en="source id"),
        Column("target", ("终点", "target"), required=True, zh="终点编号", en="target id"),
        Column("type", ("关系类型", "type"), zh="关系类型（默认 LINKED_TO）", en="relationship type (default LINKED_TO)"),
        Column("weight", ("权重", "weight"), "float", zh="权重", en="weight"),
        _start(), _end(),
    ), en="generic edges"),
    # A membership matrix (persons × groups, cells 0/1): read as the two generic tables above
    # (loaders/matrix.py); its columns are the groups, so it declares none.
    Table("matrix", "成员矩阵", ("成员矩阵", "隶属矩阵", "二模矩阵", "matrix", "membership", "membership_matrix"), (),
          en="membership matrix"),
)

TABLES: dict[str, Table] = {t.name: t for t in TABLE_LIST}


def table_for_name(name: str) -> Table | None:
    """The table a file or sheet called ``name`` holds, judged by its name alone."""
    key = normalize_header(name)
    for table in TABLE_LIST:
        if key in {normalize_header(n) for n in (table.name, table.zh, *table.file_names)}:
            return table
    return None


def score_headers(table: Table, headers: list[object]) -> int:
    """How many distinct columns of ``table`` the ``headers`` name."""
    return len({c.name for h in headers if (c := table.column_for(h)) is not None})


def best_table(headers: list[object]) -> tuple[Table | None, int]:
    """The table whose columns the ``headers`` match best, and how many columns matched.

    Required columns weigh double, so that a members roster (姓名, 所在党支部) is not taken
    for the generic nodes table.
    """
    best: tuple[Table | None, float, int] = (None, 0.0, 0)
    for table in TABLE_LIST:
        matched = {c for h in headers if (c := table.column_for(h)) is not None}
        if not matched:
            continue
        missing_required = [c for c in table.columns if c.required and c not in matched]
        score = len(matched) + sum(c.required for c in matched) - 2 * len(missing_required)
        if score > best[1]:
            best = (table, score, len(matched))
    return best[0], best[2]
