"""Making a dataset: the streets of a scale, one after the other, each built in a fixed order.

:func:`generate` checks the options and returns a :class:`Synthesis`, which makes nothing yet;
:meth:`Synthesis.streets` makes the streets one at a time, so that a caller that writes each
and forgets it (``gongjian generate``) holds one street in memory whatever the scale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from loaders.synthetic import activities, organizations, people, ties
from loaders.synthetic.names import DISTRICTS, PLACE_A, STREET_A, STREET_B, Context, name_pools
from loaders.synthetic.planted import planted
from loaders.synthetic.street import REFERENCE_DATE, Rand, Street, add_communities
from loaders.synthetic.tables import RELATIONSHIP_TABLES, TableLayout, cells, emit_rows, layouts

Scale = Literal["street", "district", "city"]
Progress = Callable[[str, int, int], None]

#: (districts, streets per district) of each scale.
SCALES: dict[str, tuple[int, int]] = {"street": (1, 1), "district": (1, 25), "city": (20, 25)}


@dataclass(frozen=True)
class StreetTables:
    """One street made: its name, the title of its workbook, the rows of every table (cells in
    the order of :attr:`Synthesis.layouts`) and its planted situations by id."""

    name: str
    title: str
    rows: dict[str, list[list[Any]]]
    planted: dict[str, list[str]]


@dataclass(frozen=True)
class GenerationSummary:
    """What was written: rows per table, where, and the planted situations by id."""

    out_dir: Path
    rows: dict[str, int]
    planted: dict[str, list[str]]
    scale: str = "street"
    seed: int = 0
    encodings: dict[str, str] = field(default_factory=dict)
    workbook: Path | None = None

    @property
    def relationship_rows(self) -> int:
        """Rows in the relationship tables (coverage, reports, co-building, participation, pairings, seats)."""
        return sum(self.rows.get(t, 0) for t in RELATIONSHIP_TABLES)

    @property
    def total_rows(self) -> int:
        """Rows in all tables together."""
        return sum(self.rows.values())


def build_street(ctx: Context, rng: Rand, *, index: int, district: str, street: str, prefix: str,
                 center: tuple[float, float]) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[str]]]:
    """Every row of one street (by table, keyed by column) and its planted situations.

    The order of the steps is the order of the draws from ``rng``: changing it changes every
    file the seed gives.
    """
    s = Street(ctx, rng, index=index, district=district, street=street, px=prefix, center=center)
    add_communities(s)
    organizations.add_units(s)
    organizations.plant_units(s)
    people.add_members(s)
    organizations.add_orgs(s)
    people.finish_members(s)
    ties.add_reports(s)
    ties.add_co_building(s)
    activities.add_resources(s)
    activities.add_needs_and_activities(s)
    ties.add_pairings(s)
    ties.add_seats(s)
    ties.reach_every_unit(s)
    emit_rows(s)
    return s.rows, planted(s)


@dataclass(frozen=True)
class Synthesis:
    """A synthetic dataset of ``scale`` and ``seed``, made street by street by :meth:`streets`."""

    scale: Scale = "street"
    seed: int = 0
    with_pii: bool = False
    gbk_tables: tuple[str, ...] = ("members",)

    @property
    def layouts(self) -> tuple[TableLayout, ...]:
        """How each table is written (:mod:`exports.dataset_files` writes them)."""
        return layouts(self.with_pii, self.gbk_tables)

    @property
    def n_streets(self) -> int:
        """How many streets :meth:`streets` makes."""
        n_districts, n_streets = SCALES[self.scale]
        return n_districts * n_streets

    @property
    def encodings(self) -> dict[str, str]:
        """The encoding of each table's CSV file."""
        return {t.name: t.encoding for t in self.layouts}

    def workbook_properties(self, title: str) -> dict[str, Any]:
        """The document properties of the sample workbook: fixed, so that its bytes are too."""
        return {"title": title, "author": "gongjian synthetic generator", "comments": "合成数据 synthetic data",
                "created": dt.datetime.combine(REFERENCE_DATE, dt.time())}

    def streets(self, progress: Progress | None = None) -> Iterator[StreetTables]:
        """Make the streets one at a time; ``progress("streets", done, total)`` hears of each.

        The same scale and seed give the same streets, each time this is called.
        """
        n_districts, n_streets = SCALES[self.scale]
        rng = Rand(self.seed)
        male, female = name_pools(self.seed)
        ctx = Context(male, female, self.with_pii)
        table_layouts = self.layouts
        districts = list(DISTRICTS)
        rng.shuffle(districts)
        done = 0
        for d in range(n_districts):
            district = districts[d % len(districts)] + "区"
            for k in range(n_streets):
                street = ctx.unique(lambda: rng.choice(STREET_A + PLACE_A) + rng.choice(STREET_B) + "街道")
                if self.scale == "street":
                    prefix = ""
                elif self.scale == "district":
                    prefix = f"S{k + 1:02d}-"
                else:
                    prefix = f"D{d + 1:02d}S{k + 1:02d}-"
                center = (30.45 + (d // 5) * 0.12 + (k // 5) * 0.02, 114.20 + (d % 5) * 0.12 + (k % 5) * 0.022)
                street_rng = Rand(rng.getrandbits(64))
                rows, found = build_street(ctx, street_rng, index=done, district=district, street=street,
                                           prefix=prefix, center=center)
                done += 1
                yield StreetTables(street, f"{street}社区党建数据（合成样例）", cells(rows, table_layouts), found)
                if progress:
                    progress("streets", done, self.n_streets)


def generate(*, scale: Scale = "street", seed: int = 0, with_pii: bool = False,
             gbk_tables: Sequence[str] = ("members",)) -> Synthesis:
    """A synthetic dataset of ``scale``; the same scale and seed give the same rows, and the
    same files once written.

    ``scale`` is ``street`` (≈ 2,000 members, one street of seven communities), ``district``
    (25 streets, ≈ 50,000) or ``city`` (500 streets, ≈ 1,000,000). ``with_pii`` adds
    synthetic resident ID numbers (valid check digits) and mobile numbers to the members
    roster, and then names members by ID number in the reports, participation and pairing
    tables, since the loader replaces member ids by pseudonyms of the ID numbers. The tables
    named in ``gbk_tables`` are to be written in GBK, the others in UTF-8 with a BOM.

    Nothing is made until :meth:`Synthesis.streets` is iterated; wrong options raise
    :class:`ValueError` here.

    >>> generate(scale="district", seed=1).n_streets
    25
    >>> generate(scale="country")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: unknown scale 'country'; expected one of street, district, city
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    layouts(with_pii, gbk_tables)  # refuses unknown tables now, not when the first street is written
    return Synthesis(scale, seed, with_pii, tuple(gbk_tables))
