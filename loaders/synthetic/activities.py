"""The three lists (三张清单): resources units offer, needs communities raise, and the activities
(projects) that answer them, with the members who take part and their hours.

Planted: two open needs with a resource of their category offered in their community, two
needs of the scarce category (其他) raised where neither the community nor its neighbours
offer one, and no activity for any open need.
"""

from __future__ import annotations

import datetime as dt

from graph.model import NeedStatus, ResourceCategory, UnitType
from loaders.synthetic.names import cn_numeral
from loaders.synthetic.street import FIRST_DATE, LAST_DATE, Member, Street

R = ResourceCategory
RESOURCE_OPTIONS: dict[UnitType, tuple[tuple[ResourceCategory, str], ...]] = {
    UnitType.GOVERNMENT: ((R.VENUE, "会议室"), (R.VOLUNTEER, "党员志愿服务队"), (R.PROFESSIONAL, "政策咨询服务"), (R.FACILITY, "停车场")),
    UnitType.PUBLIC_INSTITUTION: ((R.VENUE, "多功能厅"), (R.FACILITY, "图书阅览室"), (R.PROFESSIONAL, "公益培训课程"), (R.VOLUNTEER, "志愿服务队")),
    UnitType.SOE: ((R.FUNDS, "共建专项资金"), (R.VENUE, "职工活动中心"), (R.VOLUNTEER, "青年志愿服务队"), (R.PROFESSIONAL, "金融知识讲座")),
    UnitType.SCHOOL: ((R.VENUE, "操场"), (R.VENUE, "报告厅"), (R.FACILITY, "图书室"), (R.PROFESSIONAL, "课业辅导")),
    UnitType.HOSPITAL: ((R.PROFESSIONAL, "义诊服务"), (R.PROFESSIONAL, "健康讲座"), (R.VOLUNTEER, "医护志愿服务队")),
    UnitType.PRIVATE_ENTERPRISE: ((R.FUNDS, "公益捐助资金"), (R.VOLUNTEER, "员工志愿服务队"), (R.PROFESSIONAL, "专业技术服务"), (R.OTHER, "爱心物资")),
    UnitType.SOCIAL_ORG: ((R.PROFESSIONAL, "社工服务"), (R.VOLUNTEER, "志愿者队伍"), (R.PROFESSIONAL, "心理咨询服务")),
    UnitType.RESIDENTS_COMMITTEE: ((R.VENUE, "党群服务中心活动室"), (R.FACILITY, "社区图书角")),
    UnitType.PROPERTY_COMPANY: ((R.FACILITY, "维修工具"), (R.VENUE, "物业活动室"), (R.VOLUNTEER, "红色物业服务队")),
    UnitType.OWNERS_COMMITTEE: (),
    UnitType.OTHER: ((R.VENUE, "公共活动区"), (R.OTHER, "场地赞助")),
}
CAPACITY = {R.VENUE: (20, 300), R.FACILITY: (10, 100), R.VOLUNTEER: (5, 50), R.FUNDS: (1, 20),
            R.PROFESSIONAL: (5, 30), R.OTHER: (10, 200)}
NEED_TEXTS: dict[ResourceCategory, tuple[str, ...]] = {
    R.VENUE: ("老年活动室场地紧张", "儿童课后托管场地", "党员活动阵地改造", "居民议事场所"),
    R.FACILITY: ("小区健身器材更新", "楼道照明维修", "电动车充电设施", "老旧小区加装电梯协调", "无障碍设施改造"),
    R.VOLUNTEER: ("独居老人定期探访", "垃圾分类督导志愿者", "小区巡逻志愿者", "疫苗接种引导志愿者"),
    R.FUNDS: ("困难家庭帮扶资金", "老旧小区改造配套资金", "社区助学金"),
    R.PROFESSIONAL: ("法律咨询服务", "老年人健康义诊", "青少年心理辅导", "家电维修服务", "智能手机使用培训"),
    R.OTHER: ("便民理发服务", "菜市场周边秩序整治", "流浪猫狗管理"),
}
NEED_WEIGHTS = {R.VENUE: 3, R.FACILITY: 3, R.VOLUNTEER: 4, R.FUNDS: 1, R.PROFESSIONAL: 4, R.OTHER: 1}
# (activity category, theme, need category it answers, skills it uses)
THEMES: tuple[tuple[str, str, ResourceCategory, tuple[str, ...]], ...] = (
    ("志愿服务", "党员志愿服务日", R.VOLUNTEER, ("志愿服务组织",)),
    ("主题党日", "主题党日活动", R.OTHER, ("政策宣讲",)),
    ("政策宣讲", "政策宣讲进小区", R.PROFESSIONAL, ("政策宣讲", "法律咨询")),
    ("健康服务", "健康义诊", R.PROFESSIONAL, ("医疗护理",)),
    ("助老服务", "关爱独居老人走访", R.VOLUNTEER, ("医疗护理", "心理疏导")),
    ("环境整治", "楼道环境整治", R.VOLUNTEER, ()),
    ("文化活动", "邻里文化节", R.VENUE, ("文艺表演", "书法绘画", "摄影")),
    ("法律服务", "法律咨询进社区", R.PROFESSIONAL, ("法律咨询",)),
    ("便民服务", "便民维修服务", R.PROFESSIONAL, ("家电维修", "水电维修")),
    ("青少年服务", "四点半课堂", R.VENUE, ("教育辅导",)),
    ("技能培训", "智能手机使用培训", R.FACILITY, ("计算机",)),
    ("安全宣传", "消防安全演练", R.FACILITY, ()),
    ("帮扶救助", "困难家庭帮扶", R.FUNDS, ("财务会计",)),
)
THEMES_BY_NEED: dict[ResourceCategory, list[int]] = {}
for _i, _t in enumerate(THEMES):
    THEMES_BY_NEED.setdefault(_t[2], []).append(_i)
