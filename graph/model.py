"""The property-graph model of DESIGN.md §3, defined once for every store and loader.

Labels, relationship types and the enumerations each carry a Chinese and an English
label so that faces can show either language. Property schemas say which properties a
node or relationship holds and of which kind; both stores derive their physical schema
from them.

Examples
--------
>>> UnitType.parse("非公有制企业") is UnitType.PRIVATE_ENTERPRISE
True
>>> UnitType.PRIVATE_ENTERPRISE.zh, UnitType.PRIVATE_ENTERPRISE.en
('非公有制企业', 'private enterprise')
>>> RelType.MEMBER_OF.allows(Label.MEMBER, Label.PARTY_ORG)
True
>>> [p.name for p in NODE_PROPERTIES[Label.NEED]]
['id', 'name', 'category', 'status', 'raised_on']
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

PropKind = Literal["str", "int", "float", "date", "list"]


class BilingualEnum(str, Enum):
    """A string enum whose members carry a Chinese and an English label.

    The value is the canonical (English, snake_case) code that stores keep.
    """

    zh: str
    en: str

    def __new__(cls, value: str, zh: str, en: str, *aliases: str) -> BilingualEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.zh = zh
        obj.en = en
        obj.aliases = tuple(aliases)
        return obj

    def __str__(self) -> str:
        return self.value

    def label(self, lang: str = "zh") -> str:
        """The member's label in ``lang`` (``"zh"`` or ``"en"``)."""
        return self.zh if lang == "zh" else self.en

    @classmethod
    def lookup(cls) -> dict[str, BilingualEnum]:
        """Every accepted spelling (code, Chinese, English, aliases), lower-cased, to its member."""
        table: dict[str, BilingualEnum] = {}
        for member in cls:
            for text in (member.value, member.zh, member.en, *member.aliases):
                table[text.strip().lower()] = member
        return table

    @classmethod
    def parse(cls, text: str) -> BilingualEnum:
        """The member spelled ``text`` in any accepted form; ``ValueError`` otherwise."""
        try:
            return cls.lookup()[text.strip().lower()]
        except KeyError:
            raise ValueError(f"{text!r} is not a {cls.__name__}") from None


class Label(BilingualEnum):
    """Node labels."""

    COMMUNITY = "Community", "社区", "community"
    UNIT = "Unit", "单位", "unit"
    PARTY_ORG = "PartyOrg", "党组织", "party organization"
    MEMBER = "Member", "党员", "party member"
    RESOURCE = "Resource", "资源", "resource"
    NEED = "Need", "需求", "need"
    ACTIVITY = "Activity", "活动/项目", "activity or project"
    NODE = "Node", "节点", "generic node"


class UnitType(BilingualEnum):
    """Unit types (DESIGN.md §3)."""

    GOVERNMENT = "government", "党政机关", "government agency", "机关", "政府机关"
    PUBLIC_INSTITUTION = "public_institution", "事业单位", "public institution"
    SOE = "soe", "国有企业", "state-owned enterprise", "国企", "国有"
    PRIVATE_ENTERPRISE = (
        "private_enterprise", "非公有制企业", "private enterprise", "非公企业", "民营企业", "私营企业",
    )
    SOCIAL_ORG = "social_org", "社会组织", "social organization"
    SCHOOL = "school", "学校", "school"
    HOSPITAL = "hospital", "医院", "hospital", "医疗机构"
    RESIDENTS_COMMITTEE = "residents_committee", "居委会", "residents' committee", "居民委员会"
    PROPERTY_COMPANY = "property_company", "物业公司", "property management company", "物业"
    OWNERS_COMMITTEE = "owners_committee", "业委会", "owners' committee", "业主委员会"
    OTHER = "other", "其他", "other"


class OrgKind(BilingualEnum):
    """Kinds of party organization."""

    COMMITTEE = "committee", "党委", "party committee", "党委员会"
    GENERAL_BRANCH = "general_branch", "党总支", "general branch", "总支"
    BRANCH = "branch", "党支部", "branch", "支部"
    JOINT_BRANCH = "joint_branch", "联合党支部", "joint branch", "联合支部"
    GROUP = "group", "党小组", "party group"


class MemberStatus(BilingualEnum):
    """正式 (full) or 预备 (probationary) membership."""

    FULL = "full", "正式", "full member", "正式党员"
    PROBATIONARY = "probationary", "预备", "probationary member", "预备党员"


