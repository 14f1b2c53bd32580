"""Hand-made map models for the renderers' tests (synthetic names, no roster data)."""

from __future__ import annotations

import math
import random

from graph.maps.model import MapEdge, MapModel, MapNode

#: A name a hostile roster could hold: it must be shown as text, never run.
HOSTILE_NAME = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'


def sample_map() -> MapModel:
    """A small co-building map: a committee, units of four types, a community, a member,
    an activity, a hostile name; laid out on a circle."""
    nodes = [
        MapNode("O1", "和平社区党委", "party_org", label="PartyOrg", community="C1", size=5,
                attrs={"degree": 5, "betweenness": 0.6, "brokerage_role": "liaison", "constraint": 0.31,
                       "start": "2015-07-01"}),
        MapNode("U1", "华夏科技有限公司", "private_enterprise", status=None, community="C1", size=2,
                attrs={"degree": 2, "betweenness": 0.1, "coverage_status": "own"}),
        MapNode("U2", "仁爱养老服务中心", "social_org", community="C1", size=1, marks=("should_have_org",),
                attrs={"degree": 1, "coverage_status": "none"}),
        MapNode("U3", "第三中学", "school", community="C1", size=1, attrs={"degree": 1}),
        MapNode("U4", HOSTILE_NAME, "soe", community="C1", size=1, attrs={"degree": 1}),
        MapNode("C1", "和平社区", "community", label="Community", size=3, attrs={"street": "东风街道"}),
        MapNode("M1", "张*三", "member", label="Member", community="C1", size=1),
        MapNode("A1", "邻里节", "activity", label="Activity", community="C1", size=1, attrs={"date": "2026-09-01"}),
    ]
    n = len(nodes)
    nodes = [MapNode(**{**x.__dict__, "x": math.cos(2 * math.pi * i / n), "y": math.sin(2 * math.pi * i / n)})
             for i, x in enumerate(nodes)]
    edges = [MapEdge("O1", "U1", "co_building"), MapEdge("O1", "U2", "co_organized"),
             MapEdge("O1", "U3", "shared_resource"), MapEdge("O1", "U4", "co_building"),
             MapEdge("U1", "C1", "seat"), MapEdge("M1", "A1", "participated"), MapEdge("O1", "A1", "organized")]
    return MapModel("co_building", "community:C1", "2026-10-31", "test-v1", False, False, tuple(nodes),
                    tuple(edges), scope_name="和平社区", total_nodes=len(nodes))


def big_map(n: int = 2000, seed: int = 7) -> MapModel:
    """A random co-building-like map of ``n`` nodes (about 2 ties each), randomly placed."""
    rng = random.Random(seed)
    types = ["party_org", "private_enterprise", "social_org", "government", "soe", "school"]
    nodes = tuple(MapNode(f"N{i}", f"单位{i:05d}", rng.choice(types), community=f"C{i % 40}",
                          size=1 + rng.random() * 4, x=rng.uniform(-1, 1), y=rng.uniform(-1, 1),
                          label="PartyOrg" if i % 6 == 0 else "Unit", attrs={"degree": 0})
                  for i in range(n))
    edges = tuple(MapEdge(f"N{rng.randrange(n)}", f"N{rng.randrange(n)}", "co_building") for _ in range(2 * n))
    return MapModel("co_building", "all", "2026-10-31", "test-v1", False, False, nodes,
                    tuple(e for e in edges if e.source != e.target), total_nodes=n)
