"""Units (辖区单位) and party organizations (党组织): who is in the street, and how its
members are organized.

Every type of unit DESIGN.md §3 names is there, with member counts calibrated to about 900
in-service members a street. Four units are picked for the planted situations (an isolated
unit, two and one 应建未建 units, an undersize branch); small non-public units and property
companies are covered by one 两新组织联合党支部 per community.
"""

from __future__ import annotations

import datetime as dt
import math

from graph.model import MemberCategory, OrgKind, UnitType
from loaders.synthetic.names import (
    BRAND_A,
    BRAND_B,
    CITY,
    ESTATE_SUFFIX,
    PLACE_A,
    PLACE_B,
    PRIVATE_INDUSTRIES,
    SOCIAL_KINDS,
    cn_numeral,
)
from loaders.synthetic.street import FIRST_DATE, LAST_DATE, Member, Org, Street, Unit, add_years

#: The 两新组织 (and other units) whose members may be gathered in a joint branch.
TWO_NEW = (UnitType.PRIVATE_ENTERPRISE, UnitType.SOCIAL_ORG, UnitType.OTHER)
#: The units with many members: agencies, public institutions, state-owned enterprises, schools, hospitals.
PUBLIC_SECTOR = (UnitType.GOVERNMENT, UnitType.PUBLIC_INSTITUTION, UnitType.SOE, UnitType.SCHOOL, UnitType.HOSPITAL)


def _unit(s: Street, name: str, type_: UnitType, community: int) -> Unit:
    u = Unit(len(s.units), name, type_, community)
    s.units.append(u)
    return u