HOURS = (1.5, 2.0, 2.0, 2.5, 3.0, 3.0, 4.0, 8.0)
SCARCE = R.OTHER  # the category the planted "no resource nearby" needs ask for


def add_resources(s: Street) -> None:
    """The resource list: what units offer, and the communities each is shared with."""
    rng = s.rng
    s.shared: dict[int, list[int]] = {c: [] for c in range(len(s.communities))}
    s.resource_cats: list[ResourceCategory] = []
    # Two communities, and their neighbours, get no resource of the scarce category: the
    # planted unmet needs "with no matching resource nearby" are raised there.
    order = list(range(len(s.communities)))
    rng.shuffle(order)
    s.scarce = order[:2]
    blocked = set(s.scarce) | {a for c in s.scarce for a in s.communities[c]["adjacent"]}
    for u in s.units:
        if u.planted == "isolated":
            continue
        t = u.type
        options = [o for o in RESOURCE_OPTIONS[t] if not (o[0] is SCARCE and u.community in blocked)]
        if t in (UnitType.GOVERNMENT, UnitType.PUBLIC_INSTITUTION, UnitType.SOE):
            k = rng.randint(0, 2)
        elif t in (UnitType.SCHOOL, UnitType.HOSPITAL):
            k = rng.randint(1, 2)
        elif t is UnitType.RESIDENTS_COMMITTEE:
            k = 1
        elif t is UnitType.PRIVATE_ENTERPRISE:
            k = 1 if rng.chance(0.15) or u.planted == "unbuilt_uncovered" else 0
        elif t is UnitType.SOCIAL_ORG:
            k = 1 if rng.chance(0.4) else 0
        else:
            k = 1 if rng.chance(0.3) else 0
        for cat, kind in rng.sample(options, min(k, len(options))):
            ri = len(s.rows["resources"])
            shared: list[int] = []
            if t is UnitType.RESIDENTS_COMMITTEE or rng.chance(0.85):
                shared.append(u.community)
                adjacent = [a for a in s.communities[u.community]["adjacent"]
                            if not (cat is SCARCE and a in blocked)]
                if adjacent and rng.chance(0.3):
                    shared.append(rng.choice(adjacent))
            for c in shared:
                s.shared[c].append(ri)
            s.resource_cats.append(cat)
            lo, hi = CAPACITY[cat]
            s.rows["resources"].append({"id": f"{s.px}R{ri + 1:05d}", "name": f"{u.name}{kind}",
                                        "category": cat, "capacity": rng.randint(lo, hi), "unit": u.idx,
                                        "shared_with": shared})
            s.ties.add(u.idx)


