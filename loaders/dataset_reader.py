"""Read a dataset (a folder, a workbook or one roster) into a validated :class:`Dataset`.

Every row and every cross-table reference is checked; all problems are collected and
raised together as :class:`InputInvalid`, so that a user fixes a file once. References may
use ids or names; they resolve against the dataset itself and against what the store
already holds (:class:`KnownNodes`, which the face fetches from the store).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pandas as pd

from graph.dataset import Dataset, TableSpool, conform_nodes, conform_relationships, rel_columns
from graph.model import REL_ENDPOINT_COLUMNS, Label, RelType
from graph.name_index import NameIndex
from loaders.errors import Both, InputInvalid, Problem, shown
from loaders.identity import IdNumberError, parse_id_number, pseudonym
from loaders.parsing import HEADER_CODES, ParsedTable, parse_chunks
from loaders.personal import personal_kind, redact_text
from loaders.reading import RawSheet, input_files, read_file
from loaders.schema import TABLES, Table, table_for_name
from loaders.values import EARLIEST
from loaders.workbook_check import WorkbookLook

#: Order in which tables are assembled: node tables first, so references resolve.
NODE_TABLES = ("communities", "units", "party_orgs", "members", "resources", "needs", "activities", "nodes")
_ID_PREFIX = {
    Label.COMMUNITY: "C", Label.UNIT: "U", Label.PARTY_ORG: "P", Label.RESOURCE: "R",
    Label.NEED: "N", Label.ACTIVITY: "A", Label.NODE: "X", Label.MEMBER: "M",
}


#: Nodes already stored, as the store's :meth:`~graph.store.GraphStore.name_index` gives them.
KnownNodes = NameIndex


def _kinds(labels: Iterable[Label]) -> Both:
    """Label names for a problem, in both languages: ``党组织/单位`` and ``party organization/unit``."""
    labels = list(labels)
    return Both("/".join(t.zh for t in labels), "/".join(t.en for t in labels))


def derived_id(label: Label, name: str) -> str:
    """A stable id for a node given only by name.

    >>> derived_id(Label.COMMUNITY, "阳光社区")
    'C-304cb93310'
    """
    return f"{_ID_PREFIX[label]}-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


class _Registry:
    """Ids and names of every node in the dataset, plus the store's, for resolving references."""

    def __init__(self, known: KnownNodes) -> None:
        self.known = known
        self.labels: dict[str, Label] = {}
        # Where each id (and each name but a member's) was first seen, as one int: index into
        # ``sources`` × 2³² + row number — not the table itself, which is dropped once registered.
        self.sources: dict[tuple[str, str | None], int] = {}
        self.where: dict[str, int] = {}
        self.names: dict[tuple[Label, str], list[str]] = defaultdict(list)
        self.name_rows: dict[tuple[Label, str], int] = {}
        self.aliases: dict[str, str] = dict(known.aliases)  # member 编号 → pseudonymous id
        #: Ids and names of node rows that were refused: a reference to one is not reported
        #: again (its row's own problem is the cause).
        self.failed: set[str] = set()
        self._shadowing: set[str] | None = None
        self._unique: dict[Label, dict[str, str]] = {}

    def source(self, pt: ParsedTable) -> int:
        """The number of ``pt``'s file and sheet in ``sources``."""
        return self.sources.setdefault((pt.file, pt.sheet), len(self.sources))

    def shadowing(self) -> set[str]:
        """Ids that are also the name of some node: they need the careful look-up."""
        if self._shadowing is None:
            self._shadowing = {name for (_, name) in self.names if name in self.labels}
            self._shadowing |= {name for (_, name) in self.known.names}
        return self._shadowing

    def unique_names(self, label: Label) -> dict[str, str]:
        """Names that exactly one node of ``label`` bears, in the dataset and the store together
        (a reload finds each name on the same node in both)."""
        if label not in self._unique:
            known = self.known.names
            unique: dict[str, str] = {}
            for (lab, name), ids in self.names.items():
                if lab is label and len(ids) == 1:
                    stored = known.get((label.value, name))
                    if not stored or (len(stored) == 1 and stored[0] == ids[0]):
                        unique[name] = ids[0]
            self._unique[label] = unique
        return self._unique[label]

    def label_of(self, node_id: str) -> Label | None:
        if node_id in self.labels:
            return self.labels[node_id]
        known = self.known.labels.get(node_id)
        return Label(known) if known else None

    def ids_named(self, label: Label, name: str) -> list[str]:
        ids = list(self.names.get((label, name), []))
        ids += [i for i in self.known.names.get((label.value, name), []) if i not in ids]
        return ids


def _other(reg: _Registry, at: int, here: ParsedTable) -> str:
    (file, sheet), row = next(k for k, n in reg.sources.items() if n == at >> 32), at & 0xFFFFFFFF
    return str(row) if file == here.file and sheet == here.sheet else f"{file} {row}"


