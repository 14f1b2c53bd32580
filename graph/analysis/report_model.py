"""The shape of a report: sections of figures and drill-down tables, in two languages.

Writers (Excel, JSON, Markdown, the dashboard) read only this shape, so a new analysis
shows up everywhere by adding a section. :meth:`Report.to_dict` is the stable JSON form
documented in ``docs/report-format.md``.

Examples
--------
>>> t = Table("units", "单位", "units", (Column("id", "编号", "id"), Column("n", "党员数", "members", "int")),
...           [["U1", 3]])
>>> s = Section("demo", "示例", "demo", [Figure("n", "单位数", "units", 1, "int")], [t])
>>> r = Report(as_of="2026-11-01", community=None, rules={}, sections=[s])
>>> r.to_dict()["sections"][0]["tables"][0]["rows"]
[['U1', 3]]
>>> r.section("demo").figure("n").value
1
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, overload

#: How a value is meant to be shown: ``ratio`` is a share in [0, 1] shown as a percentage,
#: ``list`` a list of ids or words, ``date`` an ISO date.
ValueKind = Literal["text", "int", "float", "ratio", "date", "list", "bool"]

SCHEMA = "gongjian.report/1"


@dataclass(frozen=True)
class Column:
    """A table column: its key, Chinese and English headers, and the kind of its values."""

    key: str
    zh: str
    en: str
    kind: ValueKind = "text"
    #: For columns of codes (a status, a unit type …): ``(code, zh, en)`` for each code.
    labels: tuple[tuple[str, str, str], ...] = ()

    def header(self, lang: str = "zh") -> str:
        """The header in ``lang``."""
        return self.zh if lang == "zh" else self.en

    def show(self, value: Any, lang: str = "zh") -> Any:
        """``value`` as a reader sees it: codes in ``lang``; lists keep their items, each shown.

        >>> col = Column("status", "覆盖情况", "coverage", labels=(("none", "未覆盖", "not reached"),))
        >>> col.show("none"), col.show("none", "en"), col.show(["none", "x"])
        ('未覆盖', 'not reached', ['未覆盖', 'x'])
        """
        if not self.labels:
            return value
        names = {code: (zh if lang == "zh" else en) for code, zh, en in self.labels}
        if isinstance(value, list):
            return [names.get(v, v) for v in value]
        return names.get(value, value) if isinstance(value, str) else value


class LazyRows(Sequence[list[Any]]):
    """A table's rows read when first used, in parts of ``size`` rows: ``part(i)`` gives rows
    ``i * size`` to ``(i + 1) * size``; their count is known before any is read.

    A report read back from a store (:func:`graph.reporting.stored_report`) holds its figures at
    once and each table's rows only when a page, a writer or a query looks at them: a city's
    report is 170 MB of JSON, of which a page shows the first rows of a few tables. A slice or an
    index reads only the parts it needs; iterating reads them all. Each part is read once, however
    many threads ask (a report is shared by every session that shows it).

    >>> calls = []
    >>> rows = LazyRows(3, 2, lambda i: calls.append(i) or [[["a"], ["b"]], [["c"]]][i])
    >>> len(rows), rows[:1], calls
    (3, [['a']], [0])
    >>> rows[2], list(rows), rows == [["a"], ["b"], ["c"]], calls
    (['c'], [['a'], ['b'], ['c']], True, [0, 1])
    """

    __slots__ = ("_count", "_lock", "_part", "_parts", "_size")

    def __init__(self, count: int, size: int, part: Callable[[int], list[list[Any]]]) -> None:
        self._count, self._size, self._part = count, max(size, 1), part
        self._parts: dict[int, list[list[Any]]] = {}
        self._lock = threading.Lock()

    def _read(self, i: int) -> list[list[Any]]:
        found = self._parts.get(i)
        if found is None:
            with self._lock:
                found = self._parts.get(i)
                if found is None:
                    found = self._parts[i] = self._part(i)
        return found

    def _span(self, start: int, stop: int) -> list[list[Any]]:
        out: list[list[Any]] = []
        if start >= stop:
            return out
        for i in range(start // self._size, (stop - 1) // self._size + 1):
            part = self._read(i)
            lo = max(start - i * self._size, 0)
            out.extend(part[lo:stop - i * self._size])
        return out

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, i: int) -> list[Any]: ...

    @overload
    def __getitem__(self, i: slice) -> list[list[Any]]: ...

    def __getitem__(self, i: int | slice) -> list[Any] | list[list[Any]]:
        if isinstance(i, slice):
            start, stop, step = i.indices(self._count)
            if step == 1:
                return self._span(start, stop)
            return self._span(0, self._count)[i]
        j = i + self._count if i < 0 else i
        if not 0 <= j < self._count:
            raise IndexError("table row out of range")
        return self._read(j // self._size)[j % self._size]

    def __iter__(self) -> Iterator[list[Any]]:
        for i in range(0, self._count, self._size):
            yield from self._read(i // self._size)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, LazyRows)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like a list

    def __repr__(self) -> str:
        read = sum(len(p) for p in self._parts.values())
        return f"LazyRows({self._count} rows, {read} read)"


@dataclass(frozen=True)
class Table:
    """A drill-down list: rows of plain values in column order.

    A table always holds every row (read back from a store, as :class:`LazyRows` that read them
    on first use). ``sort_by`` names the column (a measure) by which a writer
    that shows only the first rows (the Markdown digest) ranks them, highest first; without it
    such a writer shows the rows in their order.
    """

    key: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    rows: Sequence[list[Any]]
    sort_by: str | None = None

    def __post_init__(self) -> None:
        if self.sort_by is not None and self.sort_by not in [c.key for c in self.columns]:
            raise ValueError(f"table {self.key}: sort_by {self.sort_by!r} is not one of its columns")

    def column(self, key: str) -> Column:
        """The column ``key`` (``KeyError`` if absent)."""
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def ranked_rows(self) -> list[list[Any]]:
        """The rows ranked by ``sort_by``, highest first (missing values last; rows that tie keep
        their order); the rows as they are without it.

        >>> t = Table("t", "表", "t", (Column("id", "编号", "id"), Column("d", "度数", "degree", "int")),
        ...           [["a", 1], ["b", None], ["c", 3], ["d", 1]], sort_by="d")
        >>> [r[0] for r in t.ranked_rows()]
        ['c', 'a', 'd', 'b']
        """
        if self.sort_by is None:
            return list(self.rows)
        i = [c.key for c in self.columns].index(self.sort_by)

        def key(row: list[Any]) -> tuple[bool, float]:
            v = row[i] if i < len(row) else None
            number = isinstance(v, (int, float)) and not isinstance(v, bool) and v == v
            return (not number, -float(v) if number else 0.0)

        return sorted(self.rows, key=key)

    def title(self, lang: str = "zh") -> str:
        """The title in ``lang``."""
        return self.zh if lang == "zh" else self.en

    def display_rows(self, lang: str = "zh") -> list[list[Any]]:
        """The rows with codes shown in ``lang`` (see :meth:`Column.show`)."""
        coded = [i for i, c in enumerate(self.columns) if c.labels]
        if not coded:
            return list(self.rows)
        out = []
        for row in self.rows:
            row = list(row)
            for i in coded:
                row[i] = self.columns[i].show(row[i], lang)
            out.append(row)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The table as plain JSON-ready values (codes stay codes; ``labels`` say how to show them)."""
        columns = []
        for c in self.columns:
            col: dict[str, Any] = {"key": c.key, "zh": c.zh, "en": c.en, "kind": c.kind}
            if c.labels:
                col["labels"] = {code: {"zh": zh, "en": en} for code, zh, en in c.labels}
            columns.append(col)
        out = {"key": self.key, "zh": self.zh, "en": self.en, "columns": columns,
               "rows": [list(r) for r in self.rows]}
        if self.sort_by is not None:
            out["sort_by"] = self.sort_by
        return out


