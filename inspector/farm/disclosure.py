"""The required disclosure columns of the farm's portals: what their lists hold, dated relative to the reference day.

Pure functions of (site, today, seed) that return `Entry` tuples (newest first) for the columns the national
indicators and the 条例 require — 规范性文件 (with the quarterly 备案审查 results), 应急预案, 权责清单, 重大行政决策,
征求意见 notices that state their period, 基层政务公开标准目录, the 六保 专题, 政府公报, 政策解读, the annual
reports — and the messages of a 政务咨询 / 信箱 list (留言时间, 答复时间). Each portal decides the URLs and the
markup; the seeded defects are parameters here (a late report, a short period, an unanswered message).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from inspector.farm import content
from inspector.farm.base import Entry

logger = logging.getLogger(__name__)

QUARTER_NAMES = ("一", "二", "三", "四")
REVIEW_WINDOW = 400  # days: the 备案审查 results listed (the quarters published within this many days)
REASON = ("因该事项须于年底前报省人民政府审定，时间紧急，根据《重大行政决策程序暂行条例》第十五条的规定，"
          "本次征求意见期限缩短为{days}日。")
_DOMAINS = ("城乡规划", "义务教育", "社会救助", "公共法律服务", "就业", "户籍管理", "养老服务", "农村危房改造")
_PLANS = ("突发地质灾害", "森林火灾", "防汛抗旱", "突发公共卫生事件", "重污染天气", "安全生产事故灾难")
_ASKS = ("孩子入学报名时间", "老旧小区改造进度", "医保异地报销", "农村危房改造补助", "公租房申请条件", "公交线路调整",
         "社保卡补办", "路灯维修")


def at(today: date, days: int, hour: int = 9, minute: int = 30) -> datetime:
    """A moment `days` days before `today`."""
    return datetime.combine(today - timedelta(days=days), time(hour, minute))


def cn_date(day: date) -> str:
    """2026年10月1日 (no leading zeros), the way notices write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def _newest_first(entries: list[Entry]) -> tuple[Entry, ...]:
    pinned = [e for e in entries if e.pinned]
    rest = sorted((e for e in entries if not e.pinned), key=lambda e: e.when, reverse=True)
    return tuple(pinned + rest)


def _topic(*key: object) -> str:
    return content.rng(*key).choice(content.TOPICS).strip("“”")


# -- 规范性文件 and the quarterly 备案审查 results ---------------------------------------------------------
def review_quarters(today: date) -> list[tuple[int, int, date]]:
    """(year, quarter, publication day) of the 备案审查 results listed on `today`: one per quarter, published on
    the 25th of the quarter's last month, within the last REVIEW_WINDOW days and never after `today`."""
    out = []
    for year in (today.year - 1, today.year):
        for quarter in range(1, 5):
            day = date(year, 3 * quarter, 25)
            if today - timedelta(days=REVIEW_WINDOW) <= day <= today:
                out.append((year, quarter, day))
    return out


def normative(org: str, region: str, today: date, seed: int, abbr: str) -> tuple[Entry, ...]:
    """Three 规范性文件 (9, 47 and 103 days old) and the quarterly 备案审查 results."""
    entries = []
    for n, days in enumerate((9, 47, 103)):
        when = at(today, days, 10, 15 + n)
        topic = _topic(seed, org, "gfxwj", n)
        title = (f"{org}关于印发《{region}{topic}管理办法》的通知" if n != 1
                 else f"{org}关于进一步规范{topic}工作的通知")
        text = (f"<p>文号：{abbr}规〔{when.year}〕{n + 3}号　成文日期：{cn_date((when - timedelta(days=3)).date())}"
                "　有效性：有效</p>")
        entries.append(Entry(title, when, text))
    for year, quarter, day in review_quarters(today):
        q = QUARTER_NAMES[quarter - 1]
        text = (f"<p>根据《湖北省行政规范性文件管理办法》，现将{org}{year}年第{q}季度行政规范性文件备案审查情况公布如下："
                f"本季度共报送备案规范性文件{3 + quarter}件，经审查，予以备案{3 + quarter}件。</p>")
        entries.append(Entry(f"{org}{year}年第{q}季度规范性文件备案审查情况", datetime.combine(day, time(16, 0)), text))
    return _newest_first(entries)


