"""The planted situations (预置情形): what every street holds on purpose for the analyses to find.

:func:`planted` computes them back from the street's rows, so they hold by construction;
``data/sample/README.md`` lists those of the sample street and the tests check both.
"""

from __future__ import annotations

from graph.model import MemberCategory, NeedStatus
from loaders.synthetic.street import LOST_CONTACT_BEFORE, Member, Street

#: The planted situations, by key: (Chinese, English).
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

BRANCH_KINDS = ("branch", "joint_branch")


def planted(s: Street) -> dict[str, list[str]]:
    """The planted situations, computed back from the rows (so they hold by construction)."""
    rows = s.rows
    org_units = {o.unit for o in s.orgs if o.unit is not None}
    unit_by_id = {u.id: u for u in s.units}
    covered = {unit_by_id[r["unit"]].idx for r in rows["joint_coverage"] if not r["end"]}
    full_at: dict[int, int] = {}
    members_in: dict[int, list[Member]] = {}
    for m in s.members:
        members_in.setdefault(m.org, []).append(m)
        if m.employer is not None and m.full:
            full_at[m.employer] = full_at.get(m.employer, 0) + 1
    unbuilt = [u for u in s.units if full_at.get(u.idx, 0) >= 3 and u.idx not in org_units]
    branches = [o for o in s.orgs if o.kind in BRANCH_KINDS]
    reported = {r.get("member") for r in rows["reports"]} | {r.get("member_id_number") for r in rows["reports"]}
    in_service = [m for m in s.members if m.category is MemberCategory.IN_SERVICE]
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
        "lost_contact_members": [m.id for m in s.members if m.last_contact and m.last_contact <= LOST_CONTACT_BEFORE],
        "floating_without_station": [m.id for m in s.members
                                     if m.category is MemberCategory.FLOATING and not m.station],
        "unmet_needs": [r["id"] for r in rows["needs"] if r["status"] == NeedStatus.OPEN.zh and r["id"] not in addressed],
        "unmet_needs_with_resource": [rows["needs"][n]["id"] for n in s.open_needs["with"]],
        "unmet_needs_without_resource": [rows["needs"][n]["id"] for n in s.open_needs["without"]],
        "isolated_units": [u.id for u in s.units if u.id not in tied and u.org is None],
        "communities_without_co_building": [s.cid(c) for c, o in s.community_org.items()
                                            if s.orgs[o].id not in co_building_orgs],
        "communities_without_seats": [c["id"] for c in s.communities if c["id"] not in seat_communities],
    }