def _register_nodes(pt: ParsedTable, label_for_row: Callable[[int], Label], ids: list[str | None],
                    reg: _Registry, dup_code: str, id_column: str) -> list[bool]:
    """Register the table's ids and names; return which rows are usable."""
    ok = [i is not None for i in ids]
    names = pt.get("name").tolist()
    given = pt.get("id").tolist()
    source = reg.source(pt) << 32
    for i, node_id in enumerate(ids):
        if node_id is None:
            reg.failed.update(v for v in (given[i], names[i]) if v)
            continue
        label = label_for_row(i)
        if node_id in reg.labels:
            if reg.labels[node_id] == label:
                pt.problem(i, id_column, node_id if dup_code != "duplicate_person" else None, dup_code,
                           other=_other(reg, reg.where[node_id], pt))
            else:
                pt.problem(i, id_column, node_id, "id_clash", other=Both(f"{reg.labels[node_id].zh}（{reg.labels[node_id].value}）",
                                                                    f"{reg.labels[node_id].en} ({reg.labels[node_id].value})"))
            ok[i] = False
            continue
        known = reg.known.labels.get(node_id)
        if known and known != label.value:
            pt.problem(i, id_column, node_id, "id_clash", other=Both(f"{Label(known).zh}（{known}）", f"{Label(known).en} ({known})"))
            ok[i] = False
            continue
        reg.labels[node_id] = label
        reg.where[node_id] = source | pt.row_numbers[i]
        name = names[i]
        if name:
            key = (label, name)
            # Members may share a name; so may generic nodes, which edges name by id only (a
            # matrix's person and group of one name, two people called the same in a survey).
            if label not in (Label.MEMBER, Label.NODE):
                if key in reg.name_rows:
                    pt.problem(i, "name", name, "duplicate_name", other=_other(reg, reg.name_rows[key], pt))
                reg.name_rows.setdefault(key, source | pt.row_numbers[i])
            reg.names[key].append(node_id)
    return ok


def _node_ids(pt: ParsedTable, label: Label, key: bytes) -> list[str | None]:
    given = pt.get("id").tolist()
    names = pt.get("name").tolist()
    if label is Label.MEMBER:
        infos = pt.id_infos.get("id_number", [None] * len(pt))
        raw_given = pt.id_infos.get("id_number_given", [False] * len(pt))
        ids: list[str | None] = []
        identity = zip(pt.get("birth_date").tolist(), pt.get("join_date").tolist(), pt.get("gender").tolist(), strict=True)
        for g, n, info, had_number, (born, joined, gender) in zip(given, names, infos, raw_given, identity, strict=True):
            if info is not None:
                ids.append(pseudonym(key, info.number))
            elif had_number:
                ids.append(None)  # the ID number's own problem is already reported
            elif g:
                ids.append(g)
            elif n:
                # A roster with neither ids nor ID numbers: name plus what does not change
                # when the member moves branch. Two such rows are reported as one person twice.
                ids.append(derived_id(label, "|".join(str(v or "") for v in (n, born, joined, gender))))
            else:
                ids.append(None)
        return ids
    return [g if g else (derived_id(label, n) if n else None) for g, n in zip(given, names, strict=True)]


def _roster_codes(given: list[str | None], ids: list[str | None]) -> list[str | None]:
    """The member codes (编号) given beside ID numbers: kept as ``roster_id``."""
    return [g if g and g != node_id else None for g, node_id in zip(given, ids, strict=True)]


Ref = tuple[str, Label] | None