# -- other statutory columns ------------------------------------------------------------------------------
def emergency_plans(region: str, today: date, seed: int) -> tuple[Entry, ...]:
    r = content.rng(seed, region, "yjya")
    plans = r.sample(_PLANS, 3)
    return _newest_first([Entry(f"{region}{p}应急预案", at(today, days, 15, 0))
                          for p, days in zip(plans, (13, 61, 142), strict=True)])


def power_list(org: str, today: date) -> tuple[Entry, ...]:
    newest, older = at(today, 26, 11), at(today, 190, 11)
    return _newest_first([Entry(f"{org}权责清单（{newest.year}年版）", newest),
                          Entry(f"{org}权责清单动态调整情况说明", older)])


def decisions(region: str, today: date, seed: int) -> tuple[Entry, ...]:
    catalogue = at(today, 250, 10)
    one, two = _topic(seed, region, "zdjc", 1), _topic(seed, region, "zdjc", 2)
    return _newest_first([
        Entry(f"关于《{region}{one}三年行动方案》重大行政决策事项的公示", at(today, 18, 10)),
        Entry(f"{region}{two}重大行政决策结果公开", at(today, 64, 10)),
        Entry(f"{region}{catalogue.year}年度重大行政决策事项目录", catalogue),
    ])


@dataclass(frozen=True, slots=True)
class Notice:
    """A 征求意见 notice: published `days` days before today, open for `period` days from that day."""

    days: int
    period: int
    reason: bool = False


def notice_text(start: date, period: int, reason: bool, region: str) -> str:
    end = start + timedelta(days=period - 1)
    parts = [f"<p>为提高决策的科学性和透明度，现将草案全文公布，公开征求社会各界意见。征求意见时间为{cn_date(start)}至"
             f"{cn_date(end)}。</p>"]
    if reason:
        parts.append(f"<p>{REASON.format(days=period)}</p>")
    parts.append(f"<p>有关单位和个人可通过电子邮件或信函方式向{region}司法局提出意见，信函请注明“征求意见”字样。</p>")
    return "".join(parts)


STANDARD_NOTICES = (Notice(11, 31), Notice(52, 30), Notice(96, 33))


def consultations(region: str, today: date, seed: int, notices: tuple[Notice, ...] = STANDARD_NOTICES
                  ) -> tuple[Entry, ...]:
    """征求意见 notices (title 关于《…（征求意见稿）》公开征求意见的公告), each stating its period."""
    entries = []
    for n, notice in enumerate(notices):
        when = at(today, notice.days, 16, 20 + n)
        topic = _topic(seed, region, "zqyj", n)
        title = f"关于《{region}{topic}实施方案（征求意见稿）》公开征求意见的公告"
        entries.append(Entry(title, when, notice_text(when.date(), notice.period, notice.reason, region)))
    return _newest_first(entries)


def grassroots(region: str, today: date, seed: int) -> tuple[Entry, ...]:
    domains = content.rng(seed, region, "jcgk").sample(_DOMAINS, 3)
    return _newest_first([Entry(f"{region}{d}领域基层政务公开标准目录", at(today, days, 10))
                          for d, days in zip(domains, (34, 120, 300), strict=True)])


def liubao(region: str, today: date) -> tuple[Entry, ...]:
    latest = at(today, 51, 9)
    return _newest_first([
        Entry(f"{region}出台稳就业保民生若干措施", at(today, 6, 9)),
        Entry(f"{region}全力保市场主体　推动中小企业纾困解难", at(today, 23, 9)),
        Entry(f"{region}{latest.year}年“六稳”“六保”工作推进情况通报", latest),
    ])


