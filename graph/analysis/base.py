"""What every analysis shares about a projection: dates, validity at a date, node lists, ratios
(the rules are :mod:`graph.analysis.rules`, the shared readings :mod:`graph.analysis.readings`).

A projection is the ``MultiDiGraph`` of :func:`graph.store.build_networkx`: node key = id,
node attribute ``label`` (a :class:`graph.model.Label` value) plus the node's properties
(missing ones are absent); edge key = relationship type (``TYPE#2`` … for parallel ties of
one type), edge attributes ``type``, ``start`` / ``end`` (``datetime.date``, absent when
unknown) and the relationship's properties.

Analyses do their own validity filtering (:func:`edges`, and the one-pass
:func:`graph.analysis.readings.ties_at`), so they give the same answer on a projection already
cut at ``as_of`` and on a full one.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("M1", label="Member"); G.add_node("P1", label="PartyOrg")
>>> G.add_edge("M1", "P1", key="MEMBER_OF", type="MEMBER_OF", end=dt.date(2020, 1, 1))
'MEMBER_OF'
>>> [e[:2] for e in edges(G, "MEMBER_OF", as_of=dt.date(2019, 1, 1))]
[('M1', 'P1')]
>>> list(edges(G, "MEMBER_OF", as_of=dt.date(2021, 1, 1)))
[]
>>> nodes(G, "Member")
['M1']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day where it is shorter).

    >>> months_before(dt.date(2026, 8, 31), 6)
    datetime.date(2026, 2, 28)
    """
    month_index = day.year * 12 + day.month - 1 - months
    if month_index < 12:  # before year 1: no calendar date
        raise ValueError(f"{months} months before {day} is before the year 1")
    year, month = divmod(month_index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("a month always has a 28th day")


def is_valid(data: Mapping[str, Any], as_of: dt.date | None) -> bool:
    """Whether a relationship with attributes ``data`` is valid on ``as_of``.

    Valid = started on or before ``as_of`` (or start unknown) and not ended on or before it.
    ``as_of=None`` takes every relationship that has no end.
    """
    end = data.get("end")
    if as_of is None:
        return end is None
    start = data.get("start")
    return (start is None or start <= as_of) and (end is None or end > as_of)


def edges(
    G: nx.MultiDiGraph, rel_type: str, as_of: dt.date | None = None
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(src, dst, data)`` of every relationship of ``rel_type`` valid on ``as_of``."""
    for src, dst, data in G.edges(data=True):
        if data.get("type") == rel_type and is_valid(data, as_of):
            yield src, dst, data


def nodes(G: nx.MultiDiGraph, label: str) -> list[str]:
    """Ids of the nodes with ``label``, sorted."""
    return sorted(n for n, lab in G.nodes(data="label") if lab == label)


def ratio(part: int | float, whole: int | float) -> float | None:
    """``part / whole`` rounded to :data:`RATIO_PLACES` places, or ``None`` when ``whole`` is 0.

    Six places, so that a percentage shown to one decimal (``54.5%``) is rounded once from the
    ratio itself: 6/11 is 0.545455 and shows as 54.5 %, where a ratio kept to four places
    (0.5455) would show 54.6 %.

    >>> ratio(1, 3), ratio(6, 11), ratio(0, 0)
    (0.333333, 0.545455, None)
    """
    return None if not whole else round(part / whole, RATIO_PLACES)


#: Decimal places of every ratio (see :func:`ratio`).
RATIO_PLACES = 6
