"""The full report: every analysis at one date, as bilingual figures and drill-down tables.

:func:`build_report` runs the analyses of DESIGN.md §4 on a projection and lays each out as
a :class:`~graph.analysis.report_model.Section`; :func:`trend` gives the key figures over a
series of dates. Writers (Excel, JSON, Markdown) and the dashboard read only the result.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("C1", label="Community", name="阳光社区")
>>> G.add_node("U1", label="Unit", name="一中", type="school", community="C1")
>>> report = build_report(G, as_of=dt.date(2026, 11, 1))
>>> report.section("org_coverage").figure("org_coverage_rate").value
0.0
>>> report.section("org_coverage").table("units").rows
[['U1', '一中', 'school', 'C1', '阳光社区', 'none', [], []]]
>>> report.section("org_coverage").table("units").display_rows("zh")[0][2:6]
['学校', 'C1', '阳光社区', '未覆盖']
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from graph.analysis import (
    co_building,
    coverage,
    generic,
    generic_report,
    integration,
    participation,
    suggestions,
)
from graph.analysis.integration_index import COMPONENTS, integration_index
from graph.analysis.readings import Place, Ties, membership, place_value, residence, ties_at
from graph.analysis.report_model import Column, Figure, Report, Section, Table, ValueKind
from graph.analysis.rules import Rules
from graph.model import MemberCategory, OrgKind, ResourceCategory, UnitType
from graph.texts import (
    CANDIDATE_LABELS,
    COMPONENT_LABELS,
    PROBLEM_LABELS,
    REASON_LABELS,
    SCORE_LABELS,
    STATUS_LABELS,
    SUGGESTION_LABELS,
    WORK_TIE_LABELS,
)

_DEFAULT_RULES = Rules()

# The code → (zh, en) labels of the report's tables live in the one catalogue (graph.texts).


def _c(key: str, zh: str, en: str, kind: ValueKind = "text", labels: Any = ()) -> Column:
    """A column; ``labels`` a mapping code → (zh, en) or a :class:`BilingualEnum` class."""
    if isinstance(labels, dict):
        labels = tuple((k, v[0], v[1]) for k, v in labels.items())
    elif labels:
        labels = tuple((m.value, m.zh, m.en) for m in labels)
    return Column(key, zh, en, kind, labels)


class _Names:
    """Names and labels of nodes, for the tables."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G

    def name(self, node: str | None) -> str:
        if node is None or node not in self.G:
            return ""
        return str(self.G.nodes[node].get("name") or "")

    def prop(self, node: str, key: str) -> Any:
        return self.G.nodes[node].get(key) if node in self.G else None



def _iso(day: Any) -> str | None:
    return day.isoformat() if isinstance(day, dt.date) else day


# -- coverage ------------------------------------------------------------------------------

_COUNT_COLUMNS = (
    _c("units", "单位数", "units", "int"), _c("own", "单独组建", "own organization", "int"),
    _c("joint", "联合组建", "joint organization", "int"), _c("work", "仅工作覆盖", "work coverage only", "int"),
    _c("none", "未覆盖", "not reached", "int"), _c("org_coverage_rate", "组织覆盖率", "organizational coverage", "ratio"),
    _c("own_org_rate", "单独组建率", "own-organization rate", "ratio"),
    _c("work_coverage_rate", "工作覆盖率", "work coverage", "ratio"),
)


def _counts_row(c: coverage.CoverageCounts) -> list[Any]:
    return [c.units, c.own, c.joint, c.work, c.none, c.org_coverage_rate, c.own_org_rate, c.work_coverage_rate]


#: The scopes of the coverage figures (coverage.OFFICIAL_SCOPES), as every report names them.
SCOPE_LABELS = {"two_new": ("两新组织", "non-public enterprises and social organizations"),
                "private_enterprise": ("非公有制企业", "non-public enterprises"),
                "social_org": ("社会组织", "social organizations"),
                "all": ("全部单位", "all units")}

_RATES = (("org_coverage_rate", "组织覆盖率", "organizational coverage"),
          ("own_org_rate", "单独组建率", "own-organization rate"),
          ("work_coverage_rate", "工作覆盖率", "work coverage"))


def _scoped(scope: str, key: str, zh: str, en: str, value: Any, kind: ValueKind = "int") -> Figure:
    """A coverage figure whose name says its scope: ``两新组织组织覆盖率`` and the like."""
    szh, sen = SCOPE_LABELS[scope]
    return Figure(key if scope == "all" else f"{scope}_{key}", f"{zh}（{szh}）", f"{en} ({sen})", value, kind)


def _org_coverage_section(G: nx.MultiDiGraph, n: _Names, r: coverage.OrgCoverage) -> Section:
    t = r.total
    figures = []
    for scope in ("two_new", "private_enterprise", "social_org"):
        c = r.by_scope[scope]
        figures.append(_scoped(scope, "units", "单位数", "units", c.units))
        figures += [_scoped(scope, key, zh, en, getattr(c, key), "ratio") for key, zh, en in _RATES]
    figures += [
        _scoped("all", "units", "单位总数", "units in scope", t.units),
        _scoped("all", "own", "单独组建", "with their own organization", t.own),
        _scoped("all", "joint", "联合组建", "covered by a joint organization", t.joint),
        _scoped("all", "work", "仅工作覆盖", "reached by party work only", t.work),
        _scoped("all", "none", "未覆盖单位", "units not reached", t.none),
        *(_scoped("all", key, zh, en, getattr(t, key), "ratio") for key, zh, en in _RATES),
    ]
    by_scope = Table("by_scope", "按统计口径", "by statistical scope",
                     (_c("scope", "统计口径", "scope", labels=SCOPE_LABELS), *_COUNT_COLUMNS),
                     [[k, *_counts_row(r.by_scope[k])] for k in coverage.OFFICIAL_SCOPES])
    by_type = Table("by_type", "按单位类型", "by unit type", (_c("type", "单位类型", "unit type", labels=UnitType),
                                                          *_COUNT_COLUMNS),
                    [[k, *_counts_row(v)] for k, v in sorted(r.by_type.items())])
    by_community = Table(
        "by_community", "按社区", "by community",
        (_c("community", "社区编号", "community id"), _c("community_name", "社区", "community"), *_COUNT_COLUMNS),
        [[k, n.name(k), *_counts_row(v)] for k, v in sorted(r.by_community.items())])
    place = {u: c for c, v in r.by_community.items() for u in (*v.own_units, *v.joint_units, *v.work_units, *v.none_units)}
    units = Table(
        "units", "单位覆盖明细", "units and their coverage",
        (_c("id", "单位编号", "unit id"), _c("name", "单位名称", "unit"),
         _c("type", "单位类型", "unit type", labels=UnitType),
         _c("community", "社区编号", "community id"), _c("community_name", "社区", "community"),
         _c("status", "覆盖情况", "coverage", labels=STATUS_LABELS),
         _c("orgs", "党组织", "party organizations", "list"),
         _c("work_ties", "工作覆盖方式", "reached by", "list", labels=WORK_TIE_LABELS)),
        [[u, n.name(u), n.prop(u, "type"), place.get(u, ""), n.name(place.get(u)), s, list(r.orgs.get(u, [])),
          list(r.work_ties.get(u, []))] for u, s in sorted(r.status.items())])
    return Section("org_coverage", "组织覆盖", "organizational coverage", figures,
                   [by_scope, by_type, by_community, units],
                   ["组织覆盖率 =（单独组建 + 联合组建）/ 单位数；工作覆盖率另计仅有党建指导员、联络员、共建或联合活动的单位。",
                    "党内统计公布的覆盖率口径为两新组织（非公有制企业、社会组织，分别及合计，中办发〔2012〕11号）；"
                    "“全部单位”另含机关、事业单位、国有企业、学校、医院及社区各方，仅供参考。每项指标均注明口径。"],
                   ["Organizational coverage = (own + joint) / units; work coverage also counts units reached only "
                    "by an instructor, a liaison, co-building or a joint activity.",
                    "The official party statistics publish coverage for non-public enterprises and social "
                    "organizations, each and together (CPC General Office document No. 11 of 2012); \"all units\" also "
                    "counts government bodies, public institutions, state-owned enterprises, schools, hospitals and "
                    "the community actors, for reference. Every figure names its scope."])


