"""The farm's required disclosure columns, over real loopback sockets: every registry site links the columns of
its level within two levels of its homepage, each column is a dated list relative to the farm's reference day,
and each seeded column defect (and benign trap) is on the pages as the manifest says.

The reading here is deliberately simple and independent of inspector/extract (a test of the farm, not of the
extractor): links from `<a>`/`<area>` with their text and image alt, `<meta name="ColumnName">`, rows = `<li>`/`<tr>`
holding a link and a date in one of the field guide's formats, Hanweb rows POSTed for at the data proxy.
"""

from __future__ import annotations

import http.client
import re
import unicodedata
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import quote, urljoin, urlsplit

import lxml.html
import pytest

from inspector.farm import FarmRunning, build_farm, run_farm
from inspector.farm.content import DEFAULT_TODAY

pytestmark = pytest.mark.farm

LATER = date(2027, 4, 15)  # a second reference day: after the 31 March deadline, one quarter of 2027 completed
HG, HA, MC, QC, XS = ("www.huanggang.gov.cn.test", "www.hazf.gov.cn.test", "www.macheng.gov.cn.test",
                      "www.qichun.gov.cn.test", "www.xishui.gov.cn.test")
HGJY, HGRS, HM, WX, TF = ("www.hgjy.gov.cn.test", "www.hgrs.gov.cn.test", "www.hm.gov.cn.test",
                          "www.wuxue.gov.cn.test", "www.tuanfeng.gov.cn.test")
ALL, GOV, CITY, COUNTY = {"city", "county", "department"}, {"city", "county"}, {"city"}, {"county"}
MAX_TEXT = 12  # a longer link text is an article title, not a column

# rule id → (levels it applies to, keywords of the link text / ColumnName, slugs of the column's folder)
RULES: dict[str, tuple[set[str], tuple[str, ...], tuple[str, ...]]] = {
    "column-xxgk-platform": (ALL, ("政府信息公开",), ("zfxxgk", "xxgk")),
    "column-xxgk-guide": (ALL, ("信息公开指南",), ("xxgkzn", "zfxxgkzn")),
    "column-xxgk-system": (ALL, ("信息公开制度",), ("xxgkzd", "zfxxgkzd")),
    "column-xxgk-statutory": (ALL, ("法定主动公开内容",), ("fdzdgknr",)),
    "column-xxgk-annual-report": (ALL, ("信息公开年报", "信息公开年度报告"), ("xxgknb", "zfxxgknb")),
    "column-liubao": (GOV, ("六稳六保", "六保"), ("lwlb",)),
    "column-normative-docs": (ALL, ("规范性文件",), ("gfxwj",)),
    "column-gazette": (CITY, ("政府公报",), ("zfgb",)),
    "column-major-decisions": (GOV, ("重大行政决策",), ("zdjc",)),
    "column-consultation": (ALL, ("征求意见", "意见征集"), ("zqyj", "yjzj")),
    "column-policy-interpretation": (ALL, ("政策解读",), ("zcjd",)),
    "column-emergency-plans": (GOV, ("应急预案",), ("yjya",)),
    "column-power-list": (ALL, ("权责清单",), ("qzqd",)),
    "column-functions": (ALL, ("机构职能",), ("jgzn",)),
    "column-grassroots-standards": (COUNTY, ("基层政务公开标准目录",), ("jcgk", "jcgkml")),
    "column-interaction": (ALL, ("互动交流", "政务咨询", "信箱"), ("hdjl",)),
    "column-new-media": (GOV, ("政务新媒体",), ("zwxmt",)),
}
MISSING = {(HA, "column-liubao"), (MC, "column-xxgk-statutory")}  # the seeded missing columns
TRAPS = {HG: "市应急管理局开展应急预案演练", HA: "红安县召开“六稳”“六保”工作推进会", MC: "麻城市部署法定主动公开内容标准化工作"}
NEWS_WORDS, NOTICE_WORDS = ("动态", "要闻", "新闻"), ("通知", "公告", "公示", "政策", "文件")

