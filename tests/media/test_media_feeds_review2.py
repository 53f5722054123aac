"""Adversarial review, round 2, of what feeds the 政务新媒体 checks: publication times a feed writes in forms the reader
refused or feedparser misread (a post put days early is a false "not updated"), the Chinese wording of every source
detail the adapters and the reader write (no English in what the analyst reads), and matrix pages whose captions or
tables lost or garbled real accounts. Real parts only: the adapters on real bytes, read_account on loopback servers.
Every test here failed before its fix."""

from __future__ import annotations

import ast
import asyncio
import re
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from inspector.media import CST, Account, Platform, read_account
from inspector.media.adapters import parse_feed, parse_json_feed, read_manual_csv, read_time
from inspector.media.labels import detail_label
from inspector.media.portal import matrix_entries, parse_caption
from inspector.probes.dns import parse_dns_spec

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = parse_dns_spec(None, allowed_networks=("127.0.0.0/8", "::1/128"))


def _feed(pub_date: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>红安发布</title>'
            "<item><title>红安县消息</title><link>https://mp.weixin.qq.com.test/s/1</link>"
            f"<pubDate>{pub_date}</pubDate></item></channel></rss>").encode()


def _published(pub_date: str) -> datetime | None:
    parsed = parse_feed(_feed(pub_date))
    assert parsed.posts, parsed
    return parsed.posts[0].published


# --- publication times ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "meant"), [
    # 24:00 is the end of the day: the next day's 00:00. feedparser read "2026-11-11 24:00" as 11-11 (UTC midnight,
    # 08:00 in Beijing): a post a day early, 15 days instead of 14 before 11-26 — a false 单项否决
    ("2026-11-11 24:00", datetime(2026, 11, 12, 0, 0, tzinfo=CST)),
    ("2026-11-11 24:00:00", datetime(2026, 11, 12, 0, 0, tzinfo=CST)),
    ("Wed, 11 Nov 2026 24:00:00 +0800", datetime(2026, 11, 12, 0, 0, tzinfo=CST)),  # was no date
    ("2026年11月11日 24时00分", datetime(2026, 11, 12, 0, 0, tzinfo=CST)),
    # a leap second (or a CMS's 60): the last second of the minute, not no date
    ("Wed, 11 Nov 2026 23:59:60 +0800", datetime(2026, 11, 11, 23, 59, 59, tzinfo=CST)),
    ("2026-11-11T15:59:60Z", datetime(2026, 11, 11, 23, 59, 59, tzinfo=CST)),
])
def test_end_of_day_and_leap_second_times_in_a_feed(written: str, meant: datetime) -> None:
    assert _published(written) == meant
    assert read_time(written) == meant


def test_a_time_feedparser_misreads_is_no_date_rather_than_ten_days_early() -> None:
    # "2026/11/11 4:00 PM": parse_time cannot read it, feedparser read it as 2026-11-01 — a post 10 days early (a
    # false "not updated" for an account that posted on 11-11). No date is 无法判定, never a failure
    assert _published("2026/11/11 4:00 PM") is None
    # what feedparser reads right is still taken: a date-only RFC 822 form, a time with its zone
    assert _published("11 Nov 2026") is not None and _published("11 Nov 2026").date() == datetime(2026, 11, 11).date()
    assert _published("Wed, 11 Nov 2026 16:00:00 GMT") == datetime(2026, 11, 12, 0, 0, tzinfo=CST)


def test_end_of_day_in_a_json_feed_and_a_manual_list(tmp_path: Path) -> None:
    body = ('{"version": "https://jsonfeed.org/version/1.1", "title": "红安发布", "items": [{"id": "1", '
            '"url": "https://x.test/1", "title": "红安县消息", "date_published": "2026-11-11T24:00:00+08:00"}]}')
    assert parse_json_feed(body.encode()).posts[0].published == datetime(2026, 11, 12, 0, 0, tzinfo=CST)
    csv = tmp_path / "posts.csv"
    csv.write_text("标题,链接,发布时间\n红安县消息,,2026-11-11 24:00\n", encoding="utf-8")
    manual = read_manual_csv(csv)  # was a PARSE_ERROR of the whole list ("is not a date")
    assert manual.posts[0].published == datetime(2026, 11, 12, 0, 0, tzinfo=CST)


