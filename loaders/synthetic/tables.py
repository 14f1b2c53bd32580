"""The tables a synthetic dataset is made of: which columns each has, how its rows are written
(ids, ISO dates, lists joined with ``、``, the Chinese enum values), and how each is laid out in
a file: the CSV's name, header and encoding, the workbook sheet's name, numeric columns and
column widths (:class:`TableLayout`, which :mod:`exports.dataset_files` writes).

Examples
--------
>>> iso(dt.date(2026, 3, 1)), iso(None), num(2.0), num(2.5)
('2026-03-01', '', '2', '2.5')
>>> columns("seats", with_pii=False)
['unit', 'community', 'role', 'start', 'end']
>>> [layout.headers for layout in layouts() if layout.name == "seats"]
[('成员单位', '社区', '席位', '加入时间', '结束时间')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.model import MemberStatus, OrgKind
from loaders.schema import TABLE_LIST, TABLES

if TYPE_CHECKING:
    from loaders.synthetic.street import Street

#: The tables written, in schema order (the generic ``nodes``/``edges`` and the membership matrix are not).
OUTPUT_TABLES: tuple[str, ...] = tuple(t.name for t in TABLE_LIST if t.name not in ("nodes", "edges", "matrix"))
#: Tables holding relationships only (their rows are "relationship rows").
RELATIONSHIP_TABLES: tuple[str, ...] = (
    "joint_coverage", "reports", "co_building", "participation", "pairings", "seats",
)

_COLUMNS: dict[str, tuple[str, ...]] = {
    "communities": ("id", "name", "street", "district", "lat", "lon", "adjacent"),
    "units": ("id", "name", "type", "employees", "community"),
    "party_orgs": ("id", "name", "kind", "community", "parent", "unit", "established"),
    "members": ("id", "name", "gender", "birth_date", "join_date", "status", "category", "org", "org_since",
                "employer", "residence", "skills", "last_contact", "station"),
    "joint_coverage": ("org", "unit", "start", "end"),
    "reports": ("member", "org", "community", "start", "end"),
    "co_building": ("org", "partner", "kind", "start", "end"),
    "resources": ("id", "name", "category", "capacity", "unit", "shared_with"),
    "needs": ("id", "name", "category", "status", "raised_on", "community"),
    "activities": ("id", "name", "category", "date", "hours", "organizers", "needs", "resources"),
    "participation": ("member", "activity", "hours"),
    "pairings": ("member", "org", "target", "role", "start", "end"),
    "seats": ("unit", "community", "role", "start", "end"),
}
_PII_COLUMNS: dict[str, tuple[str, ...]] = {
    "members": ("id_number", "phone"),
    "reports": ("member_id_number",),
    "participation": ("member_id_number",),
    "pairings": ("member_id_number",),
}
#: Columns a workbook holds as numbers; the others are text.
NUMERIC_COLUMNS = frozenset({"employees", "capacity", "lat", "lon", "hours"})
#: Columns shown wide in a workbook (names); the others are narrow.
WIDE_COLUMNS = frozenset({"name", "org", "employer", "organizers", "partner"})


def iso(d: dt.date | None) -> str:
    """``d`` as YYYY-MM-DD; ``""`` for none."""
    return "" if d is None else d.isoformat()


def num(x: float) -> str:
    """A number as the rosters write it: no trailing ``.0``."""
    return f"{x:g}"


def columns(table: str, with_pii: bool) -> list[str]:
    """The columns of ``table``, in schema order; with ``with_pii`` the members' ID and phone
    numbers, and relationship tables naming members by ID number instead of by id."""
    wanted = set(_COLUMNS[table])
    if with_pii:
        wanted |= set(_PII_COLUMNS.get(table, ()))
        if table in ("reports", "participation", "pairings"):
            wanted.discard("member")
    return [c.name for c in TABLES[table].columns if c.name in wanted]


@dataclass(frozen=True)
class TableLayout:
    """How one table is written: ``<name>.csv`` with ``headers`` (the schema's Chinese headers)
    in ``encoding``, and a workbook sheet ``sheet``; ``numeric`` and ``widths`` per column."""

    name: str
    sheet: str
    columns: tuple[str, ...]
    headers: tuple[str, ...]
    encoding: str
    numeric: tuple[bool, ...]
    widths: tuple[int, ...]


def layouts(with_pii: bool = False, gbk_tables: Sequence[str] = ("members",)) -> tuple[TableLayout, ...]:
    """The layout of every table of :data:`OUTPUT_TABLES`: the tables of ``gbk_tables`` in GBK,
    as a roster saved by Excel on a Chinese Windows is, the others in UTF-8 with a BOM."""
    unknown = [t for t in gbk_tables if t not in OUTPUT_TABLES]
    if unknown:
        raise ValueError(f"unknown tables in gbk_tables: {', '.join(unknown)}")
    found = []
    for table in OUTPUT_TABLES:
        cols = tuple(columns(table, with_pii))
        found.append(TableLayout(
            name=table, sheet=TABLES[table].zh, columns=cols,
            headers=tuple(TABLES[table].column(c).zh_header for c in cols),
            encoding="gbk" if table in gbk_tables else "utf-8-sig",
            numeric=tuple(c in NUMERIC_COLUMNS for c in cols),
            widths=tuple(26 if c in WIDE_COLUMNS else 13 for c in cols),
        ))
    return tuple(found)


def cells(rows: Mapping[str, Sequence[Mapping[str, Any]]], table_layouts: Sequence[TableLayout]) -> dict[str, list[list[Any]]]:
    """The rows of each table as lists of cells in its layout's column order (``""`` where a row has none)."""
    return {t.name: [[row.get(c, "") for c in t.columns] for row in rows[t.name]] for t in table_layouts}


def emit_rows(s: Street) -> None:
    """The node rows of the street, and every relationship row's indices replaced by ids, its
    dates and numbers by text: the rows as the files hold them."""
    rows = s.rows
    for c in s.communities:
        rows["communities"].append({
            "id": c["id"], "name": c["name"], "street": s.street, "district": s.district,
            "lat": f"{c['lat']:.6f}", "lon": f"{c['lon']:.6f}",
            "adjacent": "、".join(s.cid(a) for a in c["adjacent"]),
        })
    for u in s.units:
        rows["units"].append({"id": u.id, "name": u.name, "type": u.type.zh, "employees": u.employees,
                              "community": s.cid(u.community)})
    for o in s.orgs:
        rows["party_orgs"].append({
            "id": o.id, "name": o.name, "kind": OrgKind(o.kind).zh,
            "community": "" if o.community is None else s.cid(o.community),
            "parent": "" if o.parent is None else s.orgs[o.parent].id,
            "unit": "" if o.unit is None else s.units[o.unit].id, "established": iso(o.established),
        })
    rng = s.rng
    for m in s.members:
        j = m.join
        r = rng.random()
        join = f"{j.year}.{j.month:02d}" if r < 1 / 3 else f"{j.year}年{j.month}月{j.day}日" if r < 2 / 3 else j.isoformat()
        rows["members"].append({
            "id": m.id, "name": m.name, "id_number": m.id_number, "gender": "男" if m.male else "女",
            "birth_date": m.birth.isoformat(), "phone": m.phone, "join_date": join,
            "status": (MemberStatus.FULL if m.full else MemberStatus.PROBATIONARY).zh, "category": m.category.zh,
            "org": s.orgs[m.org].name, "org_since": iso(m.org_since),
            "employer": "" if m.employer is None else s.units[m.employer].name,
            "residence": s.cname(m.residence), "skills": "、".join(m.skills),
            "last_contact": iso(m.last_contact), "station": m.station,
        })
    # Resolve the internal references of the relationship rows to ids.
    pii = s.ctx.with_pii

    def member(row: dict[str, Any]) -> None:
        m = row.pop("member", None)
        if m is not None:
            if pii:
                row["member_id_number"] = m.id_number
            else:
                row["member"] = m.id

    def ref(kind_idx: tuple[str, int]) -> str:
        kind, i = kind_idx
        return {"org": s.orgs, "unit": s.units}[kind][i].id if kind != "community" else s.cid(i)

    for row in rows["joint_coverage"]:
        row.update(org=s.orgs[row["org"]].id, unit=s.units[row["unit"]].id,
                   start=iso(row["start"]), end=iso(row["end"]))
    for row in rows["reports"]:
        member(row)
        if "org" in row:
            row["org"] = s.orgs[row["org"]].id
        row.update(community=s.cid(row["community"]), start=iso(row["start"]))
    for row in rows["co_building"]:
        row.update(org=s.orgs[row["org"]].id, partner=ref(row["partner"]), start=iso(row["start"]),
                   end=iso(row["end"]))
    for row in rows["resources"]:
        row.update(category=row["category"].zh, unit=s.units[row["unit"]].id,
                   shared_with="、".join(s.cid(c) for c in row["shared_with"]))
    for row in rows["needs"]:
        row.update(category=row["category"].zh, status=row["status"].zh, raised_on=iso(row["raised_on"]),
                   community=s.cid(row["community"]))
    for row in rows["activities"]:
        row.update(date=iso(row["date"]), hours=num(row["hours"]),
                   organizers="、".join(ref(o) for o in row["organizers"]),
                   needs="、".join(rows["needs"][n]["id"] for n in row["needs"]),
                   resources="、".join(rows["resources"][r]["id"] for r in row["resources"]))
    for row in rows["participation"]:
        member(row)
        row["hours"] = num(row["hours"])
    for row in rows["pairings"]:
        member(row)
        if "org" in row:
            row["org"] = s.orgs[row["org"]].id
        row.update(target=ref(row["target"]), role=row["role"].zh, start=iso(row["start"]), end=iso(row["end"]))
    for row in rows["seats"]:
        row.update(unit=s.units[row["unit"]].id, community=s.cid(row["community"]), role=row["role"].zh,
                   start=iso(row["start"]), end=iso(row["end"]))