_DATES = (
    (re.compile(r"(20\d\d)-(\d\d)-(\d\d)"), "ymd"), (re.compile(r"(20\d\d)/(\d\d)/(\d\d)"), "ymd"),
    (re.compile(r"(20\d\d)\.(\d\d)\.(\d\d)"), "ymd"), (re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日"), "ymd"),
    (re.compile(r"\[(\d\d)-(\d\d)\]"), "md"), (re.compile(r"(?<![\d-])(\d\d)-(\d\d)-(\d\d)(?![\d-])"), "ymd2"),
)
_PERIOD = re.compile(r"征求意见时间为(\d{4})年(\d{1,2})月(\d{1,2})日至(\d{4})年(\d{1,2})月(\d{1,2})日")
_QUARTER = re.compile(r"(20\d\d)年第([一二三四])季度规范性文件备案审查")
ATTACHMENT = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar)$", re.I)
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)


# -- fetching and reading ---------------------------------------------------------------------------------
@dataclass
class Row:
    title: str
    url: str
    day: date | None
    pinned: bool
    cells: list[str] = field(default_factory=list)


@dataclass
class Page:
    url: str
    status: int
    html: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (absolute url, text incl. image alt)
    column: str = ""  # <meta name="ColumnName">
    rows: list[Row] = field(default_factory=list)


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not (ch.isspace() or unicodedata.category(ch).startswith("P")))


def parse_day(text: str, today: date, year_hint: int | None) -> date | None:
    for pattern, kind in _DATES:
        m = pattern.search(text)
        if not m:
            continue
        if kind == "ymd":
            return date(int(m[1]), int(m[2]), int(m[3]))
        if kind == "ymd2":
            return date(2000 + int(m[1]), int(m[2]), int(m[3]))
        day = date(year_hint or today.year, int(m[1]), int(m[2]))  # [MM-DD]: the page's year, never in the future
        return day if day <= today else day.replace(year=day.year - 1)
    return None


def read_rows(tree: lxml.html.HtmlElement, base: str, today: date) -> list[Row]:
    years = [int(y) for y in re.findall(r"(20\d\d)[-/.年]\d{1,2}[-/.月]\d{1,2}", tree.text_content())]
    hint = max(years) if years else None
    rows = []
    for el in tree.iter("li", "tr"):
        anchors = [a for a in el.iter("a") if a.get("href")]
        if not anchors:
            continue
        title = anchors[0].text_content().strip()
        rest = el.text_content().replace(title, " ")
        day = parse_day(rest, today, hint)
        cells = [td.text_content().strip() for td in el.iter("td")]
        if day is not None:
            rows.append(Row(title, urljoin(base, anchors[0].get("href")), day, "置顶" in rest, cells))
    return rows


class Client:
    """Plain HTTP to the running farm: IPv4, except for the hosts it answers on ::1 only."""

    def __init__(self, running: FarmRunning) -> None:
        self.running = running
        self.today = running.farm.today
        self.cache: dict[tuple[str, str, str], Page] = {}

    def raw(self, url: str, method: str = "GET", body: str = "") -> tuple[int, bytes, dict[str, str]]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        ip = "::1" if host in self.running.farm.ipv6_only_hosts else "127.0.0.1"
        conn = http.client.HTTPConnection(ip, parts.port or 80, timeout=5)
        try:
            headers = {"Host": f"{host}:{parts.port}"}
            if body:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
            conn.request(method, path + (f"?{parts.query}" if parts.query else ""), body=body or None,
                         headers=headers)
            response = conn.getresponse()
            return response.status, response.read(), dict(response.headers)
        finally:
            conn.close()

    def page(self, url: str, method: str = "GET", body: str = "") -> Page:
        key = (url, method, body)
        if key not in self.cache:
            status, data, headers = self.raw(url, method, body)
            ctype = headers.get("Content-Type", "")
            text = ""
            if status == 200 and ctype.startswith(("text/html", "text/xml")):
                text = data.decode("utf-8" if "charset" in ctype else "gb18030")
            self.cache[key] = self.read(url, status, text)
        return self.cache[key]

    def read(self, url: str, status: int, text: str) -> Page:
        page = Page(url, status, text)
        if not text.strip():
            return page
        if text.lstrip().startswith("<?xml"):  # a Hanweb data answer: CDATA rows
            inner = "<ul>" + "".join(_RECORD.findall(text)) + "</ul>"
            page.rows = read_rows(lxml.html.fromstring(inner), url, self.today)
            return page
        tree = lxml.html.fromstring(text)
        base = next((urljoin(url, b.get("href")) for b in tree.iter("base") if b.get("href")), url)
        for el in tree.iter("a", "area"):
            href = (el.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "#", "mailto:")):
                continue
            label = el.text_content().strip() + " ".join(i.get("alt", "") for i in el.iter("img"))
            page.links.append((urljoin(base, href).split("#")[0], label or el.get("alt", "")))
        page.column = next((m.get("content", "") for m in tree.iter("meta") if m.get("name") == "ColumnName"), "")
        page.rows = read_rows(tree, base, self.today)
        return page

    def jpage(self, column_url: str) -> Page:
        """A Hanweb column's rows, POSTed for at its data proxy (as the column page's script does)."""
        html = self.page(column_url).html
        proxy = re.search(r'url: "(/module/web/jpage/dataproxy\.jsp\?[^"]+)"', html)
        params = re.search(r'var jpageParams = "([^"]+)"', html)
        assert proxy and params, column_url
        return self.page(urljoin(column_url, proxy[1]), "POST", params[1])

    def items(self, column_url: str) -> list[Row]:
        page = self.page(column_url)
        return self.jpage(column_url).rows if "dataproxy.jsp" in page.html else page.rows