def _should_have_org_section(n: _Names, r: coverage.ShouldHaveOrg, rules: Rules) -> Section:
    figures = [Figure("units", "应建未建单位", "units that should have their own organization", len(r.units)),
               Figure("covered", "其中已联合组建", "of which covered by a joint organization", len(r.covered)),
               Figure("uncovered", "其中未覆盖", "of which not covered", len(r.uncovered))]
    table = Table(
        "units", "应建未建单位", "units that should have their own organization",
        (_c("id", "单位编号", "unit id"), _c("name", "单位名称", "unit"),
         _c("type", "单位类型", "unit type", labels=UnitType),
         _c("community", "社区", "community"), _c("full_members", "正式党员数", "full members", "int"),
         _c("covered_by", "联合党组织", "joint organization", "list")),
        [[u.unit, n.name(u.unit), u.type, n.name(u.community), u.full_members,
          [f"{o} {n.name(o)}" for o in u.covered_by]] for u in r.units])
    return Section("should_have_org", "应建未建", "units that should have their own organization", figures, [table],
                   [f"正式党员 ≥ {rules.own_org_min_full_members} 名且无本单位党组织（党章第三十条）。"],
                   [f"≥ {rules.own_org_min_full_members} full members and no own party organization "
                    "(Party Constitution, art. 30)."])


def _branch_size_section(n: _Names, r: coverage.BranchSize, rules: Rules) -> Section:
    figures = [Figure("undersize", "正式党员不足的支部", "branches with too few full members", len(r.undersize)),
               Figure("oversize", "超过规模的支部", "oversize branches", len(r.oversize)),
               Figure("oversize_general_branches", "超过规模的党总支", "oversize general branches",
                      len(r.oversize_general_branches))]
    rows = []
    for problem, items in (("undersize", r.undersize), ("oversize", r.oversize),
                           ("oversize_general", r.oversize_general_branches)):
        for o in items:
            rows.append([o.org, n.name(o.org), o.kind, n.name(o.community), o.members, o.full_members, problem,
                         o.suggestion])
    table = Table(
        "violations", "支部规模问题", "branch-size problems",
        (_c("id", "党组织编号", "organization id"), _c("name", "党组织", "organization"),
         _c("kind", "类型", "kind", labels=OrgKind),
         _c("community", "社区", "community"), _c("members", "党员数", "members", "int"),
         _c("full_members", "正式党员数", "full members", "int"), _c("problem", "问题", "problem", labels=PROBLEM_LABELS),
         _c("suggestion", "建议", "suggestion", labels=SUGGESTION_LABELS)), rows)
    return Section("branch_size", "支部规模", "branch size", figures, [table],
                   [f"支部正式党员少于 {rules.branch_min_full_members} 名或党员多于 {rules.branch_max_members} 名；"
                    f"党总支多于 {rules.general_branch_max_members} 名（《中国共产党支部工作条例（试行）》）。"],
                   [f"Branches with fewer than {rules.branch_min_full_members} full members or more than "
                    f"{rules.branch_max_members} members; general branches above {rules.general_branch_max_members}."])


