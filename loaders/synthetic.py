"""Deterministic synthetic data (合成数据): a street, a district or a city of community party building.

Nothing here describes a real person or organization: member names come from Faker
(``zh_CN``) and every other name is composed from word lists. The same ``scale`` and
``seed`` always give byte-identical files.

The generator writes one CSV per input table of :mod:`loaders.schema` (the generic
``nodes``/``edges`` tables excepted), with the Chinese headers the loaders accept, and for
the street scale optionally one XLSX workbook with a sheet per table. Larger scales stream:
a street is generated, written and forgotten before the next one begins, so memory stays
bounded whatever the number of members.

Every street carries the same *planted situations* (应建未建 units, an oversize and an
undersize branch, unreported, lost-contact and station-less floating members, unmet needs,
an isolated unit, communities missing items on their scorecard), computed back from the
generated rows and returned in :attr:`GenerationSummary.planted`.

Examples
--------
>>> id_check_digit("11010519491231002")
'X'
>>> _cn_numeral(1), _cn_numeral(12), _cn_numeral(20)
('一', '十二', '二十')
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from graph.model import (
    MemberCategory,
    MemberStatus,
    NeedStatus,
    OrgKind,
    PairingRole,
    ResourceCategory,
    SeatRole,
    UnitType,
)
from loaders.schema import TABLE_LIST, TABLES

Scale = Literal["street", "district", "city"]
Progress = Callable[[str, int, int], None]

#: The date the synthetic rosters describe; "lost contact" is judged against it.
REFERENCE_DATE = dt.date(2026, 11, 1)
#: No generated date (except births, joins and establishment dates) lies outside these.
FIRST_DATE = dt.date(2019, 1, 1)
LAST_DATE = dt.date(2026, 10, 31)
#: Members whose last contact is on or before this date have been out of touch ≥ 6 months.
LOST_CONTACT_BEFORE = dt.date(2026, 5, 1)
#: ``progress`` is called each time a table passes a multiple of this many rows.
PROGRESS_EVERY = 10_000

#: The tables written, in schema order (the generic ``nodes``/``edges`` are not).
OUTPUT_TABLES: tuple[str, ...] = tuple(t.name for t in TABLE_LIST if t.name not in ("nodes", "edges"))
#: Tables holding relationships only (their rows are "relationship rows").
RELATIONSHIP_TABLES: tuple[str, ...] = (
    "joint_coverage", "reports", "co_building", "participation", "pairings", "seats",
)

#: (districts, streets per district) of each scale.
SCALES: dict[str, tuple[int, int]] = {"street": (1, 1), "district": (1, 25), "city": (20, 25)}
COMMUNITIES_PER_STREET = 7

_COLUMNS: dict[str, tuple[str, ...]] = {
    "communities": ("id", "name", "street", "district", "lat", "lon", "adjacent"),
    "units": ("id", "name", "type", "employees", "community"),
    "party_orgs": ("id", "name", "kind", "community", "parent", "unit", "established"),
    "members": ("id", "name", "gender", "birth_date", "join_date", "status", "category", "org", "org_since",
                "employer", "residence", "skills", "last_contact", "station"),
    "joint_coverage": ("org", "unit", "start", "end"),
    "reports": ("member", "org", "community", "start", "end"),
    "co_building": ("org", "partner", "kind", "start", "end"),
    "resources": ("id", "name", "category", "capacity", "unit", "shared_with"),
    "needs": ("id", "name", "category", "status", "raised_on", "community"),
    "activities": ("id", "name", "category", "date", "hours", "organizers", "needs", "resources"),
    "participation": ("member", "activity", "hours"),
    "pairings": ("member", "org", "target", "role", "start", "end"),
    "seats": ("unit", "community", "role", "start", "end"),
}
_PII_COLUMNS: dict[str, tuple[str, ...]] = {
    "members": ("id_number", "phone"),
    "reports": ("member_id_number",),
    "participation": ("member_id_number",),
    "pairings": ("member_id_number",),
}

# The planted situations, by key: (Chinese, English).
PLANTED_LABELS: dict[str, tuple[str, str]] = {
    "unbuilt_units": ("应建未建单位（≥3名正式党员、未单独组建）", "units with ≥ 3 full members and no own organization"),
    "unbuilt_uncovered_units": ("应建未建且未被联合党支部覆盖", "…of which also not covered by a joint branch"),
    "oversize_branches": ("超过50人的党支部", "branches with more than 50 members"),
    "undersize_branches": ("正式党员不足3人的党支部", "branches with fewer than 3 full members"),
    "unreported_in_service": ("未到居住社区报到的在职党员", "in-service members who have not reported"),
    "lost_contact_members": ("失联党员（6个月以上未联系）", "members without contact for ≥ 6 months"),
    "floating_without_station": ("未纳入流动党员服务站的流动党员", "floating members without a service station"),
    "unmet_needs": ("未被认领、无活动回应的需求", "open needs no activity addresses"),
    "unmet_needs_with_resource": ("…其中本社区有同类资源", "…of which a resource of the category is offered in the community"),
    "unmet_needs_without_resource": ("…其中本社区及相邻社区均无同类资源", "…of which no resource of the category in the community or next to it"),
    "isolated_units": ("孤立单位（无组织、覆盖、共建、结对、席位、活动、资源）", "units with no org, coverage, co-building, pairing, seat, activity or resource"),
    "communities_without_co_building": ("没有共建协议的社区", "communities without a co-building agreement"),
    "communities_without_seats": ("没有联席会议成员单位的社区", "communities without joint-meeting seats"),
}


@dataclass(frozen=True)
class GenerationSummary:
    """What :func:`generate` wrote: rows per table, where, and the planted situations by id."""

    out_dir: Path
    rows: dict[str, int]
    planted: dict[str, list[str]]
    scale: str = "street"
    seed: int = 0
    encodings: dict[str, str] = field(default_factory=dict)
    workbook: Path | None = None

    @property
    def relationship_rows(self) -> int:
        """Rows in the relationship tables (coverage, reports, co-building, participation, pairings, seats)."""
        return sum(self.rows.get(t, 0) for t in RELATIONSHIP_TABLES)

    @property
    def total_rows(self) -> int:
        """Rows in all tables together."""
        return sum(self.rows.values())


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check digit of the first 17 digits of a resident ID number."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def _cn_numeral(n: int) -> str:
    digits = "一二三四五六七八九"
    if n < 10:
        return digits[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens - 1]) + "十" + (digits[ones - 1] if ones else "")


def _iso(d: dt.date | None) -> str:
    return "" if d is None else d.isoformat()


def _num(x: float) -> str:
    return f"{x:g}"


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class _Rand(random.Random):
    """``random.Random`` with date helpers."""

    def date(self, lo: dt.date, hi: dt.date) -> dt.date:
        if hi <= lo:
            return lo
        return dt.date.fromordinal(self.randint(lo.toordinal(), hi.toordinal()))

    def chance(self, p: float) -> bool:
        return self.random() < p


# --------------------------------------------------------------------------------------
# Word lists (names are composed, never taken from real organizations)
# --------------------------------------------------------------------------------------

_DISTRICTS = (
    "滨江", "江北", "城南", "城北", "高新", "开元", "临湖", "清河", "紫金", "云龙",
    "东湖", "西岭", "南山", "北塘", "经开", "新港", "长安", "永宁", "丰泽", "青云",
)
_CITY = "江城"
_PLACE_A = "阳翠和新幸光朝青丽金锦春秋桂枫松柳梅兰竹荷景华富康安宁泰瑞祥福盛嘉永长惠佳明清晨"
_PLACE_B = "园苑湖桥河山林湾港城坊里庄街门台亭阁泉溪塘岗洲峰源畔庭府居轩馨乐兴和"
_STREET_A = "望临观东西南北中新龙凤鹤鹿云天玉宝月星虹江海湘楚汉"
_STREET_B = "湖桥山门街路城坊口塘河湾园岭洲港店集"
_BRAND_A = "华信恒泰宏博瑞鑫达远兴盛永安创天宇金锦汇中联佳美康昌通润海晨智诚卓越睿"
_BRAND_B = "信达通泰源丰盛宇辰航启明德成川科拓诚和润祥瑞安捷远腾飞"
_ESTATE_SUFFIX = ("花园", "小区", "苑", "家园", "新村", "公寓", "雅居", "名邸")

_PRIVATE_INDUSTRIES = (
    "科技", "信息技术", "网络科技", "电子商务", "建筑工程", "装饰工程", "餐饮管理", "商贸", "物流",
    "文化传媒", "广告", "教育咨询", "健康管理", "医药", "软件", "智能科技", "新能源", "环保科技",
    "机械设备", "食品", "服饰", "酒店管理", "房地产经纪", "家政服务", "汽车服务", "印务", "设计",
    "会计服务", "人力资源", "保安服务",
)
_SOCIAL_KINDS = (
    "社会工作服务中心", "志愿者协会", "养老服务中心", "公益发展中心", "青少年服务中心", "文化艺术协会",
    "社区服务社", "慈善协会", "商会", "残疾人服务中心", "家庭教育指导中心", "心理健康服务中心",
)

_SKILLS = (
    "法律咨询", "医疗护理", "心理疏导", "文艺表演", "书法绘画", "摄影", "计算机", "家电维修", "水电维修",
    "教育辅导", "财务会计", "烹饪", "驾驶", "外语翻译", "体育健身", "政策宣讲", "志愿服务组织",
)

R = ResourceCategory
_RESOURCE_OPTIONS: dict[UnitType, tuple[tuple[ResourceCategory, str], ...]] = {
    UnitType.GOVERNMENT: ((R.VENUE, "会议室"), (R.VOLUNTEER, "党员志愿服务队"), (R.PROFESSIONAL, "政策咨询服务"), (R.FACILITY, "停车场")),
    UnitType.PUBLIC_INSTITUTION: ((R.VENUE, "多功能厅"), (R.FACILITY, "图书阅览室"), (R.PROFESSIONAL, "公益培训课程"), (R.VOLUNTEER, "志愿服务队")),
    UnitType.SOE: ((R.FUNDS, "共建专项资金"), (R.VENUE, "职工活动中心"), (R.VOLUNTEER, "青年志愿服务队"), (R.PROFESSIONAL, "金融知识讲座")),
    UnitType.SCHOOL: ((R.VENUE, "操场"), (R.VENUE, "报告厅"), (R.FACILITY, "图书室"), (R.PROFESSIONAL, "课业辅导")),
    UnitType.HOSPITAL: ((R.PROFESSIONAL, "义诊服务"), (R.PROFESSIONAL, "健康讲座"), (R.VOLUNTEER, "医护志愿服务队")),
    UnitType.PRIVATE_ENTERPRISE: ((R.FUNDS, "公益捐助资金"), (R.VOLUNTEER, "员工志愿服务队"), (R.PROFESSIONAL, "专业技术服务"), (R.OTHER, "爱心物资")),
    UnitType.SOCIAL_ORG: ((R.PROFESSIONAL, "社工服务"), (R.VOLUNTEER, "志愿者队伍"), (R.PROFESSIONAL, "心理咨询服务")),
    UnitType.RESIDENTS_COMMITTEE: ((R.VENUE, "党群服务中心活动室"), (R.FACILITY, "社区图书角")),
    UnitType.PROPERTY_COMPANY: ((R.FACILITY, "维修工具"), (R.VENUE, "物业活动室"), (R.VOLUNTEER, "红色物业服务队")),
    UnitType.OWNERS_COMMITTEE: (),
    UnitType.OTHER: ((R.VENUE, "公共活动区"), (R.OTHER, "场地赞助")),
}
_CAPACITY = {R.VENUE: (20, 300), R.FACILITY: (10, 100), R.VOLUNTEER: (5, 50), R.FUNDS: (1, 20),
             R.PROFESSIONAL: (5, 30), R.OTHER: (10, 200)}
_NEED_TEXTS: dict[ResourceCategory, tuple[str, ...]] = {
    R.VENUE: ("老年活动室场地紧张", "儿童课后托管场地", "党员活动阵地改造", "居民议事场所"),
    R.FACILITY: ("小区健身器材更新", "楼道照明维修", "电动车充电设施", "老旧小区加装电梯协调", "无障碍设施改造"),
    R.VOLUNTEER: ("独居老人定期探访", "垃圾分类督导志愿者", "小区巡逻志愿者", "疫苗接种引导志愿者"),
    R.FUNDS: ("困难家庭帮扶资金", "老旧小区改造配套资金", "社区助学金"),
    R.PROFESSIONAL: ("法律咨询服务", "老年人健康义诊", "青少年心理辅导", "家电维修服务", "智能手机使用培训"),
    R.OTHER: ("便民理发服务", "菜市场周边秩序整治", "流浪猫狗管理"),
}
_NEED_WEIGHTS = {R.VENUE: 3, R.FACILITY: 3, R.VOLUNTEER: 4, R.FUNDS: 1, R.PROFESSIONAL: 4, R.OTHER: 1}
# (activity category, theme, need category it answers, skills it uses)
_THEMES: tuple[tuple[str, str, ResourceCategory, tuple[str, ...]], ...] = (
    ("志愿服务", "党员志愿服务日", R.VOLUNTEER, ("志愿服务组织",)),
    ("主题党日", "主题党日活动", R.OTHER, ("政策宣讲",)),
    ("政策宣讲", "政策宣讲进小区", R.PROFESSIONAL, ("政策宣讲", "法律咨询")),
    ("健康服务", "健康义诊", R.PROFESSIONAL, ("医疗护理",)),
    ("助老服务", "关爱独居老人走访", R.VOLUNTEER, ("医疗护理", "心理疏导")),
    ("环境整治", "楼道环境整治", R.VOLUNTEER, ()),
    ("文化活动", "邻里文化节", R.VENUE, ("文艺表演", "书法绘画", "摄影")),
    ("法律服务", "法律咨询进社区", R.PROFESSIONAL, ("法律咨询",)),
    ("便民服务", "便民维修服务", R.PROFESSIONAL, ("家电维修", "水电维修")),
    ("青少年服务", "四点半课堂", R.VENUE, ("教育辅导",)),
    ("技能培训", "智能手机使用培训", R.FACILITY, ("计算机",)),
    ("安全宣传", "消防安全演练", R.FACILITY, ()),
    ("帮扶救助", "困难家庭帮扶", R.FUNDS, ("财务会计",)),
)
_THEMES_BY_NEED: dict[ResourceCategory, list[int]] = {}
for _i, _t in enumerate(_THEMES):
    _THEMES_BY_NEED.setdefault(_t[2], []).append(_i)
_CO_BUILDING_KINDS = ("共驻共建", "结对共建", "区域化党建", "联建共建")
_HOURS = (1.5, 2.0, 2.0, 2.5, 3.0, 3.0, 4.0, 8.0)
_TWO_NEW = (UnitType.PRIVATE_ENTERPRISE, UnitType.SOCIAL_ORG, UnitType.OTHER)
_PUBLIC_SECTOR = (UnitType.GOVERNMENT, UnitType.PUBLIC_INSTITUTION, UnitType.SOE, UnitType.SCHOOL, UnitType.HOSPITAL)
_BRANCH_KINDS = ("branch", "joint_branch")
_SCARCE = R.OTHER  # the category the planted "no resource nearby" needs ask for


# --------------------------------------------------------------------------------------
# Shared state across streets (kept small: name registries and pools)
# --------------------------------------------------------------------------------------

@dataclass
class _Context:
    male_names: list[str]
    female_names: list[str]
    with_pii: bool
    used_names: set[str] = field(default_factory=set)

    def unique(self, make: Callable[[], str], tries: int = 40) -> str:
        """A name from ``make`` not used before in this dataset (units, communities, streets)."""
        for _ in range(tries):
            name = make()
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        base, k = make(), 2
        while f"{base}（{_cn_numeral(k)}）" in self.used_names:
            k += 1
        name = f"{base}（{_cn_numeral(k)}）"
        self.used_names.add(name)
        return name


def _name_pools(seed: int, size: int = 1000) -> tuple[list[str], list[str]]:
    """Faker zh_CN person names, ``size`` of each gender, encodable in GBK."""
    from faker import Faker

    fake = Faker("zh_CN")
    fake.seed_instance(seed)

    def pool(make: Callable[[], str]) -> list[str]:
        names: list[str] = []
        while len(names) < size:
            n = make()
            try:
                n.encode("gbk")
            except UnicodeEncodeError:
                continue
            names.append(n)
        return names

    # ``name_male``/``name_female`` of zh_CN mix both genders' given names; compose instead.
    return (pool(lambda: fake.last_name() + fake.first_name_male()),
            pool(lambda: fake.last_name() + fake.first_name_female()))


# --------------------------------------------------------------------------------------
# One street
# --------------------------------------------------------------------------------------

@dataclass
class _Unit:
    idx: int
    name: str
    type: UnitType
    community: int
    m: int = 0  # party members working there
    employees: int = 0
    id: str = ""
    planted: str = ""  # "isolated", "unbuilt", "unbuilt_uncovered", "undersize"
    covered: bool = False
    org: int | None = None  # index of its own org (top)


@dataclass
class _Org:
    idx: int
    name: str
    kind: str  # OrgKind value
    community: int | None
    parent: int | None
    unit: int | None
    established: dt.date
    id: str = ""


@dataclass
class _Member:
    name: str
    male: bool
    birth: dt.date
    join: dt.date
    full: bool
    category: MemberCategory
    residence: int
    employer: int | None = None
    org: int = -1
    org_since: dt.date | None = None
    skills: tuple[str, ...] = ()
    last_contact: dt.date | None = None
    station: str = ""
    id: str = ""
    id_number: str = ""
    phone: str = ""
    active: bool = True


class _Street:
    """Generates every row of one street; :meth:`build` returns them table by table."""

    def __init__(self, ctx: _Context, rng: _Rand, *, index: int, district: str, street: str,
                 prefix: str, center: tuple[float, float]) -> None:
        self.ctx, self.rng = ctx, rng
        self.index = index
        self.district, self.district_short = district, district[:-1]
        self.street, self.street_short = street, street[:-2]
        self.px = prefix
        self.center = center
        self.communities: list[dict[str, Any]] = []
        self.units: list[_Unit] = []
        self.orgs: list[_Org] = []
        self.members: list[_Member] = []
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in OUTPUT_TABLES}
        self.ties: set[int] = set()  # indices of units with a co-building, pairing, seat… tie
        self.open_needs: dict[str, list[int]] = {"with": [], "without": []}
        self.community_org: dict[int, int] = {}
        self.retired_by_c: dict[int, list[_Member]] = {}

    # -- entry point ------------------------------------------------------------------
    def build(self) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[str]]]:
        self._communities()
        self._units()
        self._plant_units()
        self._members()
        self._orgs()
        self._finish_members()
        self._reports()
        self._co_building()
        self._resources()
        self._needs_and_activities()
        self._pairings()
        self._seats()
        self._reach_every_unit()
        self._emit_nodes()
        return self.rows, self._planted()

    # -- communities ------------------------------------------------------------------
    def _communities(self) -> None:
        rng = self.rng
        grid = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 1)]
        for i in range(COMMUNITIES_PER_STREET):
            name = self.ctx.unique(lambda: rng.choice(_PLACE_A) + ("" if rng.chance(0.6) else rng.choice(_PLACE_A))
                                   + rng.choice(_PLACE_B) + "社区")
            r, c = grid[i]
            lat = self.center[0] + (r - 1) * 0.006 + rng.uniform(-0.001, 0.001)
            lon = self.center[1] + (c - 1) * 0.007 + rng.uniform(-0.001, 0.001)
            adjacent = [j for j, (r2, c2) in enumerate(grid) if abs(r - r2) + abs(c - c2) == 1]
            self.communities.append({"id": f"{self.px}C{i + 1:02d}", "name": name, "lat": lat, "lon": lon,
                                     "adjacent": adjacent, "weight": rng.uniform(0.7, 1.3)})

    def _cid(self, c: int) -> str:
        return self.communities[c]["id"]

    def _cname(self, c: int) -> str:
        return self.communities[c]["name"]

    # -- units ------------------------------------------------------------------------
    def _unit(self, name: str, type_: UnitType, community: int) -> _Unit:
        u = _Unit(len(self.units), name, type_, community)
        self.units.append(u)
        return u

    def _units(self) -> None:
        rng, ctx, s, d = self.rng, self.ctx, self.street_short, self.district
        n_comm = len(self.communities)

        def some(options: list[str], lo: int, hi: int) -> list[str]:
            return rng.sample(options, min(len(options), rng.randint(lo, hi)))

        def anywhere() -> int:
            return rng.randrange(n_comm)

        gov = [f"{s}街道办事处", f"{d}公安分局{s}派出所", f"{d}司法局{s}司法所", f"{d}市场监督管理局{s}市场监管所",
               f"{d}税务局{s}税务所", f"{d}城市管理局{s}执法中队", f"{d}人民法院{s}人民法庭", f"{d}消防救援大队{s}消防站",
               f"{d}生态环境局{s}环境监管站", f"{d}人力资源和社会保障局{s}劳动保障所"]
        public = [f"{s}{x}" for x in ("街道综合文化站", "街道便民服务中心", "街道退役军人服务站", "街道社会事务服务中心",
                                     "街道网格化管理中心", "街道公共法律服务工作站", "就业服务站", "街道应急管理服务站",
                                     "图书分馆", "全民健身中心", "科普馆", "住房保障服务站", "房屋征收事务所",
                                     "残疾人之家", "老年大学", "青少年活动中心", "档案服务站", "水文监测站")]
        soe = [f"{b}{_CITY}{s}支行" for b in ("工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "邮储银行")]
        soe += [f"国网{_CITY}供电公司{s}供电服务中心", f"中国移动{_CITY}分公司{s}营业部", f"中国电信{_CITY}分公司{s}营业部",
                f"中国联通{_CITY}分公司{s}营业部", f"{_CITY}燃气集团{s}服务站", f"{_CITY}水务集团{s}营业所",
                f"{_CITY}公交集团{s}车队", f"{_CITY}地铁集团{s}站务中心", f"中国邮政{s}邮政支局",
                f"{_CITY}建工集团{s}项目部", f"{_CITY}城投{s}项目公司", f"{_CITY}国资{s}资产运营公司"]
        school = [f"{d}{s}小学", f"{d}{s}实验小学", f"{d}{s}中学", f"{s}中心幼儿园", f"{s}第二幼儿园",
                  f"{d}{s}外国语学校", f"{d}{s}职业技术学校", f"{s}实验幼儿园", f"{s}初级中学", f"{s}九年一贯制学校",
                  f"{s}第二小学"]
        hospital = [f"{d}{s}中医医院", f"{s}街道社区卫生服务中心", f"{d}妇幼保健院{s}院区", f"{s}康复医院",
                    f"{s}护理院", f"{s}口腔医院"]
        other = [f"{s}{x}" for x in ("农贸市场", "商业广场", "购物中心", "汽车客运站", "文化产业园", "创业孵化园",
                                    "物流园", "批发市场", "专业合作社", "商务楼宇", "科技园", "美食街", "家居广场",
                                    "汽配城")]
        big_hospital = True
        for type_, names, lo, hi in ((UnitType.GOVERNMENT, gov, 6, 9), (UnitType.PUBLIC_INSTITUTION, public, 10, 15),
                                     (UnitType.SOE, soe, 10, 15), (UnitType.SCHOOL, school, 7, 10),
                                     (UnitType.HOSPITAL, hospital, 3, 5), (UnitType.OTHER, other, 8, 13)):
            chosen = names[:1] + some(names[1:], lo - 1, hi - 1) if type_ is UnitType.HOSPITAL else some(names, lo, hi)
            for name in chosen:
                u = self._unit(ctx.unique(lambda name=name: name), type_, anywhere())
                if type_ is UnitType.GOVERNMENT:
                    u.m, u.employees = rng.randint(8, 28), rng.randint(30, 160)
                elif type_ is UnitType.PUBLIC_INSTITUTION:
                    u.m, u.employees = rng.randint(3, 16), rng.randint(16, 120)
                elif type_ is UnitType.SOE:
                    u.m, u.employees = rng.randint(4, 22), rng.randint(40, 400)
                elif type_ is UnitType.SCHOOL:
                    u.m, u.employees = rng.randint(5, 19), rng.randint(45, 180)
                elif type_ is UnitType.HOSPITAL:
                    if big_hospital:
                        u.m, u.employees, big_hospital = rng.randint(58, 72), rng.randint(300, 600), False
                    else:
                        u.m, u.employees = rng.randint(8, 26), rng.randint(60, 300)
                else:
                    u.m, u.employees = (0 if rng.chance(0.6) else rng.randint(1, 2)), rng.randint(5, 80)
        place = (self.district_short, _CITY, s)
        for _ in range(rng.randint(140, 160)):
            name = ctx.unique(lambda: rng.choice(place[:2]) + rng.choice(_BRAND_A) + rng.choice(_BRAND_B)
                              + rng.choice(_PRIVATE_INDUSTRIES) + ("股份有限公司" if rng.chance(0.1) else "有限公司"))
            u = self._unit(name, UnitType.PRIVATE_ENTERPRISE, anywhere())
            r = rng.random()
            u.m = 0 if r < 0.58 else rng.randint(1, 2) if r < 0.87 else rng.randint(3, 9)
            u.employees = max(u.m * 3, int(rng.lognormvariate(3.0, 0.9)) + 3)
        for _ in range(rng.randint(45, 58)):
            name = ctx.unique(lambda: rng.choice(place) + rng.choice(_BRAND_A) + rng.choice(_BRAND_B) + rng.choice(_SOCIAL_KINDS))
            u = self._unit(name, UnitType.SOCIAL_ORG, anywhere())
            r = rng.random()
            u.m = 0 if r < 0.7 else rng.randint(1, 2) if r < 0.92 else rng.randint(3, 6)
            u.employees = max(u.m * 2, rng.randint(3, 40))
        for c in range(n_comm):
            cname = self._cname(c)
            u = self._unit(ctx.unique(lambda cname=cname: f"{cname}居民委员会"), UnitType.RESIDENTS_COMMITTEE, c)
            u.m, u.employees = rng.randint(3, 5), rng.randint(8, 16)
            for _ in range(rng.randint(1, 3)):
                name = ctx.unique(lambda cname=cname: rng.choice(_BRAND_A) + rng.choice(_BRAND_B) + f"物业{cname}服务处")
                u = self._unit(name, UnitType.PROPERTY_COMPANY, c)
                u.m, u.employees = (0 if rng.chance(0.5) else rng.randint(1, 2)), rng.randint(10, 60)
            for _ in range(1 if rng.chance(0.7) else 2):
                name = ctx.unique(lambda cname=cname: cname + rng.choice(_PLACE_A) + rng.choice(_PLACE_B)
                                  + rng.choice(_ESTATE_SUFFIX) + "业主委员会")
                u = self._unit(name, UnitType.OWNERS_COMMITTEE, c)
                u.m, u.employees = 0, rng.randint(5, 9)
        # Calibrate: about 900 in-service members a street (so ~2,000 members), by scaling the
        # public-sector units, whose member counts are the large ones.
        public = [u for u in self.units if u.type in _PUBLIC_SECTOR]
        n_public = sum(u.m for u in public)
        rest = sum(u.m for u in self.units) - n_public
        factor = min(1.6, max(0.6, (rng.randint(870, 910) - rest) / max(n_public, 1)))
        for u in public:
            u.m = max(3, min(95 if u.m > 50 else 48, round(u.m * factor)))
            u.employees = max(u.employees, u.m * 3)
        rng.shuffle(self.units)
        for i, u in enumerate(self.units):
            u.idx, u.id = i, f"{self.px}U{i + 1:04d}"

    def _plant_units(self) -> None:
        """Pick the planted units and decide which small units the joint branches cover."""
        rng = self.rng
        empty_private = [u for u in self.units if u.type is UnitType.PRIVATE_ENTERPRISE and u.m == 0]
        empty_social = [u for u in self.units if u.type is UnitType.SOCIAL_ORG and u.m == 0]
        iso, unb1, unb2, under = rng.sample(empty_private, 4)
        unb3 = rng.choice(empty_social)
        iso.planted = "isolated"
        for u, m, tag in ((unb1, 5, "unbuilt_uncovered"), (unb2, 4, "unbuilt"), (unb3, 3, "unbuilt"), (under, 3, "undersize")):
            u.m, u.planted = m, tag
            u.employees = max(u.employees, m * 4)
        for u in self.units:
            if u.planted in ("isolated", "unbuilt_uncovered") or u.type not in (*_TWO_NEW, UnitType.PROPERTY_COMPANY):
                continue
            if u.planted == "unbuilt":
                u.covered = True
            elif u.m == 0:
                u.covered = rng.chance(0.45)
            elif u.m <= 2:
                u.covered = rng.chance(0.75)

    # -- members ----------------------------------------------------------------------
    def _person(self, category: MemberCategory, residence: int, *, full: bool | None = None) -> _Member:
        rng = self.rng
        male = rng.chance(0.68 if category is MemberCategory.RETIRED else 0.58)
        name = rng.choice(self.ctx.male_names if male else self.ctx.female_names)
        year = {MemberCategory.RETIRED: (1938, 1966), MemberCategory.IN_SERVICE: (1966, 2001),
                MemberCategory.FLOATING: (1970, 2003), MemberCategory.OTHER: (1950, 2004)}[category]
        birth = rng.date(dt.date(year[0], 1, 1), dt.date(year[1], 12, 31))
        if full is None:
            full = category is MemberCategory.RETIRED or rng.chance(0.91)
        adult = _add_years(birth, 18)
        if full:
            join = rng.date(adult, min(dt.date(2025, 10, 15), _add_years(birth, 50)))
        else:
            join = rng.date(max(adult, dt.date(2025, 11, 10)), dt.date(2026, 10, 20))
        k = rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]
        skills = tuple(rng.sample(_SKILLS, k)) if k else ()
        m = _Member(name, male, birth, join, full, category, residence, skills=skills, active=rng.chance(0.72))
        self.members.append(m)
        return m

    def _residence(self) -> int:
        weights = [c["weight"] for c in self.communities]
        return self.rng.choices(range(len(self.communities)), weights)[0]

    def _members(self) -> None:
        rng = self.rng
        n_in = 0
        for u in self.units:
            for j in range(u.m):
                home = u.community if u.type is UnitType.RESIDENTS_COMMITTEE or rng.chance(0.4) else self._residence()
                full = True if u.planted.startswith("unbuilt") else (j != 2 if u.planted == "undersize" else None)
                if u.m >= 3 and j < 3 and full is None:
                    full = True  # a unit branch starts with at least three full members
                m = self._person(MemberCategory.IN_SERVICE, home, full=full)
                m.employer = u.idx
                n_in += 1
        for category, share in ((MemberCategory.RETIRED, 40), (MemberCategory.FLOATING, 8), (MemberCategory.OTHER, 7)):
            for _ in range(round(n_in * share / 45)):
                self._person(category, self._residence())

    # -- party organizations ----------------------------------------------------------
    def _org(self, name: str, kind: OrgKind, community: int | None, parent: int | None, unit: int | None,
             established: dt.date) -> int:
        o = _Org(len(self.orgs), name, kind.value, community, parent, unit, established)
        self.orgs.append(o)
        return o.idx

    def _split(self, members: list[_Member], size: int = 40) -> list[list[_Member]]:
        n = max(1, math.ceil(len(members) / size))
        return [members[i::n] for i in range(n)]

    def _orgs(self) -> None:
        rng = self.rng
        by_unit: dict[int, list[_Member]] = {}
        for m in self.members:
            if m.employer is not None:
                by_unit.setdefault(m.employer, []).append(m)
        # Joint branches must hold at least three full members; otherwise cover more small units.
        joint: dict[int, list[_Member]] = {c: [] for c in range(len(self.communities))}
        for u in self.units:
            if u.covered:
                joint[u.community] += by_unit.get(u.idx, [])
        for c, ms in joint.items():
            spare = [u for u in self.units if u.community == c and not u.covered and 0 < u.m <= 2 and not u.planted
                     and u.type in (*_TWO_NEW, UnitType.PROPERTY_COMPANY)]
            while sum(m.full for m in ms) < 3 and spare:
                u = spare.pop(0)
                u.covered = True
                ms += by_unit.get(u.idx, [])
            if sum(m.full for m in ms) < 3:  # too few: no joint branch in this community
                for u in self.units:
                    if u.community == c and u.covered:
                        u.covered = False
                ms.clear()
        street_org = self._org(f"{self.street}党工委", OrgKind.COMMITTEE, None, None, None, dt.date(2003, 7, 1))
        community_pool: dict[int, list[_Member]] = {c: [] for c in range(len(self.communities))}
        floating_pool: dict[int, list[_Member]] = {c: [] for c in range(len(self.communities))}
        for m in self.members:
            if m.employer is None:
                (floating_pool if m.category is MemberCategory.FLOATING else community_pool)[m.residence].append(m)
                continue
            u = self.units[m.employer]
            if u.covered:
                continue  # in the joint branch
            if u.type is UnitType.RESIDENTS_COMMITTEE:
                community_pool[u.community].append(m)  # community workers: in the community's branches
            elif u.m < 3 or u.planted.startswith("unbuilt"):
                community_pool[m.residence].append(m)  # no organization at work: kept where they live
        rc_of = {u.community: u.idx for u in self.units if u.type is UnitType.RESIDENTS_COMMITTEE}
        oversize_c = 1 % len(self.communities)
        for c in range(len(self.communities)):
            cname = self._cname(c)
            pool = community_pool[c]
            floating = floating_pool[c]
            if len(floating) < 3:
                pool, floating = pool + floating, []
            rng.shuffle(pool)
            groups: list[list[_Member]] = []
            if c == oversize_c and len(pool) >= 61:
                groups.append(pool[:58])
                groups += self._split(pool[58:])
            else:
                groups += self._split(pool)
            total = len(pool) + len(floating) + len(joint[c])
            kind = OrgKind.COMMITTEE if total > 100 else OrgKind.GENERAL_BRANCH
            top = self._org(f"{cname}{kind.zh}", kind, c, street_org, rc_of.get(c), rng.date(dt.date(2004, 1, 1), dt.date(2016, 12, 31)))
            self.community_org[c] = top
            for k, group in enumerate(groups, start=1):
                o = self._org(f"{cname}第{_cn_numeral(k)}党支部", OrgKind.BRANCH, c, top, None,
                              rng.date(dt.date(2005, 1, 1), dt.date(2018, 12, 31)))
                for m in group:
                    m.org = o
            for k, group in enumerate(self._split(floating, 45) if floating else [], start=1):
                suffix = "" if len(floating) <= 45 else f"第{_cn_numeral(k)}"
                o = self._org(f"{cname}流动党员{suffix}党支部", OrgKind.BRANCH, c, top, None,
                              rng.date(dt.date(2012, 1, 1), dt.date(2020, 12, 31)))
                for m in group:
                    m.org = o
            if joint[c]:
                o = self._org(f"{cname}两新组织联合党支部", OrgKind.JOINT_BRANCH, c, top, None,
                              rng.date(dt.date(2016, 1, 1), dt.date(2020, 12, 31)))
                for m in joint[c]:
                    m.org = o
                for u in self.units:
                    if u.community == c and u.covered:
                        start = rng.date(max(FIRST_DATE, self.orgs[o].established), dt.date(2025, 12, 31))
                        end = None
                        if u.m == 0 and not u.planted and rng.chance(0.06):
                            end = rng.date(start + dt.timedelta(days=200), LAST_DATE)
                        self.rows["joint_coverage"].append({"org": o, "unit": u.idx, "start": start, "end": end})
                        if end is None:
                            self.ties.add(u.idx)
                        else:
                            u.covered = False
        # Units' own organizations.
        for u in self.units:
            if u.m < 3 or u.planted.startswith("unbuilt") or u.type is UnitType.RESIDENTS_COMMITTEE:
                continue
            ms = by_unit[u.idx]
            lo = dt.date(2012, 1, 1) if u.type in _TWO_NEW else dt.date(1998, 1, 1)
            parent = self.community_org[u.community] if u.type in _TWO_NEW else None
            est = rng.date(lo, dt.date(2023, 12, 31))
            if len(ms) <= 50:
                u.org = self._org(f"{u.name}党支部", OrgKind.BRANCH, u.community, parent, u.idx, est)
                for m in ms:
                    m.org = u.org
            else:
                u.org = self._org(f"{u.name}党总支", OrgKind.GENERAL_BRANCH, u.community, parent, u.idx, est)
                for k, group in enumerate(self._split(ms), start=1):
                    o = self._org(f"{u.name}第{_cn_numeral(k)}党支部", OrgKind.BRANCH, u.community, u.org, None, est)
                    for m in group:
                        m.org = o
        for i, o in enumerate(self.orgs):
            o.id = f"{self.px}P{i + 1:04d}"
        # Every branch but the planted one holds at least three full members.
        by_org: dict[int, list[_Member]] = {}
        for m in self.members:
            by_org.setdefault(m.org, []).append(m)
        undersize = next(u.org for u in self.units if u.planted == "undersize")
        for o, ms in by_org.items():
            if o == undersize:
                continue
            for m in ms:
                if sum(x.full for x in ms) >= 3:
                    break
                if not m.full:
                    m.full = True
                    m.join = rng.date(_add_years(m.birth, 18), dt.date(2025, 10, 15))

    def _finish_members(self) -> None:
        rng = self.rng
        order = {o.idx: i for i, o in enumerate(self.orgs)}
        self.members.sort(key=lambda m: order[m.org])
        used_numbers: set[str] = set()
        area = f"{330100 + self.index % 9000:06d}" if self.index < 9000 else "330100"
        for i, m in enumerate(self.members):
            m.id = f"{self.px}M{i + 1:06d}"
            est = self.orgs[m.org].established
            lo = max(m.join, est)
            m.org_since = rng.date(lo, min(LAST_DATE, lo + dt.timedelta(days=365 * 6)))
            m.last_contact = rng.date(dt.date(2026, 6, 1), LAST_DATE)
            if m.category is MemberCategory.FLOATING:
                m.station = f"{self.street}流动党员服务站" if rng.chance(0.85) else f"{self._cname(m.residence)}流动党员服务点"
            if self.ctx.with_pii:
                while True:
                    seq = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if m.male else (0, 2, 4, 6, 8))
                    body = f"{area}{m.birth:%Y%m%d}{seq:03d}"
                    if body not in used_numbers:
                        used_numbers.add(body)
                        break
                m.id_number = body + id_check_digit(body)
                m.phone = rng.choice(("13", "15", "18")) + f"{rng.randrange(10 ** 9):09d}"
        # Planted: a handful out of touch, a few floating members without a station.
        candidates = [m for m in self.members if m.category is not MemberCategory.OTHER]
        for m in rng.sample(candidates, 5):
            m.last_contact = rng.date(dt.date(2025, 1, 15), dt.date(2026, 4, 10))
        floating = [m for m in self.members if m.category is MemberCategory.FLOATING]
        for m in rng.sample(floating, min(3, len(floating))):
            m.station = ""

    # -- relationships ----------------------------------------------------------------
    def _reports(self) -> None:
        rng = self.rng
        for m in self.members:
            if m.category is MemberCategory.IN_SERVICE and rng.chance(0.6):
                start = rng.date(max(dt.date(2019, 3, 1), m.join), LAST_DATE)
                self.rows["reports"].append({"member": m, "community": m.residence, "start": start})
        for u in self.units:
            if u.org is not None and rng.chance(0.8 if u.type in _PUBLIC_SECTOR else 0.4):
                start = rng.date(max(dt.date(2019, 3, 1), self.orgs[u.org].established), LAST_DATE)
                self.rows["reports"].append({"org": u.org, "community": u.community, "start": start})

    def _co_building(self) -> None:
        rng = self.rng
        last = len(self.communities) - 1
        for u in self.units:
            if u.community == last or u.planted == "isolated" or u.type in (
                    UnitType.RESIDENTS_COMMITTEE, UnitType.OWNERS_COMMITTEE):
                continue
            p = 0.75 if u.type in _PUBLIC_SECTOR else 0.3 if u.m > 0 else 0.1
            if u.planted.startswith("unbuilt") or not rng.chance(p):
                continue
            partner: tuple[str, int] = ("org", u.org) if u.org is not None and rng.chance(0.3) else ("unit", u.idx)
            start = rng.date(FIRST_DATE, dt.date(2026, 9, 30))
            end = None
            if rng.chance(0.1):
                e = start + dt.timedelta(days=rng.randint(365, 1095))
                end = e if e <= LAST_DATE else None
            self.rows["co_building"].append({"org": self.community_org[u.community], "partner": partner,
                                             "kind": rng.choice(_CO_BUILDING_KINDS), "start": start, "end": end})
            self.ties.add(u.idx)

    def _resources(self) -> None:
        rng = self.rng
        self.shared: dict[int, list[int]] = {c: [] for c in range(len(self.communities))}
        self.resource_cats: list[ResourceCategory] = []
        # Two communities, and their neighbours, get no resource of the scarce category: the
        # planted unmet needs "with no matching resource nearby" are raised there.
        order = list(range(len(self.communities)))
        rng.shuffle(order)
        self.scarce = order[:2]
        blocked = set(self.scarce) | {a for c in self.scarce for a in self.communities[c]["adjacent"]}
        for u in self.units:
            if u.planted == "isolated":
                continue
            t = u.type
            options = [o for o in _RESOURCE_OPTIONS[t] if not (o[0] is _SCARCE and u.community in blocked)]
            if t in (UnitType.GOVERNMENT, UnitType.PUBLIC_INSTITUTION, UnitType.SOE):
                k = rng.randint(0, 2)
            elif t in (UnitType.SCHOOL, UnitType.HOSPITAL):
                k = rng.randint(1, 2)
            elif t is UnitType.RESIDENTS_COMMITTEE:
                k = 1
            elif t is UnitType.PRIVATE_ENTERPRISE:
                k = 1 if rng.chance(0.15) or u.planted == "unbuilt_uncovered" else 0
            elif t is UnitType.SOCIAL_ORG:
                k = 1 if rng.chance(0.4) else 0
            else:
                k = 1 if rng.chance(0.3) else 0
            for cat, kind in rng.sample(options, min(k, len(options))):
                ri = len(self.rows["resources"])
                shared: list[int] = []
                if t is UnitType.RESIDENTS_COMMITTEE or rng.chance(0.85):
                    shared.append(u.community)
                    adjacent = [a for a in self.communities[u.community]["adjacent"]
                                if not (cat is _SCARCE and a in blocked)]
                    if adjacent and rng.chance(0.3):
                        shared.append(rng.choice(adjacent))
                for c in shared:
                    self.shared[c].append(ri)
                self.resource_cats.append(cat)
                lo, hi = _CAPACITY[cat]
                self.rows["resources"].append({"id": f"{self.px}R{ri + 1:05d}", "name": f"{u.name}{kind}",
                                               "category": cat, "capacity": rng.randint(lo, hi), "unit": u.idx,
                                               "shared_with": shared})
                self.ties.add(u.idx)

    def _needs_and_activities(self) -> None:
        rng = self.rng
        cats = list(_NEED_WEIGHTS)
        weights = list(_NEED_WEIGHTS.values())
        names: set[str] = set()

        def need(c: int, cat: ResourceCategory, status: NeedStatus, raised: dt.date) -> int:
            text = rng.choice(_NEED_TEXTS[cat])
            name = f"{self._cname(c)}{text}"
            if name in names:
                name = f"{name}（{raised.year}年）"
            k = 2
            while name in names:
                name, k = f"{self._cname(c)}{text}（{raised.year}年第{_cn_numeral(k)}批）", k + 1
            names.add(name)
            ni = len(self.rows["needs"])
            self.rows["needs"].append({"id": f"{self.px}N{ni + 1:05d}", "name": name, "category": cat,
                                       "status": status, "raised_on": raised, "community": c})
            return ni

        # Planted open needs: two with a matching resource in the community, two with none near it.
        order = list(range(len(self.communities)))
        rng.shuffle(order)
        with_res = [(c, cat) for c in order for cat in cats
                    if any(self.rows["resources"][r]["category"] is cat and self.units[self.rows["resources"][r]["unit"]].community == c
                           for r in self.shared[c])]
        used_c: list[int] = []
        for c, cat in with_res:
            if c not in used_c and len(used_c) < 2:
                used_c.append(c)
                self.open_needs["with"].append(need(c, cat, NeedStatus.OPEN, rng.date(dt.date(2026, 3, 1), dt.date(2026, 9, 30))))
        for c in self.scarce:
            self.open_needs["without"].append(need(c, _SCARCE, NeedStatus.OPEN, rng.date(dt.date(2026, 3, 1), dt.date(2026, 9, 30))))

        act_names: set[str] = set()
        last = len(self.communities) - 1
        for c in range(len(self.communities)):
            plans: list[tuple[int, int | None, dt.date]] = []  # (theme, need, date)
            for _ in range(rng.randint(5, 9)):
                cat = rng.choices(cats, weights)[0]
                status = NeedStatus.DONE if rng.chance(0.62) else NeedStatus.CLAIMED
                raised = rng.date(FIRST_DATE, dt.date(2026, 8, 31))
                ni = need(c, cat, status, raised)
                theme = rng.choice(_THEMES_BY_NEED.get(cat) or range(len(_THEMES)))
                plans.append((theme, ni, min(LAST_DATE, raised + dt.timedelta(days=rng.randint(7, 120)))))
            for _ in range(rng.randint(12, 17)):
                plans.append((rng.randrange(len(_THEMES)), None, rng.date(FIRST_DATE, LAST_DATE)))
            locals_ = [u for u in self.units if u.community == c and not u.planted
                       and u.type not in (UnitType.OWNERS_COMMITTEE,)]
            residents = [m for m in self.members if m.residence == c and m.active]
            by_skill: dict[str, list[_Member]] = {}
            for m in residents:
                for s in m.skills:
                    by_skill.setdefault(s, []).append(m)
            for theme, ni, date in plans:
                category, title, cat, skills = _THEMES[theme]
                name = f"{self._cname(c)}{date.year}年{title}"
                k = 2
                while name in act_names:
                    name, k = f"{self._cname(c)}{date.year}年{title}（第{_cn_numeral(k)}期）", k + 1
                act_names.add(name)
                organizers: list[tuple[str, int]] = []
                r = rng.random()
                if c == last or r < 0.5 or not locals_:
                    organizers.append(("org", self.community_org[c]))
                else:
                    u = rng.choice(locals_)
                    who = ("org", u.org) if u.org is not None and rng.chance(0.5) else ("unit", u.idx)
                    organizers = [who] if r > 0.85 else [("org", self.community_org[c]), who]
                    self.ties.add(u.idx)
                used: list[int] = []
                pool = self.shared[c]
                if pool and rng.chance(0.4):
                    matching = [x for x in pool if self.resource_cats[x] is cat] or pool
                    used = sorted(set(rng.sample(matching, min(len(matching), rng.randint(1, 2)))))
                hours = rng.choice(_HOURS)
                ai = len(self.rows["activities"])
                aid = f"{self.px}A{ai + 1:05d}"
                self.rows["activities"].append({"id": aid, "name": name, "category": category, "date": date,
                                                "hours": hours, "organizers": organizers,
                                                "needs": [] if ni is None else [ni], "resources": used})
                if not residents:
                    continue
                k = min(len(residents), rng.randint(12, 48))
                chosen = rng.sample(residents, k)
                for s in skills:
                    fit = by_skill.get(s, [])
                    chosen += rng.sample(fit, min(len(fit), 2))
                seen: set[int] = set()
                for m in chosen:
                    if id(m) in seen:
                        continue
                    seen.add(id(m))
                    h = hours if rng.chance(0.8) else max(0.5, hours - rng.choice((0.5, 1.0)))
                    self.rows["participation"].append({"member": m, "activity": aid, "hours": h})

    def _pairings(self) -> None:
        rng = self.rng
        retired_by_c: dict[int, list[_Member]] = {}
        for m in self.members:
            if m.category is MemberCategory.RETIRED and m.full:
                retired_by_c.setdefault(m.residence, []).append(m)
        self.retired_by_c = retired_by_c
        rows = self.rows["pairings"]

        def when() -> tuple[dt.date, dt.date | None]:
            start = rng.date(FIRST_DATE, dt.date(2026, 9, 30))
            end = None
            if rng.chance(0.08):
                e = start + dt.timedelta(days=rng.randint(365, 900))
                end = e if e <= LAST_DATE else None
            return start, end

        for u in self.units:
            if u.org is not None or u.covered or u.planted or u.type in (UnitType.RESIDENTS_COMMITTEE,):
                continue
            if rng.chance(0.25) and retired_by_c.get(u.community):
                start, end = when()
                rows.append({"member": rng.choice(retired_by_c[u.community]), "target": ("unit", u.idx),
                             "role": PairingRole.INSTRUCTOR, "start": start, "end": end})
                if end is None:
                    self.ties.add(u.idx)
            elif rng.chance(0.1):
                start, end = when()
                rows.append({"org": self.community_org[u.community], "target": ("unit", u.idx),
                             "role": PairingRole.LIAISON, "start": start, "end": end})
                if end is None:
                    self.ties.add(u.idx)
        tops = set(self.community_org.values())
        branches = [o for o in self.orgs if o.kind == OrgKind.BRANCH.value and o.parent in tops]
        unit_orgs = [u for u in self.units if u.org is not None and u.type in _PUBLIC_SECTOR]
        for u in rng.sample(unit_orgs, min(len(unit_orgs), 6)):
            near = [o for o in branches if o.community == u.community] or branches
            start, end = when()
            rows.append({"org": u.org, "target": ("org", rng.choice(near).idx), "role": PairingRole.PAIRING,
                         "start": start, "end": end})
        in_service = [m for m in self.members if m.category is MemberCategory.IN_SERVICE]
        for m in rng.sample(in_service, min(len(in_service), 4)):
            start, end = when()
            rows.append({"member": m, "target": ("community", m.residence), "role": PairingRole.PAIRING,
                         "start": start, "end": end})

    def _seats(self) -> None:
        rng = self.rng
        no_seats = len(self.communities) - 2
        for c in range(len(self.communities)):
            if c == no_seats:
                continue
            here = [u for u in self.units if u.community == c and not u.planted]
            four_parties = [u for u in here if u.type in (
                UnitType.RESIDENTS_COMMITTEE, UnitType.PROPERTY_COMPANY, UnitType.OWNERS_COMMITTEE)]
            big = [u for u in here if u.type in _PUBLIC_SECTOR]
            seated = four_parties + rng.sample(big, min(len(big), rng.randint(2, 4)))
            part_time = rng.sample(big, min(len(big), rng.randint(1, 2)))
            for u, role in [(u, SeatRole.JOINT_MEETING) for u in seated] + [(u, SeatRole.PART_TIME_MEMBER) for u in part_time]:
                self.rows["seats"].append({"unit": u.idx, "community": c, "role": role,
                                           "start": rng.date(FIRST_DATE, dt.date(2026, 6, 30)), "end": None})
                self.ties.add(u.idx)

    def _reach_every_unit(self) -> None:
        """Give every unit but the planted isolated one at least one tie (an instructor or a liaison)."""
        rng = self.rng
        for u in self.units:
            if u.idx in self.ties or u.org is not None or u.covered or u.planted in ("isolated",):
                continue
            pool = self.retired_by_c.get(u.community)
            start = rng.date(FIRST_DATE, dt.date(2026, 9, 30))
            if pool and rng.chance(0.6):
                self.rows["pairings"].append({"member": rng.choice(pool), "target": ("unit", u.idx),
                                              "role": PairingRole.INSTRUCTOR, "start": start, "end": None})
            else:
                self.rows["pairings"].append({"org": self.community_org[u.community], "target": ("unit", u.idx),
                                              "role": PairingRole.LIAISON, "start": start, "end": None})
            self.ties.add(u.idx)

    # -- rows -------------------------------------------------------------------------
    def _emit_nodes(self) -> None:
        rows = self.rows
        for c in self.communities:
            rows["communities"].append({
                "id": c["id"], "name": c["name"], "street": self.street, "district": self.district,
                "lat": f"{c['lat']:.6f}", "lon": f"{c['lon']:.6f}",
                "adjacent": "、".join(self._cid(a) for a in c["adjacent"]),
            })
        for u in self.units:
            rows["units"].append({"id": u.id, "name": u.name, "type": u.type.zh, "employees": u.employees,
                                  "community": self._cid(u.community)})
        for o in self.orgs:
            rows["party_orgs"].append({
                "id": o.id, "name": o.name, "kind": OrgKind(o.kind).zh,
                "community": "" if o.community is None else self._cid(o.community),
                "parent": "" if o.parent is None else self.orgs[o.parent].id,
                "unit": "" if o.unit is None else self.units[o.unit].id, "established": _iso(o.established),
            })
        rng = self.rng
        for m in self.members:
            j = m.join
            r = rng.random()
            join = f"{j.year}.{j.month:02d}" if r < 1 / 3 else f"{j.year}年{j.month}月{j.day}日" if r < 2 / 3 else j.isoformat()
            rows["members"].append({
                "id": m.id, "name": m.name, "id_number": m.id_number, "gender": "男" if m.male else "女",
                "birth_date": m.birth.isoformat(), "phone": m.phone, "join_date": join,
                "status": (MemberStatus.FULL if m.full else MemberStatus.PROBATIONARY).zh, "category": m.category.zh,
                "org": self.orgs[m.org].name, "org_since": _iso(m.org_since),
                "employer": "" if m.employer is None else self.units[m.employer].name,
                "residence": self._cname(m.residence), "skills": "、".join(m.skills),
                "last_contact": _iso(m.last_contact), "station": m.station,
            })
        # Resolve the internal references of the relationship rows to ids.
        pii = self.ctx.with_pii

        def member(row: dict[str, Any]) -> None:
            m = row.pop("member", None)
            if m is not None:
                if pii:
                    row["member_id_number"] = m.id_number
                else:
                    row["member"] = m.id

        def ref(kind_idx: tuple[str, int]) -> str:
            kind, i = kind_idx
            return {"org": self.orgs, "unit": self.units}[kind][i].id if kind != "community" else self._cid(i)

        for row in rows["joint_coverage"]:
            row.update(org=self.orgs[row["org"]].id, unit=self.units[row["unit"]].id,
                       start=_iso(row["start"]), end=_iso(row["end"]))
        for row in rows["reports"]:
            member(row)
            if "org" in row:
                row["org"] = self.orgs[row["org"]].id
            row.update(community=self._cid(row["community"]), start=_iso(row["start"]))
        for row in rows["co_building"]:
            row.update(org=self.orgs[row["org"]].id, partner=ref(row["partner"]), start=_iso(row["start"]),
                       end=_iso(row["end"]))
        for row in rows["resources"]:
            row.update(category=row["category"].zh, unit=self.units[row["unit"]].id,
                       shared_with="、".join(self._cid(c) for c in row["shared_with"]))
        for row in rows["needs"]:
            row.update(category=row["category"].zh, status=row["status"].zh, raised_on=_iso(row["raised_on"]),
                       community=self._cid(row["community"]))
        for row in rows["activities"]:
            row.update(date=_iso(row["date"]), hours=_num(row["hours"]),
                       organizers="、".join(ref(o) for o in row["organizers"]),
                       needs="、".join(rows["needs"][n]["id"] for n in row["needs"]),
                       resources="、".join(rows["resources"][r]["id"] for r in row["resources"]))
        for row in rows["participation"]:
            member(row)
            row["hours"] = _num(row["hours"])
        for row in rows["pairings"]:
            member(row)
            if "org" in row:
                row["org"] = self.orgs[row["org"]].id
            row.update(target=ref(row["target"]), role=row["role"].zh, start=_iso(row["start"]), end=_iso(row["end"]))
        for row in rows["seats"]:
            row.update(unit=self.units[row["unit"]].id, community=self._cid(row["community"]), role=row["role"].zh,
                       start=_iso(row["start"]), end=_iso(row["end"]))

    def _planted(self) -> dict[str, list[str]]:
        """The planted situations, computed back from the rows (so they hold by construction)."""
        rows = self.rows
        org_units = {o.unit for o in self.orgs if o.unit is not None}
        unit_by_id = {u.id: u for u in self.units}
        covered = {unit_by_id[r["unit"]].idx for r in rows["joint_coverage"] if not r["end"]}
        full_at: dict[int, int] = {}
        members_in: dict[int, list[_Member]] = {}
        for m in self.members:
            members_in.setdefault(m.org, []).append(m)
            if m.employer is not None and m.full:
                full_at[m.employer] = full_at.get(m.employer, 0) + 1
        unbuilt = [u for u in self.units if full_at.get(u.idx, 0) >= 3 and u.idx not in org_units]
        branches = [o for o in self.orgs if o.kind in _BRANCH_KINDS]
        reported = {r.get("member") for r in rows["reports"]} | {r.get("member_id_number") for r in rows["reports"]}
        in_service = [m for m in self.members if m.category is MemberCategory.IN_SERVICE]
        addressed = {n for r in rows["activities"] for n in r["needs"].split("、") if n}
        tied: set[str] = set()
        for r in rows["joint_coverage"]:
            tied.add(r["unit"])
        for r in rows["co_building"]:
            tied.add(r["partner"])
        for r in rows["pairings"]:
            tied.add(r["target"])
        for r in rows["seats"]:
            tied.add(r["unit"])
        for r in rows["activities"]:
            tied.update(r["organizers"].split("、"))
        for r in rows["resources"]:
            tied.add(r["unit"])
        co_building_orgs = {r["org"] for r in rows["co_building"]}
        seat_communities = {r["community"] for r in rows["seats"]}
        return {
            "unbuilt_units": [u.id for u in unbuilt],
            "unbuilt_uncovered_units": [u.id for u in unbuilt if u.idx not in covered],
            "oversize_branches": [o.id for o in branches if len(members_in.get(o.idx, [])) > 50],
            "undersize_branches": [o.id for o in branches if sum(m.full for m in members_in.get(o.idx, [])) < 3],
            "unreported_in_service": [m.id for m in in_service if (m.id_number or m.id) not in reported],
            "lost_contact_members": [m.id for m in self.members if m.last_contact and m.last_contact <= LOST_CONTACT_BEFORE],
            "floating_without_station": [m.id for m in self.members
                                         if m.category is MemberCategory.FLOATING and not m.station],
            "unmet_needs": [r["id"] for r in rows["needs"] if r["status"] == NeedStatus.OPEN.zh and r["id"] not in addressed],
            "unmet_needs_with_resource": [rows["needs"][n]["id"] for n in self.open_needs["with"]],
            "unmet_needs_without_resource": [rows["needs"][n]["id"] for n in self.open_needs["without"]],
            "isolated_units": [u.id for u in self.units if u.id not in tied and u.org is None],
            "communities_without_co_building": [self._cid(c) for c, o in self.community_org.items()
                                                if self.orgs[o].id not in co_building_orgs],
            "communities_without_seats": [c["id"] for c in self.communities if c["id"] not in seat_communities],
        }


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

def _columns(table: str, with_pii: bool) -> list[str]:
    wanted = set(_COLUMNS[table])
    if with_pii:
        wanted |= set(_PII_COLUMNS.get(table, ()))
        if table in ("reports", "participation", "pairings"):
            wanted.discard("member")
    return [c.name for c in TABLES[table].columns if c.name in wanted]


class _Writers:
    """One open CSV writer per table; counts rows and reports progress."""

    def __init__(self, out_dir: Path, columns: dict[str, list[str]], encodings: dict[str, str],
                 progress: Progress | None, n_streets: int) -> None:
        self.columns = columns
        self.progress = progress
        self.n_streets = n_streets
        self.counts = dict.fromkeys(columns, 0)
        self.files: dict[str, IO[str]] = {}
        self.writers: dict[str, Any] = {}
        for table, cols in columns.items():
            f = (out_dir / f"{table}.csv").open("w", encoding=encodings[table], newline="")
            self.files[table] = f
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow([TABLES[table].column(c).zh_header for c in cols])
            self.writers[table] = w

    def write(self, table: str, rows: Iterable[dict[str, Any]], streets_done: int) -> None:
        cols = self.columns[table]
        before = self.counts[table]
        n = 0
        for row in rows:
            self.writers[table].writerow([row.get(c, "") for c in cols])
            n += 1
        after = self.counts[table] = before + n
        if self.progress and after // PROGRESS_EVERY > before // PROGRESS_EVERY:
            estimate = max(after, round(after / max(streets_done, 1) * self.n_streets))
            self.progress(table, after, estimate)

    def close(self) -> None:
        for table, f in self.files.items():
            f.close()
            if self.progress:
                self.progress(table, self.counts[table], self.counts[table])


def _write_workbook(path: Path, title: str, columns: dict[str, list[str]], rows: dict[str, list[dict[str, Any]]]) -> None:
    import xlsxwriter

    numeric = {"employees", "capacity", "lat", "lon", "hours"}
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"title": title, "author": "gongjian synthetic generator",
                         "comments": "合成数据 synthetic data", "created": dt.datetime(2026, 11, 1)})
    title_fmt = book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head_fmt = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    for table, cols in columns.items():
        sheet = book.add_worksheet(TABLES[table].zh)
        if len(cols) > 1:
            sheet.merge_range(0, 0, 0, len(cols) - 1, f"{title}——{TABLES[table].zh}", title_fmt)
        else:
            sheet.write_string(0, 0, f"{title}——{TABLES[table].zh}", title_fmt)
        sheet.set_row(0, 24)
        for j, c in enumerate(cols):
            sheet.write_string(1, j, TABLES[table].column(c).zh_header, head_fmt)
            sheet.set_column(j, j, 26 if c in ("name", "org", "employer", "organizers", "partner") else 13)
        for i, row in enumerate(rows[table], start=2):
            for j, c in enumerate(cols):
                v = row.get(c, "")
                if v == "" or v is None:
                    continue
                if c in numeric:
                    sheet.write_number(i, j, float(v))
                else:
                    sheet.write_string(i, j, str(v))
        sheet.freeze_panes(2, 0)
    book.close()


def generate(out_dir: Path, *, scale: Literal["street", "district", "city"] = "street", seed: int = 0,
             with_pii: bool = False, workbook: Path | None = None, gbk_tables: tuple[str, ...] = ("members",),
             progress: Callable[[str, int, int], None] | None = None) -> GenerationSummary:
    """Write a synthetic dataset of ``scale`` into ``out_dir``; same scale and seed, same bytes.

    One CSV per input table (``<table>.csv``, Chinese headers); tables named in
    ``gbk_tables`` are encoded GBK, the others UTF-8 with a BOM. ``workbook`` (street scale
    only) also writes every table into one XLSX file, a sheet per table under a title row.
    ``with_pii`` adds synthetic resident ID numbers (valid check digits) and mobile numbers
    to the members roster, and then names members by ID number in the reports,
    participation and pairing tables, since the loader replaces member ids by pseudonyms
    of the ID numbers. ``progress(stage, done, total)`` hears of each street and of every
    10,000 rows of a table (``total`` an estimate until the table ends).

    District and city scales stream street by street and hold one street in memory.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    if workbook is not None and scale != "street":
        raise ValueError("a workbook is written for the street scale only")
    unknown = [t for t in gbk_tables if t not in OUTPUT_TABLES]
    if unknown:
        raise ValueError(f"unknown tables in gbk_tables: {', '.join(unknown)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_districts, n_streets = SCALES[scale]
    total_streets = n_districts * n_streets
    rng = _Rand(seed)
    male, female = _name_pools(seed)
    ctx = _Context(male, female, with_pii)
    columns = {t: _columns(t, with_pii) for t in OUTPUT_TABLES}
    encodings = {t: "gbk" if t in gbk_tables else "utf-8-sig" for t in OUTPUT_TABLES}
    planted: dict[str, list[str]] = {k: [] for k in PLANTED_LABELS}
    writers = _Writers(out_dir, columns, encodings, progress, total_streets)
    districts = list(_DISTRICTS)
    rng.shuffle(districts)
    title = ""
    kept: dict[str, list[dict[str, Any]]] = {}
    try:
        done = 0
        for d in range(n_districts):
            district = districts[d % len(districts)] + "区"
            for s in range(n_streets):
                street = ctx.unique(lambda: rng.choice(_STREET_A + _PLACE_A) + rng.choice(_STREET_B) + "街道")
                if scale == "street":
                    prefix = ""
                elif scale == "district":
                    prefix = f"S{s + 1:02d}-"
                else:
                    prefix = f"D{d + 1:02d}S{s + 1:02d}-"
                center = (30.45 + (d // 5) * 0.12 + (s // 5) * 0.02, 114.20 + (d % 5) * 0.12 + (s % 5) * 0.022)
                street_rng = _Rand(rng.getrandbits(64))
                tables, found = _Street(ctx, street_rng, index=done, district=district, street=street,
                                        prefix=prefix, center=center).build()
                done += 1
                for table in OUTPUT_TABLES:
                    writers.write(table, tables[table], done)
                for k, ids in found.items():
                    planted[k] += ids
                if scale == "street":
                    kept, title = tables, f"{street}社区党建数据（合成样例）"
                if progress:
                    progress("streets", done, total_streets)
    finally:
        writers.close()
    if workbook is not None:
        _write_workbook(Path(workbook), title, columns, kept)
    return GenerationSummary(out_dir=out_dir, rows=dict(writers.counts), planted=planted, scale=scale, seed=seed,
                             encodings=encodings, workbook=None if workbook is None else Path(workbook))


def main(argv: list[str] | None = None) -> int:
    """``python -m loaders.synthetic --out DIR --scale street --seed N [--with-pii] [--workbook PATH]``."""
    parser = argparse.ArgumentParser(prog="python -m loaders.synthetic",
                                     description="Write a synthetic (合成) community party-building dataset.")
    parser.add_argument("--out", type=Path, required=True, help="folder for the CSV files")
    parser.add_argument("--scale", choices=tuple(SCALES), default="street")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--with-pii", action="store_true", help="add synthetic ID and phone numbers to members.csv")
    parser.add_argument("--workbook", type=Path, default=None, help="also write one XLSX workbook (street scale)")
    args = parser.parse_args(argv)
    summary = generate(args.out, scale=args.scale, seed=args.seed, with_pii=args.with_pii, workbook=args.workbook)
    for table, n in summary.rows.items():
        print(f"{table:15s} {n:>10,d}  {summary.encodings[table]}")  # noqa: T201
    print(f"{'total':15s} {summary.total_rows:>10,d}  (relationship tables: {summary.relationship_rows:,d})")  # noqa: T201
    for key, ids in summary.planted.items():
        shown = "、".join(ids[:8]) + (" …" if len(ids) > 8 else "")
        print(f"{key}: {len(ids)}  {shown}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