def crawl(client: Client, home: str, depth: int = 2) -> dict[str, tuple[int, Page]]:
    """Same-host pages to `depth` links below the homepage (breadth first): url → (depth, page)."""
    host = urlsplit(home).hostname
    out: dict[str, tuple[int, Page]] = {}
    queue = deque([(home, 0)])
    while queue:
        url, level = queue.popleft()
        if url in out:
            continue
        page = client.page(url)
        out[url] = (level, page)
        if level < depth:
            queue.extend((u, level + 1) for u, _ in page.links
                         if urlsplit(u).hostname == host and u not in out and not ATTACHMENT.search(u))
    return out


def slug(url: str) -> str:
    """The folder a page lives in (its last directory name)."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if parts and "." in parts[-1]:
        parts = parts[:-1]
    return parts[-1] if parts else ""


def find_column(pages: dict[str, tuple[int, Page]], rule: str) -> list[tuple[str, str]]:
    """(column url, how) of the links on pages at level ≤ 1 matching the rule (text, slug or ColumnName)."""
    _, keywords, slugs = RULES[rule]
    found = []
    for level, page in pages.values():
        if level > 1:
            continue
        for url, text in page.links:
            target = pages.get(url)
            if target is None or target[1].status != 200:
                continue
            short = norm(text)
            if len(short) <= MAX_TEXT and any(norm(k) in short for k in keywords):
                found.append((url, f"text {text}"))
            elif slug(url) in slugs:
                found.append((url, f"slug {slug(url)}"))
            elif any(k in target[1].column for k in keywords):
                found.append((url, f"ColumnName {target[1].column}"))
    return found


# -- fixtures -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def running() -> Iterator[FarmRunning]:
    with run_farm(build_farm(2020, 1), slow_seconds=1.0) as farm:
        yield farm


@pytest.fixture(scope="module")
def later() -> Iterator[FarmRunning]:
    with run_farm(build_farm(2020, 1, today=LATER), slow_seconds=1.0) as farm:
        yield farm


@pytest.fixture(scope="module")
def client(running: FarmRunning) -> Client:
    return Client(running)


@pytest.fixture(scope="module")
def later_client(later: FarmRunning) -> Client:
    return Client(later)


def live_sites(running: FarmRunning) -> list:
    return [s for s in running.farm.sites if not s.down]


@pytest.fixture(scope="module")
def sites(running: FarmRunning, client: Client) -> dict[str, dict[str, tuple[int, Page]]]:
    return {s.host: crawl(client, running.url(s.host)) for s in live_sites(running)}


def columns_of(pages: dict[str, tuple[int, Page]], client: Client) -> dict[str, tuple[str, list[Row]]]:
    """url → (ColumnName, rows) of the list columns among the pages (Hanweb rows from the data proxy)."""
    out = {}
    for url, (_, page) in pages.items():
        if not page.column or page.column in ("首页", "站内搜索"):
            continue
        rows = client.items(url)
        if "暂无信息" in page.html or any(r.day for r in rows):
            out[url] = (page.column, [r for r in rows if r.day is not None])
    return out


# -- presence ------------------------------------------------------------------------------------------------
def test_every_required_column_is_linked_within_two_levels(running: FarmRunning,
                                                           sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    for site in live_sites(running):
        pages = sites[site.host]
        for rule, (levels, _, _) in RULES.items():
            if site.level.value not in levels:
                continue
            found = find_column(pages, rule)
            if (site.host, rule) in MISSING:
                assert not found, (site.host, rule, found)
            else:
                assert found, (site.host, rule)


def test_each_platform_links_its_four_sections(running: FarmRunning,
                                               sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    for site in live_sites(running):
        pages = sites[site.host]
        platforms = [u for u, how in find_column(pages, "column-xxgk-platform") if pages[u][1].column == "政府信息公开"]
        assert platforms, site.host
        platform = pages[platforms[0]][1]
        inside = {u: p for u, p in pages.items() if u == platform.url or u in {x for x, _ in platform.links}}
        for rule in ("column-xxgk-guide", "column-xxgk-system", "column-xxgk-statutory", "column-xxgk-annual-report"):
            wanted = (site.host, rule) not in MISSING
            linked = [u for u, t in platform.links if u in inside and (
                any(norm(k) in norm(t) for k in RULES[rule][1]) or slug(u) in RULES[rule][2])]
            assert bool(linked) is wanted, (site.host, rule, linked)


def test_keyword_titles_are_articles_not_columns(running: FarmRunning,
                                                 sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    for host, title in TRAPS.items():
        home = sites[host][running.url(host)][1]
        links = [(u, t) for u, t in home.links if t == title]
        assert len(links) == 1 and len(norm(title)) > MAX_TEXT, (host, links)
        target = sites[host][links[0][0]][1]
        assert target.status == 200 and f"<h1>{title}</h1>" in target.html and not target.rows  # an article


def test_search_form_on_every_homepage(running: FarmRunning, client: Client) -> None:
    for site in live_sites(running):
        home = running.url(site.host)
        tree = lxml.html.fromstring(client.page(home).html)
        forms = [f for f in tree.iter("form") if any(i.get("type", "text") == "text" for i in f.iter("input"))]
        assert forms, site.host
        action = urljoin(home, forms[0].get("action"))
        name = next(i.get("name") for i in forms[0].iter("input") if i.get("type", "text") == "text")
        result = client.page(f"{action}?{name}=%E4%B9%A1%E6%9D%91")
        assert result.status == 200 and "站内搜索" in result.html, site.host


def test_department_sites_carry_the_all_level_columns_only(running: FarmRunning,
                                                           sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    for host in (HGJY, HGRS):
        pages = sites[host]
        for rule in ("column-liubao", "column-gazette", "column-grassroots-standards", "column-emergency-plans"):
            assert not find_column(pages, rule), (host, rule)
    assert not find_column(sites[HA], "column-gazette") and find_column(sites[HG], "column-gazette")


# -- dates relative to the reference day ------------------------------------------------------------------------
def home_ages(client: Client, url: str) -> list[int]:
    """Days before the reference day of the homepage's generated rows (calendar-bound 政府公报 issues left out)."""
    ages = sorted((client.today - r.day).days for r in client.page(url).rows if r.day and "/zfgb/" not in r.url)
    assert ages, url
    return ages


