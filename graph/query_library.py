"""The named queries of :data:`graph.cypher.NAMED_QUERIES`: their parameters, and their answers
on the embedded store (which has no Cypher engine).

One definition per figure: a named query that asks an analysis's question (its ``source``) is
answered here by that analysis — the function is called and its result shaped into the query's
rows — and on Neo4j by Cypher that follows the same definition; ``tests/test_query_equivalence.py``
compares both stores with the analysis on the sample and on random graphs. The few queries no
analysis asks (a path, units without ties, instructors) are answered from the projection on
``as_of``. Free Cypher needs Neo4j.

:func:`bind` checks and types the parameters for every store: unknown and missing ones are
refused, text is NFKC-normalised and typed by the declaration (an enum accepts its code and its
Chinese or English label), defaults come from the rules in effect and ``as_of`` from the data
(the date it describes, never the clock).

Examples
--------
>>> G = nx.MultiDiGraph()
>>> G.add_node("M1", label="Member", name="张三", category="floating")
>>> values = bind(NAMED["floating_without_station"], {"as_of": "２０２６-11-01"})
>>> values
{'community': None, 'as_of': datetime.date(2026, 11, 1)}
>>> answer(G, "floating_without_station", values)
[{'id': 'M1', 'name': '张三', 'orgs': []}]
>>> bind(NAMED["unmet_needs"], {"category": "场地"}, as_of=dt.date(2026, 11, 1))["category"]
'venue'
>>> bind(NAMED["unmet_needs"], {"comunity": "C01"})
Traceback (most recent call last):
graph.errors.QueryParamInvalid: the query unmet_needs has no parameter comunity; its parameters: category, community, as_of
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import networkx as nx

from graph.analysis import co_building, coverage, integration
from graph.analysis.base import nodes, ratio
from graph.analysis.integration import mean_hours
from graph.analysis.readings import actor_communities, ties_at
from graph.analysis.rules import Rules
from graph.cypher import EARLIEST_AS_OF, NAMED, NAMED_QUERIES, RENAMED, NamedQuery, Param
from graph.errors import QueryParamInvalid, UnknownQuery
from graph.model import BilingualEnum

Row = dict[str, Any]
Values = dict[str, Any]
_Answer = Callable[[nx.MultiDiGraph, Values, Rules], list[Row]]
_ANSWERS: dict[str, _Answer] = {}
_WHOLE = re.compile(r"[+-]?[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INT64 = (-(2**63), 2**63 - 1)


# -- finding and binding ------------------------------------------------------------------------

def lookup(name: str) -> NamedQuery:
    """The named query ``name``; :class:`UnknownQuery` (with the close names, or the new name of
    a renamed one) when there is none.

    >>> lookup("isolated_units")
    Traceback (most recent call last):
    graph.errors.UnknownQuery: no such query isolated_units: it is now called units_without_ties
    """
    if name in NAMED:
        return NAMED[name]
    if name in RENAMED:
        new = RENAMED[name]
        raise UnknownQuery(f"没有查询 {name}：它已更名为 {new}", f"no such query {name}: it is now called {new}",
                           name=name, similar=(new,))
    close = difflib.get_close_matches(name, [*NAMED, *RENAMED], n=3)
    similar = tuple(dict.fromkeys(RENAMED.get(n, n) for n in close))
    zh, en = f"没有查询 {name}", f"no such query {name}"
    if similar:
        zh += f"；相近的有：{'、'.join(similar)}"
        en += f"; similar: {', '.join(similar)}"
    raise UnknownQuery(zh + "（见 --list）", en + " (see --list)", name=name, similar=similar)


def allowed_values(param: Param) -> tuple[tuple[str, str, str], ...]:
    """``(code, zh, en)`` of every value an enum parameter accepts; ``()`` for the others."""
    return tuple((m.value, m.zh, m.en) for m in param.enum) if param.enum is not None else ()


def _refuse(problem: str, named: NamedQuery, param: Param, value: object, zh: str, en: str, **more: Any) -> QueryParamInvalid:
    return QueryParamInvalid(f"查询 {named.name} 的参数 {param.name} 的值“{value}”无效：{zh}",
                             f"the query {named.name}: {param.name} = '{value}' is not valid: {en}",
                             problem=problem, query=named.name, param=param.name, value=value, **more)


def parse_value(named: NamedQuery, param: Param, value: object) -> Any:
    """``value`` of ``param`` typed by its declaration; text is NFKC-normalised first (full-width
    digits and letters of an input method become plain) and stripped. :class:`QueryParamInvalid`
    when it does not fit.

    >>> parse_value(NAMED["should_have_org"], NAMED["should_have_org"].param("min_members"), "５")
    5
    >>> parse_value(NAMED["units_without_org"], NAMED["units_without_org"].param("type"), "非公企业")
    'private_enterprise'
    """
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
    elif param.kind == "date" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    elif param.kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif param.kind in ("text", "enum") and isinstance(value, BilingualEnum):
        text = value.value
    else:
        raise _refuse("kind", named, param, value, f"应为{_KIND_ZH[param.kind]}", f"it must be {_KIND_EN[param.kind]}")
    if param.kind == "int":
        if not _WHOLE.fullmatch(text):
            raise _refuse("int", named, param, value, "须为整数", "it must be a whole number")
        if len(text.lstrip("+-")) > 19 or not INT64[0] <= int(text) <= INT64[1]:
            raise _refuse("int64", named, param, value, "超出整数范围", "it is outside the range of whole numbers")
        number = int(text)
        if param.minimum is not None and number < param.minimum:
            raise _refuse("minimum", named, param, value, f"须不小于 {param.minimum}", f"it must be at least {param.minimum}",
                          minimum=param.minimum)
        if param.maximum is not None and number > param.maximum:
            raise _refuse("maximum", named, param, value, f"须不大于 {param.maximum}", f"it must be at most {param.maximum}",
                          maximum=param.maximum)
        return number
    if param.kind == "date":
        try:
            if _ISO_DATE.fullmatch(text):
                day = dt.date.fromisoformat(text)
                if day < EARLIEST_AS_OF:
                    raise _refuse("date_minimum", named, param, value, f"须不早于 {EARLIEST_AS_OF}",
                                  f"it must be {EARLIEST_AS_OF} or later", minimum=EARLIEST_AS_OF.isoformat())
                return day
        except ValueError:
            pass
        raise _refuse("date", named, param, value, "不是有效的日期（YYYY-MM-DD）", "it is not a valid date (YYYY-MM-DD)")
    if param.enum is not None:
        try:
            return param.enum.parse(text).value
        except ValueError:
            allowed = allowed_values(param)
            raise _refuse("choice", named, param, value, "可选 " + "、".join(f"{zh}（{code}）" for code, zh, _ in allowed),
                          "choose from " + ", ".join(code if code == en else f"{code} ({en})" for code, _, en in allowed),
                          allowed=allowed) from None
    return text


_KIND_ZH = {"int": "整数", "date": "日期", "text": "文本", "enum": "文本"}
_KIND_EN = {"int": "a whole number", "date": "a date", "text": "text", "enum": "text"}


def check(named: NamedQuery, given: Mapping[str, object], *, complete: bool = False) -> Values:
    """The parameters given, typed (:func:`parse_value`); unknown ones are refused
    (:class:`QueryParamInvalid`, listing the query's parameters), and with ``complete`` a
    required one not given. A value ``None``, or text blank after NFKC (``--param community=``),
    is not given: "(empty: all)" means just that.

    >>> check(NAMED["units_without_org"], {"community": " ", "type": None})
    {}
    """
    names = [p.name for p in named.params]
    for key in given:
        if key not in names:
            listed = ", ".join(names) or "—"
            raise QueryParamInvalid(f"查询 {named.name} 没有参数 {key}；它的参数：{listed}",
                                    f"the query {named.name} has no parameter {key}; its parameters: {listed}",
                                    problem="unknown", query=named.name, param=key, value=given[key],
                                    allowed=tuple(names))
    values = {p.name: parse_value(named, p, given[p.name]) for p in named.params if not _blank(given.get(p.name))}
    for p in named.params if complete else ():
        if p.required and p.name not in values:
            raise _missing(named, p)
    return values


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not unicodedata.normalize("NFKC", value).strip())


def _missing(named: NamedQuery, p: Param) -> QueryParamInvalid:
    names = ", ".join(q.name for q in named.params)
    return QueryParamInvalid(f"查询 {named.name} 需要参数 {p.name}；它的参数：{names}",
                             f"the query {named.name} needs the parameter {p.name}; its parameters: {names}",
                             problem="missing", query=named.name, param=p.name, allowed=tuple(q.name for q in named.params))


def bind(named: NamedQuery, given: Mapping[str, object] | None = None, *, rules: Rules | None = None,
         as_of: dt.date | Callable[[], dt.date] | None = None) -> Values:
    """Every parameter of ``named`` with its value: the one given (:func:`check`), else the
    rule it defaults to in ``rules``, else, for the date, ``as_of`` (a date, or a function giving
    it when needed: a store's :func:`graph.reporting.report_date`, the date the data describes),
    else its default; a required one not given — the date too, when there is no ``as_of`` — is
    refused."""
    rules = rules or Rules()
    values = check(named, given or {})
    for p in named.params:
        if p.name in values:
            continue
        if p.rule is not None:
            values[p.name] = getattr(rules, p.rule)
        elif p.name == "as_of" and as_of is not None:
            values[p.name] = as_of() if callable(as_of) else as_of
        elif p.required or p.name == "as_of":
            raise _missing(named, p)
        else:
            values[p.name] = p.default
    return {p.name: values[p.name] for p in named.params}


def rules_for(named: NamedQuery, values: Mapping[str, Any], rules: Rules | None = None) -> Rules:
    """``rules`` with the rules the query's parameters set (``min_members`` → own_org_min_full_members …)."""
    return dataclasses.replace(rules or Rules(), **{p.rule: values[p.name] for p in named.params if p.rule})


def cypher_params(named: NamedQuery, values: Mapping[str, Any], rules: Rules | None = None) -> Values:
    """The ``$parameters`` of the query's Cypher: its values and the rules it reads."""
    effective = rules_for(named, values, rules)
    hidden = {r: (list(v) if isinstance(v := getattr(effective, r), tuple) else v) for r in named.rules}
    return {**values, **hidden}


def finish(named: NamedQuery, rows: Iterable[Row], *, ratios: bool = True) -> list[Row]:
    """Rows in the query's column order; with ``ratios`` its ratio columns computed from the
    Cypher's counts with :func:`graph.analysis.base.ratio`, the analyses' one rounding of a rate
    (Cypher's ``round`` rounds half up the decimal it prints, Python the binary value)."""
    keys = [c.key for c in named.columns]
    out = []
    for row in rows:
        for column, part, whole in named.ratios if ratios else ():
            row[column] = ratio(row[part], row[whole])
        for column, part, whole in named.per_member if ratios else ():
            row[column] = mean_hours(row[part], row[whole])
        out.append({k: row.get(k) for k in keys} if keys else row)
    return out


# -- answers on the embedded store ------------------------------------------------------------

def _answers(name: str) -> Callable[[_Answer], _Answer]:
    def register(fn: _Answer) -> _Answer:
        _ANSWERS[name] = fn
        return fn
    return register


def _name(G: nx.MultiDiGraph, n: str | None) -> Any:
    return G.nodes[n].get("name") if n is not None and n in G else None


def _label(G: nx.MultiDiGraph, n: str) -> Any:
    return G.nodes[n].get("label")


def _orgs(G: nx.MultiDiGraph, as_of: dt.date) -> dict[str, list[str]]:
    """Member → the organizations of its valid MEMBER_OF ties, sorted (a label of the rows, not a figure)."""
    found: dict[str, set[str]] = defaultdict(set)
    for m, o, _ in ties_at(G, as_of).of("MEMBER_OF"):
        found[m].add(o)
    return {m: sorted(os) for m, os in found.items()}


@_answers("units_without_org")
def _units_without_org(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.org_coverage(G, as_of=v["as_of"], rules=rules, community=v["community"],
                              unit_types=None if v["type"] is None else [v["type"]])
    where = {u: None if key == coverage.UNKNOWN else key
             for key, counts in r.by_community.items() for u in (*counts.work_units, *counts.none_units)}
    return [{"id": u, "name": _name(G, u), "type": G.nodes[u].get("type"), "community": where[u], "status": status,
             "work_ties": r.work_ties.get(u, [])}
            for u, status in sorted(r.status.items()) if status in ("work", "none")]


@_answers("should_have_org")
def _should_have_org(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.should_have_org(G, as_of=v["as_of"], rules=rules, community=v["community"])
    return [{"id": u.unit, "name": _name(G, u.unit), "type": u.type, "community": u.community,
             "full_members": u.full_members, "covered_by": u.covered_by} for u in r.units]


@_answers("branch_sizes")
def _branch_sizes(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.branch_size(G, as_of=v["as_of"], rules=rules, community=v["community"])
    over = {s.org for s in (*r.oversize, *r.oversize_general_branches)}
    under = {s.org for s in r.undersize}
    return [{"id": s.org, "name": _name(G, s.org), "kind": s.kind, "community": s.community, "members": s.members,
             "full_members": s.full_members,
             "problems": [p for p, found in (("oversize", s.org in over), ("undersize", s.org in under)) if found],
             "suggestion": s.suggestion}
            for s in sorted(r.sizes.values(), key=lambda s: s.org) if s.org in over | under]


def _member_list(G: nx.MultiDiGraph, members: Iterable[str], as_of: dt.date, **columns: Callable[[str], Any]) -> list[Row]:
    orgs = _orgs(G, as_of)
    return [{"id": m, "name": _name(G, m), **{k: f(m) for k, f in columns.items()}, "orgs": orgs.get(m, [])}
            for m in sorted(members)]


@_answers("unreported_members")
def _unreported(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.member_coverage(G, as_of=v["as_of"], rules=rules, community=v["community"])
    rows = _member_list(G, r.unreported, v["as_of"])
    return [row for row in rows if v["org"] is None or v["org"] in row["orgs"]]


def _rates(G: nx.MultiDiGraph, groups: Mapping[str, coverage.ReportingGroup], label: str) -> list[Row]:
    return [{"id": key, "name": _name(G, key) if key in G and _label(G, key) == label else None,
             "in_service": g.in_service, "reported": g.reported, "rate": g.reporting_rate}
            for key, g in sorted(groups.items())]


@_answers("report_rate_by_community")
def _report_rate(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.member_coverage(G, as_of=v["as_of"], rules=rules, community=v["community"])
    return _rates(G, r.by_residence, "Community")


@_answers("report_rate_by_employer")
def _report_rate_employer(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.member_coverage(G, as_of=v["as_of"], rules=rules, community=v["community"])
    return _rates(G, r.by_employer, "Unit")


@_answers("lost_contact")
def _lost_contact(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.member_coverage(G, as_of=v["as_of"], rules=rules, community=v["community"])
    return _member_list(G, r.lost_contact, v["as_of"], last_contact=lambda m: G.nodes[m].get("last_contact"))


@_answers("contact_unknown")
def _contact_unknown(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.member_coverage(G, as_of=v["as_of"], rules=rules, community=v["community"])
    return _member_list(G, r.contact_unknown, v["as_of"])


@_answers("floating_without_station")
def _floating(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.member_coverage(G, as_of=v["as_of"], rules=rules, community=v["community"])
    return _member_list(G, r.floating_without_station, v["as_of"])


@_answers("members_without_org")
def _without_org(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.member_coverage(G, as_of=v["as_of"], rules=rules, community=v["community"])
    return [{"id": m, "name": _name(G, m)} for m in sorted(r.without_org)]


@_answers("members_in_several_orgs")
def _several_orgs(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.member_coverage(G, as_of=v["as_of"], rules=rules, community=v["community"])
    return _member_list(G, r.multiple_orgs, v["as_of"])


def _unmet(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[integration.UnmetNeed]:
    r = integration.needs_matching(G, as_of=v["as_of"], rules=rules, community=v["community"])
    return [u for u in r.unmet if v["category"] is None or u.category == v["category"]]


@_answers("unmet_needs")
def _unmet_needs(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    return [{"id": u.id, "name": u.name, "category": u.category, "community": u.community,
             "nearby_resources": u.nearby_resources} for u in _unmet(G, v, rules)]


@_answers("communities_with_unmet_needs")
def _communities_unmet(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    needs: dict[str, list[str]] = defaultdict(list)
    for u in _unmet(G, v, rules):
        needs[u.community].append(u.id)  # type: ignore[index]
    return [{"id": c, "name": _name(G, c), "unmet": len(ns), "needs": sorted(ns)} for c, ns in sorted(needs.items())]


@_answers("units_sharing_no_resource")
def _no_resource(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    shared = set(integration.resource_sharing(G, as_of=v["as_of"], rules=rules).shared)
    offered: dict[str, set[str]] = defaultdict(set)
    for u, r, _ in ties_at(G, v["as_of"]).of("OFFERS"):
        if _label(G, u) == "Unit" and _label(G, r) == "Resource":
            offered[u].add(r)
    return [{"id": u, "name": _name(G, u), "type": G.nodes[u].get("type"), "offered": sorted(offered.get(u, ()))}
            for u in nodes(G, "Unit")
            if G.nodes[u].get("type") != "residents_committee" and not offered.get(u, set()) & shared]


@_answers("resources_for_community")
def _resources_for(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = integration.resource_sharing(G, as_of=v["as_of"], rules=rules, community=v["community"])
    found = r.available_by_community.get(v["community"], {})
    return [{"category": cat, "resources": len(ids), "ids": ids} for cat, ids in found.items()]


@_answers("co_building_partners")
def _partners(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    card = coverage.community_scorecard(G, as_of=v["as_of"], community=v["community"]).communities.get(v["community"])
    if card is None:
        return []
    orgs = set(card.items["party_org"].ids)
    ties: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for o, p, data in ties_at(G, v["as_of"]).of("CO_BUILDS"):
        if o in orgs:
            ties[p][0].add(o)
            if data.get("kind") is not None:
                ties[p][1].add(data["kind"])
    return [{"id": p, "name": _name(G, p), "orgs": sorted(ties[p][0]), "kinds": sorted(ties[p][1])}
            for p in card.items["co_building"].ids]


@_answers("community_scorecard")
def _scorecard(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    r = coverage.community_scorecard(G, as_of=v["as_of"], community=v["community"])
    return [{"id": c, "name": _name(G, c), **{item: card.items[item].count for item in coverage.SCORECARD_ITEMS},
             "missing": card.missing} for c, card in sorted(r.communities.items())]


@_answers("volunteer_hours_by_branch")
def _hours(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    e = integration.member_engagement(G, as_of=v["as_of"], rules=rules, community=v["community"])
    rows = [{"id": o, "name": _name(G, o), "members": b.members, "active": b.active,
             "participation_rate": b.participation_rate, "hours": b.hours_total, "hours_per_member": b.hours_per_member}
            for o, b in e.by_branch.items()]
    return sorted(rows, key=lambda r: (-r["hours"], r["id"]))[: v["top"]]


@_answers("co_building_isolates")
def _isolates(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    ties = ties_at(G, v["as_of"])
    net = co_building.co_building_network(G, as_of=v["as_of"], rules=rules, community=v["community"], ties=ties)
    where = actor_communities(G, ties)
    return [{"id": x, "name": _name(G, x),
             "actor_type": co_building.PARTY_ORG_TYPE if _label(G, x) == "PartyOrg" else G.nodes[x].get("type") or coverage.UNKNOWN,
             "community": where.get(x)} for x in net.isolates]


# The queries no analysis asks, answered from the projection on as_of (every tie in it is valid then).

_PATH_TYPES = {"CO_BUILDS", "COVERS", "ESTABLISHED_IN", "PAIRED_WITH", "ORGANIZED"}


@_answers("co_building_path")
def _path(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    a, b = v["from"], v["to"]
    ties = nx.Graph()
    ties.add_edges_from((x, y) for x, y, d in G.edges(data=True) if d["type"] in _PATH_TYPES and x != y)
    if a not in ties or b not in ties or a == b or not nx.has_path(ties, a, b):
        return []
    path = min(nx.all_shortest_paths(ties, a, b))  # Neo4j returns one of them; ties are rare
    if len(path) - 1 > 10:
        return []
    return [{"ids": path, "names": [_name(G, n) for n in path], "hops": len(path) - 1}]


@_answers("units_without_ties")
def _without_ties(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    out = []
    for u in nodes(G, "Unit"):
        ties = [e["type"] for *_, e in G.out_edges(u, data=True)] + [e["type"] for *_, e in G.in_edges(u, data=True)]
        if all(t in ("LOCATED_IN", "WORKS_AT") for t in ties):
            out.append({"id": u, "name": _name(G, u), "type": G.nodes[u].get("type")})
    return out


@_answers("instructors")
def _instructors(G: nx.MultiDiGraph, v: Values, rules: Rules) -> list[Row]:
    pairs = {(u, t) for u, t, d in G.edges(data=True) if d["type"] == "PAIRED_WITH" and d.get("role") == "instructor"}
    return [{"instructor": u, "instructor_name": _name(G, u), "target": t, "target_name": _name(G, t)}
            for u, t in sorted(pairs)]


def answer(G: nx.MultiDiGraph, name: str, values: Mapping[str, Any], rules: Rules | None = None) -> list[Row]:
    """The rows of the named query ``name`` on the projection ``G`` (on ``values["as_of"]``), with
    the parameter ``values`` of :func:`bind`."""
    named = lookup(name)
    bound = dict(values)
    return finish(named, _ANSWERS[name](G, bound, rules_for(named, bound, rules)), ratios=False)


def covered() -> set[str]:
    """Names of the named queries answered here."""
    return set(_ANSWERS)


# -- the reference in docs/queries.md -----------------------------------------------------------

def default_text(param: Param) -> str:
    """A parameter's default as the reference and ``--list`` name it (language-neutral codes):
    ``required``, ``rule NAME``, ``as_of`` (the data's date), ``all`` (no filter) or the value."""
    if param.required:
        return "required"
    if param.rule is not None:
        return f"rule {param.rule}"
    if param.name == "as_of":
        return "as_of"
    return "all" if param.default is None else str(param.default)


def reference() -> str:
    """The named queries as Markdown: for each, its question, where the figure is computed, its
    parameters (kind, default, allowed values) and its columns — the generated part of
    ``docs/queries.md`` (``python -m graph.query_library`` prints it)."""
    rules = Rules()
    lines = []
    for q in NAMED_QUERIES:
        lines += [f"### `{q.name}`", "", f"{q.zh}  ", f"{q.en}", ""]
        if q.renamed_from:
            lines += ["Formerly " + ", ".join(f"`{old}`" for old in q.renamed_from) + ".", ""]
        source = f"`{q.source}`" if q.source else "no analysis (read from the graph at `as_of`)"
        lines += [f"Computed by: {source}", "", "| parameter | kind | default | allowed | meaning |", "|---|---|---|---|---|"]
        for p in q.params:
            default = default_text(p)
            if p.rule is not None:
                default += f" ({getattr(rules, p.rule)})"
            elif default == "as_of":
                default = "the data's date"
            bounds = [f"≥ {p.minimum}" if p.minimum is not None else "", f"≤ {p.maximum}" if p.maximum is not None else ""]
            allowed = ", ".join(f"`{code}` {zh}" for code, zh, _ in allowed_values(p)) or ", ".join(b for b in bounds if b)
            lines.append(f"| `{p.name}` | {p.kind} | {default} | {allowed} | {p.zh} / {p.en} |")
        ratios = {column: (part, whole) for column, part, whole in q.ratios}
        columns = ", ".join(f"`{c.key}` {c.zh}" + (" = ratio(`{}`, `{}`)".format(*ratios[c.key]) if c.key in ratios else "")
                            for c in q.columns)
        lines += ["", f"Columns: {columns}", ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # python -m graph.query_library > the generated part of docs/queries.md
    print(reference(), end="")  # noqa: T201
