"""Integration analysis 7: a weighted composite index of resource integration per community.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("C1", label="Community", name="阳光社区")
>>> G.add_node("U1", label="Unit", type="school", community="C1")
>>> G.add_node("P1", label="PartyOrg", kind="branch", community="C1")
>>> G.add_edge("P1", "U1", key="ESTABLISHED_IN", type="ESTABLISHED_IN")
'ESTABLISHED_IN'
>>> idx = integration_index(G, as_of=dt.date(2026, 11, 1))
>>> c1 = idx.communities["C1"]
>>> c1.components["org_coverage"], c1.components["co_building"], c1.index  # (0.20·1 + 0.15·0) / 0.35
(1.0, 0.0, 57.1)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from graph.analysis import coverage, integration
from graph.analysis.base import ratio
from graph.analysis.readings import Place, Ties, place_ids, residence, ties_for
from graph.analysis.rules import Rules

_DEFAULT_RULES = Rules()

#: The components, in the order reports show them.
COMPONENTS = ("org_coverage", "reporting_rate", "co_building", "resource_sharing", "needs_addressed",
              "participation")


@dataclass(frozen=True)
class CommunityIndex:
    """One community's index: each component in [0, 1] (``None`` where it has no data) and the index."""

    community: str
    components: dict[str, float | None]
    index: float | None
    missing: list[str]


@dataclass(frozen=True)
class IntegrationIndex:
    """Every community's index, with the weights used."""

    weights: dict[str, float]
    communities: dict[str, CommunityIndex]
    ranking: list[str]


def _share(part: set[str], whole: set[str]) -> float | None:
    return ratio(len(part & whole), len(whole))


def integration_index(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    community: Place = None,
    parts: Mapping[str, object] | None = None,
    ties: Ties | None = None,
) -> IntegrationIndex:
    """A community's resource-integration index: the weighted mean of six shares, times 100.

    One row per ``Community`` node; with ``community`` (one community's id, or a set of ids), the
    rows of those communities only. Each row is the community's own, whatever else is asked for.

    Components (each a share in [0, 1], computed at ``as_of``):

    - ``org_coverage`` — 组织覆盖率 of the community's units (:func:`coverage.org_coverage`);
    - ``reporting_rate`` — 报到率 of the in-service members residing there
      (:func:`coverage.member_coverage`);
    - ``co_building`` — share of the community's units that are partners of a valid co-building
      agreement (CO_BUILDS);
    - ``resource_sharing`` — share of the resources offered by its units that are shared with at
      least one community (:func:`integration.resource_sharing`);
    - ``needs_addressed`` — share of the needs raised there that an activity addresses
      (:func:`integration.needs_matching`);
    - ``participation`` — share of the members residing there active in the period
      (:func:`integration.member_engagement`).

    ``index = 100 · Σ wᵢ·xᵢ / Σ wᵢ`` over the components that have data (a community without
    needs is not marked down for them; the missing components are listed). Weights are
    ``rules.index_weights`` and shown with every report. The construction — a linear weighted
    composite of normalised indicators — follows the OECD/JRC *Handbook on Constructing Composite
    Indicators* (2008); the choice of indicators and default weights is this project's
    operational definition of 资源整合 (DESIGN.md §4), to be tuned in the settings file.

    ``parts`` may pass results already computed for every community (no ``community``: what a
    report of all communities has at hand; keys ``org_coverage``, ``member_coverage``,
    ``resource_sharing``, ``needs_matching``, ``member_engagement``) to save recomputing them.

    Examples
    --------
    A community whose one unit has no party organization, with no members, resources or needs:
    only ``org_coverage`` and ``co_building`` have data.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("C1", label="Community")
    >>> G.add_node("U1", label="Unit", type="school", community="C1")
    >>> idx = integration_index(G, as_of=dt.date(2026, 11, 1))
    >>> idx.communities["C1"].components["org_coverage"], idx.communities["C1"].missing
    (0.0, ['needs_addressed', 'participation', 'reporting_rate', 'resource_sharing'])
    >>> idx.communities["C1"].index
    0.0
    """
    parts = dict(parts or {})
    rels = ties_for(G, as_of, ties)
    org = parts.get("org_coverage") or coverage.org_coverage(G, as_of=as_of, rules=rules, ties=rels)
    members = parts.get("member_coverage") or coverage.member_coverage(G, as_of=as_of, rules=rules, ties=rels)
    sharing = parts.get("resource_sharing") or integration.resource_sharing(G, as_of=as_of, rules=rules, ties=rels)
    needs = parts.get("needs_matching") or integration.needs_matching(G, as_of=as_of, rules=rules, ties=rels)
    engagement = parts.get("member_engagement") or integration.member_engagement(G, as_of=as_of, rules=rules, ties=rels)
    assert isinstance(org, coverage.OrgCoverage) and isinstance(members, coverage.MemberCoverage)
    assert isinstance(sharing, integration.ResourceSharing) and isinstance(needs, integration.NeedsMatching)
    assert isinstance(engagement, integration.MemberEngagement)

    partners = {dst for _, dst, _ in rels.get("CO_BUILDS", [])}
    shared = set(sharing.shared)
    addressed, in_scope = set(needs.addressed), set(needs.needs)
    active = set(engagement.active)
    raised: dict[str, set[str]] = {}
    for need, place, _ in rels.get("RAISED_IN", []):
        raised.setdefault(place, set()).add(need)
    residents: dict[str, set[str]] = {}
    for member, place in residence(G, rels).items():
        residents.setdefault(place, set()).add(member)
    everyone = set(engagement.members)

    weights = {k: float(v) for k, v in rules.index_weights.items()}
    communities = sorted(n for n, lab in G.nodes(data="label") if lab == "Community")
    wanted = place_ids(community)
    if wanted is not None:
        communities = [c for c in communities if c in wanted]
    out: dict[str, CommunityIndex] = {}
    for c in communities:
        counts = org.by_community.get(c)
        units = set()
        if counts is not None:
            units = {*counts.own_units, *counts.joint_units, *counts.work_units, *counts.none_units}
        reporting = members.by_residence.get(c)
        offered = {r for ids in sharing.offered_in_community.get(c, {}).values() for r in ids}
        comps: dict[str, float | None] = {
            "org_coverage": counts.org_coverage_rate if counts is not None else None,
            "reporting_rate": reporting.reporting_rate if reporting is not None else None,
            "co_building": _share(partners, units),
            "resource_sharing": _share(shared, offered),
            "needs_addressed": _share(addressed, raised.get(c, set()) & in_scope),
            "participation": _share(active, residents.get(c, set()) & everyone),
        }
        used = [k for k in COMPONENTS if comps[k] is not None and weights.get(k, 0) > 0]
        total = sum(weights[k] for k in used)
        index = round(100 * sum(weights[k] * comps[k] for k in used) / total, 1) if total else None  # type: ignore[operator]
        out[c] = CommunityIndex(c, comps, index, sorted(k for k in COMPONENTS if comps[k] is None))
    ranking = sorted((c for c in out if out[c].index is not None), key=lambda c: (-out[c].index, c))  # type: ignore[operator]
    return IntegrationIndex(weights, out, ranking)