def _member_section(n: _Names, r: coverage.MemberCoverage, rules: Rules, ties: Ties) -> Section:
    figures = [
        Figure("members", "党员总数", "members", r.members),
        Figure("without_org", "无组织关系党员", "members without an organization", len(r.without_org)),
        Figure("lost_contact", "失联党员", "members out of contact", len(r.lost_contact), latest_only=True),
        Figure("contact_unknown", "联系时间不详", "last contact unknown", len(r.contact_unknown), latest_only=True),
        Figure("in_service", "在职党员", "in-service members", r.in_service),
        Figure("unreported", "未报到在职党员", "in-service members not reported", len(r.unreported)),
        Figure("reporting_rate", "报到率", "reporting rate", r.reporting_rate, "ratio"),
        Figure("home_reporting_rate", "向居住社区报到率", "reported to home community", r.home_reporting_rate, "ratio"),
        Figure("floating", "流动党员", "floating members", r.floating),
        Figure("floating_without_station", "未纳入服务站的流动党员", "floating members without a station",
               len(r.floating_without_station), latest_only=True),
    ]
    group_cols = (_c("in_service", "在职党员", "in-service", "int"),
                  _c("reported", "已向居住社区报到", "reported to their home community", "int"),
                  _c("reporting_rate", "向居住社区报到率", "reported to home community", "ratio"))
    by_residence = Table("by_residence", "报到率（按居住社区）", "reporting by community of residence",
                         (_c("id", "社区编号", "community id"), _c("name", "社区", "community"), *group_cols),
                         [[k, n.name(k), g.in_service, g.reported, g.reporting_rate]
                          for k, g in sorted(r.by_residence.items())])
    by_employer = Table("by_employer", "报到率（按工作单位）", "reporting by employer",
                        (_c("id", "单位编号", "unit id"), _c("name", "单位", "unit"), *group_cols),
                        [[k, n.name(k), g.in_service, g.reported, g.reporting_rate]
                         for k, g in sorted(r.by_employer.items())])
    # The columns a secretary needs to act on a list: who, in which branch, living where, last seen when.
    member_cols = (_c("id", "党员编号", "member id"), _c("name", "姓名", "name"),
                   _c("branch", "所在党组织编号", "party organization id"), _c("branch_name", "所在党组织", "party organization"),
                   _c("community", "居住社区编号", "community of residence id"),
                   _c("community_name", "居住社区", "community of residence"),
                   _c("last_contact", "最近联系", "last contact", "date"))
    branch_of, home_of = membership(n.G, ties), residence(n.G, ties)

    def people(key: str, zh: str, en: str, ids: list[str], extra: tuple[Column, ...] = (),
               more: Callable[[str], list[Any]] = lambda m: []) -> Table:
        return Table(key, zh, en, (*member_cols, *extra),
                     [[m, n.name(m), branch_of.get(m), n.name(branch_of.get(m)), home_of.get(m), n.name(home_of.get(m)),
                       _iso(n.prop(m, "last_contact")), *more(m)] for m in ids])

    tables = [
        by_residence, by_employer,
        people("lost_contact", "失联党员", "members out of contact", r.lost_contact),
        people("unreported", "未报到在职党员", "in-service members not reported", r.unreported,
               (_c("employer", "工作单位", "employer"),), lambda m: [n.prop(m, "employer_name") or ""]),
        people("floating_without_station", "未纳入服务站的流动党员", "floating members without a station",
               r.floating_without_station),
        people("without_org", "无组织关系党员", "members without an organization", r.without_org),
        people("contact_unknown", "联系时间不详的党员", "members whose last contact is unknown", r.contact_unknown),
    ]
    return Section("member_coverage", "党员覆盖", "member coverage", figures, tables,
                   [f"失联：最近联系在 {r.lost_contact_on_or_before} 或更早（≥ {rules.lost_contact_months} 个月）。"
                    "报到率 = 有有效报到记录的在职党员 / 在职党员。",
                    "花名册只记最近一次联系时间和当前的服务站：失联、联系时间不详与未纳入服务站三项只对数据本身的日期成立，"
                    "标为“仅据最新数据”，不列入趋势。"],
                   [f"Out of contact: last contact on or before {r.lost_contact_on_or_before} "
                    f"(≥ {rules.lost_contact_months} months). Reporting rate = in-service members with a valid "
                    "report / in-service members.",
                    "The roster keeps only the latest contact and the current station: out of contact, contact "
                    "unknown and without a station hold for the data's own date only; they are marked \"latest data "
                    "only\" and left out of trends."])


def _scorecard_section(n: _Names, r: coverage.CommunityScorecard) -> Section:
    items = list(coverage.SCORECARD_ITEMS)
    rows = []
    for c, card in sorted(r.communities.items()):
        rows.append([c, n.name(c), *(card.items[i].count for i in items), card.present, list(card.missing)])
    table = Table("communities", "社区评分表", "community scorecard",
                  (_c("id", "社区编号", "community id"), _c("name", "社区", "community"),
                   *(_c(i, SCORE_LABELS[i][0], SCORE_LABELS[i][1], "int") for i in items),
                   _c("present", "具备项数", "items present", "int"),
                   _c("missing", "缺项", "missing", "list", labels=SCORE_LABELS)), rows)
    figures = [Figure("communities", "社区数", "communities", len(r.communities)),
               Figure("complete", "各项齐全的社区", "communities with every item",
                      sum(1 for card in r.communities.values() if not card.missing))]
    figures += [Figure(f"missing_{i}", f"缺{SCORE_LABELS[i][0]}的社区", f"communities without {SCORE_LABELS[i][1]}",
                       len(r.missing.get(i, []))) for i in items]
    return Section("community_scorecard", "社区评分", "community scorecard", figures, [table])


# -- integration ---------------------------------------------------------------------------

def _resources_section(n: _Names, r: integration.ResourceSharing) -> Section:
    figures = [Figure("offered", "提供的资源", "resources offered", len(r.offered)),
               Figure("shared_share", "开放共享率", "shared with a community", r.shared_share, "ratio"),
               Figure("utilization", "资源使用率", "used by an activity in the period", r.utilization, "ratio")]
    cats = [c.value for c in ResourceCategory]
    by_community = Table(
        "categories_by_community", "各社区可用资源（按类别）", "resources available per community, by category",
        (_c("id", "社区编号", "community id"), _c("name", "社区", "community"),
         *(_c(c, ResourceCategory(c).zh, ResourceCategory(c).en, "int") for c in cats)),
        [[c, n.name(c), *(len(by_cat.get(k, [])) for k in cats)]
         for c, by_cat in sorted(r.available_by_community.items())])
    res_cols = (_c("id", "资源编号", "resource id"), _c("name", "资源", "resource"),
                _c("category", "类别", "category", labels=ResourceCategory))

    def res_rows(ids: list[str]) -> list[list[Any]]:
        return [[x, n.name(x), n.prop(x, "category")] for x in ids]

    return Section("resource_sharing", "资源共享", "resource sharing", figures, [
        by_community,
        Table("unshared", "未开放共享的资源", "resources not shared", res_cols, res_rows(r.unshared)),
        Table("unused", "期内未使用的资源", "resources unused in the period", res_cols, res_rows(r.unused)),
    ])