#: How a figure known only for the latest data is marked wherever it is shown.
LATEST_ONLY_MARK = ("（仅据最新数据）", " (latest data only)")


@dataclass(frozen=True)
class Figure:
    """One headline number (or short text) of a section.

    ``latest_only`` marks a figure that rests on a fact the data records only as it is now
    (a member's last contact, a station): right for the data's own date, not for a past one.
    Its label says so, and :func:`graph.analysis.report.trend` leaves it out.

    >>> Figure("lost_contact", "失联党员", "members out of contact", 3, latest_only=True).label("en")
    'members out of contact (latest data only)'
    """

    key: str
    zh: str
    en: str
    value: Any
    kind: ValueKind = "int"
    latest_only: bool = False

    def label(self, lang: str = "zh") -> str:
        """The figure's name in ``lang``, marked when it is known for the latest data only."""
        name = self.zh if lang == "zh" else self.en
        if self.latest_only:
            name += LATEST_ONLY_MARK[0 if lang == "zh" else 1]
        return name

    def to_dict(self) -> dict[str, Any]:
        """The figure as plain JSON-ready values."""
        out = {"key": self.key, "zh": self.zh, "en": self.en, "value": self.value, "kind": self.kind}
        if self.latest_only:
            out["latest_only"] = True
        return out


