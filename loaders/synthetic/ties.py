"""Relationships that tie members, organizations and units to the communities: 报到 (reporting),
共建 agreements, 结对 and 党建指导员 (pairings, instructors, liaisons) and 联席会议 seats.

The last community of a street gets no co-building agreement and the one before it no
joint-meeting seat (planted scorecard gaps); every unit except the planted isolated one ends
with at least one tie.
"""

from __future__ import annotations

import datetime as dt

from graph.model import MemberCategory, OrgKind, PairingRole, SeatRole, UnitType
from loaders.synthetic.organizations import PUBLIC_SECTOR
from loaders.synthetic.street import FIRST_DATE, LAST_DATE, Member, Street

CO_BUILDING_KINDS = ("共驻共建", "结对共建", "区域化党建", "联建共建")


def add_reports(s: Street) -> None:
    """报到: in-service members to the community they live in, unit organizations to theirs (双报到)."""
    rng = s.rng
    for m in s.members:
        if m.category is MemberCategory.IN_SERVICE and rng.chance(0.6):
            start = rng.date(max(dt.date(2019, 3, 1), m.join), LAST_DATE)
            s.rows["reports"].append({"member": m, "community": m.residence, "start": start})
    for u in s.units:
        if u.org is not None and rng.chance(0.8 if u.type in PUBLIC_SECTOR else 0.4):
            start = rng.date(max(dt.date(2019, 3, 1), s.orgs[u.org].established), LAST_DATE)
            s.rows["reports"].append({"org": u.org, "community": u.community, "start": start})


def add_co_building(s: Street) -> None:
    """Co-building agreements of the community organizations with units (or their organizations)."""
    rng = s.rng
    last = len(s.communities) - 1
    for u in s.units:
        if u.community == last or u.planted == "isolated" or u.type in (
                UnitType.RESIDENTS_COMMITTEE, UnitType.OWNERS_COMMITTEE):
            continue
        p = 0.75 if u.type in PUBLIC_SECTOR else 0.3 if u.m > 0 else 0.1
        if u.planted.startswith("unbuilt") or not rng.chance(p):
            continue
        partner: tuple[str, int] = ("org", u.org) if u.org is not None and rng.chance(0.3) else ("unit", u.idx)
        start = rng.date(FIRST_DATE, dt.date(2026, 9, 30))
        end = None
        if rng.chance(0.1):
            e = start + dt.timedelta(days=rng.randint(365, 1095))
            end = e if e <= LAST_DATE else None
        s.rows["co_building"].append({"org": s.community_org[u.community], "partner": partner,
                                      "kind": rng.choice(CO_BUILDING_KINDS), "start": start, "end": end})
        s.ties.add(u.idx)


def add_pairings(s: Street) -> None:
    """Instructors and liaisons for units without an organization, branch pairings, member pairings."""
    rng = s.rng
    retired_by_c: dict[int, list[Member]] = {}
    for m in s.members:
        if m.category is MemberCategory.RETIRED and m.full:
            retired_by_c.setdefault(m.residence, []).append(m)
    s.retired_by_c = retired_by_c
    rows = s.rows["pairings"]

    def when() -> tuple[dt.date, dt.date | None]:
        start = rng.date(FIRST_DATE, dt.date(2026, 9, 30))
        end = None
        if rng.chance(0.08):
            e = start + dt.timedelta(days=rng.randint(365, 900))
            end = e if e <= LAST_DATE else None
        return start, end

    for u in s.units:
        if u.org is not None or u.covered or u.planted or u.type in (UnitType.RESIDENTS_COMMITTEE,):
            continue
        if rng.chance(0.25) and retired_by_c.get(u.community):
            start, end = when()
            rows.append({"member": rng.choice(retired_by_c[u.community]), "target": ("unit", u.idx),
                         "role": PairingRole.INSTRUCTOR, "start": start, "end": end})
            if end is None:
                s.ties.add(u.idx)
        elif rng.chance(0.1):
            start, end = when()
            rows.append({"org": s.community_org[u.community], "target": ("unit", u.idx),
                         "role": PairingRole.LIAISON, "start": start, "end": end})
            if end is None:
                s.ties.add(u.idx)
    tops = set(s.community_org.values())
    branches = [o for o in s.orgs if o.kind == OrgKind.BRANCH.value and o.parent in tops]
    unit_orgs = [u for u in s.units if u.org is not None and u.type in PUBLIC_SECTOR]
    for u in rng.sample(unit_orgs, min(len(unit_orgs), 6)):
        near = [o for o in branches if o.community == u.community] or branches
        start, end = when()
        rows.append({"org": u.org, "target": ("org", rng.choice(near).idx), "role": PairingRole.PAIRING,
                     "start": start, "end": end})
    in_service = [m for m in s.members if m.category is MemberCategory.IN_SERVICE]
    for m in rng.sample(in_service, min(len(in_service), 4)):
        start, end = when()
        rows.append({"member": m, "target": ("community", m.residence), "role": PairingRole.PAIRING,
                     "start": start, "end": end})


def add_seats(s: Street) -> None:
    """Joint-meeting seats and part-time committee members, in every community but one."""
    rng = s.rng
    no_seats = len(s.communities) - 2
    for c in range(len(s.communities)):
        if c == no_seats:
            continue
        here = [u for u in s.units if u.community == c and not u.planted]
        four_parties = [u for u in here if u.type in (
            UnitType.RESIDENTS_COMMITTEE, UnitType.PROPERTY_COMPANY, UnitType.OWNERS_COMMITTEE)]
        big = [u for u in here if u.type in PUBLIC_SECTOR]
        seated = four_parties + rng.sample(big, min(len(big), rng.randint(2, 4)))
        part_time = rng.sample(big, min(len(big), rng.randint(1, 2)))
        for u, role in [(u, SeatRole.JOINT_MEETING) for u in seated] + [(u, SeatRole.PART_TIME_MEMBER) for u in part_time]:
            s.rows["seats"].append({"unit": u.idx, "community": c, "role": role,
                                    "start": rng.date(FIRST_DATE, dt.date(2026, 6, 30)), "end": None})
            s.ties.add(u.idx)


def reach_every_unit(s: Street) -> None:
    """Give every unit but the planted isolated one at least one tie (an instructor or a liaison)."""
    rng = s.rng
    for u in s.units:
        if u.idx in s.ties or u.org is not None or u.covered or u.planted in ("isolated",):
            continue
        pool = s.retired_by_c.get(u.community)
        start = rng.date(FIRST_DATE, dt.date(2026, 9, 30))
        if pool and rng.chance(0.6):
            s.rows["pairings"].append({"member": rng.choice(pool), "target": ("unit", u.idx),
                                       "role": PairingRole.INSTRUCTOR, "start": start, "end": None})
        else:
            s.rows["pairings"].append({"org": s.community_org[u.community], "target": ("unit", u.idx),
                                       "role": PairingRole.LIAISON, "start": start, "end": None})
        s.ties.add(u.idx)