def _needs_section(n: _Names, r: integration.NeedsMatching) -> Section:
    figures = [Figure("needs", "需求数", "needs", len(r.needs)),
               Figure("addressed_share", "需求回应率", "needs addressed by an activity", r.addressed_share, "ratio"),
               Figure("nearby_resource_share", "就近有资源的需求", "needs with a matching resource nearby",
                      r.nearby_resource_share, "ratio"),
               Figure("unmet", "未满足需求", "unmet needs", len(r.unmet)),
               Figure("unmet_without_nearby_resource", "就近无资源的未满足需求", "unmet needs with no resource nearby",
                      len(r.unmet_without_nearby_resource))]
    unmet = Table(
        "unmet", "未满足需求", "unmet needs",
        (_c("id", "需求编号", "need id"), _c("name", "需求", "need"),
         _c("category", "类别", "category", labels=ResourceCategory),
         _c("community", "社区", "community"), _c("nearby_resources", "就近同类资源", "matching resources nearby", "list"),
         _c("suggestions", "建议单位数", "units suggested", "int")),
        [[u.id, u.name or "", u.category, n.name(u.community), list(u.nearby_resources), len(u.suggestions)]
         for u in r.unmet])
    suggestions = Table(
        "suggestions", "可满足需求的单位（建议）", "units that could meet each unmet need",
        (_c("need", "需求编号", "need id"), _c("need_name", "需求", "need"), _c("rank", "排序", "rank", "int"),
         _c("unit", "单位编号", "unit id"), _c("unit_name", "单位", "unit"), _c("community", "单位所在社区", "unit's community"),
         _c("resources", "同类资源", "matching resources", "list"),
         _c("distance", "与社区党组织的联系距离", "ties from the community party organization", "int"),
         _c("reason", "理由", "reason", labels=REASON_LABELS)),
        [[u.id, u.name or "", i, s.unit, s.name or "", n.name(s.community), list(s.resources), s.distance, s.reason]
         for u in r.unmet for i, s in enumerate(u.suggestions, start=1)])
    return Section("needs_matching", "三张清单：需求—资源—项目", "needs, resources and projects", figures,
                   [unmet, suggestions],
                   ["未满足需求：状态为待认领且无活动回应。建议单位：在本社区或相邻社区提供同类资源的单位，按与需求所在社区党组织的"
                    "联系距离排序（共建、结对/指导、单独或联合组建、联席会议、期内联合活动；不含上下级隶属）。"],
                   ["Unmet need: open and addressed by no activity. Suggested units offer a resource of the same "
                    "category in the same or an adjacent community, ranked by their distance in ties (co-building, "
                    "pairing, own or joint organization, joint-meeting seat, joint activity in the period; not the "
                    "party hierarchy) from the need's community party organization."])


def _reciprocity_section(n: _Names, r: integration.Reciprocity) -> Section:
    figures = [Figure("pairs", "共建对", "co-building pairs", len(r.pairs)),
               Figure("two_way", "双向互动", "two-way", len(r.two_way)),
               Figure("one_way", "单向", "one-way", len(r.one_way)),
               Figure("no_flow", "无互动", "no flow", len(r.no_flow)),
               Figure("two_way_share", "良性互动率", "share of pairs with two-way flow", r.two_way_share, "ratio")]
    flows = {"two_way": ("双向", "two-way"), "partner_to_org": ("单位→社区", "partner to community"),
             "org_to_partner": ("社区→单位", "community to partner"), "none": ("无", "none")}
    table = Table(
        "pairs", "共建对的资源往来", "resource flows of co-building pairs",
        (_c("org", "党组织编号", "organization id"), _c("org_name", "党组织", "organization"),
         _c("partner", "共建单位编号", "partner id"), _c("partner_name", "共建单位", "partner"),
         _c("flow", "往来", "flow", labels=flows),
         _c("partner_gives", "共建单位提供（活动）", "partner gives (activities)", "list"),
         _c("org_gives", "社区提供（活动）", "community gives (activities)", "list")),
        [[p.org, n.name(p.org), p.partner, n.name(p.partner), p.flow, list(p.partner_gives), list(p.org_gives)]
         for p in r.pairs])
    return Section("reciprocity", "良性互动", "reciprocity", figures, [table])


def _engagement_section(n: _Names, r: integration.MemberEngagement) -> Section:
    figures = [Figure("members", "党员数", "members", len(r.members)),
               Figure("active", "期内参加活动的党员", "members active in the period", len(r.active)),
               Figure("participation_rate", "参与率", "participation rate", r.participation_rate, "ratio"),
               Figure("hours_total", "志愿服务时长合计", "volunteer hours, total", r.hours_total, "float"),
               Figure("hours_mean", "人均志愿服务时长", "volunteer hours per member", r.hours_mean, "float"),
               Figure("skill_match_rate", "技能与活动相符率", "skills matching activities", r.skill_match_rate, "ratio")]
    by_branch = Table(
        "by_branch", "各党组织参与情况", "participation by branch",
        (_c("id", "党组织编号", "organization id"), _c("name", "党组织", "organization"),
         _c("members", "党员数", "members", "int"), _c("active", "参与人数", "active", "int"),
         _c("participation_rate", "参与率", "participation rate", "ratio"),
         _c("hours_total", "时长合计", "hours, total", "float"), _c("hours_per_member", "人均时长", "hours per member", "float")),
        [[b, n.name(b), e.members, e.active, e.participation_rate, e.hours_total, e.hours_per_member]
         for b, e in sorted(r.by_branch.items())])
    inactive = Table("inactive", "期内未参加活动的党员", "members not active in the period",
                     (_c("id", "党员编号", "member id"), _c("name", "姓名", "name"),
                      _c("category", "类别", "category", labels=MemberCategory)),
                     [[m, n.name(m), n.prop(m, "category")] for m in r.inactive])
    return Section("member_engagement", "党员参与", "member engagement", figures, [by_branch, inactive],
                   ["参与率 = 统计期内参加过有日期活动的党员 / 党员数；未注明日期的活动不在统计期内，不计入（其参与记录见「党员参与二模网络」）。"],
                   ["Participation rate = members who joined an activity dated in the period / members; an undated "
                    "activity is in no period and is not counted (its ties are in the two-mode participation network)."])


def _index_section(n: _Names, r: Any) -> Section:
    rows = []
    for rank, c in enumerate([*r.ranking, *sorted(set(r.communities) - set(r.ranking))], start=1):
        ci = r.communities[c]
        rows.append([rank if ci.index is not None else None, c, n.name(c), ci.index,
                     *(ci.components[k] for k in COMPONENTS)])
    table = Table("communities", "社区资源整合指数", "integration index by community",
                  (_c("rank", "排名", "rank", "int"), _c("id", "社区编号", "community id"), _c("name", "社区", "community"),
                   _c("index", "整合指数", "index", "float"),
                   *(_c(k, COMPONENT_LABELS[k][0], COMPONENT_LABELS[k][1], "ratio") for k in COMPONENTS)), rows)
    weights = Table("weights", "指数权重", "index weights",
                    (_c("component", "指标", "component", labels=COMPONENT_LABELS), _c("weight", "权重", "weight", "float")),
                    [[k, r.weights.get(k, 0.0)] for k in COMPONENTS])
    values = [ci.index for ci in r.communities.values() if ci.index is not None]
    figures = [Figure("communities", "社区数", "communities", len(r.communities)),
               Figure("mean_index", "平均整合指数", "mean index", round(sum(values) / len(values), 1) if values else None,
                      "float")]
    return Section("integration_index", "资源整合指数", "integration index", figures, [table, weights],
                   ["指数 = 100 × Σ 权重 × 指标 / Σ 权重（仅计有数据的指标）。"],
                   ["Index = 100 × Σ weight × component / Σ weight, over the components with data."])