def add_units(s: Street) -> None:
    """The units of the street: agencies, institutions, enterprises, social organizations, and in each
    community its residents' committee, property companies and owners' committee."""
    rng, ctx, sn, d = s.rng, s.ctx, s.street_short, s.district
    n_comm = len(s.communities)

    def some(options: list[str], lo: int, hi: int) -> list[str]:
        return rng.sample(options, min(len(options), rng.randint(lo, hi)))

    def anywhere() -> int:
        return rng.randrange(n_comm)

    gov = [f"{sn}街道办事处", f"{d}公安分局{sn}派出所", f"{d}司法局{sn}司法所", f"{d}市场监督管理局{sn}市场监管所",
           f"{d}税务局{sn}税务所", f"{d}城市管理局{sn}执法中队", f"{d}人民法院{sn}人民法庭", f"{d}消防救援大队{sn}消防站",
           f"{d}生态环境局{sn}环境监管站", f"{d}人力资源和社会保障局{sn}劳动保障所"]
    public = [f"{sn}{x}" for x in ("街道综合文化站", "街道便民服务中心", "街道退役军人服务站", "街道社会事务服务中心",
                                   "街道网格化管理中心", "街道公共法律服务工作站", "就业服务站", "街道应急管理服务站",
                                   "图书分馆", "全民健身中心", "科普馆", "住房保障服务站", "房屋征收事务所",
                                   "残疾人之家", "老年大学", "青少年活动中心", "档案服务站", "水文监测站")]
    soe = [f"{b}{CITY}{sn}支行" for b in ("工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "邮储银行")]
    soe += [f"国网{CITY}供电公司{sn}供电服务中心", f"中国移动{CITY}分公司{sn}营业部", f"中国电信{CITY}分公司{sn}营业部",
            f"中国联通{CITY}分公司{sn}营业部", f"{CITY}燃气集团{sn}服务站", f"{CITY}水务集团{sn}营业所",
            f"{CITY}公交集团{sn}车队", f"{CITY}地铁集团{sn}站务中心", f"中国邮政{sn}邮政支局",
            f"{CITY}建工集团{sn}项目部", f"{CITY}城投{sn}项目公司", f"{CITY}国资{sn}资产运营公司"]
    school = [f"{d}{sn}小学", f"{d}{sn}实验小学", f"{d}{sn}中学", f"{sn}中心幼儿园", f"{sn}第二幼儿园",
              f"{d}{sn}外国语学校", f"{d}{sn}职业技术学校", f"{sn}实验幼儿园", f"{sn}初级中学", f"{sn}九年一贯制学校",
              f"{sn}第二小学"]
    hospital = [f"{d}{sn}中医医院", f"{sn}街道社区卫生服务中心", f"{d}妇幼保健院{sn}院区", f"{sn}康复医院",
                f"{sn}护理院", f"{sn}口腔医院"]
    other = [f"{sn}{x}" for x in ("农贸市场", "商业广场", "购物中心", "汽车客运站", "文化产业园", "创业孵化园",
                                  "物流园", "批发市场", "专业合作社", "商务楼宇", "科技园", "美食街", "家居广场",
                                  "汽配城")]
    big_hospital = True
    for type_, names, lo, hi in ((UnitType.GOVERNMENT, gov, 6, 9), (UnitType.PUBLIC_INSTITUTION, public, 10, 15),
                                 (UnitType.SOE, soe, 10, 15), (UnitType.SCHOOL, school, 7, 10),
                                 (UnitType.HOSPITAL, hospital, 3, 5), (UnitType.OTHER, other, 8, 13)):
        chosen = names[:1] + some(names[1:], lo - 1, hi - 1) if type_ is UnitType.HOSPITAL else some(names, lo, hi)
        for name in chosen:
            u = _unit(s, ctx.unique(lambda name=name: name), type_, anywhere())
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
    place = (s.district_short, CITY, sn)
    for _ in range(rng.randint(140, 160)):
        name = ctx.unique(lambda: rng.choice(place[:2]) + rng.choice(BRAND_A) + rng.choice(BRAND_B)
                          + rng.choice(PRIVATE_INDUSTRIES) + ("股份有限公司" if rng.chance(0.1) else "有限公司"))
        u = _unit(s, name, UnitType.PRIVATE_ENTERPRISE, anywhere())
        r = rng.random()
        u.m = 0 if r < 0.58 else rng.randint(1, 2) if r < 0.87 else rng.randint(3, 9)
        u.employees = max(u.m * 3, int(rng.lognormvariate(3.0, 0.9)) + 3)
    for _ in range(rng.randint(45, 58)):
        name = ctx.unique(lambda: rng.choice(place) + rng.choice(BRAND_A) + rng.choice(BRAND_B) + rng.choice(SOCIAL_KINDS))
        u = _unit(s, name, UnitType.SOCIAL_ORG, anywhere())
        r = rng.random()
        u.m = 0 if r < 0.7 else rng.randint(1, 2) if r < 0.92 else rng.randint(3, 6)
        u.employees = max(u.m * 2, rng.randint(3, 40))
    for c in range(n_comm):
        cname = s.cname(c)
        u = _unit(s, ctx.unique(lambda cname=cname: f"{cname}居民委员会"), UnitType.RESIDENTS_COMMITTEE, c)
        u.m, u.employees = rng.randint(3, 5), rng.randint(8, 16)
        for _ in range(rng.randint(1, 3)):
            name = ctx.unique(lambda cname=cname: rng.choice(BRAND_A) + rng.choice(BRAND_B) + f"物业{cname}服务处")
            u = _unit(s, name, UnitType.PROPERTY_COMPANY, c)
            u.m, u.employees = (0 if rng.chance(0.5) else rng.randint(1, 2)), rng.randint(10, 60)
        for _ in range(1 if rng.chance(0.7) else 2):
            name = ctx.unique(lambda cname=cname: cname + rng.choice(PLACE_A) + rng.choice(PLACE_B)
                              + rng.choice(ESTATE_SUFFIX) + "业主委员会")
            u = _unit(s, name, UnitType.OWNERS_COMMITTEE, c)
            u.m, u.employees = 0, rng.randint(5, 9)
    # Calibrate: about 900 in-service members a street (so ~2,000 members), by scaling the
    # public-sector units, whose member counts are the large ones.
    public = [u for u in s.units if u.type in PUBLIC_SECTOR]
    n_public = sum(u.m for u in public)
    rest = sum(u.m for u in s.units) - n_public
    factor = min(1.6, max(0.6, (rng.randint(870, 910) - rest) / max(n_public, 1)))
    for u in public:
        u.m = max(3, min(95 if u.m > 50 else 48, round(u.m * factor)))
        u.employees = max(u.employees, u.m * 3)
    rng.shuffle(s.units)
    for i, u in enumerate(s.units):
        u.idx, u.id = i, f"{s.px}U{i + 1:04d}"


def plant_units(s: Street) -> None:
    """Pick the planted units and decide which small units the joint branches cover."""
    rng = s.rng
    empty_private = [u for u in s.units if u.type is UnitType.PRIVATE_ENTERPRISE and u.m == 0]
    empty_social = [u for u in s.units if u.type is UnitType.SOCIAL_ORG and u.m == 0]
    iso, unb1, unb2, under = rng.sample(empty_private, 4)
    unb3 = rng.choice(empty_social)
    iso.planted = "isolated"
    for u, m, tag in ((unb1, 5, "unbuilt_uncovered"), (unb2, 4, "unbuilt"), (unb3, 3, "unbuilt"), (under, 3, "undersize")):
        u.m, u.planted = m, tag
        u.employees = max(u.employees, m * 4)
    for u in s.units:
        if u.planted in ("isolated", "unbuilt_uncovered") or u.type not in (*TWO_NEW, UnitType.PROPERTY_COMPANY):
            continue
        if u.planted == "unbuilt":
            u.covered = True
        elif u.m == 0:
            u.covered = rng.chance(0.45)
        elif u.m <= 2:
            u.covered = rng.chance(0.75)


def _org(s: Street, name: str, kind: OrgKind, community: int | None, parent: int | None, unit: int | None,
         established: dt.date) -> int:
    o = Org(len(s.orgs), name, kind.value, community, parent, unit, established)
    s.orgs.append(o)
    return o.idx


def _split(members: list[Member], size: int = 40) -> list[list[Member]]:
    n = max(1, math.ceil(len(members) / size))
    return [members[i::n] for i in range(n)]


def add_orgs(s: Street) -> None:
    """The party organizations: the street's 党工委, each community's 党委 or 党总支 with its branches
    (a floating members' branch, a joint branch), and the units' own branches."""
    rng = s.rng
    by_unit: dict[int, list[Member]] = {}
    for m in s.members:
        if m.employer is not None:
            by_unit.setdefault(m.employer, []).append(m)
    # Joint branches must hold at least three full members; otherwise cover more small units.
    joint: dict[int, list[Member]] = {c: [] for c in range(len(s.communities))}
    for u in s.units:
        if u.covered:
            joint[u.community] += by_unit.get(u.idx, [])
    for c, ms in joint.items():
        spare = [u for u in s.units if u.community == c and not u.covered and 0 < u.m <= 2 and not u.planted
                 and u.type in (*TWO_NEW, UnitType.PROPERTY_COMPANY)]
        while sum(m.full for m in ms) < 3 and spare:
            u = spare.pop(0)
            u.covered = True
            ms += by_unit.get(u.idx, [])
        if sum(m.full for m in ms) < 3:  # too few: no joint branch in this community
            for u in s.units:
                if u.community == c and u.covered:
                    u.covered = False
            ms.clear()
    street_org = _org(s, f"{s.street}党工委", OrgKind.COMMITTEE, None, None, None, dt.date(2003, 7, 1))
    community_pool: dict[int, list[Member]] = {c: [] for c in range(len(s.communities))}
    floating_pool: dict[int, list[Member]] = {c: [] for c in range(len(s.communities))}
    for m in s.members:
        if m.employer is None:
            (floating_pool if m.category is MemberCategory.FLOATING else community_pool)[m.residence].append(m)
            continue
        u = s.units[m.employer]
        if u.covered:
            continue  # in the joint branch
        if u.type is UnitType.RESIDENTS_COMMITTEE:
            community_pool[u.community].append(m)  # community workers: in the community's branches
        elif u.m < 3 or u.planted.startswith("unbuilt"):
            community_pool[m.residence].append(m)  # no organization at work: kept where they live
    rc_of = {u.community: u.idx for u in s.units if u.type is UnitType.RESIDENTS_COMMITTEE}
    oversize_c = 1 % len(s.communities)
    for c in range(len(s.communities)):
        cname = s.cname(c)
        pool = community_pool[c]
        floating = floating_pool[c]
        if len(floating) < 3:
            pool, floating = pool + floating, []
        rng.shuffle(pool)
        groups: list[list[Member]] = []
        if c == oversize_c and len(pool) >= 61:
            groups.append(pool[:58])
            groups += _split(pool[58:])
        else:
            groups += _split(pool)
        total = len(pool) + len(floating) + len(joint[c])
        kind = OrgKind.COMMITTEE if total > 100 else OrgKind.GENERAL_BRANCH
        top = _org(s, f"{cname}{kind.zh}", kind, c, street_org, rc_of.get(c), rng.date(dt.date(2004, 1, 1), dt.date(2016, 12, 31)))
        s.community_org[c] = top
        for k, group in enumerate(groups, start=1):
            o = _org(s, f"{cname}第{cn_numeral(k)}党支部", OrgKind.BRANCH, c, top, None,
                     rng.date(dt.date(2005, 1, 1), dt.date(2018, 12, 31)))
            for m in group:
                m.org = o
        for k, group in enumerate(_split(floating, 45) if floating else [], start=1):
            suffix = "" if len(floating) <= 45 else f"第{cn_numeral(k)}"
            o = _org(s, f"{cname}流动党员{suffix}党支部", OrgKind.BRANCH, c, top, None,
                     rng.date(dt.date(2012, 1, 1), dt.date(2020, 12, 31)))
            for m in group:
                m.org = o
        if joint[c]:
            o = _org(s, f"{cname}两新组织联合党支部", OrgKind.JOINT_BRANCH, c, top, None,
                     rng.date(dt.date(2016, 1, 1), dt.date(2020, 12, 31)))
            for m in joint[c]:
                m.org = o
            for u in s.units:
                if u.community == c and u.covered:
                    start = rng.date(max(FIRST_DATE, s.orgs[o].established), dt.date(2025, 12, 31))
                    end = None
                    if u.m == 0 and not u.planted and rng.chance(0.06):
                        end = rng.date(start + dt.timedelta(days=200), LAST_DATE)
                    s.rows["joint_coverage"].append({"org": o, "unit": u.idx, "start": start, "end": end})
                    if end is None:
                        s.ties.add(u.idx)
                    else:
                        u.covered = False
    # Units' own organizations.
    for u in s.units:
        if u.m < 3 or u.planted.startswith("unbuilt") or u.type is UnitType.RESIDENTS_COMMITTEE:
            continue
        ms = by_unit[u.idx]
        lo = dt.date(2012, 1, 1) if u.type in TWO_NEW else dt.date(1998, 1, 1)
        parent = s.community_org[u.community] if u.type in TWO_NEW else None
        est = rng.date(lo, dt.date(2023, 12, 31))
        if len(ms) <= 50:
            u.org = _org(s, f"{u.name}党支部", OrgKind.BRANCH, u.community, parent, u.idx, est)
            for m in ms:
                m.org = u.org
        else:
            u.org = _org(s, f"{u.name}党总支", OrgKind.GENERAL_BRANCH, u.community, parent, u.idx, est)
            for k, group in enumerate(_split(ms), start=1):
                o = _org(s, f"{u.name}第{cn_numeral(k)}党支部", OrgKind.BRANCH, u.community, u.org, None, est)
                for m in group:
                    m.org = o
    for i, o in enumerate(s.orgs):
        o.id = f"{s.px}P{i + 1:04d}"
    # Every branch but the planted one holds at least three full members.
    by_org: dict[int, list[Member]] = {}
    for m in s.members:
        by_org.setdefault(m.org, []).append(m)
    undersize = next(u.org for u in s.units if u.planted == "undersize")
    for o, ms in by_org.items():
        if o == undersize:
            continue
        for m in ms:
            if sum(x.full for x in ms) >= 3:
                break
            if not m.full:
                m.full = True
                m.join = rng.date(add_years(m.birth, 18), dt.date(2025, 10, 15))