# --- every detail the adapters and the reader write reads in Chinese ------------------------------------------------

#: Technical words an analyst may read in a label (formats, protocol, the bridge option, API fields).
ALLOWED_WORDS = {"HTTP", "Cookie", "JSON", "Feed", "RSS", "Atom", "UTF", "ok", "data", "cards", "items", "jsonfeed",
                 "org", "bridge", "rss", "csv"}
#: Sample values for the expressions in the adapters' detail templates (Chinese where the value is the platform's).
SAMPLES = {
    "status": "403", "version": "rss20", "type(problem).__name__": "SAXParseException",
    "problem": "<unknown>:1:50: not well-formed (invalid token)", "message": "这里还没有内容",
    "m.group(0)": "cookie expired", "text": "Bridge returned error 500! Exception: timeline not found",
    "path": "/数据/发文.csv", "exc": "Expecting value: line 1 column 1 (char 0)", "reader.line_num": "3",
    "values['published']": "'2026-13-45'", "ok": "-100", "max_bytes": "5000000", "kind": "'订阅'",
    "type(exc).__name__": "KeyError",
}


def _render(node: ast.expr) -> str | None:
    """A detail template (a string, an f-string, maybe inside _clip(...)) with sample values; None for a variable."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_clip":
        return _render(node.args[0])
    if isinstance(node, ast.Subscript):  # f"…"[:160]
        return _render(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "strip":
        inner = _render(node.func.value)
        return inner.strip() if inner is not None else None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                out.append(str(part.value))
            else:
                assert isinstance(part, ast.FormattedValue)
                out.append(SAMPLES.get(ast.unparse(part.value), "x"))
        return "".join(out).strip()
    return None


def _details(path: Path) -> list[str]:
    """Every detail written by Parsed(health, detail) / _unreachable(..., reason, ...) / _clip(detail) /
    _dated_detail(posts, what)."""
    out: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        name, args = node.func.id, node.args
        if name == "_clip" and args and (text := _render(node)) is not None:
            out.append(text)
        elif name == "Parsed" and len(args) > 1 or name == "_unreachable" and len(args) > 2:
            text = _render(args[1] if name == "Parsed" else args[2])
            if text is not None:
                out.append(text)
        elif name == "_dated_detail" and len(args) > 1:
            what = _render(args[1])
            assert what is not None
            out += [f"{what}, 12 posts", f"{what}, 12 posts, 2 without a date"]
    return list(dict.fromkeys(out))


def _english(label: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{3,}", label) if w not in ALLOWED_WORDS]


DETAILS = _details(ROOT / "inspector/media/adapters.py") + _details(ROOT / "inspector/media/sources.py")


def test_the_details_were_found() -> None:
    assert len(DETAILS) >= 30
    assert "Weibo JSON, 12 posts" in DETAILS and "manual list, 12 posts" in DETAILS


@pytest.mark.parametrize("detail", DETAILS)
def test_every_source_detail_reads_in_chinese(detail: str) -> None:
    # "manual list，12篇文章", "Weibo JSON，12篇文章", "订阅源格式错误：SAXParseException: …" and
    # "JSON格式错误：Expecting value …" leaked English into findings and the 政务新媒体 sheet
    label = detail_label(detail)
    assert re.search(r"[\u4e00-\u9fff]", label) or re.fullmatch(r"HTTP \d+", label), (detail, label)
    assert not _english(label), (detail, label)


def test_a_manual_list_detail_cut_short_still_reads_in_chinese() -> None:
    long = "/数据/" + "很长的目录名" * 30 + "/发文.csv: row 3: 发布时间 '2026-13-45' is not a d…"
    assert detail_label(long).endswith("第3行的发布时间“2026-13-45”无法识别（请写成2026-11-05或2026-11-05 10:30）")
    assert detail_label("weibo answered ok=0 without data 这里还没有内容") == "微博接口没有返回数据（ok=0）：这里还没有内容"


class _Broken(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        if self.path == "/slow":
            time.sleep(1.5)  # longer than the reader's timeout: the connection was made, the answer never came
        self.close_connection = True  # /close: hang up without an answer (httpx: RemoteProtocolError)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def broken() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Broken)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(("path", "label"), [("/slow", "响应超时"), ("/close", "连接中断")])
def test_network_failures_of_a_source_read_in_chinese(broken: str, path: str, label: str) -> None:
    # "read timeout" and "RemoteProtocolError: Server disconnected without sending a response." were shown as they came
    account = Account("红安发布", Platform.WECHAT, source=f"rss:{broken}{path}")
    result = asyncio.run(read_account(account, LOOPBACK, timeout=0.5, retries=0))
    assert result.health.value == "unreachable", result
    assert detail_label(result.detail) == label, result.detail


# --- matrix pages ---------------------------------------------------------------------------------------------------


def _page(body: str) -> str:
    return f'<html><head><meta charset="utf-8"><title>政务新媒体</title></head><body>{body}</body></html>'


@pytest.mark.parametrize("caption", ["长按识别关注黄冈发布", "识别二维码关注黄冈发布", "请扫码关注黄冈发布", "长按关注黄冈发布"])
def test_qr_prompts_around_a_name_are_not_part_of_it(caption: str) -> None:
    # "长按识别关注黄冈发布" gave the account "关注黄冈发布": 黄冈发布 "not listed", 关注黄冈发布 "not registered"
    read = parse_caption(caption)
    assert read is not None and read.name == "黄冈发布", read


def test_a_name_header_over_two_columns_keeps_its_accounts() -> None:
    # "账号名称" spanning an icon column and a name column (or one merged cell per row): every row was taken for a
    # group row ("红安县", "市直部门") and dropped
    html = _page(
        "<table><tr><td>序号</td><td colspan=2>账号名称</td><td>平台</td></tr>"
        '<tr><td>1</td><td><img src="/i/wx.png" width="20"></td><td>黄冈发布</td><td>微信</td></tr>'
        "<tr><td>2</td><td colspan=2>平安黄冈</td><td>微博</td></tr>"
        "<tr><td colspan=4>红安县</td></tr>"
        "<tr><td>3</td><td colspan=2>红安发布</td><td>抖音</td></tr></table>")
    got = [(e.name, e.platform) for e in matrix_entries(html, "http://www.huanggang.gov.cn.test/zwxmt/")]
    assert got == [("黄冈发布", Platform.WECHAT), ("平安黄冈", Platform.WEIBO), ("红安发布", Platform.DOUYIN)]


def test_a_unit_named_beside_its_account_is_not_the_account() -> None:
    # "黄冈市公安局" over (or beside) "平安黄冈": the unit was taken for the account (a false "页面列出的账号“黄冈市公安局”
    # 未在账号登记表中登记", and 平安黄冈 "未列出"), or the line dropped as a slogan in two halves
    url = "http://www.huanggang.gov.cn.test/zwxmt/"
    lines = _page('<div class="xmt"><ul><li><span>黄冈市公安局</span> <span>平安黄冈</span></li>'
                  "<li><span>黄冈市卫生健康委员会</span> <span>健康黄冈</span></li>"
                  "<li><span>红安发布</span> <span>红安县人民政府</span></li></ul></div>")
    assert [e.name for e in matrix_entries(lines, url)] == ["平安黄冈", "健康黄冈", "红安发布"]
    cards = _page('<div class="xmt"><ul><li><img src="a.png"><p>黄冈市公安局</p><p>平安黄冈</p></li>'
                  '<li><img src="b.png"><p>黄冈市卫生健康委员会</p><p>健康黄冈</p></li>'
                  '<li><img src="c.png"><p>黄冈市人民政府</p></li></ul></div>')
    assert [e.name for e in matrix_entries(cards, url)] == ["平安黄冈", "健康黄冈", "黄冈市人民政府"]
    # a slogan in two halves is still no account, nor is a unit alone split from its own office
    assert parse_caption("权威发布 服务群众") is None
    assert parse_caption("黄冈市人民政府 新闻办公室") is None
