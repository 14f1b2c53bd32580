"""Coverage analyses (DESIGN.md §4, coverage 1–5): where party organization and party work reach.

1. :func:`org_coverage` — each unit's status (own organization, joint organization, reached by
   party work only, not reached) with 组织覆盖率, 单独组建率 and 工作覆盖率, by unit type and by
   community;
2. :func:`should_have_org` — 应建未建: units with enough full members and no organization of their own;
3. :func:`branch_size` — branches that are too small or too large for the rules;
4. :func:`member_coverage` — members without an organization, lost contact (失联), in-service members
   who have not reported (报到) and floating members without a service station;
5. :func:`community_scorecard` — which of the community's building blocks are present or missing.

Every function reads relationships valid on ``as_of`` only (:func:`graph.analysis.readings.ties_at`),
so it gives the same answer on a projection already cut at ``as_of`` and on a full one, and returns
frozen dataclasses of plain values: the figures and, for each figure, the ids behind it (sorted).

Shared conventions
------------------
The readings of :mod:`graph.analysis.readings`, shared by every analysis: a unit's or party
organization's **community** (:func:`~graph.analysis.readings.actor_communities`: one per actor),
a member's (:func:`~graph.analysis.readings.residence`), the community party organization
(:func:`~graph.analysis.readings.community_party_orgs`), an organization that **exists** and
**organizes** on ``as_of`` (not founded later; a party group 党小组 organizes no unit, 《中国共产党章程》
第三十条), "in the period", and a member **joined** and **full** on ``as_of`` (a member who joined
later is not counted at all; full membership from the join date plus the probation year). Where no
community is known the grouping key is :data:`UNKNOWN`.

Examples
--------
>>> G = nx.MultiDiGraph()
>>> G.add_node("U1", label="Unit", type="school", community="C1")
>>> G.add_node("P1", label="PartyOrg", kind="branch")
>>> G.add_edge("P1", "U1", key="ESTABLISHED_IN", type="ESTABLISHED_IN")
'ESTABLISHED_IN'
>>> org_coverage(G, as_of=dt.date(2026, 11, 1)).status
{'U1': 'own'}
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.analysis.base import months_before, nodes, ratio
from graph.analysis.readings import (
    Place,
    Ties,
    actor_communities,
    actor_exists,
    community_party_orgs,
    full_member,
    in_period,
    member_joined,
    org_organizes,
    place_ids,
    residence,
    ties_for,
)
from graph.analysis.rules import Rules

#: Grouping key for units or members whose type, community or employer is not known.
UNKNOWN = "unknown"

#: The four coverage statuses of a unit, from best to worst (see :func:`org_coverage`).
STATUSES: tuple[str, ...] = ("own", "joint", "work", "none")

#: 两新组织 (non-public enterprises and social organizations): pass as ``unit_types`` to
#: :func:`org_coverage` for the 两新组织覆盖率 that organization departments usually report.
TWO_NEW_TYPES: tuple[str, ...] = ("private_enterprise", "social_org")

#: The scopes the official statistics report coverage for (中办发〔2012〕11号; the yearly
#: 《中国共产党党内统计公报》 gives 非公有制企业 and 社会组织 each, and together as 两新组织),
#: beside ``all`` units: scope → the unit types in it (``None``: every unit).
OFFICIAL_SCOPES: dict[str, tuple[str, ...] | None] = {
    "two_new": TWO_NEW_TYPES,
    "private_enterprise": ("private_enterprise",),
    "social_org": ("social_org",),
    "all": None,
}

#: Kinds of party organization whose size :func:`branch_size` checks against the branch rules.
BRANCH_KINDS: tuple[str, ...] = ("branch", "joint_branch")

#: The items of the community scorecard, in the order reports show them.
SCORECARD_ITEMS: tuple[str, ...] = (
    "party_org", "residents_committee", "co_building", "joint_meeting", "reported_members",
    "resources", "needs",
)

_Edge = tuple[str, str, dict[str, Any]]

# The default rules, built once (a call in the signature would be evaluated at import anyway).
_DEFAULT_RULES = Rules()


# ---------------------------------------------------------------------------------------------
# Shared reading
# ---------------------------------------------------------------------------------------------

def _organizing(G: nx.MultiDiGraph, rels: Ties, rel_type: str,
                as_of: dt.date) -> dict[str, list[str]]:
    """Unit → the organizations with a valid ``rel_type`` tie (ESTABLISHED_IN or COVERS) to it."""
    found: dict[str, set[str]] = defaultdict(set)
    for src, dst, _ in rels.get(rel_type, []):
        if G.nodes[src].get("label") == "PartyOrg" and org_organizes(G, src, as_of):
            found[dst].add(src)
    return {unit: sorted(orgs) for unit, orgs in found.items()}


def _work_sources(G: nx.MultiDiGraph, rels: Ties, as_of: dt.date,
                  rules: Rules) -> dict[str, dict[str, set[str]]]:
    """Unit → kind of work tie (of ``rules.work_ties``) → the actors whose tie of that kind
    reaches it on ``as_of`` (members for ``instructor``/``liaison``, organizations for
    ``co_building``, the party organizations it organized an activity with for ``joint_activity``)."""
    reached: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    wanted = set(rules.work_ties)
    # Ties from an organization not yet founded or a member not yet joined reach nobody.
    for src, dst, data in rels.of("PAIRED_WITH"):
        role = data.get("role")
        if (role in ("instructor", "liaison") and role in wanted and G.nodes[dst].get("label") == "Unit"
                and actor_exists(G, src, as_of)):
            reached[dst][str(role)].add(src)
    if "co_building" in wanted:
        for src, dst, _ in rels.of("CO_BUILDS"):
            if G.nodes[dst].get("label") == "Unit" and actor_exists(G, src, as_of):
                reached[dst]["co_building"].add(src)
    if "joint_activity" in wanted:
        organizers: dict[str, set[str]] = defaultdict(set)
        for src, dst, _ in rels.of("ORGANIZED"):
            if in_period(G.nodes[dst].get("date"), as_of, rules.period_months) and actor_exists(G, src, as_of):
                organizers[dst].add(src)
        for who in organizers.values():
            orgs = {w for w in who if G.nodes[w].get("label") == "PartyOrg"}
            if orgs:
                for w in who:
                    if G.nodes[w].get("label") == "Unit":
                        reached[w]["joint_activity"] |= orgs
    return reached


def _work_ties(G: nx.MultiDiGraph, rels: Ties, as_of: dt.date,
               rules: Rules) -> dict[str, set[str]]:
    """Unit → the kinds of work tie (of ``rules.work_ties``) that reach it on ``as_of``."""
    return {u: set(kinds) for u, kinds in _work_sources(G, rels, as_of, rules).items()}


def coverage_ties(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    ties: Ties | None = None,
) -> dict[str, dict[str, list[str]]]:
    """Unit → kind → the actors whose tie of that kind counts for the unit's status in
    :func:`org_coverage` on ``as_of``: ``own`` (organizations established in it), ``joint``
    (joint organizations covering it), and each work tie of ``rules.work_ties`` — ``instructor``
    and ``liaison`` (the members paired with it), ``co_building`` (the organizations with a
    co-building agreement with it), ``joint_activity`` (the party organizations it organized an
    activity with in the period). Every tie that decides a status, and only those: the network
    maps draw these (:mod:`graph.maps.build`). Definitions and source as :func:`org_coverage`
    (DESIGN.md §2; 《中国共产党支部工作条例（试行）》).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("U1", label="Unit", type="private_enterprise")
    >>> G.add_node("P1", label="PartyOrg", kind="branch"); G.add_node("P2", label="PartyOrg", kind="group")
    >>> G.add_node("M1", label="Member", join_date=dt.date(2027, 1, 1))
    >>> for s, d, t in [("P1", "U1", "CO_BUILDS"), ("P2", "U1", "ESTABLISHED_IN"), ("M1", "U1", "PAIRED_WITH")]:
    ...     _ = G.add_edge(s, d, key=t, type=t, role="instructor" if t == "PAIRED_WITH" else None)
    >>> coverage_ties(G, as_of=dt.date(2026, 11, 1))   # a party group organizes nobody; M1 not yet joined
    {'U1': {'co_building': ['P1']}}
    """
    rels = ties_for(G, as_of, ties)
    out: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for kind, rel in (("own", "ESTABLISHED_IN"), ("joint", "COVERS")):
        for unit, orgs in _organizing(G, rels, rel, as_of).items():
            if G.nodes[unit].get("label") == "Unit":
                out[unit][kind] = orgs
    for unit, kinds in _work_sources(G, rels, as_of, rules).items():
        for kind, who in kinds.items():
            out[unit][kind] = sorted(who)
    return {u: dict(sorted(k.items())) for u, k in sorted(out.items())}


# ---------------------------------------------------------------------------------------------
# 1. Organizational coverage
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CoverageCounts:
    """Coverage figures of one group of units, with the units behind each figure (ids, sorted)."""

    units: int
    own: int
    joint: int
    work: int
    none: int
    org_coverage_rate: float | None
    own_org_rate: float | None
    work_coverage_rate: float | None
    own_units: list[str]
    joint_units: list[str]
    work_units: list[str]
    none_units: list[str]


@dataclass(frozen=True)
class OrgCoverage:
    """Result of :func:`org_coverage`.

    ``status`` maps every unit in scope to one of :data:`STATUSES`; ``orgs`` maps each ``own`` unit
    to the organizations established in it and each ``joint`` unit to the organizations covering
    it; ``work_ties`` maps each ``work`` unit to the kinds of tie that reach it; ``by_scope`` gives
    the same counts for each scope of :data:`OFFICIAL_SCOPES` (the 两新组织 together, 非公有制企业,
    社会组织, all units), over the units in scope.
    """

    total: CoverageCounts
    by_type: dict[str, CoverageCounts]
    by_community: dict[str, CoverageCounts]
    status: dict[str, str]
    orgs: dict[str, list[str]]
    work_ties: dict[str, list[str]]
    by_scope: dict[str, CoverageCounts]


def _counts(status: Mapping[str, str], units: Iterable[str]) -> CoverageCounts:
    groups: dict[str, list[str]] = {s: [] for s in STATUSES}
    for u in sorted(units):
        groups[status[u]].append(u)
    own, joint, work, none = (len(groups[s]) for s in STATUSES)
    total = own + joint + work + none
    return CoverageCounts(
        units=total, own=own, joint=joint, work=work, none=none,
        org_coverage_rate=ratio(own + joint, total), own_org_rate=ratio(own, total),
        work_coverage_rate=ratio(own + joint + work, total),
        own_units=groups["own"], joint_units=groups["joint"], work_units=groups["work"],
        none_units=groups["none"],
    )


def org_coverage(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    community: Place = None,
    unit_types: Collection[str] | None = None,
    ties: Ties | None = None,
) -> OrgCoverage:
    """Organizational and work coverage of units (组织覆盖 / 工作覆盖), by unit type and community.

    Each unit in scope gets the first status that applies:

    - ``own`` (单独组建): a party organization has a valid ``ESTABLISHED_IN`` tie to it;
    - ``joint`` (联合组建): a party organization (normally a joint branch, 联合党支部) has a valid
      ``COVERS`` tie to it;
    - ``work`` (工作覆盖 only): no organization, but a tie of ``rules.work_ties`` reaches it: a
      party-building instructor (``instructor``) or liaison (``liaison``) — a valid ``PAIRED_WITH``
      with that role into the unit —, a valid ``CO_BUILDS`` tie to the unit (``co_building``), or
      an activity the unit ``ORGANIZED`` together with a party organization and dated within
      ``rules.period_months`` months up to ``as_of`` (after ``months_before(as_of, period_months)``,
      on or before ``as_of``; ``joint_activity``);
    - ``none``: not reached.

    Organizations founded after ``as_of`` and party groups (党小组) organize no unit.

    Rates, over the units in scope (``None`` when there are none):
    组织覆盖率 ``org_coverage_rate`` = (own + joint) / units; 单独组建率 ``own_org_rate`` = own / units;
    工作覆盖率 ``work_coverage_rate`` = (own + joint + work) / units.

    Scope: every ``Unit`` node — the four community actors (residents' committee, property company,
    owners' committee) included —, or only those whose ``type`` is in ``unit_types``
    (:data:`TWO_NEW_TYPES` gives the usual 两新组织 figure), and only those in ``community`` when it
    is given (one community's id, or a set of ids: the units in any of them). ``by_type`` and ``by_community`` break the same units down, so any subset can be read
    off; units without a type or community are grouped under :data:`UNKNOWN`. ``by_scope`` holds
    the official statistics' scopes (:data:`OFFICIAL_SCOPES`): the rates the 党内统计 publishes are
    those of ``two_new`` (两新组织), ``private_enterprise`` (非公有制企业) and ``social_org``
    (社会组织), not of ``all`` units.

    Sources: organizational coverage and the ≥ 3 full members rule, 《中国共产党章程》第三十条 and
    《中国共产党支部工作条例（试行）》(2018) 第四条 (joint branches for units with fewer than three
    full members); work coverage through instructors and liaisons, 中办发〔2012〕11号
    《关于加强和改进非公有制企业党的建设工作的意见（试行）》. Counting a co-building tie or a joint
    activity in the period as work coverage, and the rates' exact form, are this project's operational
    definition (DESIGN.md §2), set by ``rules.work_ties``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for u in ("U1", "U2", "U3", "U4"):
    ...     G.add_node(u, label="Unit", type="private_enterprise", community="C1")
    >>> G.add_node("P1", label="PartyOrg", kind="branch")
    >>> G.add_node("P2", label="PartyOrg", kind="joint_branch")
    >>> G.add_node("M1", label="Member")
    >>> G.add_edge("P1", "U1", key="ESTABLISHED_IN", type="ESTABLISHED_IN")
    'ESTABLISHED_IN'
    >>> G.add_edge("P2", "U2", key="COVERS", type="COVERS")
    'COVERS'
    >>> G.add_edge("M1", "U3", key="PAIRED_WITH", type="PAIRED_WITH", role="instructor")
    'PAIRED_WITH'
    >>> result = org_coverage(G, as_of=dt.date(2026, 11, 1))
    >>> result.status
    {'U1': 'own', 'U2': 'joint', 'U3': 'work', 'U4': 'none'}
    >>> t = result.total
    >>> t.org_coverage_rate, t.own_org_rate, t.work_coverage_rate, t.none_units
    (0.5, 0.25, 0.75, ['U4'])
    >>> result.by_scope["two_new"].units, result.by_scope["social_org"].units
    (4, 0)
    """
    rels = ties_for(G, as_of, ties)
    where = actor_communities(G, rels)
    wanted = place_ids(community)
    wanted_types = None if unit_types is None else set(unit_types)
    scope = [
        u for u in nodes(G, "Unit")
        if (wanted_types is None or G.nodes[u].get("type") in wanted_types)
        and (wanted is None or where.get(u) in wanted)
    ]
    own = _organizing(G, rels, "ESTABLISHED_IN", as_of)
    joint = _organizing(G, rels, "COVERS", as_of)
    reached = _work_ties(G, rels, as_of, rules)
    status: dict[str, str] = {}
    orgs: dict[str, list[str]] = {}
    work: dict[str, list[str]] = {}
    for u in scope:
        if u in own:
            status[u], orgs[u] = "own", own[u]
        elif u in joint:
            status[u], orgs[u] = "joint", joint[u]
        elif reached.get(u):
            status[u], work[u] = "work", sorted(reached[u])
        else:
            status[u] = "none"
    by_type: dict[str, list[str]] = defaultdict(list)
    by_community: dict[str, list[str]] = defaultdict(list)
    for u in scope:
        by_type[str(G.nodes[u].get("type") or UNKNOWN)].append(u)
        by_community[where.get(u, UNKNOWN)].append(u)
    types = {u: G.nodes[u].get("type") for u in scope}
    by_scope = {key: _counts(status, [u for u in scope if wanted is None or types[u] in wanted])
                for key, wanted in OFFICIAL_SCOPES.items()}
    return OrgCoverage(
        total=_counts(status, scope),
        by_scope=by_scope,
        by_type={k: _counts(status, v) for k, v in sorted(by_type.items())},
        by_community={k: _counts(status, v) for k, v in sorted(by_community.items())},
        status=status,
        orgs=orgs,
        work_ties=work,
    )


# ---------------------------------------------------------------------------------------------
# 2. 应建未建
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnbuiltUnit:
    """A unit that should have its own organization: its full members and what covers it."""

    unit: str
    type: str | None
    community: str | None
    full_members: int
    members: list[str]
    covered_by: list[str]


@dataclass(frozen=True)
class ShouldHaveOrg:
    """Result of :func:`should_have_org`: the units (by id) and, of them, those a joint org covers."""

    units: list[UnbuiltUnit]
    unit_ids: list[str]
    covered: list[str]
    uncovered: list[str]


def should_have_org(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    community: Place = None,
    ties: Ties | None = None,
) -> ShouldHaveOrg:
    """应建未建: units with enough full members working there and no party organization of their own.

    A unit is listed when at least ``rules.own_org_min_full_members`` full (正式, ``status`` =
    ``full``) members have a valid ``WORKS_AT`` tie to it and no existing party organization (not a
    party group, not founded after ``as_of``) has a valid ``ESTABLISHED_IN`` tie to it. For each unit
    the result gives the full members (ids), and ``covered_by``, the organizations with a valid
    ``COVERS`` tie to it (a joint branch that holds it for now); ``uncovered`` lists the units that not
    even a joint organization covers. Probationary (预备) members do not count towards the threshold.
    With ``community`` (one community's id, or a set of ids), only the units located in it (in any
    of them).

    Source: 《中国共产党章程》第三十条 and 《中国共产党支部工作条例（试行）》(2018) 第四条 — a unit
    with three or more full members should set up its own party organization.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("U1", label="Unit", type="private_enterprise", community="C1")
    >>> for m in ("M1", "M2", "M3"):
    ...     G.add_node(m, label="Member", status="full")
    ...     _ = G.add_edge(m, "U1", key="WORKS_AT", type="WORKS_AT")
    >>> found = should_have_org(G, as_of=dt.date(2026, 11, 1))
    >>> found.unit_ids, found.units[0].full_members, found.uncovered
    (['U1'], 3, ['U1'])
    """
    rels = ties_for(G, as_of, ties)
    where = actor_communities(G, rels)
    wanted = place_ids(community)
    own = _organizing(G, rels, "ESTABLISHED_IN", as_of)
    joint = _organizing(G, rels, "COVERS", as_of)
    full_at: dict[str, set[str]] = defaultdict(set)
    for src, dst, _ in rels.of("WORKS_AT"):
        if G.nodes[src].get("label") == "Member" and full_member(G._node[src], as_of):
            full_at[dst].add(src)
    found = []
    for unit in sorted(full_at):
        members = full_at[unit]
        if len(members) < rules.own_org_min_full_members or unit in own:
            continue
        if wanted is not None and where.get(unit) not in wanted:
            continue
        found.append(UnbuiltUnit(
            unit=unit, type=G.nodes[unit].get("type"), community=where.get(unit),
            full_members=len(members), members=sorted(members), covered_by=joint.get(unit, []),
        ))
    return ShouldHaveOrg(
        units=found,
        unit_ids=[u.unit for u in found],
        covered=[u.unit for u in found if u.covered_by],
        uncovered=[u.unit for u in found if not u.covered_by],
    )


# ---------------------------------------------------------------------------------------------
# 3. Branch size
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OrgSize:
    """Members of one party organization and, where it breaks a rule, what the rules suggest.

    ``suggestion`` is ``"general_branch"`` or ``"committee"`` for an organization that has outgrown
    its kind, ``"joint_branch"`` for a branch with too few full members, else ``None``.
    """

    org: str
    kind: str | None
    community: str | None
    members: int
    full_members: int
    suggestion: str | None


@dataclass(frozen=True)
class BranchSize:
    """Result of :func:`branch_size`; ``sizes`` holds every organization checked, by id."""

    undersize: list[OrgSize]
    oversize: list[OrgSize]
    oversize_general_branches: list[OrgSize]
    sizes: dict[str, OrgSize]


def _members_below(G: nx.MultiDiGraph, rels: Ties) -> Callable[[str], set[str]]:
    """Org → the members whose valid MEMBER_OF is to it or to an organization below it, worked
    out when asked: only branches and general branches are, not a city committee's million."""
    children: dict[str, set[str]] = defaultdict(set)
    for src, dst, _ in rels.of("SUBORDINATE_TO"):
        children[dst].add(src)
    direct: dict[str, set[str]] = defaultdict(set)
    for src, dst, _ in rels.of("MEMBER_OF"):
        if G.nodes[src].get("label") == "Member":
            direct[dst].add(src)

    def collect(org: str) -> set[str]:
        seen, stack, members = {org}, [org], set()
        while stack:
            o = stack.pop()
            members |= direct.get(o, set())
            for child in children.get(o, ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return members

    return collect


def branch_size(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    community: Place = None,
    ties: Ties | None = None,
) -> BranchSize:
    """Branches too small or too large for the rules, and general branches that outgrew their kind.

    An organization's members are the members with a valid ``MEMBER_OF`` tie to it or to an
    organization below it (valid ``SUBORDINATE_TO``, transitively: a branch's party groups, a general
    branch's branches); full members are those with ``status`` = ``full``. Checked are the existing
    organizations (not founded after ``as_of``) of kind ``branch`` or ``joint_branch``
    (:data:`BRANCH_KINDS`) and ``general_branch``, in ``community`` when given (one community's
    id, or a set of ids: the organizations in any of them):

    - ``undersize``: a branch or joint branch with fewer than ``rules.branch_min_full_members`` full
      members (a branch suggests ``"joint_branch"``);
    - ``oversize``: a branch or joint branch with more than ``rules.branch_max_members`` members;
      it suggests ``"general_branch"`` up to ``rules.general_branch_max_members`` members and
      ``"committee"`` beyond;
    - ``oversize_general_branches``: a general branch with more than
      ``rules.general_branch_max_members`` members (suggests ``"committee"``).

    Sources: 《中国共产党章程》第三十条 and 《中国共产党支部工作条例（试行）》(2018) 第四条 —
    three or more full members form a branch, fewer join a joint branch, and a branch has in general
    no more than 50 members; the 50–100 general branch / over 100 committee thresholds are the usual
    organizational practice (DESIGN.md §2). All four numbers are settings of :class:`Rules`.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("P1", label="PartyOrg", kind="branch")
    >>> for i in range(4):
    ...     G.add_node(f"M{i}", label="Member", status="full" if i < 2 else "probationary")
    ...     _ = G.add_edge(f"M{i}", "P1", key="MEMBER_OF", type="MEMBER_OF")
    >>> result = branch_size(G, as_of=dt.date(2026, 11, 1))
    >>> [(s.org, s.members, s.full_members, s.suggestion) for s in result.undersize]
    [('P1', 4, 2, 'joint_branch')]
    >>> branch_size(G, as_of=dt.date(2026, 11, 1), rules=Rules(branch_max_members=3)).oversize[0].suggestion
    'general_branch'
    """
    rels = ties_for(G, as_of, ties)
    where = actor_communities(G, rels)
    wanted = place_ids(community)
    below = _members_below(G, rels)
    undersize, oversize, oversize_general, sizes = [], [], [], {}
    for org in nodes(G, "PartyOrg"):
        kind = G.nodes[org].get("kind")
        if kind not in (*BRANCH_KINDS, "general_branch") or not org_organizes(G, org, as_of):
            continue
        if wanted is not None and where.get(org) not in wanted:
            continue
        members = below(org)
        members = {m for m in members if member_joined(G._node[m], as_of)}
        n, n_full = len(members), sum(1 for m in members if full_member(G._node[m], as_of))
        if kind == "general_branch":
            big = n > rules.general_branch_max_members
            size = OrgSize(org, kind, where.get(org), n, n_full, "committee" if big else None)
            if big:
                oversize_general.append(size)
        elif n > rules.branch_max_members:
            grow = "general_branch" if n <= rules.general_branch_max_members else "committee"
            size = OrgSize(org, kind, where.get(org), n, n_full, grow)
            oversize.append(size)
            if n_full < rules.branch_min_full_members:
                undersize.append(size)
        else:
            small = n_full < rules.branch_min_full_members
            hint = "joint_branch" if small and kind == "branch" else None
            size = OrgSize(org, kind, where.get(org), n, n_full, hint)
            if small:
                undersize.append(size)
        sizes[org] = size
    return BranchSize(undersize=undersize, oversize=oversize, oversize_general_branches=oversize_general,
                      sizes=sizes)


# ---------------------------------------------------------------------------------------------
# 4. Member coverage
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportingGroup:
    """报到 figures of the in-service members of one community of residence or one employer."""

    in_service: int
    reported: int
    reporting_rate: float | None
    unreported_members: list[str]


@dataclass(frozen=True)
class MemberCoverage:
    """Result of :func:`member_coverage`; each list's length is its figure."""

    members: int
    without_org: list[str]
    multiple_orgs: list[str]
    no_residence: list[str]
    lost_contact_on_or_before: str
    lost_contact: list[str]
    contact_unknown: list[str]
    in_service: int
    reported: list[str]
    reported_home: list[str]
    reported_elsewhere: list[str]
    unreported: list[str]
    reporting_rate: float | None
    home_reporting_rate: float | None
    by_residence: dict[str, ReportingGroup]
    by_employer: dict[str, ReportingGroup]
    floating: int
    floating_without_station: list[str]


def _reporting_groups(groups: Mapping[str, list[str]], reported: set[str]) -> dict[str, ReportingGroup]:
    out = {}
    for key in sorted(groups):
        ms = sorted(groups[key])
        done = sum(1 for m in ms if m in reported)
        out[key] = ReportingGroup(in_service=len(ms), reported=done, reporting_rate=ratio(done, len(ms)),
                                  unreported_members=[m for m in ms if m not in reported])
    return out


def member_coverage(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    community: Place = None,
    ties: Ties | None = None,
) -> MemberCoverage:
    """Members beyond the reach of organization life: no organization, lost contact, not reported.

    Over every ``Member`` node (those residing in ``community`` — valid ``RESIDES_IN`` — when given:
    one community's id, or a set of ids, the members residing in any of them):

    - ``without_org``: no valid ``MEMBER_OF`` tie; ``multiple_orgs``: more than one (a member's
      organizational relationship is in exactly one organization); ``no_residence``: no valid
      ``RESIDES_IN``;
    - ``lost_contact`` (失联): ``last_contact`` on or before ``months_before(as_of,
      rules.lost_contact_months)`` (``lost_contact_on_or_before``, ISO date); ``contact_unknown``: no
      ``last_contact`` recorded. A ``last_contact`` after ``as_of`` counts as in contact (the record
      keeps only the latest contact);
    - 报到 of in-service members (``category`` = ``in_service``): ``reported`` — a valid
      ``REPORTED_TO`` tie to any community; ``unreported`` — none at all; ``reported_home`` — one to the
      community they reside in; ``reported_elsewhere`` — reported, and they have a residence, but not
      there. 报到率 ``reporting_rate`` = reported / in-service; ``home_reporting_rate`` = reported home
      / in-service. ``by_residence`` (community of residence) and ``by_employer`` (unit of the valid
      ``WORKS_AT``, :data:`UNKNOWN` for members without one) count a member as reported only when
      the report went to the community they live in — in-service members report to their
      residential community (DESIGN.md §4) — so a community's unreported list names everyone
      living there who has not reported there (for a member with no known residence, any report
      counts);
    - ``floating_without_station``: floating members (``category`` = ``floating``) whose ``station``
      (流动党员服务站) is missing or blank.

    Sources: 失联党员 and 流动党员 management, 《中国共产党党员教育管理工作条例》(2019); in-service
    members reporting to their residential community (在职党员到社区报到, 双报到), 中共中央办公厅
    《关于加强和改进城市基层党的建设工作的意见》(2019). The six-month threshold (a setting) and the
    rates' exact form are this project's operational definition (DESIGN.md §2).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("C1", label="Community")
    >>> G.add_node("M1", label="Member", category="in_service", last_contact=dt.date(2026, 1, 1))
    >>> G.add_node("M2", label="Member", category="in_service", last_contact=dt.date(2026, 10, 1))
    >>> for m in ("M1", "M2"):
    ...     _ = G.add_edge(m, "C1", key="RESIDES_IN", type="RESIDES_IN")
    >>> G.add_edge("M2", "C1", key="REPORTED_TO", type="REPORTED_TO")
    'REPORTED_TO'
    >>> result = member_coverage(G, as_of=dt.date(2026, 11, 1))
    >>> result.lost_contact, result.unreported, result.reporting_rate, result.without_org
    (['M1'], ['M1'], 0.5, ['M1', 'M2'])
    """
    rels = ties_for(G, as_of, ties)
    home = residence(G, rels)
    wanted = place_ids(community)
    members = [m for m in nodes(G, "Member")
               if member_joined(G._node[m], as_of) and (wanted is None or home.get(m) in wanted)]
    in_scope = set(members)
    orgs: dict[str, set[str]] = defaultdict(set)
    for src, dst, _ in rels.of("MEMBER_OF"):
        orgs[src].add(dst)
    reported_to: dict[str, set[str]] = defaultdict(set)
    for src, dst, _ in rels.of("REPORTED_TO"):
        if src in in_scope:
            reported_to[src].add(dst)
    employer: dict[str, str] = {}
    for src, dst, _ in rels.of("WORKS_AT"):
        if src not in employer or dst < employer[src]:
            employer[src] = dst

    cutoff = months_before(as_of, rules.lost_contact_months)
    lost, unknown, floating, stationless = [], [], 0, []
    in_service: list[str] = []
    for m in members:
        data = G.nodes[m]
        contact = data.get("last_contact")
        if contact is None:
            unknown.append(m)
        elif contact <= cutoff:
            lost.append(m)
        category = data.get("category")
        if category == "in_service":
            in_service.append(m)
        elif category == "floating":
            floating += 1
            if not str(data.get("station") or "").strip():
                stationless.append(m)

    reported = {m for m in in_service if reported_to.get(m)}
    at_home = {m for m in reported if home.get(m) in reported_to[m]}
    elsewhere = {m for m in reported if m in home and m not in at_home}
    counted = at_home | {m for m in reported if m not in home}  # no known home: any report counts
    by_residence: dict[str, list[str]] = defaultdict(list)
    by_employer: dict[str, list[str]] = defaultdict(list)
    for m in in_service:
        by_residence[home.get(m, UNKNOWN)].append(m)
        by_employer[employer.get(m, UNKNOWN)].append(m)
    return MemberCoverage(
        members=len(members),
        without_org=[m for m in members if not orgs.get(m)],
        multiple_orgs=[m for m in members if len(orgs.get(m, ())) > 1],
        no_residence=[m for m in members if m not in home],
        lost_contact_on_or_before=cutoff.isoformat(),
        lost_contact=lost,
        contact_unknown=unknown,
        in_service=len(in_service),
        reported=sorted(reported),
        reported_home=sorted(at_home),
        reported_elsewhere=sorted(elsewhere),
        unreported=[m for m in in_service if m not in reported],
        reporting_rate=ratio(len(reported), len(in_service)),
        home_reporting_rate=ratio(len(at_home), len(in_service)),
        by_residence=_reporting_groups(by_residence, counted),
        by_employer=_reporting_groups(by_employer, counted),
        floating=floating,
        floating_without_station=stationless,
    )


# ---------------------------------------------------------------------------------------------
# 5. Community scorecard
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScoreItem:
    """One scorecard item of one community: how many, whether any, and which (ids)."""

    count: int
    present: bool
    ids: list[str]


@dataclass(frozen=True)
class CommunityCard:
    """The scorecard of one community: every item of :data:`SCORECARD_ITEMS` and the missing ones."""

    community: str
    items: dict[str, ScoreItem]
    present: int
    missing: list[str]


@dataclass(frozen=True)
class CommunityScorecard:
    """Result of :func:`community_scorecard`: cards by community id, and per item the communities
    missing it (every item is a key)."""

    communities: dict[str, CommunityCard]
    missing: dict[str, list[str]]


def community_scorecard(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    community: Place = None,
    ties: Ties | None = None,
) -> CommunityScorecard:
    """The community's building blocks of 共驻共建 and 一书三单, each present or missing.

    For each ``Community`` node (only ``community`` when given: one community's id, or a set of
    ids, the communities of the set), with valid ties on ``as_of``:

    - ``party_org`` — the community's own party organization (社区党委 / 党总支 / 党支部): an existing
      organization of kind ``committee``, ``general_branch`` or ``branch`` established
      (``ESTABLISHED_IN``) in a residents' committee of the community; where there is none, an
      organization of those kinds located in the community that is established in no unit and has no
      parent organization (``SUBORDINATE_TO``) in the same community;
    - ``residents_committee`` — units of type ``residents_committee`` located in the community;
    - ``co_building`` — the partners (units or party organizations) of the community party
      organization's ``CO_BUILDS`` ties (an organization that is the party organization of two
      communities counts its partners in both);
    - ``joint_meeting`` — units with a ``SITS_ON`` seat (joint meeting or part-time committee member);
    - ``reported_members`` — members with a ``REPORTED_TO`` tie to the community;
    - ``resources`` — resources ``SHARED_WITH`` the community or ``OFFERS``-ed by a unit located in it;
    - ``needs`` — needs ``RAISED_IN`` the community, except those with ``raised_on`` after ``as_of``.

    An item is present when its count is at least one; ``missing`` lists the others in
    :data:`SCORECARD_ITEMS` order.

    Sources: the four community actors, co-building (共驻共建), joint meetings and the resource,
    needs and project lists follow 中共中央办公厅《关于加强和改进城市基层党的建设工作的意见》(2019)
    and common practice (DESIGN.md §2); the choice of items and the test for each is this project's
    operational definition.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("C1", label="Community")
    >>> G.add_node("U1", label="Unit", type="residents_committee", community="C1")
    >>> G.add_node("P1", label="PartyOrg", kind="committee", community="C1")
    >>> G.add_edge("P1", "U1", key="ESTABLISHED_IN", type="ESTABLISHED_IN")
    'ESTABLISHED_IN'
    >>> card = community_scorecard(G, as_of=dt.date(2026, 11, 1)).communities["C1"]
    >>> card.items["party_org"].ids, card.present, card.missing
    (['P1'], 2, ['co_building', 'joint_meeting', 'reported_members', 'resources', 'needs'])
    """
    rels = ties_for(G, as_of, ties)
    where = actor_communities(G, rels)
    wanted = place_ids(community)
    communities = [c for c in nodes(G, "Community") if wanted is None or c in wanted]
    own_orgs = community_party_orgs(G, rels, where)
    found: dict[str, dict[str, set[str]]] = {c: {item: set() for item in SCORECARD_ITEMS} for c in communities}

    def add(c: str | None, item: str, node: str) -> None:
        if c in found:
            found[c][item].add(node)

    for c in communities:
        found[c]["party_org"] |= own_orgs.get(c, set())
    for u in nodes(G, "Unit"):
        if G.nodes[u].get("type") == "residents_committee":
            add(where.get(u), "residents_committee", u)
    headed: dict[str, set[str]] = defaultdict(set)  # org → every community it is the party organization of
    for c, orgs in own_orgs.items():
        for o in orgs:
            headed[o].add(c)
    for src, dst, _ in rels.of("CO_BUILDS"):
        for c in headed.get(src, ()):
            add(c, "co_building", dst)
    for src, dst, _ in rels.of("SITS_ON"):
        add(dst, "joint_meeting", src)
    for src, dst, _ in rels.of("REPORTED_TO"):
        if G.nodes[src].get("label") == "Member" and member_joined(G._node[src], as_of):
            add(dst, "reported_members", src)
    for src, dst, _ in rels.of("SHARED_WITH"):
        add(dst, "resources", src)
    for src, dst, _ in rels.of("OFFERS"):
        add(where.get(src), "resources", dst)
    for src, dst, _ in rels.of("RAISED_IN"):
        raised = G.nodes[src].get("raised_on")
        if raised is None or raised <= as_of:
            add(dst, "needs", src)

    cards = {}
    for c in communities:
        items = {item: ScoreItem(count=len(ids), present=bool(ids), ids=sorted(ids))
                 for item, ids in found[c].items()}
        missing = [item for item in SCORECARD_ITEMS if not items[item].present]
        cards[c] = CommunityCard(community=c, items=items, present=len(SCORECARD_ITEMS) - len(missing),
                                 missing=missing)
    return CommunityScorecard(
        communities=cards,
        missing={item: [c for c in communities if item in cards[c].missing] for item in SCORECARD_ITEMS},
    )