def _coverage_suggestions_section(n: _Names, r: suggestions.CoverageSuggestions, kp: suggestions.KeyPlayers) -> Section:
    figures = [Figure("uncovered", "未覆盖单位", "units not reached", len(r.uncovered)),
               Figure("without_candidates", "附近无可覆盖组织的单位", "units with no candidate nearby",
                      len(r.without_candidates)),
               Figure("key_players", "关键组织/指导员（贪心选择）", "key players chosen (greedy)", len(kp.chosen)),
               Figure("key_player_reach", "关键组织可覆盖比例", "share of unreached units the key players reach",
                      kp.reach_share, "ratio")]
    rows = []
    for u, us in sorted(r.units.items()):
        for rank, sg in enumerate(us.suggestions, start=1):
            rows.append([u, us.name or "", us.type, n.name(us.community), us.should_have_own_org, rank, sg.candidate,
                         sg.name or "", sg.kind, n.name(sg.community), sg.reason, sg.load, sg.distance])
        if not us.suggestions:
            rows.append([u, us.name or "", us.type, n.name(us.community), us.should_have_own_org, None, "", "", None,
                         "", None, None, None])
    per_unit = Table(
        "suggestions", "未覆盖单位的覆盖建议", "who could reach each unit",
        (_c("unit", "单位编号", "unit id"), _c("unit_name", "单位", "unit"), _c("type", "单位类型", "unit type", labels=UnitType),
         _c("community", "社区", "community"), _c("should_have_own_org", "应单独组建", "should have its own organization", "bool"),
         _c("rank", "排序", "rank", "int"), _c("candidate", "建议组织/指导员编号", "candidate id"),
         _c("candidate_name", "建议组织/指导员", "candidate"), _c("kind", "类别", "kind", labels=CANDIDATE_LABELS),
         _c("candidate_community", "所在社区", "candidate's community"), _c("reason", "理由", "reason", labels=REASON_LABELS),
         _c("load", "已覆盖单位数", "units already covered", "int"),
         _c("distance", "组织网络距离", "distance in the organization network", "int")), rows)
    chosen = Table(
        "key_players", "关键组织/指导员（贪心最大覆盖）", "key players (greedy maximum coverage)",
        (_c("order", "次序", "order", "int"), _c("candidate", "编号", "id"), _c("name", "名称", "name"),
         _c("kind", "类别", "kind", labels=CANDIDATE_LABELS), _c("gain", "新增可覆盖单位", "units added", "int"),
         _c("reach_share", "累计覆盖比例", "cumulative share reached", "ratio"), _c("units", "新增单位", "units", "list")),
        [[i, p.candidate, p.name or "", p.kind, p.gain, p.reach_share, list(p.units)]
         for i, p in enumerate(kp.chosen, start=1)])
    return Section("coverage_suggestions", "覆盖建议", "coverage suggestions", figures, [per_unit, chosen],
                   ["建议：同社区的联合党支部、社区党组织、党建指导员优先，其次相邻社区；关键组织按贪心最大覆盖选择"
                    "（Borgatti 2006，m = 1）。"],
                   ["Candidates: joint branches, community party organizations and instructors of the same community "
                    "first, then of adjacent ones; key players by greedy maximum coverage (Borgatti 2006, m = 1)."])


ACTOR_TYPE_LABELS = {**{t.value: (t.zh, t.en) for t in UnitType}, "party_org": ("党组织", "party organization"),
                     "unknown": ("不详", "unknown")}
TIE_REASON_LABELS = {"co_building": ("共建协议", "co-building agreement"),
                     "co_organized": ("联合组织活动", "co-organized activity"),
                     "shared_resource": ("资源共享", "shared resource")}
BROKER_ROLES = (("coordinator", "协调者", "coordinator"), ("itinerant", "顾问", "consultant (itinerant)"),
                ("representative", "代表", "representative"), ("gatekeeper", "守门人", "gatekeeper"),
                ("liaison", "联络者", "liaison"))


def _network_figures_columns() -> tuple[Column, ...]:
    return (_c("nodes", "行动者", "actors", "int"), _c("ties", "联系", "ties", "int"), _c("density", "密度", "density", "float"),
            _c("components", "成分数", "components", "int"), _c("isolates", "孤立者", "isolates", "int"),
            _c("degree_centralization", "度数中心势", "degree centralization", "float"),
            _c("betweenness_centralization", "中介中心势", "betweenness centralization", "float"),
            _c("community_org_share", "社区党组织联系占比", "community party organizations' share of ties", "ratio"),
            _c("unit_unit_share", "单位间联系占比", "unit–unit share of ties", "ratio"),
            _c("hub_dependent_share", "仅依赖社区党组织的单位占比", "units tied only through the community organization",
               "ratio"))


def _network_row(f: co_building.NetworkFigures) -> list[Any]:
    return [f.nodes, f.ties, f.density, f.components, f.isolates, f.degree_centralization, f.betweenness_centralization,
            f.community_org_share, f.unit_unit_share, f.hub_dependent_share]


