"""Seeded Chinese text, dates and numbers for the demo web farm.

Everything here is a pure function of its arguments: the same (seed, host, key) always gives the same
title, paragraph or timestamp, so pages can be generated on demand and never stored.
"""

from __future__ import annotations

import hashlib
import logging
import random
from datetime import date, datetime, time, timedelta

logger = logging.getLogger(__name__)

# The farm's reference day ("today", the inspection's --as-of) and its "now": the newest article of a busy column is
# published on this day, six days before the reference day, at 17:30.
DEFAULT_TODAY = date(2026, 11, 26)
NOW_LAG = timedelta(days=6)
NOW_TIME = time(17, 30)


def farm_now(today: date) -> datetime:
    """The farm's "now" for a reference day: `today` − 6 days at 17:30."""
    return datetime.combine(today - NOW_LAG, NOW_TIME)


FARM_NOW = farm_now(DEFAULT_TODAY)  # the default farm's "now" (2026-11-20 17:30)

TOPICS: tuple[str, ...] = (
    "安全生产", "森林防火", "乡村振兴", "优化营商环境", "防汛抗旱", "秋冬季农业生产", "招商引资",
    "文明城市创建", "生态环境保护", "就业创业", "义务教育", "医疗保障", "农村人居环境整治",
    "重点项目建设", "耕地保护", "双招双引", "食品安全", "消防安全", "民生实事", "河湖长制",
    "城市更新", "老旧小区改造", "社会救助", "冬春季火灾防控", "粮食安全", "中小企业纾困",
    "数字政府建设", "政务公开", "“六稳六保”", "根治欠薪",
)

_NEWS = (
    "{region}召开{topic}工作推进会",
    "{region}主要负责同志调研{topic}工作",
    "{region}{topic}工作取得阶段性成效",
    "{region}部署{year}年{topic}重点任务",
    "{region}政府常务会议研究{topic}等工作",
    "{region}开展{topic}专项督查",
    "省督导组来{region}检查{topic}工作",
    "{region}举行{topic}集中签约活动",
)
_NOTICE = (
    "关于开展{topic}专项检查的通知",
    "关于做好{year}年{topic}工作的通知",
    "关于{topic}有关事项的公告",
    "{region}{year}年{topic}项目公示",
    "关于征求《{region}{topic}实施方案（征求意见稿）》意见的公告",
    "关于{year}年{topic}资金分配情况的公示",
)
_POLICY = (
    "{region}人民政府关于印发《{region}{topic}实施方案》的通知",
    "{region}人民政府办公室关于进一步加强{topic}工作的意见",
    "关于印发《{region}{topic}管理办法》的通知",
    "{region}人民政府关于{topic}的决定",
    "{region}人民政府办公室关于印发{region}{year}年{topic}工作要点的通知",
)
_INTERPRETATION = (
    "《{region}{topic}实施方案》政策解读",
    "图解：{region}关于进一步加强{topic}工作的意见",
    "一图读懂《{region}{topic}管理办法》",
    "《关于做好{year}年{topic}工作的通知》解读",
)
TEMPLATES: dict[str, tuple[str, ...]] = {
    "news": _NEWS,
    "notice": _NOTICE,
    "policy": _POLICY,
    "interpretation": _INTERPRETATION,
}

_SENTENCES = (
    "会议强调，要坚持以人民为中心的发展思想，切实把{topic}各项任务落到实处。",
    "各地各部门要进一步压实责任，细化措施，确保{topic}工作取得实效。",
    "{region}将{topic}纳入年度目标考核，定期通报工作进展情况。",
    "要坚持问题导向，聚焦群众反映强烈的突出问题，建立问题清单、任务清单、责任清单。",
    "截至目前，{region}已累计完成{topic}相关投资{money}亿元，惠及群众{people}万人。",
    "下一步，{region}将持续深化{topic}，推动各项政策措施落地见效。",
    "各乡镇（街道）、各有关部门要加强统筹协调，形成工作合力。",
    "要严格落实信息报送制度，重要情况及时报告。",
    "本文件自印发之日起施行，有效期五年。",
    "请各单位结合实际，认真贯彻执行。",
)


def rng(*parts: object) -> random.Random:
    """A random generator seeded by the parts (string seeding is stable across processes)."""
    return random.Random("\x1f".join(str(p) for p in parts))


def stable_hex(*parts: object, length: int = 32) -> str:
    """Upper-case hex digest of the parts, cut to `length` characters."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length].upper()


def title(kind: str, region: str, r: random.Random, year: int) -> str:
    """One plausible title for an item of a column of the given kind."""
    template = r.choice(TEMPLATES.get(kind, _NEWS))
    return template.format(region=region, topic=r.choice(TOPICS), year=year)


def paragraphs(region: str, r: random.Random, count: int = 4) -> list[str]:
    """A few paragraphs of body text."""
    out = []
    for _ in range(count):
        sentences = r.sample(_SENTENCES, 3)
        text = "".join(
            s.format(region=region, topic=r.choice(TOPICS), money=r.randint(2, 90), people=r.randint(1, 60))
            for s in sentences
        )
        out.append(text)
    return out


def published_at(seed: int, host: str, key: str, index: int, gap_hours: int, offset_hours: int,
                 now: datetime = FARM_NOW) -> datetime:
    """Publication time of item `index` of a list, newest first (index 0 is the newest).

    Monotonic in `index`: item i is published between offset + i*gap and offset + (i+1)*gap hours
    before `now` (the farm's "now", see `farm_now`), so no list needs to be materialised to know any item's date.
    """
    gap = max(1, gap_hours)
    r = rng(seed, host, key, index, "when")
    hours = offset_hours + index * gap + r.randrange(gap)
    moment = now - timedelta(hours=hours)
    return moment.replace(minute=r.randrange(60), second=0, microsecond=0)


def fmt_date(moment: datetime, style: str) -> str:
    """A date in one of the list-page styles seen on real sites."""
    if style == "iso":
        return moment.strftime("%Y-%m-%d")
    if style == "slash":
        return moment.strftime("%Y/%m/%d")
    if style == "dot":
        return moment.strftime("%Y.%m.%d")
    if style == "cn":
        return f"{moment.year}年{moment.month}月{moment.day}日"
    if style == "bracket":
        return moment.strftime("[%m-%d]")
    if style == "short":
        return moment.strftime("%y-%m-%d")
    raise ValueError(f"unknown date style {style!r}")
