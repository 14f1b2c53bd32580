"""Party members (党员): who they are, where they work and live, and their synthetic personal data.

About 900 in-service members a street work in its units; retired, floating and other members,
in the shares of DESIGN.md's street, live in its communities. With ``with_pii`` every member
gets a synthetic resident ID number (valid check digit, birth date and gender encoded as the
standard has them) and a mobile number; none belongs to a real person.

Examples
--------
>>> id_check_digit("11010519491231002")
'X'
"""

from __future__ import annotations

import datetime as dt

from graph.model import MemberCategory, UnitType
from loaders.synthetic.street import LAST_DATE, Member, Street, add_years

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

SKILLS = (
    "法律咨询", "医疗护理", "心理疏导", "文艺表演", "书法绘画", "摄影", "计算机", "家电维修", "水电维修",
    "教育辅导", "财务会计", "烹饪", "驾驶", "外语翻译", "体育健身", "政策宣讲", "志愿服务组织",
)


def id_check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check digit of the first 17 digits of a resident ID number."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def person(s: Street, category: MemberCategory, residence: int, *, full: bool | None = None) -> Member:
    """A new member of ``category`` living in the community ``residence``."""
    rng = s.rng
    male = rng.chance(0.68 if category is MemberCategory.RETIRED else 0.58)
    name = rng.choice(s.ctx.male_names if male else s.ctx.female_names)
    year = {MemberCategory.RETIRED: (1938, 1966), MemberCategory.IN_SERVICE: (1966, 2001),
            MemberCategory.FLOATING: (1970, 2003), MemberCategory.OTHER: (1950, 2004)}[category]
    birth = rng.date(dt.date(year[0], 1, 1), dt.date(year[1], 12, 31))
    if full is None:
        full = category is MemberCategory.RETIRED or rng.chance(0.91)
    adult = add_years(birth, 18)
    if full:
        join = rng.date(adult, min(dt.date(2025, 10, 15), add_years(birth, 50)))
    else:
        join = rng.date(max(adult, dt.date(2025, 11, 10)), dt.date(2026, 10, 20))
    k = rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]
    skills = tuple(rng.sample(SKILLS, k)) if k else ()
    m = Member(name, male, birth, join, full, category, residence, skills=skills, active=rng.chance(0.72))
    s.members.append(m)
    return m


def residence(s: Street) -> int:
    """A community to live in, the larger ones more often."""
    weights = [c["weight"] for c in s.communities]
    return s.rng.choices(range(len(s.communities)), weights)[0]


def add_members(s: Street) -> None:
    """The in-service members of every unit, then retired, floating and other members."""
    rng = s.rng
    n_in = 0
    for u in s.units:
        for j in range(u.m):
            home = u.community if u.type is UnitType.RESIDENTS_COMMITTEE or rng.chance(0.4) else residence(s)
            full = True if u.planted.startswith("unbuilt") else (j != 2 if u.planted == "undersize" else None)
            if u.m >= 3 and j < 3 and full is None:
                full = True  # a unit branch starts with at least three full members
            m = person(s, MemberCategory.IN_SERVICE, home, full=full)
            m.employer = u.idx
            n_in += 1
    for category, share in ((MemberCategory.RETIRED, 40), (MemberCategory.FLOATING, 8), (MemberCategory.OTHER, 7)):
        for _ in range(round(n_in * share / 45)):
            person(s, category, residence(s))


def finish_members(s: Street) -> None:
    """Ids in organization order, the dates of joining the organization and of the last contact,
    stations of floating members, the personal numbers; then the planted lost-contact and
    station-less members."""
    rng = s.rng
    order = {o.idx: i for i, o in enumerate(s.orgs)}
    s.members.sort(key=lambda m: order[m.org])
    used_numbers: set[str] = set()
    area = f"{330100 + s.index % 9000:06d}" if s.index < 9000 else "330100"
    for i, m in enumerate(s.members):
        m.id = f"{s.px}M{i + 1:06d}"
        est = s.orgs[m.org].established
        lo = max(m.join, est)
        m.org_since = rng.date(lo, min(LAST_DATE, lo + dt.timedelta(days=365 * 6)))
        m.last_contact = rng.date(dt.date(2026, 6, 1), LAST_DATE)
        if m.category is MemberCategory.FLOATING:
            m.station = f"{s.street}流动党员服务站" if rng.chance(0.85) else f"{s.cname(m.residence)}流动党员服务点"
        if s.ctx.with_pii:
            while True:
                seq = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if m.male else (0, 2, 4, 6, 8))
                body = f"{area}{m.birth:%Y%m%d}{seq:03d}"
                if body not in used_numbers:
                    used_numbers.add(body)
                    break
            m.id_number = body + id_check_digit(body)
            m.phone = rng.choice(("13", "15", "18")) + f"{rng.randrange(10 ** 9):09d}"
    # Planted: a handful out of touch, a few floating members without a station.
    candidates = [m for m in s.members if m.category is not MemberCategory.OTHER]
    for m in rng.sample(candidates, 5):
        m.last_contact = rng.date(dt.date(2025, 1, 15), dt.date(2026, 4, 10))
    floating = [m for m in s.members if m.category is MemberCategory.FLOATING]
    for m in rng.sample(floating, min(3, len(floating))):
        m.station = ""
