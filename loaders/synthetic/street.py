"""One street under construction: its communities, units, party organizations and members, the
rows made so far, and the one random source they are all drawn from.

The modules of this package add to a :class:`Street` in a fixed order (see
:func:`loaders.synthetic.generation.build_street`); each draw from ``Street.rng`` comes in the
same order every time, which is what makes the same seed give the same bytes.

Examples
--------
>>> add_years(dt.date(2024, 2, 29), 18)
datetime.date(2042, 2, 28)
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from graph.model import MemberCategory, ResourceCategory, UnitType
from loaders.synthetic.names import PLACE_A, PLACE_B, Context
from loaders.synthetic.tables import OUTPUT_TABLES

#: The date the synthetic rosters describe; "lost contact" is judged against it.
REFERENCE_DATE = dt.date(2026, 11, 1)
#: No generated date (except births, joins and establishment dates) lies outside these.
FIRST_DATE = dt.date(2019, 1, 1)
LAST_DATE = dt.date(2026, 10, 31)
#: Members whose last contact is on or before this date have been out of touch ≥ 6 months.
LOST_CONTACT_BEFORE = dt.date(2026, 5, 1)
COMMUNITIES_PER_STREET = 7


def add_years(d: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for a 29 February that does not come again)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class Rand(random.Random):
    """``random.Random`` with date helpers."""

    def date(self, lo: dt.date, hi: dt.date) -> dt.date:
        if hi <= lo:
            return lo
        return dt.date.fromordinal(self.randint(lo.toordinal(), hi.toordinal()))

    def chance(self, p: float) -> bool:
        return self.random() < p


@dataclass
class Unit:
    idx: int
    name: str
    type: UnitType
    community: int
    m: int = 0  # party members working there
    employees: int = 0
    id: str = ""
    planted: str = ""  # "isolated", "unbuilt", "unbuilt_uncovered", "undersize"
    covered: bool = False
    org: int | None = None  # index of its own org (top)


@dataclass
class Org:
    idx: int
    name: str
    kind: str  # OrgKind value
    community: int | None
    parent: int | None
    unit: int | None
    established: dt.date
    id: str = ""


@dataclass
class Member:
    name: str
    male: bool
    birth: dt.date
    join: dt.date
    full: bool
    category: MemberCategory
    residence: int
    employer: int | None = None
    org: int = -1
    org_since: dt.date | None = None
    skills: tuple[str, ...] = ()
    last_contact: dt.date | None = None
    station: str = ""
    id: str = ""
    id_number: str = ""
    phone: str = ""
    active: bool = True


@dataclass
class Street:
    """Everything one street holds while it is made. Communities, units, organizations and
    members refer to each other by index; the rows of ``rows`` hold those indices (and
    objects) until :func:`loaders.synthetic.tables.emit_rows` turns them into ids and text."""

    ctx: Context
    rng: Rand
    index: int
    district: str
    street: str
    px: str  # the id prefix: "" for a street of its own, "S01-" or "D01S01-" in a district or a city
    center: tuple[float, float]
    communities: list[dict[str, Any]] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    orgs: list[Org] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in OUTPUT_TABLES})
    ties: set[int] = field(default_factory=set)  # indices of units with a co-building, pairing, seat… tie
    open_needs: dict[str, list[int]] = field(default_factory=lambda: {"with": [], "without": []})
    community_org: dict[int, int] = field(default_factory=dict)  # community → its party organization
    retired_by_c: dict[int, list[Member]] = field(default_factory=dict)
    shared: dict[int, list[int]] = field(default_factory=dict)  # community → resources shared with it
    resource_cats: list[ResourceCategory] = field(default_factory=list)
    scarce: list[int] = field(default_factory=list)  # communities without the scarce category nearby

    @property
    def district_short(self) -> str:
        return self.district[:-1]

    @property
    def street_short(self) -> str:
        return self.street[:-2]

    def cid(self, c: int) -> str:
        return self.communities[c]["id"]

    def cname(self, c: int) -> str:
        return self.communities[c]["name"]


def add_communities(s: Street) -> None:
    """Seven communities on a small grid around the street's centre, each knowing its neighbours."""
    rng = s.rng
    grid = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 1)]
    for i in range(COMMUNITIES_PER_STREET):
        name = s.ctx.unique(lambda: rng.choice(PLACE_A) + ("" if rng.chance(0.6) else rng.choice(PLACE_A))
                            + rng.choice(PLACE_B) + "社区")
        r, c = grid[i]
        lat = s.center[0] + (r - 1) * 0.006 + rng.uniform(-0.001, 0.001)
        lon = s.center[1] + (c - 1) * 0.007 + rng.uniform(-0.001, 0.001)
        adjacent = [j for j, (r2, c2) in enumerate(grid) if abs(r - r2) + abs(c - c2) == 1]
        s.communities.append({"id": f"{s.px}C{i + 1:02d}", "name": name, "lat": lat, "lon": lon,
                              "adjacent": adjacent, "weight": rng.uniform(0.7, 1.3)})