@dataclass(frozen=True)
class Section:
    """One analysis: its figures, its drill-down tables and notes (definitions, caveats)."""

    key: str
    zh: str
    en: str
    figures: list[Figure]
    tables: list[Table]
    notes_zh: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)

    def title(self, lang: str = "zh") -> str:
        """The title in ``lang``."""
        return self.zh if lang == "zh" else self.en

    def notes(self, lang: str = "zh") -> list[str]:
        """The notes in ``lang``."""
        return self.notes_zh if lang == "zh" else self.notes_en

    def figure(self, key: str) -> Figure:
        """The figure ``key`` (``KeyError`` if absent)."""
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)

    def table(self, key: str) -> Table:
        """The table ``key`` (``KeyError`` if absent)."""
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """The section as plain JSON-ready values."""
        return {"key": self.key, "zh": self.zh, "en": self.en,
                "figures": [f.to_dict() for f in self.figures], "tables": [t.to_dict() for t in self.tables],
                "notes": {"zh": list(self.notes_zh), "en": list(self.notes_en)}}


@dataclass(frozen=True)
class Report:
    """A full report at one date: the rules it used, its sections, and per-section timings.

    ``community`` is what the report covers: one community's id, the sorted ids of several
    communities reported together (a street's), or ``None`` for all communities.
    """

    as_of: str
    community: str | list[str] | None
    rules: dict[str, Any]
    sections: list[Section]
    data_version: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    def section(self, key: str) -> Section:
        """The section ``key`` (``KeyError`` if absent)."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    @classmethod
    def from_dict(cls, data: dict[str, Any],
                  rows: Callable[[dict[str, Any]], Sequence[list[Any]]] | None = None) -> Report:
        """The report :meth:`to_dict` gave (its JSON form read back): ``Report.from_dict(r.to_dict()) == r``.
        ``rows(table)``, when given, gives each table's rows from its JSON form instead of its
        ``rows`` (a :class:`LazyRows` that reads them elsewhere on first use).

        >>> t = Table("u", "单位", "units", (Column("s", "覆盖", "status", labels=(("none", "未覆盖", "none"),)),),
        ...           [["none"]], sort_by="s")
        >>> r = Report("2026-11-01", "C1", {"period_months": 12}, [Section("x", "节", "x", [Figure("n", "数", "n", 0.5,
        ...            "ratio", latest_only=True)], [t], ["注"], ["note"])], "v1", {"x": 0.1})
        >>> Report.from_dict(r.to_dict()) == r
        True
        >>> from dataclasses import replace
        >>> Report.from_dict(replace(r, community=["C1", "C2"]).to_dict()).community
        ['C1', 'C2']
        """
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} report: {data.get('schema')!r}")

        def column(c: dict[str, Any]) -> Column:
            labels = tuple((code, v["zh"], v["en"]) for code, v in (c.get("labels") or {}).items())
            return Column(c["key"], c["zh"], c["en"], c.get("kind", "text"), labels)

        def table(t: dict[str, Any]) -> Table:
            return Table(t["key"], t["zh"], t["en"], tuple(column(c) for c in t["columns"]),
                         [list(r) for r in t["rows"]] if rows is None else rows(t), t.get("sort_by"))

        def section(s: dict[str, Any]) -> Section:
            figures = [Figure(f["key"], f["zh"], f["en"], f["value"], f.get("kind", "int"),
                              bool(f.get("latest_only", False))) for f in s["figures"]]
            notes = s.get("notes") or {}
            return Section(s["key"], s["zh"], s["en"], figures, [table(t) for t in s["tables"]],
                           list(notes.get("zh", [])), list(notes.get("en", [])))

        community = data.get("community")
        if isinstance(community, list):
            community = [str(c) for c in community]
        return cls(data["as_of"], community, dict(data.get("rules") or {}),
                   [section(s) for s in data["sections"]], data.get("data_version", ""),
                   dict(data.get("timings") or {}))

    def to_dict(self, *, timings: bool = True) -> dict[str, Any]:
        """The report as plain JSON-ready values (the documented JSON form)."""
        community = list(self.community) if isinstance(self.community, list) else self.community
        out: dict[str, Any] = {"schema": SCHEMA, "as_of": self.as_of, "community": community,
                               "data_version": self.data_version, "rules": self.rules,
                               "sections": [s.to_dict() for s in self.sections]}
        if timings:
            out["timings"] = dict(self.timings)
        return out