def test_manifest_and_pages_follow_the_reference_day(running: FarmRunning, later: FarmRunning, client: Client,
                                                     later_client: Client) -> None:
    assert running.manifest()["today"] == DEFAULT_TODAY.isoformat() == "2026-11-26"
    assert later.manifest()["today"] == LATER.isoformat()
    for site in live_sites(running):
        one = home_ages(client, running.url(site.host))
        two = home_ages(later_client, later.url(site.host))
        assert one == two and 0 <= one[0] <= 14, site.host  # the same ages; the homepage updated within 2 weeks


def test_no_date_after_the_reference_day(running: FarmRunning, later: FarmRunning, client: Client,
                                         later_client: Client) -> None:
    for run, cli in ((running, client), (later, later_client)):
        for site in live_sites(run):
            for url, (_, rows) in columns_of(crawl(cli, run.url(site.host)), cli).items():
                assert all(r.day <= cli.today for r in rows if r.day), (url, max(r.day for r in rows if r.day))


def test_seeded_defects_move_with_the_reference_day(later: FarmRunning, later_client: Client) -> None:
    truth = later.manifest()
    seeded = sorted((d["host"], d["rule"]) for d in truth["defects"] if d["rule"] in COLUMN_RULES)
    assert seeded == sorted(SEEDED)
    short = next(d for d in truth["defects"] if d["rule"] == "consultation-period")
    start, end, _ = period(later_client.page(short["url"]).html)
    assert (end - start).days + 1 == 20 and start <= LATER
    assert f"/{start:%Y%m}/t{start:%Y%m%d}_" in short["url"]
    reports = annual_reports(later_client, later.url(WX), "/zwgk/xxgknb/index.html")
    assert reports[LATER.year - 1] == date(LATER.year, 5, 12) if LATER >= date(LATER.year, 5, 12) else LATER.year - 1 not in reports
    quarters = review_quarters(later_client, later.url(XS) + "zfxxgk/fdzdgknr/gfxwj/index.html")
    assert (LATER.year, 1) in quarters and (LATER.year, 2) not in quarters