def interpretations(region: str, today: date, seed: int) -> tuple[Entry, ...]:
    out = []
    for n, days in enumerate((8, 40, 95)):
        topic = _topic(seed, region, "zcjd", n)
        out.append(Entry(f"《{region}{topic}实施方案》政策解读", at(today, days, 14, 10 + n)))
    return _newest_first(out)


def gazette(org: str, today: date, issues: int = 6) -> tuple[Entry, ...]:
    """Monthly issues of the 政府公报, published on the 10th (the issues of the last `issues` months)."""
    out = []
    year, month = today.year, today.month
    while len(out) < issues:
        day = date(year, month, 10)
        if day <= today:
            out.append(Entry(f"{org}公报{year}年第{month}期", datetime.combine(day, time(9, 0))))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return tuple(out)


def annual_reports(org: str, today: date, *, department: bool = False, late: bool = False,
                   years: int = 3) -> tuple[Entry, ...]:
    """X{year}年政府信息公开工作年度报告 for the `years` years before today's year, each published in January
    (departments, deadline 31 Jan) or March (governments, deadline 31 Mar) of the next year; `late`: the latest
    one on 12 May instead. Reports not yet published on `today` are left out."""
    out = []
    for year in range(today.year - 1, today.year - 1 - years, -1):
        day = date(year + 1, 1, 20) if department else date(year + 1, 3, 12 + year % 7)
        if late and year == today.year - 1:
            day = date(year + 1, 5, 12)
        if day <= today:
            out.append(Entry(f"{org}{year}年政府信息公开工作年度报告", datetime.combine(day, time(15, 30))))
    return tuple(out)


def stale(region: str, kind: str, today: date, seed: int, newest: int, count: int = 3,
          spacing: int = 9) -> tuple[Entry, ...]:
    """A column last updated `newest` days ago (items `spacing` days apart), titles of the kind's templates."""
    out = []
    for n in range(count):
        when = at(today, newest + n * spacing, 10, 5 * n)
        r = content.rng(seed, region, kind, newest, n)
        out.append(Entry(content.title(kind, region, r, when.year), when))
    return tuple(out)


# -- 互动交流: messages -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Message:
    """One published message of a 政务咨询 / 信箱 list; `answered` None = not answered yet."""

    number: int
    title: str
    asked: datetime
    answered: datetime | None
    unit: str

    @property
    def status(self) -> str:
        return "已回复" if self.answered is not None else "未回复"


def messages(region: str, today: date, seed: int, *, unit: str, unanswered: int | None = None,
             pending: int | None = None) -> tuple[Message, ...]:
    """Four answered messages (asked 9–83 days ago, answered within a week); `unanswered`: one more asked that
    many days ago and never answered; `pending`: one more asked that many days ago, not answered yet."""
    r = content.rng(seed, region, "messages")
    asks = r.sample(_ASKS, 6)
    plan = [(9, 3), (24, 5), (47, 4), (83, 6)]
    out = []
    for n, (days, after) in enumerate(plan):
        asked = at(today, days, 8 + n, 12)
        out.append(Message(n + 1, f"关于{asks[n]}的咨询", asked, asked + timedelta(days=after, hours=6), unit))
    if unanswered is not None:
        out.append(Message(len(out) + 1, f"关于{asks[4]}的咨询", at(today, unanswered, 20, 41), None, unit))
    if pending is not None:
        out.append(Message(len(out) + 1, f"关于{asks[5]}的咨询", at(today, pending, 19, 5), None, unit))
    return tuple(sorted(out, key=lambda m: m.asked, reverse=True))


def message_rows(items: tuple[Message, ...], href: Callable[[Message], str]) -> str:
    """`<tr>` rows: 标题 (linked), 留言时间, 答复时间 (empty when unanswered), 状态. `href(message)` gives the link."""
    rows = []
    for m in items:
        answered = f"{m.answered:%Y-%m-%d}" if m.answered else ""
        link = href(m)
        rows.append(f'<tr><td><a href="{link}" target="_blank">{m.title}</a></td><td>{m.asked:%Y-%m-%d}</td>'
                    f"<td>{answered}</td><td>{m.status}</td></tr>")
    return "".join(rows)