def _co_building_section(n: _Names, r: co_building.CoBuildingNetwork) -> Section:
    f = r.figures
    figures = [
        Figure("actors", "行动者（党组织与单位）", "actors (party organizations and units)", f.nodes),
        Figure("ties", "联系", "ties", f.ties),
        Figure("density", "网络密度", "density", f.density, "float"),
        Figure("components", "成分数", "components", f.components),
        Figure("isolates", "孤立行动者", "isolated actors", f.isolates),
        Figure("largest_component_share", "最大成分占比", "largest component's share", f.largest_component_share, "ratio"),
        Figure("degree_centralization", "度数中心势（Freeman）", "degree centralization (Freeman)", f.degree_centralization,
               "float"),
        Figure("betweenness_centralization", "中介中心势（Freeman）", "betweenness centralization (Freeman)",
               f.betweenness_centralization, "float"),
        Figure("community_org_share", "社区党组织联系占比（总揽全局）", "community organizations' share of ties (leadership core)",
               f.community_org_share, "ratio"),
        Figure("unit_unit_share", "单位间直接联系占比", "unit–unit share of ties", f.unit_unit_share, "ratio"),
        Figure("hub_dependent_share", "仅经社区党组织联系的单位占比（包揽程度）",
               "share of tied units tied only through the community organization (hub dependence)",
               f.hub_dependent_share, "ratio"),
        Figure("betweenness_sampled", "中介中心度为抽样估计", "betweenness is a sampled estimate", f.betweenness_sampled,
               "bool"),
    ]
    notes_zh = ["行动者为党组织与单位；联系为有效共建协议、期内联合组织的活动、期内被他方活动使用的单位资源（无向，每对一条）。"]
    notes_en = ["Actors are party organizations and units; ties are valid co-building agreements, activities "
                "co-organized in the period, and a unit's resources used by another actor's activity in the period "
                "(undirected, one per pair)."]
    if f.betweenness_sampled:
        notes_zh.append(f"网络较大，中介中心度为抽样估计：抽样 {r.betweenness_k} 个起点，最大标准误 {r.betweenness_error}。")
        notes_en.append(f"The network is large: betweenness is estimated from {r.betweenness_k} sampled pivots, "
                        f"largest standard error {r.betweenness_error}.")
    top = Table(
        "top_actors", "核心行动者", "central actors",
        (_c("measure", "指标", "measure", labels={"degree": ("度数", "degree"), "betweenness": ("中介中心度", "betweenness")}),
         _c("rank", "排序", "rank", "int"), _c("id", "编号", "id"), _c("name", "名称", "name"),
         _c("type", "类型", "type", labels=ACTOR_TYPE_LABELS), _c("value", "数值", "value", "float")),
        [[m, i, a.id, a.name or "", a.type, a.value] for m, items in (("degree", r.top_degree), ("betweenness", r.top_betweenness))
         for i, a in enumerate(items, start=1)])
    ties = Table("ties", "联系明细", "ties",
                 (_c("u", "行动者甲", "actor A"), _c("u_name", "名称甲", "name A"), _c("v", "行动者乙", "actor B"),
                  _c("v_name", "名称乙", "name B"), _c("reasons", "联系方式", "reasons", "list", labels=TIE_REASON_LABELS)),
                 [[t.u, n.name(t.u), t.v, n.name(t.v), list(t.reasons)] for t in r.ties])
    by_community = Table("by_community", "各社区共建网络", "co-building network by community",
                         (_c("id", "社区编号", "community id"), _c("name", "社区", "community"), *_network_figures_columns()),
                         [[c, n.name(c), *_network_row(v)] for c, v in sorted(r.by_community.items())])
    isolates = Table("isolates", "孤立的党组织与单位", "isolated actors",
                     (_c("id", "编号", "id"), _c("name", "名称", "name"), _c("label", "类别", "kind",
                      labels={"Unit": ("单位", "unit"), "PartyOrg": ("党组织", "party organization")})),
                     [[x, n.name(x), n.prop(x, "label")] for x in r.isolates])
    return Section("co_building_network", "共建网络", "co-building network", figures, [top, by_community, ties, isolates],
                   notes_zh, notes_en)


def _cross_sector_section(n: _Names, r: co_building.CrossSector) -> Section:
    figures = [Figure("ties", "联系", "ties", r.ties), Figure("external", "跨类型联系", "ties across types", r.external),
               Figure("internal", "同类型联系", "ties within a type", r.internal),
               Figure("ei", "E-I 指数", "E-I index", r.ei, "float"),
               Figure("expected_ei", "随机混合下的 E-I 期望", "E-I expected under random mixing", r.expected_ei, "float"),
               Figure("assortativity", "同配系数", "assortativity", r.assortativity, "float")]
    types = list(r.types)
    mixing = Table("mixing", "行动者类型混合矩阵", "actor-type mixing matrix",
                   (_c("type", "类型", "type", labels=ACTOR_TYPE_LABELS),
                    *(_c(t, ACTOR_TYPE_LABELS.get(t, (t, t))[0], ACTOR_TYPE_LABELS.get(t, (t, t))[1], "int") for t in types)),
                   [[a, *(r.mixing.get(a, {}).get(b, 0) for b in types)] for a in types])
    by_type = Table(
        "by_type", "各类型的整合与中介", "integration and brokerage by type",
        (_c("type", "类型", "type", labels=ACTOR_TYPE_LABELS), _c("actors", "行动者", "actors", "int"),
         _c("tied", "有联系者", "tied", "int"), _c("external", "跨类型联系", "external ties", "int"),
         _c("internal", "同类型联系", "internal ties", "int"), _c("ei", "E-I 指数", "E-I index", "float"),
         *(_c(k, zh, en, "int") for k, zh, en in BROKER_ROLES), _c("total", "中介合计", "brokerage total", "int"),
         _c("mean_effective_size", "平均有效规模", "mean effective size", "float"),
         _c("mean_constraint", "平均约束", "mean constraint", "float")),
        [[t, v.actors, v.tied, v.external, v.internal, v.ei, *(v.brokerage.get(k, 0) for k, _, _ in BROKER_ROLES),
          v.brokerage.get("total", 0), v.mean_effective_size, v.mean_constraint] for t, v in sorted(r.by_type.items())])
    brokers = Table(
        "brokers", "主要中介者（Gould–Fernandez）", "leading brokers (Gould–Fernandez)",
        (_c("id", "编号", "id"), _c("name", "名称", "name"), _c("type", "类型", "type", labels=ACTOR_TYPE_LABELS),
         *(_c(k, zh, en, "int") for k, zh, en in BROKER_ROLES), _c("total", "合计", "total", "int")),
        [[b.id, b.name or "", b.type, *(b.roles.get(k, 0) for k, _, _ in BROKER_ROLES), b.total] for b in r.brokers])
    holes = Table(
        "structural_holes", "结构洞（Burt）", "structural holes (Burt)",
        (_c("id", "编号", "id"), _c("name", "名称", "name"), _c("type", "类型", "type", labels=ACTOR_TYPE_LABELS),
         _c("degree", "度数", "degree", "int"), _c("effective_size", "有效规模", "effective size", "float"),
         _c("efficiency", "效率", "efficiency", "float"), _c("constraint", "约束", "constraint", "float")),
        [[p.id, p.name or "", p.type, p.degree, p.effective_size, p.efficiency, p.constraint] for p in r.structural_holes])
    return Section("cross_sector", "跨领域整合", "cross-sector integration", figures, [by_type, mixing, brokers, holes],
                   ["E-I 指数 =（跨类型联系 − 同类型联系）/ 全部联系（Krackhardt & Stern 1988）；中介角色按 Gould & Fernandez (1989)，"
                    "无向网络中每条开放二步路径计两次；有效规模与约束按 Burt (1992)。"],
                   ["E-I = (external − internal) / all ties (Krackhardt & Stern 1988); brokerage roles after Gould & "
                    "Fernandez (1989), each open two-path of the undirected network counted both ways; effective size "
                    "and constraint after Burt (1992)."])


