"""Names: person names from Faker (``zh_CN``), every other name composed from word lists.

No name is taken from a real organization; a composed name that happens to exist is a
coincidence. :class:`Context` holds what the streets of one dataset share: the person-name
pools and the names already given, so that no two units, communities or streets share one.

Examples
--------
>>> cn_numeral(1), cn_numeral(12), cn_numeral(20)
('一', '十二', '二十')
>>> ctx = Context([], [], with_pii=False)
>>> ctx.unique(lambda: "阳光社区"), ctx.unique(lambda: "阳光社区"), ctx.unique(lambda: "阳光社区")
('阳光社区', '阳光社区（二）', '阳光社区（三）')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

DISTRICTS = (
    "滨江", "江北", "城南", "城北", "高新", "开元", "临湖", "清河", "紫金", "云龙",
    "东湖", "西岭", "南山", "北塘", "经开", "新港", "长安", "永宁", "丰泽", "青云",
)
CITY = "江城"
PLACE_A = "阳翠和新幸光朝青丽金锦春秋桂枫松柳梅兰竹荷景华富康安宁泰瑞祥福盛嘉永长惠佳明清晨"
PLACE_B = "园苑湖桥河山林湾港城坊里庄街门台亭阁泉溪塘岗洲峰源畔庭府居轩馨乐兴和"
STREET_A = "望临观东西南北中新龙凤鹤鹿云天玉宝月星虹江海湘楚汉"
STREET_B = "湖桥山门街路城坊口塘河湾园岭洲港店集"
BRAND_A = "华信恒泰宏博瑞鑫达远兴盛永安创天宇金锦汇中联佳美康昌通润海晨智诚卓越睿"
BRAND_B = "信达通泰源丰盛宇辰航启明德成川科拓诚和润祥瑞安捷远腾飞"
ESTATE_SUFFIX = ("花园", "小区", "苑", "家园", "新村", "公寓", "雅居", "名邸")

PRIVATE_INDUSTRIES = (
    "科技", "信息技术", "网络科技", "电子商务", "建筑工程", "装饰工程", "餐饮管理", "商贸", "物流",
    "文化传媒", "广告", "教育咨询", "健康管理", "医药", "软件", "智能科技", "新能源", "环保科技",
    "机械设备", "食品", "服饰", "酒店管理", "房地产经纪", "家政服务", "汽车服务", "印务", "设计",
    "会计服务", "人力资源", "保安服务",
)
SOCIAL_KINDS = (
    "社会工作服务中心", "志愿者协会", "养老服务中心", "公益发展中心", "青少年服务中心", "文化艺术协会",
    "社区服务社", "慈善协会", "商会", "残疾人服务中心", "家庭教育指导中心", "心理健康服务中心",
)


def cn_numeral(n: int) -> str:
    """``n`` (1 to 99) in Chinese numerals, as in 第十二党支部."""
    digits = "一二三四五六七八九"
    if n < 10:
        return digits[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens - 1]) + "十" + (digits[ones - 1] if ones else "")


@dataclass
class Context:
    """What the streets of one dataset share: person names by gender, whether members get
    synthetic ID and phone numbers, and the names of units, communities and streets given so far."""

    male_names: list[str]
    female_names: list[str]
    with_pii: bool
    used_names: set[str] = field(default_factory=set)

    def unique(self, make: Callable[[], str], tries: int = 40) -> str:
        """A name from ``make`` not used before in this dataset (units, communities, streets)."""
        for _ in range(tries):
            name = make()
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        base, k = make(), 2
        while f"{base}（{cn_numeral(k)}）" in self.used_names:
            k += 1
        name = f"{base}（{cn_numeral(k)}）"
        self.used_names.add(name)
        return name


def name_pools(seed: int, size: int = 1000) -> tuple[list[str], list[str]]:
    """Faker zh_CN person names, ``size`` of each gender (men's, women's), encodable in GBK."""
    from faker import Faker  # slow to import: only when a dataset is made

    fake = Faker("zh_CN")
    fake.seed_instance(seed)

    def pool(make: Callable[[], str]) -> list[str]:
        names: list[str] = []
        while len(names) < size:
            n = make()
            try:
                n.encode("gbk")
            except UnicodeEncodeError:
                continue
            names.append(n)
        return names

    # ``name_male``/``name_female`` of zh_CN mix both genders' given names; compose instead.
    return (pool(lambda: fake.last_name() + fake.first_name_male()),
            pool(lambda: fake.last_name() + fake.first_name_female()))