# -- the seeded column defects, on the real server --------------------------------------------------------------
COLUMN_RULES = {"column-liubao", "column-xxgk-statutory", "column-update", "column-blank", "annual-report-deadline",
                "consultation-period", "interaction-response"}
SEEDED = [(HA, "column-liubao"), (HA, "column-update"), (MC, "column-xxgk-statutory"), (QC, "column-blank"),
          (WX, "annual-report-deadline"), (HG, "consultation-period"), (HM, "interaction-response")]
BENIGN = [(HA, "column-blank", "jpage-only-list"), (MC, "column-update", "gbk-bracket-dates"),
          (XS, "column-update", "pinned-old-item"), (HG, "consultation-period", "consultation-short-reason"),
          (HG, "interaction-response", "message-pending-recent")]


def test_manifest_column_entries(running: FarmRunning) -> None:
    truth = running.manifest()
    defects = [(d["host"], d["rule"]) for d in truth["defects"] if d["rule"] in COLUMN_RULES]
    assert sorted(defects) == sorted(SEEDED)
    benign = [(b["host"], b["rule"], b["kind"]) for b in truth["benign"] if b["rule"] in COLUMN_RULES]
    assert sorted(benign) == sorted(BENIGN)
    for entry in truth["defects"] + truth["benign"]:
        if entry["rule"] in COLUMN_RULES:
            per_notice = entry["rule"] == "consultation-period"
            assert (entry["url"] != running.url(entry["host"])) is per_notice, entry
            assert entry["source"] == "" and entry["detail"]


def kind_window(name: str) -> int | None:
    if any(w in name for w in NEWS_WORDS):
        return 14
    if any(w in name for w in NOTICE_WORDS):
        return 180
    return None


def stale_columns(pages: dict[str, tuple[int, Page]], client: Client) -> dict[str, int]:
    """ColumnName → days since its newest item, for the 动态/通知 columns older than their window."""
    newest: dict[str, date] = {}
    for name, rows in columns_of(pages, client).values():  # a column's pages share its ColumnName
        if kind_window(name) is not None and rows:
            newest[name] = max(newest.get(name, date.min), *(r.day for r in rows if r.day))  # pinned rows included
    ages = {name: (client.today - day).days for name, day in newest.items()}
    return {name: age for name, age in ages.items() if age > (kind_window(name) or 0)}