class MemberCategory(BilingualEnum):
    """Where a member stands in working life."""

    IN_SERVICE = "in_service", "在职", "in service", "在职党员"
    RETIRED = "retired", "离退休", "retired", "退休", "离休", "离退休党员"
    FLOATING = "floating", "流动", "floating", "流动党员"
    OTHER = "other", "其他", "other"


class Gender(BilingualEnum):
    """Gender as recorded in the roster or derived from the ID number."""

    MALE = "male", "男", "male", "m"
    FEMALE = "female", "女", "female", "f"


class ResourceCategory(BilingualEnum):
    """Categories of resources and of needs (the two lists match on this)."""

    VENUE = "venue", "场地", "venue", "场所", "活动场地"
    FACILITY = "facility", "设施", "facility", "设备"
    VOLUNTEER = "volunteer", "志愿服务", "volunteer service", "志愿者"
    FUNDS = "funds", "资金", "funds", "经费"
    PROFESSIONAL = "professional", "专业服务", "professional service", "专业"
    OTHER = "other", "其他", "other"


class NeedStatus(BilingualEnum):
    """Life cycle of a need on the needs list."""

    OPEN = "open", "待认领", "open", "未认领", "未解决"
    CLAIMED = "claimed", "已认领", "claimed", "办理中"
    DONE = "done", "已完成", "done", "已解决", "完成"


class PairingRole(BilingualEnum):
    """Roles of a PAIRED_WITH tie."""

    INSTRUCTOR = "instructor", "党建指导员", "party-building instructor", "指导员"
    LIAISON = "liaison", "联络员", "liaison"
    PAIRING = "pairing", "结对", "pairing", "结对共建", "结对帮扶"


class SeatRole(BilingualEnum):
    """Roles of a SITS_ON tie."""

    JOINT_MEETING = "joint_meeting", "联席会议成员", "joint-meeting member", "联席会议", "联席会议成员单位"
    PART_TIME_MEMBER = "part_time_member", "兼职委员", "part-time committee member"


@dataclass(frozen=True)
class Prop:
    """One property: its name and kind; ``enum`` names the allowed values for strings."""

    name: str
    kind: PropKind = "str"
    enum: type[BilingualEnum] | None = None


_ID_NAME = (Prop("id"), Prop("name"))

NODE_PROPERTIES: dict[Label, tuple[Prop, ...]] = {
    Label.COMMUNITY: (
        *_ID_NAME, Prop("street"), Prop("district"), Prop("lat", "float"), Prop("lon", "float"),
        Prop("adjacent", "list"),
    ),
    Label.UNIT: (
        *_ID_NAME, Prop("type", enum=UnitType), Prop("employees", "int"), Prop("community"),
    ),
    Label.PARTY_ORG: (
        *_ID_NAME, Prop("kind", enum=OrgKind), Prop("community"), Prop("established", "date"),
    ),
    Label.MEMBER: (
        *_ID_NAME, Prop("gender", enum=Gender), Prop("birth_year", "int"), Prop("join_date", "date"),
        Prop("status", enum=MemberStatus), Prop("category", enum=MemberCategory),
        Prop("skills", "list"), Prop("last_contact", "date"), Prop("employer_name"), Prop("station"),
        Prop("roster_id"),
    ),
    Label.RESOURCE: (
        *_ID_NAME, Prop("category", enum=ResourceCategory), Prop("capacity", "int"),
    ),
    Label.NEED: (
        *_ID_NAME, Prop("category", enum=ResourceCategory), Prop("status", enum=NeedStatus),
        Prop("raised_on", "date"),
    ),
    Label.ACTIVITY: (
        *_ID_NAME, Prop("category"), Prop("date", "date"), Prop("hours", "float"),
    ),
    # A generic node may exist for a while only (a firm founded, a club dissolved): analyses at
    # a date see the nodes whose [start, end) holds it, as for relationships.
    Label.NODE: (*_ID_NAME, Prop("type"), Prop("start", "date"), Prop("end", "date")),
}

M, O, U, C = Label.MEMBER, Label.PARTY_ORG, Label.UNIT, Label.COMMUNITY