def _participation_section(n: _Names, r: participation.ParticipationNetwork, rules: Rules) -> Section:
    figures = [Figure("members", "参与活动的党员", "members who took part", r.members),
               Figure("activities", "活动", "activities", r.activities), Figure("ties", "参与记录", "ties", r.ties),
               Figure("ties_in_period", "其中统计期内的活动", "of which to activities in the period", r.ties_in_period),
               Figure("ties_before_period", "其中统计期之前的活动", "of which to activities before the period",
                      r.ties_before_period),
               Figure("ties_undated", "其中未注明日期的活动", "of which to undated activities", r.ties_undated),
               Figure("density", "二模网络密度", "two-mode density", r.density, "float"),
               Figure("exact", "接近与中介中心度已计算", "closeness and betweenness computed", r.exact, "bool")]
    # Every node; the Markdown digest shows the top by degree and says so.
    nodes = sorted(r.centralities, key=lambda v: (n.prop(v, "label") != "Member", v))
    table = Table(
        "centralities", "二模中心度（Borgatti & Everett 1997）", "two-mode centralities (Borgatti & Everett 1997)",
        (_c("id", "编号", "id"), _c("name", "名称", "name"),
         _c("mode", "类别", "mode", labels={"Member": ("党员", "member"), "Activity": ("活动", "activity")}),
         _c("degree", "度数中心度", "degree", "float"), _c("closeness", "接近中心度", "closeness", "float"),
         _c("betweenness", "中介中心度", "betweenness", "float")),
        [[v, n.name(v), n.prop(v, "label"), *(r.centralities[v][k] for k in ("degree", "closeness", "betweenness"))]
         for v in nodes], sort_by="degree")
    notes_zh = ["党员 × 活动二模网络；中心度按两类节点各自的最大可能值标准化（Borgatti & Everett 1997）；"
                "不连通时接近中心度取可达部分内的值乘以可达节点占比，仍在 0–1 之间。",
                f"网络包括截至统计日期的全部参与记录：统计期内 {r.ties_in_period} 条、统计期之前 {r.ties_before_period} 条、"
                f"活动未注明日期 {r.ties_undated} 条。「党员参与」一节的参与率只计统计期内（{rules.period_months} 个月）"
                "有日期的活动，未注明日期的活动不计入。"]
    notes_en = ["Members × activities; centralities normalized by the maxima for each mode (Borgatti & Everett "
                "1997); on a disconnected network closeness is taken within the part a node reaches, times the share "
                "of nodes it reaches, so it stays within 0–1.",
                f"The network holds every participation up to the report date: {r.ties_in_period} ties to activities "
                f"in the period, {r.ties_before_period} before it and {r.ties_undated} to undated activities. The "
                f"participation rate of \"member engagement\" counts only activities dated in the period "
                f"({rules.period_months} months); undated activities are not in it."]
    if not r.exact:
        notes_zh.append(f"网络超过 {participation.EXACT_LIMIT} 个节点：只计算度数中心度。")
        notes_en.append(f"Above {participation.EXACT_LIMIT} nodes only degree is computed.")
    return Section("participation_network", "党员参与二模网络", "two-mode participation network", figures, [table],
                   notes_zh, notes_en)


#: Where each section's figures are computed: section key → the analysis function(s).
SECTION_SOURCES: dict[str, tuple[str, ...]] = {
    "org_coverage": ("graph.analysis.coverage.org_coverage",),
    "should_have_org": ("graph.analysis.coverage.should_have_org",),
    "branch_size": ("graph.analysis.coverage.branch_size",),
    "member_coverage": ("graph.analysis.coverage.member_coverage",),
    "community_scorecard": ("graph.analysis.coverage.community_scorecard",),
    "coverage_suggestions": ("graph.analysis.suggestions.coverage_suggestions", "graph.analysis.suggestions.key_players"),
    "co_building_network": ("graph.analysis.co_building.co_building_network",),
    "cross_sector": ("graph.analysis.co_building.cross_sector",),
    "resource_sharing": ("graph.analysis.integration.resource_sharing",),
    "needs_matching": ("graph.analysis.integration.needs_matching",),
    "reciprocity": ("graph.analysis.integration.reciprocity",),
    "member_engagement": ("graph.analysis.integration.member_engagement",),
    "participation_network": ("graph.analysis.participation.participation_network",),
    "integration_index": ("graph.analysis.integration_index.integration_index",),
    **{key: ("graph.analysis.generic.generic_network",) for key in generic_report.SECTION_KEYS},
    "trend": ("graph.analysis.report.trend",),
}

SECTION_ORDER = ("org_coverage", "should_have_org", "branch_size", "member_coverage", "community_scorecard",
                 "coverage_suggestions", "co_building_network", "cross_sector",
                 "resource_sharing", "needs_matching", "reciprocity", "member_engagement", "participation_network",
                 "integration_index", *generic_report.SECTION_KEYS)