MESSAGE_HEAD = "<tr><th>标题</th><th>留言时间</th><th>答复时间</th><th>状态</th></tr>"


def message_body(m: Message, region: str) -> str:
    """The detail of one message: 留言时间, the question, then the answer (or 办理中)."""
    question = (f"<p>您好，我想咨询一下{region}{m.title.removeprefix('关于').removesuffix('的咨询')}方面的问题，"
                "请问具体怎么办理？谢谢！</p>")
    head = f'<table class="msg"><tr><td>留言标题：{m.title}</td><td>留言时间：{m.asked:%Y-%m-%d %H:%M}</td></tr></table>'
    if m.answered is None:
        answer = '<div class="reply"><p>办理状态：办理中（未回复）</p></div>'
    else:
        answer = (f'<div class="reply"><p>答复单位：{m.unit}　答复时间：{m.answered:%Y-%m-%d %H:%M}</p>'
                  "<p>您好！您反映的问题已收悉。经核实，相关事项按规定办理，具体可拨打单位咨询电话了解。感谢您的关注与支持！</p></div>")
    return f"{head}{question}{answer}"


def new_media(accounts: Sequence[tuple[str, str]], *, images_only: bool = False) -> str:
    """The 政务新媒体 matrix: one entry per (account name, platform label) with its QR code, captioned
    “名称（平台）”; `images_only` leaves the captions out (the names are then only in the images' alt text,
    “名称平台二维码”). Without accounts the page still says how to follow the unit's accounts (never 暂无)."""
    if images_only:
        rows = "".join(f'<li><img src="/images/logo.png" alt="{n}{p}二维码"></li>' for n, p in accounts)
    else:
        rows = "".join(f'<li><img src="/images/logo.png" alt="{n}二维码"><span>{n}（{p}）</span></li>'
                       for n, p in accounts)
    if not rows:
        return ('<h1>政务新媒体矩阵</h1><p>本单位政务新媒体账号信息以各平台认证信息为准，'
                '欢迎通过微信、微博等平台搜索关注。</p>')
    return f'<h1>政务新媒体矩阵</h1><ul class="xmt">{rows}</ul>'


def guide_text(name: str, phone: str) -> str:
    """The 政府信息公开指南 body: classification, how to ask, the office and its contacts (条例 Art. 12)."""
    return (f"<h2>一、主动公开</h2><p>{name}主动公开的政府信息按类别编排，通过本网站政府信息公开专栏发布。</p>"
            "<h2>二、依申请公开</h2><p>公民、法人或者其他组织可通过在线、信函或当面方式提出申请。</p>"
            f"<h2>三、政府信息公开工作机构</h2><p>办公时间：工作日上午8:30—12:00，下午14:30—17:30　联系电话：{phone}　传真：{phone}</p>")


def system_text(name: str) -> str:
    """The 政府信息公开制度 body."""
    return (f"<p>{name}政府信息公开工作制度包括：政府信息公开审查制度、主动公开工作制度、依申请公开办理制度、"
            "政府信息公开工作考核制度、社会评议制度和责任追究制度。</p>")


def functions_text(name: str, phone: str, address: str) -> str:
    """The 机构职能 body (条例 Art. 20(2))."""
    return (f"<h2>机关职能</h2><p>{name}负责贯彻执行国家和省、市有关方针政策，承担本级政府交办的各项工作。</p>"
            "<h2>机构设置</h2><p>办公室、政策法规科、综合业务科。</p>"
            f"<h2>联系方式</h2><p>办公地址：{address}　办公时间：工作日8:30—17:30　联系电话：{phone}</p>"
            "<h2>负责人</h2><p>主要负责人：张明（示例）</p>")