class _Resolver:
    """Turns reference cells into node ids, recording unresolved and ambiguous ones."""

    def __init__(self, reg: _Registry) -> None:
        self.reg = reg

    def one(self, pt: ParsedTable, i: int, column: str, text: str | None, targets: Iterable[Label],
            *, report_missing: bool = True) -> tuple[str, Label] | None:
        if text is None:
            return None
        targets = tuple(targets)
        label = self.reg.label_of(text)
        if label is not None:
            if label in targets:
                return text, label
            if not any(self.reg.ids_named(t, text) for t in targets):
                pt.problem(i, column, text, "wrong_target", kind=_kinds(targets))
                return None
        matches = [(node_id, t) for t in targets for node_id in self.reg.ids_named(t, text)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            pt.problem(i, column, text, "ambiguous", kind=_kinds(targets),
                       ids="、".join(m[0] for m in matches[:5]))
        elif report_missing and text not in self.reg.failed:
            pt.problem(i, column, text, "unresolved", kind=_kinds(targets))
        return None

    def column(self, pt: ParsedTable, name: str, *, report_missing: bool = True) -> list[Ref]:
        col = pt.table.column(name)
        targets = set(col.targets)
        labels, shadowing = self.reg.labels, self.reg.shadowing()
        single = col.targets[0] if len(col.targets) == 1 else None
        unique = self.reg.unique_names(single) if single is not None else {}
        out: list[Ref] = []
        aliases = self.reg.aliases if Label.MEMBER in targets else {}
        for i, v in enumerate(pt.get(name).tolist()):
            if v is None:
                out.append(None)
                continue
            if v in aliases:
                out.append((aliases[v], Label.MEMBER))
                continue
            # Fast paths: an id of the dataset whose text no node bears as a name; or, for
            # one target label, a name exactly one node of the dataset bears, the store none.
            label = labels.get(v)
            if label in targets and v not in shadowing:
                out.append((v, label))
            elif label is None and v in unique:
                out.append((unique[v], single))  # type: ignore[arg-type]
            else:
                out.append(self.one(pt, i, name, v, col.targets, report_missing=report_missing))
        return out

    def lists(self, pt: ParsedTable, name: str) -> list[list[tuple[str, Label]]]:
        col = pt.table.column(name)
        out: list[list[tuple[str, Label]]] = []
        for i, items in enumerate(pt.get(name).tolist()):
            found = [self.one(pt, i, name, v, col.targets) for v in (items or [])]
            out.append([f for f in found if f is not None])
        return out

    def member(self, pt: ParsedTable, key: bytes, *, other: str | None = None) -> list[Ref]:
        """The member of each row, given by id/name or by ID number; with ``other`` (an org
        column) exactly one of member and ``other`` must be given."""
        by_ref = self.column(pt, "member") if pt.has("member") else [None] * len(pt)
        infos = pt.id_infos.get("member_id_number", [None] * len(pt))
        others = pt.get(other).tolist() if other else [None] * len(pt)
        given_refs = pt.get("member").tolist()
        given_numbers = pt.id_infos.get("member_id_number_given", [False] * len(pt))
        result: list[Ref] = []
        for i, (ref, info) in enumerate(zip(by_ref, infos, strict=True)):
            if info is not None:
                mid = pseudonym(key, info.number)
                ref = (mid, Label.MEMBER) if self.reg.label_of(mid) is Label.MEMBER else None
                if ref is None:
                    pt.problem(i, "member_id_number", None, "unresolved", kind=_kinds([Label.MEMBER]))
            n_given = int(given_refs[i] is not None or bool(given_numbers[i])) + int(others[i] is not None)
            if {(i, "member"), (i, "member_id_number"), (i, other or "")} & pt.flagged:
                pass  # a refused cell is reported already; that it now counts as empty is no news
            elif other and n_given != 1:
                pt.problem(i, None, None, "one_of", a=pt.headers.get("member", "党员"), b=pt.headers.get(other, "党组织"))
            elif not other and n_given == 0:
                pt.problem(i, "member", None, "required")
            result.append(ref)
        return result


def _validity(pt: ParsedTable) -> tuple[list[object], list[object]]:
    starts, ends = pt.get("start").tolist(), pt.get("end").tolist()
    for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
        if s is not None and e is not None and e < s:
            pt.problem(i, "end", e, "end_before_start")
    return starts, ends


class _Relationships:
    """Relationship rows gathered column by column, one set of columns per type."""

    def __init__(self) -> None:
        self.columns: dict[RelType, dict[str, list[object]]] = {}

    def add(self, rel_type: RelType, src: tuple[str, Label], dst: tuple[str, Label], **props: object) -> None:
        cols = self.columns.get(rel_type)
        if cols is None:
            cols = self.columns[rel_type] = {c: [] for c in rel_columns(rel_type)}
        cols["src"].append(src[0])
        cols["src_label"].append(src[1].value)
        cols["dst"].append(dst[0])
        cols["dst_label"].append(dst[1].value)
        for name, values in cols.items():
            if name not in REL_ENDPOINT_COLUMNS:
                values.append(props.get(name))


class _Assembler:
    def __init__(self, key: bytes, known: KnownNodes) -> None:
        self.key = key
        self.reg = _Registry(known)
        self.res = _Resolver(self.reg)
        self.nodes: dict[Label, list[pd.DataFrame]] = defaultdict(list)
        self.rels = _Relationships()
        # Per node sheet, from the first pass: each row's id and whether it is usable.
        self.registered: dict[tuple[str, str | None], tuple[list[str | None], list[bool]]] = {}

    # -- node tables ---------------------------------------------------------------
    def register(self, pt: ParsedTable) -> list[bool]:
        """First pass: register the ids and names of a node table's rows; return which are usable."""
        name = pt.table.name
        if name == "nodes":
            labels = self._generic_labels(pt)
            ids = self._generic_ids(pt, labels)
            ok = _register_nodes(pt, lambda i: labels[i] or Label.NODE, ids, self.reg, "duplicate_id", "id")
            return self._remember(pt, ids, ok)
        label = pt.table.label
        assert label is not None
        given = pt.get("id").tolist()
        ids = _node_ids(pt, label, self.key)
        code = "duplicate_person" if label is Label.MEMBER else "duplicate_id"
        column = "id_number" if label is Label.MEMBER and "id_number" in pt.id_infos else "id"
        ok = _register_nodes(pt, lambda i: label, ids, self.reg, code, column)
        if label is Label.MEMBER:
            # A roster code (编号) beside an ID number stays usable in references.
            for i, c in enumerate(_roster_codes(given, ids)):
                if c is None or not ok[i]:
                    continue
                if c in self.reg.labels or (c in self.reg.aliases and self.reg.aliases[c] != ids[i]):
                    pt.problem(i, "id", c, "duplicate_id", other="-")
                    ok[i] = False
                else:
                    self.reg.aliases[c] = ids[i]  # type: ignore[assignment]
        return self._remember(pt, ids, ok)

    def _remember(self, pt: ParsedTable, ids: list[str | None], ok: list[bool]) -> list[bool]:
        seen_ids, seen_ok = self.registered.setdefault((pt.file, pt.sheet), ([], []))
        seen_ids += ids
        seen_ok += ok
        return ok

    def prepare(self, pt: ParsedTable, start: int) -> list[bool]:
        """Second pass: give a node table's rows (from row ``start`` of its sheet) the ids
        the first pass worked out; return which rows are usable."""
        ids, ok = self.registered[(pt.file, pt.sheet)]
        ids, ok = ids[start : start + len(pt)], ok[start : start + len(pt)]
        if pt.table.name == "nodes":
            self._generic_labels(pt)
            pt.columns["id"] = pd.Series(ids, dtype=object)
            return ok
        if pt.table.label is Label.MEMBER:
            codes = _roster_codes(pt.get("id").tolist(), ids)
            pt.id_infos["roster_id"] = [c if usable else None for c, usable in zip(codes, ok, strict=True)]  # type: ignore[assignment]
        pt.columns["id"] = pd.Series(ids, dtype=object)
        return ok

    def flush(self, spool: TableSpool | None) -> None:
        """Move the rows built so far into ``spool`` (or drop them: the input has problems)."""
        for label, frames in self.nodes.items():
            frames = [f for f in frames if len(f)]
            if spool is not None and frames:
                spool.append(label, conform_nodes(label, pd.concat(frames, ignore_index=True)))
        self.nodes.clear()
        while self.rels.columns:
            rel_type = next(iter(self.rels.columns))
            columns = self.rels.columns.pop(rel_type)
            if spool is not None:
                spool.append(rel_type, conform_relationships(rel_type, pd.DataFrame(columns)))

    def _generic_ids(self, pt: ParsedTable, labels: list[Label | None]) -> list[str | None]:
        """The generic table's ids: a member's ID number becomes its pseudonym, exactly as in
        the members table (edges may still name it by the number); an id that holds a
        personal number otherwise is refused."""
        out: list[str | None] = []
        for i, (v, label) in enumerate(zip(pt.get("id").tolist(), labels, strict=True)):
            if v is None:
                out.append(None)
                continue
            if label is Label.MEMBER:
                try:
                    info = parse_id_number(v)
                except IdNumberError as e:
                    if personal_kind(v):
                        pt.problem(i, "id", v, "personal_in_code" if e.args[0] == "id_format" else e.args[0])
                        out.append(None)
                        continue
                else:
                    out.append(pseudonym(self.key, info.number))
                    self.reg.aliases[v] = out[-1]
                    continue
            elif personal_kind(v, strict=label is not Label.UNIT):
                pt.problem(i, "id", v, "personal_in_code")
                out.append(None)
                continue
            out.append(v)
        return out

    def _generic_labels(self, pt: ParsedTable) -> list[Label | None]:
        if "generic_labels" in pt.id_infos:
            return pt.id_infos["generic_labels"]  # type: ignore[return-value]
        out: list[Label | None] = []
        for i, text in enumerate(pt.get("label").tolist()):
            if text is None:
                out.append(Label.NODE)
                continue
            try:
                out.append(Label.parse(text))  # type: ignore[arg-type]
            except ValueError:
                pt.problem(i, "label", text, "bad_label")
                out.append(None)
        pt.id_infos["generic_labels"] = out  # type: ignore[assignment]
        return out

    def node_frame(self, pt: ParsedTable, ok: list[bool], label: Label, extra: dict[str, list[object]]) -> None:
        cols = {c: pt.get(c) for c in pt.columns if c in {"id", "name"} | set(extra) or pt.table.column(c).kind not in ("ref", "refs", "id_number")}
        frame = pd.DataFrame({k: v.tolist() for k, v in cols.items()} | extra)
        self.nodes[label].append(frame[pd.Series(ok, dtype=bool).to_numpy()])

    def build(self, pt: ParsedTable, ok: list[bool]) -> None:
        getattr(self, f"_build_{pt.table.name}")(pt, ok)

    def _located(self, pt: ParsedTable, ok: list[bool], label: Label) -> list[object]:
        ids = pt.get("id").tolist()
        out: list[object] = []
        for i, ref in enumerate(self.res.column(pt, "community") if pt.has("community") else [None] * len(pt)):
            out.append(ref[0] if ref else None)
            if ref and ok[i]:
                self.rels.add(RelType.LOCATED_IN, (ids[i], label), ref)
        return out

    def _build_communities(self, pt: ParsedTable, ok: list[bool]) -> None:
        adjacent = [[a[0] for a in refs] for refs in self.res.lists(pt, "adjacent")] if pt.has("adjacent") else [[] for _ in range(len(pt))]
        self.node_frame(pt, ok, Label.COMMUNITY, {"adjacent": adjacent})

    def _build_units(self, pt: ParsedTable, ok: list[bool]) -> None:
        self.node_frame(pt, ok, Label.UNIT, {"community": self._located(pt, ok, Label.UNIT)})

    def _build_party_orgs(self, pt: ParsedTable, ok: list[bool]) -> None:
        ids = pt.get("id").tolist()
        community = self._located(pt, ok, Label.PARTY_ORG)
        for column, rel_type in (("parent", RelType.SUBORDINATE_TO), ("unit", RelType.ESTABLISHED_IN)):
            if pt.has(column):
                for i, ref in enumerate(self.res.column(pt, column)):
                    if ref and ok[i]:
                        if ref[0] == ids[i]:
                            pt.problem(i, column, ref[0], "self_loop")
                        self.rels.add(rel_type, (ids[i], Label.PARTY_ORG), ref)
        self.node_frame(pt, ok, Label.PARTY_ORG, {"community": community})

    def _build_members(self, pt: ParsedTable, ok: list[bool]) -> None:
        ids = pt.get("id").tolist()
        infos = pt.id_infos.get("id_number", [None] * len(pt))
        gender = pt.get("gender").tolist()
        births = pt.get("birth_date").tolist()
        birth_year = [info.birth_year if info else (b.year if b else None) for info, b in zip(infos, births, strict=True)]
        gender = [info.gender if info else g for info, g in zip(infos, gender, strict=True)]
        since = pt.get("org_since").tolist()
        for i, ref in enumerate(self.res.column(pt, "org")):
            if ref and ok[i]:
                self.rels.add(RelType.MEMBER_OF, (ids[i], Label.MEMBER), ref, start=since[i])
        employer_name: list[object] = [None] * len(pt)
        if pt.has("employer"):
            texts = pt.get("employer").tolist()
            for i, ref in enumerate(self.res.column(pt, "employer", report_missing=False)):
                if ref and ok[i]:
                    self.rels.add(RelType.WORKS_AT, (ids[i], Label.MEMBER), ref)
                # An employer outside the data is kept as free text, and redacted as free text
                # is (the reference itself kept credit codes, which name units of the data).
                employer_name[i] = texts[i] if ref or texts[i] is None else redact_text(texts[i])
        if pt.has("residence"):
            for i, ref in enumerate(self.res.column(pt, "residence")):
                if ref and ok[i]:
                    self.rels.add(RelType.RESIDES_IN, (ids[i], Label.MEMBER), ref)
        extra = {"gender": gender, "birth_year": birth_year, "employer_name": employer_name,
                 "roster_id": pt.id_infos.get("roster_id", [None] * len(pt))}
        self.node_frame(pt, ok, Label.MEMBER, extra)

    def _build_resources(self, pt: ParsedTable, ok: list[bool]) -> None:
        ids = pt.get("id").tolist()
        for i, ref in enumerate(self.res.column(pt, "unit")):
            if ref and ok[i]:
                self.rels.add(RelType.OFFERS, ref, (ids[i], Label.RESOURCE))
        if pt.has("shared_with"):
            for i, refs in enumerate(self.res.lists(pt, "shared_with")):
                for ref in refs if ok[i] else []:
                    self.rels.add(RelType.SHARED_WITH, (ids[i], Label.RESOURCE), ref)
        self.node_frame(pt, ok, Label.RESOURCE, {})

    def _build_needs(self, pt: ParsedTable, ok: list[bool]) -> None:
        ids = pt.get("id").tolist()
        for i, ref in enumerate(self.res.column(pt, "community")):
            if ref and ok[i]:
                self.rels.add(RelType.RAISED_IN, (ids[i], Label.NEED), ref)
        self.node_frame(pt, ok, Label.NEED, {})

    def _build_activities(self, pt: ParsedTable, ok: list[bool]) -> None:
        ids = pt.get("id").tolist()
        for column, rel_type, outward in (("organizers", RelType.ORGANIZED, False),
                                          ("needs", RelType.ADDRESSES, True),
                                          ("resources", RelType.USES, True)):
            if not pt.has(column):
                continue
            for i, refs in enumerate(self.res.lists(pt, column)):
                me = (ids[i], Label.ACTIVITY)
                for ref in refs if ok[i] else []:
                    self.rels.add(rel_type, me, ref) if outward else self.rels.add(rel_type, ref, me)
        self.node_frame(pt, ok, Label.ACTIVITY, {})

    def _build_nodes(self, pt: ParsedTable, ok: list[bool]) -> None:
        labels = self._generic_labels(pt)
        starts, ends = _validity(pt)
        frame = pd.DataFrame({"id": pt.get("id").tolist(), "name": pt.get("name").tolist(), "type": pt.get("type").tolist(),
                              "start": starts, "end": ends})
        for label in set(labels) - {None}:
            mask = [bool(o and lab is label) for o, lab in zip(ok, labels, strict=True)]
            self.nodes[label].append(frame[mask])  # type: ignore[index]

    # -- relationship tables -------------------------------------------------------
    def _build_joint_coverage(self, pt: ParsedTable, ok: list[bool]) -> None:
        starts, ends = _validity(pt)
        for i, (org, unit) in enumerate(zip(self.res.column(pt, "org"), self.res.column(pt, "unit"), strict=True)):
            if org and unit:
                self.rels.add(RelType.COVERS, org, unit, start=starts[i], end=ends[i])

    def _build_reports(self, pt: ParsedTable, ok: list[bool]) -> None:
        starts, ends = _validity(pt)
        members = self.res.member(pt, self.key, other="org")
        orgs = self.res.column(pt, "org") if pt.has("org") else [None] * len(pt)
        for i, community in enumerate(self.res.column(pt, "community")):
            who = members[i] or orgs[i]
            if who and community:
                self.rels.add(RelType.REPORTED_TO, who, community, start=starts[i], end=ends[i])

    def _build_co_building(self, pt: ParsedTable, ok: list[bool]) -> None:
        starts, ends = _validity(pt)
        kinds = pt.get("kind").tolist()
        for i, (org, partner) in enumerate(zip(self.res.column(pt, "org"), self.res.column(pt, "partner"), strict=True)):
            if org and partner:
                self.rels.add(RelType.CO_BUILDS, org, partner, start=starts[i], end=ends[i], kind=kinds[i])

    def _build_participation(self, pt: ParsedTable, ok: list[bool]) -> None:
        hours = pt.get("hours").tolist()
        members = self.res.member(pt, self.key)
        for i, activity in enumerate(self.res.column(pt, "activity")):
            if members[i] and activity:
                h = hours[i]
                self.rels.add(RelType.PARTICIPATED_IN, members[i], activity, hours=None if pd.isna(h) else h)

    def _build_pairings(self, pt: ParsedTable, ok: list[bool]) -> None:
        starts, ends = _validity(pt)
        roles = pt.get("role").tolist()
        members = self.res.member(pt, self.key, other="org")
        orgs = self.res.column(pt, "org") if pt.has("org") else [None] * len(pt)
        for i, target in enumerate(self.res.column(pt, "target")):
            who = members[i] or orgs[i]
            if who and target:
                self.rels.add(RelType.PAIRED_WITH, who, target, start=starts[i], end=ends[i], role=roles[i])

    def _build_seats(self, pt: ParsedTable, ok: list[bool]) -> None:
        starts, ends = _validity(pt)
        roles = pt.get("role").tolist()
        for i, (unit, community) in enumerate(zip(self.res.column(pt, "unit"), self.res.column(pt, "community"), strict=True)):
            if unit and community:
                self.rels.add(RelType.SITS_ON, unit, community, start=starts[i], end=ends[i], role=roles[i])

    def _build_edges(self, pt: ParsedTable, ok: list[bool]) -> None:
        starts, ends = _validity(pt)
        weights = pt.get("weight").tolist()
        aliases = self.reg.aliases
        for i, (s, t, type_text) in enumerate(zip(pt.get("source"), pt.get("target"), pt.get("type"), strict=True)):
            s, t = aliases.get(s, s) if s else s, aliases.get(t, t) if t else t
            ends_ok = True
            found = []
            for column, node_id in (("source", s), ("target", t)):
                label = self.reg.label_of(node_id) if node_id else None
                if node_id and label is None and node_id in self.reg.failed:
                    ends_ok = False  # the node's own row is refused and reported
                elif node_id and label is None:
                    pt.problem(i, column, node_id, "unresolved", kind=_kinds([Label.NODE]))
                    ends_ok = False
                found.append((node_id, label))
            try:
                rel_type = RelType.parse(type_text) if type_text else RelType.LINKED_TO
            except ValueError:
                pt.problem(i, "type", type_text, "bad_rel_type")
                continue
            if not ends_ok or None in (s, t):
                continue
            (src, sl), (dst, dl) = found
            if not rel_type.allows(sl, dl):  # type: ignore[arg-type]
                pt.problem(i, "type", type_text, "bad_endpoints", type=rel_type.value, src=_kinds([sl]), dst=_kinds([dl]))  # type: ignore[union-attr]
                continue
            w = weights[i]
            self.rels.add(rel_type, (src, sl), (dst, dl), start=starts[i], end=ends[i],  # type: ignore[arg-type]
                          **({"weight": None if pd.isna(w) else w} if rel_type is RelType.LINKED_TO else {}))


def _identity_columns(table: Table) -> set[str]:
    """The columns the first pass reads: what a node's id and name are made of."""
    if table.name == "nodes":
        return {"id", "name", "label"}
    if table.label is Label.MEMBER:
        return {"id", "name", "id_number", "birth_date", "join_date", "gender"}
    return {"id", "name"}


_Sheet = tuple[Path, str | None, Table]  # a file, a sheet in it (None for text files), its table


class _Problems:
    """Problems from both passes, put back in the order one pass would find them: by file,
    sheet and row; within a row the cells' own problems left to right (phase 0), then those
    found registering ids and names (1), then those found resolving references (2)."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, int, Problem]] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, found: Iterable[Problem], phase: int = 0, pt: ParsedTable | None = None) -> None:
        position = {h: k for k, h in enumerate(pt.headers.values())} if pt is not None and phase == 0 else {}
        for p in found:
            self.items.append((phase, position.get(p.column, -1), len(self.items), p))  # type: ignore[arg-type]

    def in_order(self) -> list[Problem]:
        def key(item: tuple[int, int, int, Problem]) -> tuple[object, ...]:
            phase, position, seq, p = item
            return p.file, p.sheet or "", p.row if p.row is not None else -1, phase, position, seq
        return [item[3] for item in sorted(self.items, key=key)]


#: Problems that keep a whole file, sheet or table from being read.
ROOT_CODES = frozenset({
    "file_unreadable", "file_changed", "not_a_file", "link_outside", "file_too_large", "archive_too_large",
    "sheet_too_large", "too_many_columns", "no_header", "unknown_table", "missing_column", "not_text",
    "encoding", "encoding_doubtful", "encoding_mixed", "encoding_given", "encoding_bad_bom",
})


def _root_causes_once(found: list[Problem], tables: dict[str, list[Table]]) -> list[Problem]:
    """When a node file could not be read, the references that could point into it are not
    each reported as unresolved (one undecodable nodes file gave one more error per edge):
    they become one ``refs_unchecked`` problem per column, which names the file to fix first.

    ``tables`` gives the tables seen in each file; a file not read at all is judged by its
    name, and one that tells nothing could have held any table.
    """
    kinds: dict[str, set[str]] = defaultdict(set)  # the kind (as unresolved problems name it) → failed files
    anything: list[str] = []
    for p in found:
        if p.code not in ROOT_CODES:
            continue
        in_file = tables.get(p.file) or [t for t in [table_for_name(Path(p.file).stem)] if t is not None]
        if not in_file:
            anything.append(p.file)
        for t in in_file:
            for label in [t.label] if t.label is not None else list(Label) if t.name == "nodes" else []:
                kinds[label.zh].add(p.file)
    if not kinds and not anything:
        return found

    def blamed(p: Problem) -> str | None:
        if p.code != "unresolved":
            return None
        kind = p.params.get("kind", "")
        named = kind.zh if isinstance(kind, Both) else str(kind)
        causes = sorted(set().union(*(kinds.get(k, set()) for k in named.split("/"))))
        return "、".join(causes + [f for f in anything if f not in causes]) or None

    groups: dict[tuple[str, str | None, str | None], list[Problem]] = {}
    sources: dict[tuple[str, str | None, str | None], str] = {}
    out: list[Problem | tuple[str, str | None, str | None]] = []
    for p in found:
        source = blamed(p)
        if source is None:
            out.append(p)
            continue
        key = (p.file, p.sheet, p.column)
        if key not in groups:
            groups[key] = []
            out.append(key)
        groups[key].append(p)
        sources[key] = source
    return [
        item if isinstance(item, Problem) else Problem(
            item[0], item[1], groups[item][0].row, item[2], None, "refs_unchecked",
            {"n": len(groups[item]), "first": groups[item][0].row, "source": sources[item]})
        for item in out
    ]


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


class _Sheets:
    """Reads the sheets of a dataset's files again: each file once per pass (``still_to_come``
    says which of its sheets the pass needs), each sheet kept only until used, and a file
    that changed since the first look refused."""

    def __init__(self, hint: Table | None, stamps: dict[Path, tuple[int, int]], problems: _Problems,
                 encoding_of: Callable[[Path], str | None]) -> None:
        self.hint, self.stamps, self.problems, self.encoding_of = hint, stamps, problems, encoding_of
        self.looks: dict[Path, WorkbookLook] = {}
        # By file, sheet and table: a membership matrix is one sheet read as two tables.
        self.waiting: dict[tuple[Path, str | None, str], RawSheet] = {}
        self.changed: set[Path] = set()

    def read(self, wanted: _Sheet, still_to_come: list[_Sheet]) -> RawSheet | None:
        file, name, table = wanted
        if (file, name, table.name) not in self.waiting:
            if file in self.changed:
                return None
            try:
                unchanged = _stamp(file) == self.stamps.get(file)
            except OSError:
                unchanged = False
            if not unchanged:
                self.changed.add(file)
                self.problems.add([Problem(file.name, None, None, None, None, "file_changed")])
                return None
            names = {s[1] for s in still_to_come if s[0] == file} | {name}
            sheets, read_problems = read_file(file, self.hint, wanted=lambda sheet, _t: sheet in names,
                                              encoding=self.encoding_of(file), looks=self.looks)
            self.waiting.update({(file, s.sheet, s.table.name): s for s in sheets if s.sheet in names})
            if (file, name, table.name) not in self.waiting:
                # The first look read this sheet; this read did not (the file could not be read
                # again): never skip a table in silence.
                self.problems.add(read_problems or [Problem(file.name, name, None, None, None, "file_changed")])
        return self.waiting.pop((file, name, table.name), None)


def read_dataset(
    path: Path,
    *,
    key: bytes,
    table: str | None = None,
    known: KnownNodes | None = None,
    effective: dt.date | None = None,
    today: dt.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    encodings: Mapping[str, str] | None = None,
    earliest: dt.date = EARLIEST,
) -> Dataset:
    """The validated :class:`Dataset` under ``path``; raises :class:`InputInvalid` with every problem.

    ``key`` is the installation's pseudonymization key; ``known`` what the store already
    holds; ``effective`` the date the roster describes (``--as-of``; without one the store
    dates the changes a roster implies by the day of the load, and reports default to the
    latest date in the data); ``encodings`` the text encoding of files by name, ``""`` for
    every file (default: decided per file); ``earliest`` the earliest date a cell may hold
    (default 1900-01-01; historical data asks for an earlier one).

    The dataset is checked whole before anything is returned (all or nothing), yet never
    held in memory whole: a first look finds each file's tables from their headers; a
    first pass reads the node tables and registers only their ids and names; a second
    pass reads every table again, a chunk of rows at a time, resolves its references
    and spools the finished rows to disk. The result reads its tables back one at a time
    (:meth:`Dataset.spooled`); :meth:`Dataset.close` removes the spooled files.
    """
    today = today or dt.date.today()
    try:
        os.stat(path)
    except FileNotFoundError:
        raise InputInvalid([Problem(str(path), None, None, None, None, "file_unreadable", {"detail": "not found / 不存在"})]) from None
    except OSError as e:  # a name too long, a folder that may not be entered
        raise InputInvalid([Problem(str(path)[-120:], None, None, None, None, "file_unreadable", {"detail": e.strerror or str(e)})]) from None
    hint: Table | None = TABLES[table] if table else None
    files, unsafe = input_files(path)
    problems = _Problems()
    problems.add(unsafe)
    encodings = dict(encodings or {})
    names = {f.name for f in files}
    problems.add([Problem(name, None, None, None, None, "no_such_input") for name in sorted(encodings) if name and name not in names])

    looks: dict[Path, WorkbookLook] = {}  # each workbook looked at once per load

    def encoding_of(file: Path) -> str | None:
        return encodings.get(file.name) or encodings.get("") or None

    stamps: dict[Path, tuple[int, int]] = {}
    found: list[_Sheet] = []
    for done, file in enumerate(files):
        if progress:
            progress("read", done, len(files))
        try:
            stamps[file] = _stamp(file)
        except OSError:
            pass
        sheets, file_problems = read_file(file, hint, wanted=lambda _s, _t: False, encoding=encoding_of(file), looks=looks)
        problems.add(file_problems)
        found += [(file, s.sheet, s.table) for s in sheets]
    if progress:
        progress("read", len(files), len(files))
    order = {name: i for i, name in enumerate((*NODE_TABLES, *TABLES))}
    found.sort(key=lambda s: order[s[2].name])  # node tables first, so references resolve
    node_sheets = [s for s in found if s[2].name in NODE_TABLES]
    steps, done = len(node_sheets) + len(found), 0
    assembler = _Assembler(key, known or KnownNodes())
    spool = TableSpool()
    try:
        reader = _Sheets(hint, stamps, problems, encoding_of)
        reader.looks = looks
        for i, wanted in enumerate(node_sheets):
            if progress:
                progress("check", done, steps)
            raw = reader.read(wanted, node_sheets[i + 1 :])
            for pt in parse_chunks(raw, today=today, columns=_identity_columns(raw.table), earliest=earliest) if raw is not None else ():
                parsed = len(pt.problems)
                assembler.register(pt)
                problems.add(pt.problems[:parsed], 0, pt)
                problems.add(pt.problems[parsed:], 1)
            done += 1
        rows = 0
        for i, wanted in enumerate(found):
            if progress:
                progress("check", done, steps)
            raw = reader.read(wanted, found[i + 1 :])
            if raw is None:
                continue
            rows += len(raw.row_numbers)
            problems.add(raw.problems)
            start = 0
            for pt in parse_chunks(raw, today=today, earliest=earliest):
                if pt.table.name in NODE_TABLES:
                    ok = assembler.prepare(pt, start)
                    # The header and the identity columns were checked by the first pass.
                    first = {pt.headers.get(c, c) for c in _identity_columns(pt.table)}
                    pt.problems = [p for p in pt.problems if p.code not in HEADER_CODES and p.column not in first]
                else:
                    ok = [True] * len(pt)
                parsed = len(pt.problems)
                assembler.build(pt, ok)
                problems.add(pt.problems[:parsed], 0, pt)
                problems.add(pt.problems[parsed:], 2)
                start += len(pt)
                assembler.flush(None if problems else spool)
            done += 1
            del raw
        if progress:
            progress("check", steps, steps)
        if not problems and not rows:
            # Loading nothing is a mistake, and with --replace it would empty the store.
            problems.add([Problem(str(path), None, None, None, None, "no_data")])
        if problems:
            tables: dict[str, list[Table]] = defaultdict(list)
            for file, _, t in found:
                tables[shown(file.name)].append(t)  # as problems name their files
            raise InputInvalid(_root_causes_once(problems.in_order(), tables))
    except BaseException:
        spool.close()
        raise
    return Dataset.spooled(spool, effective)