def build_report(
    G: nx.MultiDiGraph,
    *,
    as_of: dt.date,
    rules: Rules = _DEFAULT_RULES,
    community: Place = None,
    data_version: str = "",
    clock: Callable[[], float] = time.perf_counter,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """Every analysis of DESIGN.md §4 at ``as_of`` (for one ``community``, several or all), as a :class:`Report`.

    ``community`` is one community's id, a set of ids (a street's: every analysis over the union
    of those communities) or ``None`` for all; the report keeps an id as it is and a set as its
    ids sorted (``Report.community``). Only a report of all communities has the generic network.

    The wall time of each analysis is kept in ``Report.timings`` (seconds, measured with
    ``clock``); everything else depends only on the graph, the date, the rules and the community.
    ``progress(analysis, done, total)`` is called before each analysis of :data:`REPORT_STEPS`
    and once at the end (``done == total``), for a face's progress display.
    """
    return _build_report(G, as_of=as_of, rules=rules, community=community, data_version=data_version, clock=clock,
                         progress=progress)


#: The analyses of a report in the order they run (a report for one community or several has no
#: ``generic_network``): what a progress display counts.
REPORT_STEPS = ("org_coverage", "should_have_org", "branch_size", "member_coverage", "community_scorecard",
                "coverage_suggestions", "key_players", "co_building_network", "cross_sector", "resource_sharing",
                "needs_matching", "reciprocity", "member_engagement", "participation_network", "integration_index",
                "generic_network")


def _build_report(
    G: nx.MultiDiGraph, *, as_of: dt.date, rules: Rules, community: Place, data_version: str,
    clock: Callable[[], float], progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    names = _Names(G)
    timings: dict[str, float] = {}
    results: dict[str, Any] = {}
    steps = REPORT_STEPS if community is None else REPORT_STEPS[:-1]

    def run(key: str, fn: Callable[[], Any]) -> Any:
        if progress is not None:
            progress(key, len(timings), len(steps))
        start = clock()
        results[key] = fn()
        timings[key] = round(clock() - start, 4)
        return results[key]

    # One validity-filtered pass over the graph, passed explicitly to every analysis.
    ties = ties_at(G, as_of)
    kw: dict[str, Any] = {"as_of": as_of, "rules": rules, "community": community, "ties": ties}
    sections = [
        _org_coverage_section(G, names, run("org_coverage", lambda: coverage.org_coverage(G, **kw))),
        _should_have_org_section(names, run("should_have_org", lambda: coverage.should_have_org(G, **kw)), rules),
        _branch_size_section(names, run("branch_size", lambda: coverage.branch_size(G, **kw)), rules),
        _member_section(names, run("member_coverage", lambda: coverage.member_coverage(G, **kw)), rules, ties),
        _scorecard_section(names, run("community_scorecard",
                                      lambda: coverage.community_scorecard(G, as_of=as_of, community=community,
                                                                          ties=ties))),
        _coverage_suggestions_section(
            names, run("coverage_suggestions", lambda: suggestions.coverage_suggestions(G, **kw)),
            run("key_players", lambda: suggestions.key_players(G, **kw))),
        _co_building_section(names, run("co_building_network", lambda: co_building.co_building_network(G, **kw))),
        _cross_sector_section(names, run("cross_sector", lambda: co_building.cross_sector(G, **kw))),
        _resources_section(names, run("resource_sharing", lambda: integration.resource_sharing(G, **kw))),
        _needs_section(names, run("needs_matching", lambda: integration.needs_matching(G, **kw))),
        _reciprocity_section(names, run("reciprocity", lambda: integration.reciprocity(G, **kw))),
        _engagement_section(names, run("member_engagement", lambda: integration.member_engagement(G, **kw))),
    ]
    sections.append(_participation_section(names, run("participation_network",
                                                      lambda: participation.participation_network(G, **kw)), rules))
    # One community or a set of them is a part: ``parts`` (results for every community) and the
    # generic network are the whole's only.
    whole = community is None
    parts = {k: results[k] for k in ("org_coverage", "member_coverage", "resource_sharing", "needs_matching",
                                     "member_engagement")} if whole else None
    sections.append(_index_section(names, run("integration_index", lambda: integration_index(
        G, as_of=as_of, rules=rules, community=community, parts=parts, ties=ties))))
    if whole:
        # A researcher's network (generic nodes and edges): its sections first when it is all the data.
        extra = generic_report.generic_sections(G, run("generic_network", lambda: generic.generic_network(
            G, as_of=as_of, rules=rules, ties=ties)))
        sections = [*extra, *sections] if generic_report.only_generic(G) else [*sections, *extra]
    if progress is not None:
        progress("", len(steps), len(steps))
    return Report(as_of.isoformat(), place_value(community), rules.as_dict(), sections, data_version, timings)


#: The figures a trend follows: (section, figure).
TREND_FIGURES = (("org_coverage", "two_new_org_coverage_rate"), ("org_coverage", "two_new_own_org_rate"),
                 ("org_coverage", "two_new_work_coverage_rate"), ("org_coverage", "org_coverage_rate"),
                 ("org_coverage", "own_org_rate"), ("org_coverage", "work_coverage_rate"), ("should_have_org", "units"),
                 ("member_coverage", "members"),
                 ("member_coverage", "reporting_rate"), ("resource_sharing", "shared_share"),
                 ("needs_matching", "addressed_share"), ("needs_matching", "unmet"),
                 ("member_engagement", "participation_rate"), ("integration_index", "mean_index"))


def trend(
    project: Callable[[dt.date], nx.MultiDiGraph],
    *,
    dates: Iterable[dt.date],
    rules: Rules = _DEFAULT_RULES,
    community: Place = None,
) -> Table:
    """The key figures of :data:`TREND_FIGURES` at each of ``dates`` (one row per date, oldest first).

    ``project(day)`` gives the graph as of ``day`` — a store's ``to_networkx(as_of=day)``, which
    keeps the ties valid then, including those ended since.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("U1", label="Unit", type="private_enterprise")
    >>> G.add_node("P1", label="PartyOrg", kind="branch")
    >>> G.add_edge("P1", "U1", key="ESTABLISHED_IN", type="ESTABLISHED_IN", start=dt.date(2024, 1, 1))
    'ESTABLISHED_IN'
    >>> t = trend(lambda day: G, dates=[dt.date(2025, 1, 1), dt.date(2023, 1, 1)])
    >>> [(row[0], row[1]) for row in t.rows]
    [('2023-01-01', 0.0), ('2025-01-01', 1.0)]
    """
    rows: list[list[Any]] = []
    columns: list[Column] = [Column("as_of", "日期", "date", "date")]
    for day in sorted(set(dates)):
        report = build_report(project(day), as_of=day, rules=rules, community=community)
        row: list[Any] = [day.isoformat()]
        for section_key, figure_key in TREND_FIGURES:
            f = report.section(section_key).figure(figure_key)
            if f.latest_only:  # a past date cannot know it: never in a trend
                raise AssertionError(f"{section_key}.{figure_key} is known for the latest data only")
            if len(columns) <= len(TREND_FIGURES):
                columns.append(Column(f"{section_key}.{figure_key}", f.zh, f.en, f.kind))
            row.append(f.value)
        rows.append(row)
    return Table("trend", "趋势", "trend", tuple(columns), rows)


def trend_section(table: Table) -> Section:
    """A :func:`trend` table as a report section, with the note on what a trend leaves out."""
    return Section("trend", "趋势", "trend", [Figure("dates", "日期数", "dates", len(table.rows))], [table],
                   ["失联党员、联系时间不详与未纳入服务站的流动党员只据最新数据（花名册只记最近一次联系和当前服务站），"
                    "无法回溯到过去的日期，不列入趋势。需求是否满足按回应活动的日期回溯；已认领或已完成却无回应活动的需求，"
                    "以及党员类别（在职、流动），按最新记录计。"],
                   ["Members out of contact, with contact unknown and floating members without a station rest on "
                    "the latest data only (the roster keeps the last contact and the current station): a past date "
                    "cannot know them, so trends leave them out. Whether a need was met is read from the dates of "
                    "the activities that address it; a need claimed or done with no addressing activity, and a "
                    "member's category (in service, floating), count as recorded now."])