def test_hongan_has_stale_columns_and_the_others_none(running: FarmRunning, client: Client,
                                                      sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    for site in live_sites(running):
        stale = stale_columns(sites[site.host], client)
        if site.host == HA:
            news = [n for n in stale if kind_window(n) == 14]
            notices = [n for n in stale if kind_window(n) == 180]
            assert len(news) + len(notices) >= 5 and news and notices, stale
            assert min(stale.values()) > 14 and all(stale[n] > 180 for n in notices)
        else:
            assert stale == {}, (site.host, stale)


def test_hongan_lists_are_only_in_the_data_answers(running: FarmRunning, client: Client,
                                                   sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    jpage = [u for u, (_, p) in sites[HA].items() if "dataproxy.jsp" in p.html]
    assert len(jpage) >= 14
    for url in jpage:
        page = client.page(url)
        assert not [r for r in page.rows if r.day] and "/art/" not in page.html
        rows = client.jpage(url).rows
        assert rows and all(r.day for r in rows) and all(client.page(r.url).status == 200 for r in rows[:1])


def test_qichun_has_five_blank_columns_that_say_so(running: FarmRunning, client: Client,
                                                   sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    for site in live_sites(running):
        blank = [(u, p) for u, (level, p) in sites[site.host].items() if level <= 2 and "暂无" in p.html]
        if site.host != QC:
            assert blank == [], site.host
            continue
        assert len(blank) >= 5
        platform = client.page(running.url(QC, "/xxgk/index.html"))
        for url, page in blank:
            assert "暂无信息" in page.html and "共0条" in page.html and page.column
            assert not [r for r in page.rows if r.day] and url in {u for u, _ in platform.links}


def test_huangmei_has_a_message_unanswered_for_months(running: FarmRunning, client: Client,
                                                      sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    for site in live_sites(running):
        lists = [p for _, (_, p) in sites[site.host].items() if "<th>留言时间</th><th>答复时间</th>" in p.html]
        assert len(lists) == 1, site.host
        rows = [r for r in lists[0].rows if len(r.cells) == 4]
        assert len(rows) >= 4
        asked = [date.fromisoformat(r.cells[1]) for r in rows]
        answered = [date.fromisoformat(r.cells[2]) if r.cells[2] else None for r in rows]
        assert all(a <= client.today for a in asked)
        late = [a for a, b in zip(asked, answered, strict=True) if b is None and 90 < (client.today - a).days <= 365]
        assert bool(late) is (site.host == HM), site.host
        assert max(b for b in answered if b) >= client.today - timedelta(days=60)  # a reply within 2 months
        pending = [(r, a) for r, a, b in zip(rows, asked, answered, strict=True) if b is None]
        assert all(r.cells[3] == "未回复" for r, _ in pending)
        for row, _ in pending:  # the message's own page says it is not answered
            assert "未回复" in client.page(row.url).html and "答复时间" not in client.page(row.url).html


def annual_reports(client: Client, home: str, path: str) -> dict[int, date]:
    out = {}
    for row in client.items(urljoin(home, path)):
        m = re.search(r"(20\d\d)年政府信息公开工作年度报告", row.title)
        if m and row.day:
            out[int(m[1])] = row.day
    return out


REPORT_PAGES = {HG: "/xxgk/xxgknb/index.shtml", HA: "/col/col13623/index.html", MC: "/news/list.asp?id=21",
                QC: "/zwgk/public/column/6636765?type=4&catId=7035707&action=list", XS: "/zfxxgk/zfxxgknb/index.html",
                HGJY: "/xxgk/xxgknb/index.html", HGRS: "/xxgk/xxgknb/index.html", HM: "/zwgk/xxgknb/index.html",
                WX: "/zwgk/xxgknb/index.html", TF: "/zwgk/xxgknb/index.html"}


def test_wuxue_annual_report_is_late_and_the_others_on_time(running: FarmRunning, client: Client) -> None:
    year = DEFAULT_TODAY.year - 1
    for site in live_sites(running):
        reports = annual_reports(client, running.url(site.host), REPORT_PAGES[site.host])
        assert year in reports and year - 1 in reports, site.host
        deadline = date(year + 1, 1, 31) if site.level.value == "department" else date(year + 1, 3, 31)
        assert (reports[year] > deadline) is (site.host == WX), (site.host, reports[year])


def period(html: str) -> tuple[date, date, bool]:
    m = _PERIOD.search(html)
    assert m, html[:200]
    start, end = date(int(m[1]), int(m[2]), int(m[3])), date(int(m[4]), int(m[5]), int(m[6]))
    return start, end, "缩短" in html and "因" in html


def test_only_huanggang_has_a_short_period_without_reason(running: FarmRunning, client: Client,
                                                          sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    truth = running.manifest()
    defect = next(d["url"] for d in truth["defects"] if d["rule"] == "consultation-period")
    benign = next(b["url"] for b in truth["benign"] if b["rule"] == "consultation-period")
    seen = {}
    for site in live_sites(running):
        columns = [u for u in find_column(sites[site.host], "column-consultation") if "征求意见" in
                   sites[site.host][u[0]][1].column]
        assert columns, site.host
        notices = client.items(columns[0][0])
        assert len(notices) >= 3, site.host
        for row in notices:
            start, end, reason = period(client.page(row.url).html)
            seen[row.url] = ((end - start).days + 1, reason)
            assert start == row.day
    short = {u: v for u, v in seen.items() if v[0] < 30}
    assert short == {defect: (20, False), benign: (15, True)}
    assert all(days >= 30 for days, _ in seen.values() if days not in (15, 20))


def review_quarters(client: Client, column_url: str) -> set[tuple[int, int]]:
    out = set()
    for row in client.items(column_url):
        m = _QUARTER.search(row.title)
        if m and row.day:
            quarter = "一二三四".index(m[2]) + 1
            assert (row.day.year, (row.day.month - 1) // 3 + 1) == (int(m[1]), quarter), row  # published in it
            out.add((int(m[1]), quarter))
    return out


def test_normative_review_results_every_quarter(running: FarmRunning, client: Client,
                                                sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    completed = {(DEFAULT_TODAY.year, q) for q in (1, 2, 3)}
    for site in live_sites(running):
        found = find_column(sites[site.host], "column-normative-docs")
        assert found, site.host
        assert completed <= review_quarters(client, found[0][0]), site.host


def test_macheng_gbk_list_with_bracket_dates(running: FarmRunning, client: Client) -> None:
    url = running.url(MC, "/news/list.asp?id=3")
    status, body, headers = client.raw(url)
    assert status == 200 and headers["Content-Type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")
    text = body.decode("gb18030")
    assert "<meta charset=gb2312>" in text
    brackets = re.findall(r"<td>\[(\d\d)-(\d\d)\]</td>", text)
    assert len(brackets) == 10 and not re.search(r"<td>20\d\d", text)  # no full date on the list page
    rows = client.page(url).rows
    assert (DEFAULT_TODAY - max(r.day for r in rows if r.day)).days <= 14


def test_xishui_pinned_old_item_on_a_fresh_list(running: FarmRunning, client: Client) -> None:
    rows = client.page(running.url(XS, "/xwzx/xsyw/index.html")).rows
    assert rows[0].pinned and not any(r.pinned for r in rows[1:])
    assert rows[0].day and (DEFAULT_TODAY - rows[0].day).days > 14
    assert (DEFAULT_TODAY - max(r.day for r in rows if r.day)).days <= 14
    assert client.page(rows[0].url).status == 200


def test_hongan_has_no_liubao_but_the_city_and_counties_do(running: FarmRunning,
                                                           sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    for host, pages in sites.items():
        texts = [norm(t) for _, p in pages.values() for _, t in p.links]
        short = [t for t in texts if "六保" in t and len(t) <= MAX_TEXT]
        columns = [p.column for _, p in pages.values() if "六保" in p.column]
        if host == HA:
            assert not short and not columns and any("六保" in t for t in texts)  # only the news title
        elif running.farm.site(host).level.value != "department":
            assert short and columns, host


def test_columns_found_only_by_slug_column_name_or_image_alt(running: FarmRunning,
                                                            sites: dict[str, dict[str, tuple[int, Page]]]) -> None:
    cases = ((XS, "column-emergency-plans", "slug yjya"), (QC, "column-power-list", "ColumnName 权责清单"))
    for host, rule, how in cases:
        found = find_column(sites[host], rule)
        assert found and {h for _, h in found} == {how}, (host, found)
        target = found[0][0]
        texts = {t for _, p in sites[host].values() for u, t in p.links if u == target}
        assert texts and not any(k in t for t in texts for k in RULES[rule][1]), texts  # "更多>>", "更多"
    home = lxml.html.fromstring(sites[XS][running.url(XS)][1].html)
    for path, alt in (("/ztzl/lwlb/index.html", "“六稳六保”专题"), ("/zwxmt/index.html", "政务新媒体矩阵")):
        anchors = [a for a in home.iter("a") if a.get("href") == path]
        assert anchors and not anchors[0].text_content().strip()
        assert [i.get("alt") for i in anchors[0].iter("img")] == [alt]
