"""The two-mode participation network: members × activities (Borgatti & Everett 1997).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for m in ("M1", "M2"):
...     G.add_node(m, label="Member")
>>> for a in ("A1", "A2"):
...     G.add_node(a, label="Activity")
>>> for m, a in (("M1", "A1"), ("M1", "A2"), ("M2", "A1")):
...     _ = G.add_edge(m, a, key="PARTICIPATED_IN", type="PARTICIPATED_IN")
>>> p = participation_network(G, as_of=dt.date(2026, 11, 1))
>>> p.members, p.activities, p.ties, p.density
(2, 2, 3, 0.75)
>>> p.ties_in_period, p.ties_undated  # the activities have no date
(0, 3)
>>> p.centralities["M1"]
{'degree': 1.0, 'closeness': 1.0, 'betweenness': 1.0}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from graph.analysis.base import ratio
from graph.analysis.network import bipartite_centralities
from graph.analysis.readings import Place, Ties, in_period, member_joined, place_ids, residents, ties_for
from graph.analysis.rules import Rules

_DEFAULT_RULES = Rules()

#: Above this many nodes only degree is computed: two-mode closeness and betweenness take a
#: search from every node (O(n·t)), hours at city scale.
EXACT_LIMIT = 2000


@dataclass(frozen=True)
class ParticipationNetwork:
    """Sizes, density and each node's two-mode centralities (``None`` where not computed).

    ``ties`` splits into ``ties_in_period`` (activities dated in the period, what member
    engagement counts), ``ties_before_period`` (dated on or before the period's start) and
    ``ties_undated`` (activities without a date).
    """

    members: int
    activities: int
    ties: int
    density: float | None
    exact: bool
    centralities: dict[str, dict[str, float | None]]
    ties_in_period: int = 0
    ties_before_period: int = 0
    ties_undated: int = 0


def _participation(
    G: nx.MultiDiGraph, as_of: dt.date, rules: Rules, community: Place, ties: Ties | None
) -> tuple[nx.Graph, dict[str, int]]:
    rels = ties_for(G, as_of, ties)
    wanted = place_ids(community)
    living_there = None if wanted is None else residents(G, rels, wanted)
    B = nx.Graph()
    when: dict[str, int] = {"in_period": 0, "before": 0, "undated": 0}
    for member, activity, _ in rels.get("PARTICIPATED_IN", []):
        if (living_there is not None and member not in living_there) or not member_joined(G._node[member], as_of):
            continue
        day = G.nodes[activity].get("date")
        if day is not None and day > as_of:
            continue
        B.add_node(member, mode=0)
        B.add_node(activity, mode=1)
        if not B.has_edge(member, activity):
            when["undated" if day is None else "in_period" if in_period(day, as_of, rules.period_months) else "before"] += 1
        B.add_edge(member, activity)
    return B, when


def participation_graph(
    G: nx.MultiDiGraph, *, as_of: dt.date, rules: Rules = _DEFAULT_RULES, community: Place = None,
    ties: Ties | None = None,
) -> nx.Graph:
    """The members × activities network :func:`participation_network` measures (members
    ``mode`` 0, activities ``mode`` 1), as the maps draw it.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("M1", label="Member"); G.add_node("A1", label="Activity", date=dt.date(2026, 1, 1))
    >>> _ = G.add_edge("M1", "A1", key="PARTICIPATED_IN", type="PARTICIPATED_IN")
    >>> sorted(participation_graph(G, as_of=dt.date(2026, 11, 1)).nodes(data="mode"))
    [('A1', 1), ('M1', 0)]
    """
    return _participation(G, as_of, rules, community, ties)[0]


def participation_network(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    community: Place = None,
    exact_limit: int = EXACT_LIMIT,
    ties: Ties | None = None,
) -> ParticipationNetwork:
    """The members × activities network and its two-mode centralities.

    Nodes: members with a valid PARTICIPATED_IN tie on ``as_of`` and the activities they joined
    (activities dated after ``as_of`` left out; undated ones kept — a researcher's event list
    often has no dates). With ``community``, only members residing there (valid RESIDES_IN; with a
    set of communities, residing in any of them).
    Density is ties / (members · activities) (Borgatti & Everett 1997, p. 246).

    The network is every participation up to ``as_of``, not only that of the period: member
    engagement (:func:`graph.analysis.integration.member_engagement`) counts a member as active
    only for an activity dated in the period (the ``rules.period_months`` months up to
    ``as_of``). So that the two figures can be read side by side, the ties are also counted by
    the activity's date: ``ties_in_period`` (what engagement counts), ``ties_before_period`` and
    ``ties_undated``.

    Centralities follow Borgatti & Everett (1997), "Network analysis of 2-mode data", *Social
    Networks* 19:243–269, normalised by the maxima for a node of its mode given both modes'
    sizes (:func:`graph.analysis.network.bipartite_centralities`): degree ``deg / m``, closeness
    ``(m + 2(n − 1)) / Σ d``, betweenness over its two-mode maximum. Above ``exact_limit`` nodes
    only degree is computed and ``exact`` is ``False``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("M1", label="Member"); G.add_node("A1", label="Activity", date=dt.date(2027, 1, 1))
    >>> _ = G.add_edge("M1", "A1", key="PARTICIPATED_IN", type="PARTICIPATED_IN")
    >>> participation_network(G, as_of=dt.date(2026, 11, 1)).ties
    0
    """
    B, when = _participation(G, as_of, rules, community, ties)
    members = [v for v, mode in B.nodes(data="mode") if mode == 0]
    activities = len(B) - len(members)
    exact = len(B) <= exact_limit
    centralities: dict[str, dict[str, float | None]] = {}
    if exact and len(B):
        for node, values in bipartite_centralities(B, members).items():
            # Six significant digits: sums in another order (another store's row order) differ
            # in the last bits, and a report must not.
            centralities[str(node)] = {k: float(f"{v:.6g}") for k, v in values.items()}
    else:
        for node, mode in B.nodes(data="mode"):
            other = activities if mode == 0 else len(members)
            centralities[str(node)] = {"degree": float(f"{B.degree(node) / other:.6g}") if other else 0.0,
                                       "closeness": None, "betweenness": None}
    density = ratio(B.number_of_edges(), len(members) * activities)
    return ParticipationNetwork(len(members), activities, B.number_of_edges(), density, exact, centralities,
                                when["in_period"], when["before"], when["undated"])
