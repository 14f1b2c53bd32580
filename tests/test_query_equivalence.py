"""One definition per figure: a named query that asks an analysis's question gives the analysis's
answer, on both stores, on the sample and on seeded random graphs (tests/random_graphs.py).

For each store, each graph is loaded once and every named query is run with several parameter
sets at several dates; the figures of each query's rows are compared with those the analysis
(its ``source``) computes on that store's projection at that date. On Neo4j that is its Cypher
against the analysis; on the embedded store it checks the shaping of the analysis's result.
A last test requires the two stores to give the very same rows. ``GONGJIAN_RANDOM_GRAPHS`` sets
how many random graphs (default 6).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pytest

from dashboard.settings import SAMPLE_DIR
from graph import cypher
from graph.analysis import co_building, coverage, integration
from graph.analysis.readings import ties_at
from graph.analysis.rules import Rules
from graph.dataset import Dataset
from graph.query_library import bind, rules_for
from graph.store import GraphStore
from loaders.dataset_reader import read_dataset

from .conftest import KEY, STORES, fresh_neo4j_store
from .random_graphs import AS_OF_DATES, random_dataset

RANDOM_GRAPHS = int(os.environ.get("GONGJIAN_RANDOM_GRAPHS", "6"))
SAMPLE_DATES = (dt.date(2026, 11, 1), dt.date(2025, 6, 30))

Row = dict[str, Any]
Figures = Callable[[nx.MultiDiGraph, dict[str, Any], Rules], Any]


# -- what each query's rows must say, read from the analysis ----------------------------------------

def _orgs_at(G: nx.MultiDiGraph, day: dt.date) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for m, o, _ in ties_at(G, day).of("MEMBER_OF"):
        found.setdefault(m, set()).add(o)
    return found


def _units_without_org(G: nx.MultiDiGraph, v: dict[str, Any], R: Rules) -> Any:
    r = coverage.org_coverage(G, as_of=v["as_of"], rules=R, community=v["community"],
                              unit_types=None if v["type"] is None else [v["type"]])
    return {u: (s, r.work_ties.get(u, [])) for u, s in r.status.items() if s in ("work", "none")}


def _should_have_org(G: nx.MultiDiGraph, v: dict[str, Any], R: Rules) -> Any:
    r = coverage.should_have_org(G, as_of=v["as_of"], rules=R, community=v["community"])
    return {u.unit: (u.full_members, u.covered_by, u.community) for u in r.units}


def _branch_sizes(G: nx.MultiDiGraph, v: dict[str, Any], R: Rules) -> Any:
    r = coverage.branch_size(G, as_of=v["as_of"], rules=R, community=v["community"])
    listed = {s.org: s for s in (*r.undersize, *r.oversize, *r.oversize_general_branches)}
    return {o: (s.members, s.full_members, s.suggestion, s.community) for o, s in listed.items()}


def _member_list(which: str) -> Figures:
    def figures(G: nx.MultiDiGraph, v: dict[str, Any], R: Rules) -> Any:
        found = set(getattr(coverage.member_coverage(G, as_of=v["as_of"], rules=R, community=v["community"]), which))
        if v.get("org") is not None:
            orgs = _orgs_at(G, v["as_of"])
            found = {m for m in found if v["org"] in orgs.get(m, set())}
        return found
    return figures


def _rates(which: str) -> Figures:
    def figures(G: nx.MultiDiGraph, v: dict[str, Any], R: Rules) -> Any:
        groups = getattr(coverage.member_coverage(G, as_of=v["as_of"], rules=R, community=v["community"]), which)
        return {k: (g.in_service, g.reported, g.reporting_rate) for k, g in groups.items()}
    return figures


def _unmet(G: nx.MultiDiGraph, v: dict[str, Any], R: Rules) -> list[integration.UnmetNeed]:
    r = integration.needs_matching(G, as_of=v["as_of"], rules=R, community=v["community"])
    return [u for u in r.unmet if v["category"] is None or u.category == v["category"]]


def _no_resource(G: nx.MultiDiGraph, v: dict[str, Any], R: Rules) -> Any:
    shared = set(integration.resource_sharing(G, as_of=v["as_of"], rules=R).shared)
    offers: dict[str, set[str]] = {}
    for u, r, _ in ties_at(G, v["as_of"]).of("OFFERS"):
        offers.setdefault(u, set()).add(r)
    return {u for u, d in G.nodes(data=True) if d.get("label") == "Unit" and d.get("type") != "residents_committee"
            and not offers.get(u, set()) & shared}


def _scorecard(G: nx.MultiDiGraph, v: dict[str, Any], R: Rules) -> Any:
    r = coverage.community_scorecard(G, as_of=v["as_of"], community=v["community"])
    return {c: ({k: i.count for k, i in card.items.items()}, card.missing) for c, card in r.communities.items()}


def _hours(G: nx.MultiDiGraph, v: dict[str, Any], R: Rules) -> Any:
    e = integration.member_engagement(G, as_of=v["as_of"], rules=R, community=v["community"])
    ranked = sorted(e.by_branch.items(), key=lambda kv: (-kv[1].hours_total, kv[0]))[: v["top"]]
    return [(o, b.members, b.active, b.participation_rate, b.hours_total, b.hours_per_member) for o, b in ranked]


#: For each query that asks an analysis's question: (the figures of the analysis, the same read
#: from the query's rows).
FIGURES: dict[str, tuple[Figures, Callable[[list[Row]], Any]]] = {
    "units_without_org": (_units_without_org, lambda rows: {r["id"]: (r["status"], r["work_ties"]) for r in rows}),
    "should_have_org": (_should_have_org,
                        lambda rows: {r["id"]: (r["full_members"], r["covered_by"], r["community"]) for r in rows}),
    "branch_sizes": (_branch_sizes,
                     lambda rows: {r["id"]: (r["members"], r["full_members"], r["suggestion"], r["community"]) for r in rows}),
    "unreported_members": (_member_list("unreported"), lambda rows: {r["id"] for r in rows}),
    "report_rate_by_community": (_rates("by_residence"),
                                 lambda rows: {r["id"]: (r["in_service"], r["reported"], r["rate"]) for r in rows}),
    "report_rate_by_employer": (_rates("by_employer"),
                                lambda rows: {r["id"]: (r["in_service"], r["reported"], r["rate"]) for r in rows}),
    "lost_contact": (_member_list("lost_contact"), lambda rows: {r["id"] for r in rows}),
    "contact_unknown": (_member_list("contact_unknown"), lambda rows: {r["id"] for r in rows}),
    "floating_without_station": (_member_list("floating_without_station"), lambda rows: {r["id"] for r in rows}),
    "members_without_org": (_member_list("without_org"), lambda rows: {r["id"] for r in rows}),
    "members_in_several_orgs": (_member_list("multiple_orgs"), lambda rows: {r["id"] for r in rows}),
    "unmet_needs": (lambda G, v, R: {u.id: (u.category, u.community, u.nearby_resources) for u in _unmet(G, v, R)},
                    lambda rows: {r["id"]: (r["category"], r["community"], r["nearby_resources"]) for r in rows}),
    "communities_with_unmet_needs": (lambda G, v, R: dict(Counter(u.community for u in _unmet(G, v, R))),
                                     lambda rows: {r["id"]: r["unmet"] for r in rows}),
    "units_sharing_no_resource": (_no_resource, lambda rows: {r["id"] for r in rows}),
    "resources_for_community": (
        lambda G, v, R: integration.resource_sharing(G, as_of=v["as_of"], rules=R, community=v["community"])
        .available_by_community.get(v["community"], {}),
        lambda rows: {r["category"]: r["ids"] for r in rows}),
    "co_building_partners": (
        lambda G, v, R: set(c.items["co_building"].ids) if (c := coverage.community_scorecard(
            G, as_of=v["as_of"], community=v["community"]).communities.get(v["community"])) else set(),
        lambda rows: {r["id"] for r in rows}),
    "community_scorecard": (_scorecard, lambda rows: {
        r["id"]: ({k: r[k] for k in coverage.SCORECARD_ITEMS}, r["missing"]) for r in rows}),
    "co_building_isolates": (
        lambda G, v, R: co_building.co_building_network(G, as_of=v["as_of"], rules=R, community=v["community"]).isolates,
        lambda rows: [r["id"] for r in rows]),
    "volunteer_hours_by_branch": (_hours, lambda rows: [
        (r["id"], r["members"], r["active"], r["participation_rate"], r["hours"], r["hours_per_member"]) for r in rows]),
}

#: The named queries no analysis asks (compared across the stores only).
OWN_QUESTIONS = {"co_building_path", "units_without_ties", "instructors"}

#: Parameter sets per query: on the sample, on the random graphs.
SAMPLE_PARAMS: dict[str, list[dict[str, Any]]] = {
    "units_without_org": [{}, {"community": "C01", "type": "非公有制企业"}, {"type": "school"}],
    "should_have_org": [{}, {"min_members": 2}, {"community": "C06"}],
    "branch_sizes": [{}, {"min": 5, "max": 30}],
    "unreported_members": [{}, {"org": "P0011"}, {"community": "C02"}],
    "report_rate_by_community": [{}],
    "report_rate_by_employer": [{}],
    "lost_contact": [{}, {"months": 3}],
    "contact_unknown": [{}],
    "floating_without_station": [{}],
    "members_without_org": [{}],
    "members_in_several_orgs": [{}],
    "unmet_needs": [{}, {"category": "场地"}],
    "communities_with_unmet_needs": [{}, {"category": "other"}],
    "units_sharing_no_resource": [{}],
    "resources_for_community": [{"community": "C01"}, {"community": "C06"}],
    "co_building_partners": [{"community": "C01"}, {"community": "C07"}],
    "community_scorecard": [{}, {"community": "C03"}],
    "volunteer_hours_by_branch": [{}, {"top": 25, "community": "C02"}],
    "co_building_isolates": [{}, {"community": "C05", "period_months": 6}],
    "co_building_path": [{"from": "U0040", "to": "U0056"}, {"from": "U0040", "to": "U0191"}],
    "units_without_ties": [{}],
    "instructors": [{}],
}
RANDOM_PARAMS: dict[str, list[dict[str, Any]]] = {
    "units_without_org": [{}, {"community": "C1", "type": "private_enterprise"}],
    "should_have_org": [{}, {"min_members": 1, "community": "C2"}],
    "branch_sizes": [{}, {"min": 1, "max": 2, "general_max": 3}],
    "unreported_members": [{}, {"org": "P1", "community": "C1"}],
    "report_rate_by_community": [{}, {"community": "C2"}],
    "report_rate_by_employer": [{}],
    "lost_contact": [{}, {"months": 0, "community": "C1"}],
    "contact_unknown": [{}],
    "floating_without_station": [{}],
    "members_without_org": [{}],
    "members_in_several_orgs": [{}],
    "unmet_needs": [{}, {"category": "venue", "community": "C2"}],
    "communities_with_unmet_needs": [{}, {"category": "funds"}],
    "units_sharing_no_resource": [{}],
    "resources_for_community": [{"community": "C1"}, {"community": "C3"}],
    "co_building_partners": [{"community": c} for c in ("C1", "C2", "C3", "C4")],
    "community_scorecard": [{}],
    "volunteer_hours_by_branch": [{}, {"top": 3, "period_months": 30, "community": "C1"}],
    "co_building_isolates": [{}, {"community": "C2"}],
    "co_building_path": [{"from": "U1", "to": "U2"}, {"from": "P1", "to": "U3"}, {"from": "U1", "to": "U1"}],
    "units_without_ties": [{}],
    "instructors": [{}],
}


def test_every_named_query_is_compared() -> None:
    assert set(FIGURES) | OWN_QUESTIONS == set(cypher.NAMED) == set(SAMPLE_PARAMS) == set(RANDOM_PARAMS)
    assert all(cypher.NAMED[n].source for n in FIGURES) and not any(cypher.NAMED[n].source for n in OWN_QUESTIONS)


# -- running every query on every graph, once per store ---------------------------------------------

@dataclass
class Observed:
    """What one store answered: per query, the comparisons made, those that differed from the
    analysis, how many gave rows; and every query's rows by (graph, parameters)."""

    compared: Counter[str] = field(default_factory=Counter)
    non_empty: Counter[str] = field(default_factory=Counter)
    differing: dict[str, list[tuple[str, dict[str, Any], Any, Any]]] = field(default_factory=dict)
    rows: dict[tuple[str, str, str], list[Row]] = field(default_factory=dict)


