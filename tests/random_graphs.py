"""Seeded random graphs of every label and most relationship types, with random start and end
dates on the ties, for comparing the stores' named queries with the analyses.

The values are drawn so that the readings the analyses share are exercised: ties that start
after or end before the date, members who join after it, units placed by a tie, by their
``community`` property, by both or by neither (a property may name no community), party
organizations of every kind founded before and after the date, groups and hierarchies, needs
addressed by activities dated before and after it, hours in half hours.

One situation is rare by construction: a party organization established in two units at once
(it is then the community party organization of both communities, and counts its co-building
partners in each; tests/test_readings.py holds that case by hand).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from graph.analysis.base import months_before
from graph.dataset import Dataset
from graph.model import Label, RelType

DAY0 = dt.date(2023, 1, 1)
#: Dates the queries are asked on: inside the range the ties' dates are drawn from.
AS_OF_DATES = (dt.date(2024, 2, 29), dt.date(2025, 2, 28), dt.date(2025, 8, 31))

UNIT_TYPES = ["residents_committee", "private_enterprise", "social_org", "school", "soe", "property_company", None]
ORG_KINDS = ["committee", "general_branch", "branch", "branch", "joint_branch", "group", None]
CATEGORIES = ["venue", "facility", "volunteer", "funds", None]


def _boundaries() -> list[dt.date]:
    """The query dates, the starts of the rules' periods before them (6 and 12 months: the
    probation year too), 29 February, and the days either side: where ``<`` and ``<=`` part."""
    days = [dt.date(2024, 2, 29)]
    for day in AS_OF_DATES:
        for edge in (day, months_before(day, 6), months_before(day, 12)):
            days += [edge - dt.timedelta(days=1), edge, edge + dt.timedelta(days=1)]
    return days


_BOUNDARIES = _boundaries()


def _day(rng: random.Random, span: int = 4 * 365) -> dt.date:
    if rng.random() < 0.3:
        return rng.choice(_BOUNDARIES)
    return DAY0 + dt.timedelta(days=rng.randrange(span))


def _maybe_day(rng: random.Random, p: float = 0.5) -> dt.date | None:
    return _day(rng) if rng.random() < p else None


def _validity(rng: random.Random) -> dict[str, dt.date]:
    """No dates, a start, an end, or both (start before end), about equally often."""
    out: dict[str, dt.date] = {}
    start = _day(rng) if rng.random() < 0.5 else None
    if start is not None:
        out["start"] = start
    if rng.random() < 0.4:
        end = _day(rng)
        if start is None or end > start:
            out["end"] = end
    return out


def random_dataset(seed: int, size: int = 1) -> Dataset:
    """A random graph; ``size`` scales the number of nodes (1: about 120)."""
    rng = random.Random(seed)
    n = {"C": 4, "U": 14 * size, "P": 12 * size, "M": 45 * size, "R": 10 * size, "N": 10 * size, "A": 12 * size}
    ids = {k: [f"{k}{i}" for i in range(1, v + 1)] for k, v in n.items()}
    communities = ids["C"]
    ds = Dataset.empty(dt.date(2026, 1, 1))

    def place() -> str | None:
        return rng.choice([*communities, "C9", " ", "C1 ", None, None])

    ds.add_nodes(Label.COMMUNITY, [
        {"id": c, "name": f"社区{c}", "adjacent": rng.sample([*communities, "C9"], rng.randrange(3))} for c in communities])
    ds.add_nodes(Label.UNIT, [
        {"id": u, "name": f"单位{u}", "type": rng.choice(UNIT_TYPES), "community": place()} for u in ids["U"]])
    ds.add_nodes(Label.PARTY_ORG, [
        {"id": o, "name": f"党组织{o}", "kind": rng.choice(ORG_KINDS), "community": place(),
         "established": _maybe_day(rng, 0.3)} for o in ids["P"]])
    ds.add_nodes(Label.MEMBER, [
        {"id": m, "name": f"党员{m}", "status": rng.choice(["full", "full", "probationary", None]),
         "category": rng.choice(["in_service", "in_service", "retired", "floating", None]),
         "join_date": _maybe_day(rng, 0.3), "last_contact": _maybe_day(rng, 0.7),
         "station": rng.choice([None, "", " ", "服务站一"]), "skills": rng.sample(["书法", "法律咨询", "医疗护理"], rng.randrange(2))}
        for m in ids["M"]])
    ds.add_nodes(Label.RESOURCE, [{"id": r, "name": f"资源{r}", "category": rng.choice(CATEGORIES)} for r in ids["R"]])
    ds.add_nodes(Label.NEED, [
        {"id": x, "name": f"需求{x}", "category": rng.choice(CATEGORIES), "status": rng.choice(["open", "open", "claimed", "done", None]),
         "raised_on": _maybe_day(rng, 0.5)} for x in ids["N"]])
    ds.add_nodes(Label.ACTIVITY, [
        {"id": a, "name": f"活动{a}", "category": rng.choice(["志愿服务", "法律服务", None]), "date": _maybe_day(rng, 0.8),
         "hours": rng.choice([None, 1.0, 2.5])} for a in ids["A"]])

    labels = {"C": "Community", "U": "Unit", "P": "PartyOrg", "M": "Member", "R": "Resource", "N": "Need", "A": "Activity"}

    def ties(rel_type: RelType, src: str, dst: str, count: int, **props: Callable[[], object]) -> None:
        rows = []
        for _ in range(count):
            a, b = rng.choice(ids[src]), rng.choice(ids[dst])
            if a == b:
                continue
            row: dict[str, object] = {"src": a, "src_label": labels[src], "dst": b, "dst_label": labels[dst], **_validity(rng)}
            for key, make in props.items():
                if (value := make()) is not None:
                    row[key] = value
            rows.append(row)
        ds.add_relationships(rel_type, rows)

    # Most communities have the usual core: a residents' committee and the community party
    # committee established in it, sometimes with a branch below; the ties' dates still vary.
    core_units, core_orgs, established, rows = [], [], [], []
    for c in communities:
        if rng.random() < 0.8:
            rc, pc = f"RC{c}", f"PC{c}"
            core_units.append({"id": rc, "name": f"居委会{c}", "type": "residents_committee",
                               "community": rng.choice([c, None])})
            core_orgs.append({"id": pc, "name": f"社区党委{c}", "kind": rng.choice(["committee", "general_branch"]),
                              "community": rng.choice([c, None])})
            ids["U"].append(rc)
            ids["P"].append(pc)
            rows.append({"src": rc, "src_label": "Unit", "dst": c, "dst_label": "Community", **_validity(rng)})
            if rng.random() < 0.8:
                established.append({"src": pc, "src_label": "PartyOrg", "dst": rc, "dst_label": "Unit", **_validity(rng)})
    ds.add_nodes(Label.UNIT, core_units)
    ds.add_nodes(Label.PARTY_ORG, core_orgs)
    ds.add_relationships(RelType.LOCATED_IN, rows)
    m = len(ids["M"])
    ties(RelType.MEMBER_OF, "M", "P", int(m * 1.2))
    ties(RelType.WORKS_AT, "M", "U", int(m * 0.9))
    ties(RelType.RESIDES_IN, "M", "C", int(m * 1.1))
    ties(RelType.REPORTED_TO, "M", "C", int(m * 0.6))
    ties(RelType.REPORTED_TO, "P", "C", 3)
    ties(RelType.SUBORDINATE_TO, "P", "P", len(ids["P"]))
    # At most one ESTABLISHED_IN per organization (see the module docstring), to any unit.
    has_unit = {row["src"] for row in established}
    ds.add_relationships(RelType.ESTABLISHED_IN, established + [
        {"src": o, "src_label": "PartyOrg", "dst": rng.choice(ids["U"]), "dst_label": "Unit", **_validity(rng)}
        for o in ids["P"] if o not in has_unit and rng.random() < 0.4])
    ties(RelType.COVERS, "P", "U", len(ids["U"]) // 2)
    ties(RelType.LOCATED_IN, "U", "C", len(ids["U"]))
    ties(RelType.LOCATED_IN, "P", "C", len(ids["P"]))
    ties(RelType.CO_BUILDS, "P", "U", len(ids["U"]) * 2, kind=lambda: rng.choice([None, "共建协议", "结对共建"]))
    ties(RelType.CO_BUILDS, "P", "P", 3, kind=lambda: rng.choice([None, "共建协议"]))
    ties(RelType.OFFERS, "U", "R", int(len(ids["R"]) * 1.3))
    ties(RelType.SHARED_WITH, "R", "C", len(ids["R"]))
    ties(RelType.RAISED_IN, "N", "C", int(len(ids["N"]) * 1.2))
    ties(RelType.ORGANIZED, "P", "A", len(ids["A"]))
    ties(RelType.ORGANIZED, "U", "A", len(ids["A"]))
    ties(RelType.ADDRESSES, "A", "N", len(ids["N"]) // 2)
    ties(RelType.USES, "A", "R", len(ids["A"]) // 2)
    ties(RelType.PARTICIPATED_IN, "M", "A", m, hours=lambda: rng.choice([None, 0.5, 1.0, 3.5]))
    ties(RelType.PAIRED_WITH, "M", "U", len(ids["U"]) // 2, role=lambda: rng.choice(["instructor", "liaison", "pairing", None]))
    ties(RelType.PAIRED_WITH, "P", "U", len(ids["U"]) // 3, role=lambda: rng.choice(["instructor", "liaison", None]))
    ties(RelType.SITS_ON, "U", "C", len(ids["U"]) // 2, role=lambda: rng.choice(["joint_meeting", "part_time_member"]))
    return ds