class RelType(BilingualEnum):
    """Relationship types (DESIGN.md §3)."""

    MEMBER_OF = "MEMBER_OF", "所属党组织", "member of"
    WORKS_AT = "WORKS_AT", "工作单位", "works at"
    RESIDES_IN = "RESIDES_IN", "居住社区", "resides in"
    REPORTED_TO = "REPORTED_TO", "报到", "reported to"
    SUBORDINATE_TO = "SUBORDINATE_TO", "上级党组织", "subordinate to"
    ESTABLISHED_IN = "ESTABLISHED_IN", "单独组建", "established in"
    COVERS = "COVERS", "联合组建覆盖", "covers"
    LOCATED_IN = "LOCATED_IN", "所在社区", "located in"
    CO_BUILDS = "CO_BUILDS", "共建", "co-builds with"
    OFFERS = "OFFERS", "提供资源", "offers"
    SHARED_WITH = "SHARED_WITH", "开放共享", "shared with"
    RAISED_IN = "RAISED_IN", "提出需求", "raised in"
    ORGANIZED = "ORGANIZED", "组织活动", "organized"
    ADDRESSES = "ADDRESSES", "回应需求", "addresses"
    USES = "USES", "使用资源", "uses"
    PARTICIPATED_IN = "PARTICIPATED_IN", "参与活动", "participated in"
    PAIRED_WITH = "PAIRED_WITH", "结对/指导", "paired with"
    SITS_ON = "SITS_ON", "联席会议/兼职委员", "sits on"
    LINKED_TO = "LINKED_TO", "关联", "linked to"

    def allows(self, source: Label, target: Label) -> bool:
        """Whether a relationship of this type may go from ``source`` to ``target``."""
        sources, targets = ENDPOINTS[self]
        return source in sources and target in targets

    @property
    def exclusive(self) -> bool:
        """Whether a source holds at most one valid relationship of this type at a time.

        A member's organizational relationship (组织关系) is in exactly one party
        organization, and a member has one employer and one residence on the roster;
        loading a newer roster that moves the member ends the old tie.
        """
        return self in (RelType.MEMBER_OF, RelType.WORKS_AT, RelType.RESIDES_IN)


ENDPOINTS: dict[RelType, tuple[frozenset[Label], frozenset[Label]]] = {
    RelType.MEMBER_OF: (frozenset({M}), frozenset({O})),
    RelType.WORKS_AT: (frozenset({M}), frozenset({U})),
    RelType.RESIDES_IN: (frozenset({M}), frozenset({C})),
    RelType.REPORTED_TO: (frozenset({M, O}), frozenset({C})),
    RelType.SUBORDINATE_TO: (frozenset({O}), frozenset({O})),
    RelType.ESTABLISHED_IN: (frozenset({O}), frozenset({U})),
    RelType.COVERS: (frozenset({O}), frozenset({U})),
    RelType.LOCATED_IN: (frozenset({U, O}), frozenset({C})),
    RelType.CO_BUILDS: (frozenset({O}), frozenset({U, O})),
    RelType.OFFERS: (frozenset({U}), frozenset({Label.RESOURCE})),
    RelType.SHARED_WITH: (frozenset({Label.RESOURCE}), frozenset({C})),
    RelType.RAISED_IN: (frozenset({Label.NEED}), frozenset({C})),
    RelType.ORGANIZED: (frozenset({O, U}), frozenset({Label.ACTIVITY})),
    RelType.ADDRESSES: (frozenset({Label.ACTIVITY}), frozenset({Label.NEED})),
    RelType.USES: (frozenset({Label.ACTIVITY}), frozenset({Label.RESOURCE})),
    RelType.PARTICIPATED_IN: (frozenset({M}), frozenset({Label.ACTIVITY})),
    RelType.PAIRED_WITH: (frozenset({M, O}), frozenset({U, O, C})),
    RelType.SITS_ON: (frozenset({U}), frozenset({C})),
    RelType.LINKED_TO: (frozenset(Label), frozenset(Label)),
}

_VALIDITY = (Prop("start", "date"), Prop("end", "date"))

REL_PROPERTIES: dict[RelType, tuple[Prop, ...]] = {t: _VALIDITY for t in RelType}
REL_PROPERTIES[RelType.CO_BUILDS] = (*_VALIDITY, Prop("kind"))
REL_PROPERTIES[RelType.PARTICIPATED_IN] = (*_VALIDITY, Prop("hours", "float"))
REL_PROPERTIES[RelType.PAIRED_WITH] = (*_VALIDITY, Prop("role", enum=PairingRole))
REL_PROPERTIES[RelType.SITS_ON] = (*_VALIDITY, Prop("role", enum=SeatRole))
REL_PROPERTIES[RelType.LINKED_TO] = (*_VALIDITY, Prop("weight", "float"))

#: Columns every relationship row carries besides its properties.
REL_ENDPOINT_COLUMNS = ("src", "src_label", "dst", "dst_label")