def _graphs() -> Iterator[tuple[str, Dataset, tuple[dt.date, ...], dict[str, list[dict[str, Any]]]]]:
    yield "sample", read_dataset(SAMPLE_DIR, key=KEY, effective=dt.date(2026, 11, 1)), SAMPLE_DATES, SAMPLE_PARAMS
    for seed in range(RANDOM_GRAPHS):
        yield f"random-{seed}", random_dataset(seed), AS_OF_DATES, RANDOM_PARAMS


def _observe(reset: Callable[[], GraphStore]) -> Observed:
    """Every query on every graph, each graph loaded into the empty store ``reset`` gives."""
    seen = Observed()
    store: GraphStore | None = None
    for graph, dataset, dates, variants in _graphs():
        store = reset()
        store.load(dataset)
        for day in dates:
            G = store.to_networkx(as_of=day)
            for name, param_sets in variants.items():
                named = cypher.NAMED[name]
                for params in param_sets:
                    rows = store.run_named(name, {**params, "as_of": day}).rows
                    seen.rows[graph, name, repr(sorted({**params, "as_of": day}.items()))] = rows
                    seen.non_empty[name] += bool(rows)
                    if name not in FIGURES:
                        continue
                    values = bind(named, {**params, "as_of": day})
                    analysis, of_rows = FIGURES[name]
                    expected, got = analysis(G, values, rules_for(named, values)), of_rows(rows)
                    seen.compared[name] += 1
                    if expected != got:
                        seen.differing.setdefault(name, []).append((graph, {**params, "as_of": day}, expected, got))
        store.close()
    return seen