def add_needs_and_activities(s: Street) -> None:
    """The needs list and the project list of every community, with who took part."""
    rng = s.rng
    cats = list(NEED_WEIGHTS)
    weights = list(NEED_WEIGHTS.values())
    names: set[str] = set()

    def need(c: int, cat: ResourceCategory, status: NeedStatus, raised: dt.date) -> int:
        text = rng.choice(NEED_TEXTS[cat])
        name = f"{s.cname(c)}{text}"
        if name in names:
            name = f"{name}（{raised.year}年）"
        k = 2
        while name in names:
            name, k = f"{s.cname(c)}{text}（{raised.year}年第{cn_numeral(k)}批）", k + 1
        names.add(name)
        ni = len(s.rows["needs"])
        s.rows["needs"].append({"id": f"{s.px}N{ni + 1:05d}", "name": name, "category": cat,
                                "status": status, "raised_on": raised, "community": c})
        return ni

    # Planted open needs: two with a matching resource in the community, two with none near it.
    order = list(range(len(s.communities)))
    rng.shuffle(order)
    with_res = [(c, cat) for c in order for cat in cats
                if any(s.rows["resources"][r]["category"] is cat and s.units[s.rows["resources"][r]["unit"]].community == c
                       for r in s.shared[c])]
    used_c: list[int] = []
    for c, cat in with_res:
        if c not in used_c and len(used_c) < 2:
            used_c.append(c)
            s.open_needs["with"].append(need(c, cat, NeedStatus.OPEN, rng.date(dt.date(2026, 3, 1), dt.date(2026, 9, 30))))
    for c in s.scarce:
        s.open_needs["without"].append(need(c, SCARCE, NeedStatus.OPEN, rng.date(dt.date(2026, 3, 1), dt.date(2026, 9, 30))))

    act_names: set[str] = set()
    last = len(s.communities) - 1
    for c in range(len(s.communities)):
        plans: list[tuple[int, int | None, dt.date]] = []  # (theme, need, date)
        for _ in range(rng.randint(5, 9)):
            cat = rng.choices(cats, weights)[0]
            status = NeedStatus.DONE if rng.chance(0.62) else NeedStatus.CLAIMED
            raised = rng.date(FIRST_DATE, dt.date(2026, 8, 31))
            ni = need(c, cat, status, raised)
            theme = rng.choice(THEMES_BY_NEED.get(cat) or range(len(THEMES)))
            plans.append((theme, ni, min(LAST_DATE, raised + dt.timedelta(days=rng.randint(7, 120)))))
        for _ in range(rng.randint(12, 17)):
            plans.append((rng.randrange(len(THEMES)), None, rng.date(FIRST_DATE, LAST_DATE)))
        locals_ = [u for u in s.units if u.community == c and not u.planted
                   and u.type not in (UnitType.OWNERS_COMMITTEE,)]
        residents = [m for m in s.members if m.residence == c and m.active]
        by_skill: dict[str, list[Member]] = {}
        for m in residents:
            for skill in m.skills:
                by_skill.setdefault(skill, []).append(m)
        for theme, ni, date in plans:
            category, title, cat, skills = THEMES[theme]
            name = f"{s.cname(c)}{date.year}年{title}"
            k = 2
            while name in act_names:
                name, k = f"{s.cname(c)}{date.year}年{title}（第{cn_numeral(k)}期）", k + 1
            act_names.add(name)
            organizers: list[tuple[str, int]] = []
            r = rng.random()
            if c == last or r < 0.5 or not locals_:
                organizers.append(("org", s.community_org[c]))
            else:
                u = rng.choice(locals_)
                who = ("org", u.org) if u.org is not None and rng.chance(0.5) else ("unit", u.idx)
                organizers = [who] if r > 0.85 else [("org", s.community_org[c]), who]
                s.ties.add(u.idx)
            used: list[int] = []
            pool = s.shared[c]
            if pool and rng.chance(0.4):
                matching = [x for x in pool if s.resource_cats[x] is cat] or pool
                used = sorted(set(rng.sample(matching, min(len(matching), rng.randint(1, 2)))))
            hours = rng.choice(HOURS)
            ai = len(s.rows["activities"])
            aid = f"{s.px}A{ai + 1:05d}"
            s.rows["activities"].append({"id": aid, "name": name, "category": category, "date": date,
                                         "hours": hours, "organizers": organizers,
                                         "needs": [] if ni is None else [ni], "resources": used})
            if not residents:
                continue
            k = min(len(residents), rng.randint(12, 48))
            chosen = rng.sample(residents, k)
            for skill in skills:
                fit = by_skill.get(skill, [])
                chosen += rng.sample(fit, min(len(fit), 2))
            seen: set[int] = set()
            for m in chosen:
                if id(m) in seen:
                    continue
                seen.add(id(m))
                h = hours if rng.chance(0.8) else max(0.5, hours - rng.choice((0.5, 1.0)))
                s.rows["participation"].append({"member": m, "activity": aid, "hours": h})