@pytest.fixture(scope="module")
def observe(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, pytest.FixtureRequest], Observed]:
    done: dict[str, Observed] = {}

    def run(kind: str, request: pytest.FixtureRequest) -> Observed:
        if kind not in done:
            if kind == "neo4j":
                connection = request.getfixturevalue("neo4j_connection")
                done[kind] = _observe(lambda: fresh_neo4j_store(connection))
            else:
                from graph.embedded_store import EmbeddedStore

                homes = iter(range(10_000))
                done[kind] = _observe(lambda: EmbeddedStore(tmp_path_factory.mktemp(f"equivalence-{next(homes)}")))
        return done[kind]

    return run


@pytest.mark.parametrize("name", sorted(FIGURES))
@pytest.mark.parametrize("kind", STORES)
def test_named_query_gives_its_analysis_answer(observe: Any, request: pytest.FixtureRequest, kind: str, name: str) -> None:
    seen = observe(kind, request)
    expected_runs = len(SAMPLE_PARAMS[name]) * len(SAMPLE_DATES) + RANDOM_GRAPHS * len(RANDOM_PARAMS[name]) * len(AS_OF_DATES)
    assert seen.compared[name] == expected_runs
    assert seen.non_empty[name] > 0, f"{name} never gave a row: the comparison proves nothing"
    first = (seen.differing.get(name) or [None])[0]
    assert not seen.differing.get(name), f"{name} differs from {cypher.NAMED[name].source} in " \
        f"{len(seen.differing[name])} of {seen.compared[name]} runs; first: {first}"


@pytest.mark.neo4j
def test_both_stores_give_the_same_rows(observe: Any, request: pytest.FixtureRequest) -> None:
    embedded, neo4j = observe("embedded", request), observe("neo4j", request)
    assert embedded.rows.keys() == neo4j.rows.keys()
    differing = []
    for key, rows in embedded.rows.items():
        other = neo4j.rows[key]
        if key[1] == "co_building_path":  # one of several shortest paths: the same length
            rows, other = [r["hops"] for r in rows], [r["hops"] for r in other]
        if rows != other:
            differing.append(key)
    assert not differing, differing[:5]
    assert all(neo4j.non_empty[name] for name in OWN_QUESTIONS)
