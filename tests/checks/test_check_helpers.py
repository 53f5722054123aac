"""Small helpers shared by the checks: problem labels, percentages, the self-check and homepage gates."""

from __future__ import annotations

import re

import pytest
from rule_case_loader import artifacts_from_json

from inspector.checks._common import (
    describe_error,
    homepage_unusable,
    is_attachment_url,
    percent,
    problem_label,
    self_check_failure,
    technical_detail,
)
from inspector.model import OUTCOME_LABELS, Outcome

# Every detail the gatherers write (spiders/outcome.py judge_response + failure_detail, spiders/site.py,
# inspector/probes/http.py describe_error, inspector/probes/availability.py), with its Chinese label.
LABELS: list[tuple[str, int | None, str]] = [
    # judge_response
    ("http 404", 404, "页面不存在（HTTP 404）"),
    ("http 410", 410, "页面不存在（HTTP 410）"),
    ("http 403", 403, "禁止访问（HTTP 403）"),
    ("http 401", 401, "需要身份验证（HTTP 401）"),
    ("http 400", 400, "请求错误（HTTP 400）"),
    ("http 500", 500, "服务器错误（HTTP 500）"),
    ("http 502 (via 2 redirects)", 502, "服务器错误（HTTP 502）"),
    ("http 101", 101, "响应异常（HTTP 101）"),
    ("http 429 after 3 retries", 429, "限流（无法判定）"),
    ("http 503 (Retry-After) after 2 retries", 503, "限流（无法判定）"),
    ("http 412 challenge", 412, "防火墙拦截（无法判定）"),
    ("http 200 challenge", 200, "防火墙拦截（无法判定）"),
    ("http 412", 412, "防火墙拦截（无法判定）"),
    ("http 200 page says not found", 200, "软404（页面显示不存在）"),
    ("http 302 without Location", 302, "跳转地址缺失"),
    ("http 416 to a range request (resource exists)", 416, "正常"),
    # spiders/site.py
    ("redirected to homepage: http://a.test/x.html -> http://a.test/", 200, "软404（跳转到首页）"),
    ("redirect loop: http://a.test/ -> http://b.test/ -> http://a.test/", 302, "重定向循环"),
    ("more than 10 redirects: http://a.test/1 -> http://a.test/2", 302, "重定向次数过多"),
    ("redirect to non-http ftp://a.test/x", 302, "跳转到非网页地址"),
    ("not html (application/json)", 200, "非网页内容"),
    ("page cut at 2000000 bytes", 200, "页面过大（已截断）"),
    ("timeout at http://refused.test/ (via 2 redirects)", None, "连接超时"),  # words in URLs do not count
    # failure_detail
    ("dns: NXDOMAIN", None, "域名无法解析"),
    ("dns: servfail", None, "域名无法解析"),
    ("dns: noanswer (A/AAAA)", None, "域名无法解析"),
    ("dns: cannot resolve", None, "域名无法解析"),
    ("dns: timeout (5s)", None, "域名解析超时"),
    ("dns: blocked (10.0.0.1 not in allowed networks 127.0.0.0/8)", None, "域名解析地址不在允许范围"),
    ("refused", None, "连接被拒绝"),
    ("timeout", None, "连接超时"),
    ("no response (connection closed)", None, "连接中断"),
    ("connection error: ConnectionLost", None, "连接中断"),
    ("connection lost mid-response", None, "连接中断"),
    ("connect error: An error occurred while connecting: 113: No route to host.", None, "网络不可达"),
    ("connect error: Connection was reset", None, "连接被重置"),
    ("cancelled: Cancelling download of http://a.test/big.pdf", None, "下载被中止"),
    ("ignored: Filtered offsite request", None, "未访问（请求被跳过）"),
    ("tls: [('SSL routines', '', 'wrong version number')]", None, "证书或加密连接错误"),
    ("SSLError: certificate verify failed", None, "证书或加密连接错误"),
    # availability probes (inspector/probes)
    ("dns: nxdomain: www.timeout.test", None, "域名无法解析"),
    ("dns: timeout: www.gone.test (5s)", None, "域名解析超时"),
    ("connect error: All connection attempts failed", None, "连接失败"),
    ("connect error: [Errno 111] Connection refused", None, "连接被拒绝"),
    ("RemoteProtocolError: Server disconnected without sending a response.", None, "连接中断"),
    ("redirect loop", None, "重定向循环"),
    ("waf challenge", 200, "防火墙拦截（无法判定）"),
    ("http 503", 503, "服务器错误（HTTP 503）"),
    ("soft 404", 200, "软404（页面显示不存在）"),
    ("slower than the limit", 200, "打开过慢（超过时限）"),
    # outcome values (availability evidence) and older "<outcome label> <detail>" evidence
    ("waf", 403, "防火墙拦截（无法判定）"),
    ("rate_limited", 429, "限流（无法判定）"),
    ("无法访问 dns: NXDOMAIN", None, "域名无法解析"),
    ("无法访问 timeout", None, "连接超时"),
    ("防火墙拦截(无法判定) http 412 challenge", 412, "防火墙拦截（无法判定）"),
    ("软404(页面不存在) http 200 page says not found", 200, "软404（页面显示不存在）"),
    ("重定向循环 redirect loop: http://a.test/ -> http://b.test/ -> http://a.test/", 301, "重定向循环"),
    ("防火墙拦截(无法判定)", 403, "防火墙拦截（无法判定）"),  # the outcome beats the status
    # nothing to go on
    ("", 404, "页面不存在（HTTP 404）"),
    ("", None, "无法访问"),
    ("something odd", None, "无法访问"),
    ("超过15秒未打开", None, "超过15秒未打开"),  # already Chinese
]


@pytest.mark.parametrize(("detail", "status", "label"), LABELS)
def test_problem_label(detail: str, status: int | None, label: str) -> None:
    assert problem_label(detail, status) == label


@pytest.mark.parametrize(("detail", "status", "label"), LABELS)
def test_problem_labels_are_chinese_with_full_width_brackets(detail: str, status: int | None, label: str) -> None:
    got = problem_label(detail, status)
    assert not re.search(r"[A-Za-z]", got.replace("HTTP", "")), got
    assert "(" not in got and ")" not in got, got


@pytest.mark.parametrize(
    ("detail", "status", "label"),
    [
        ("http 404", 404, "附件无法下载（HTTP 404）"),
        ("timeout", None, "附件无法下载（连接超时）"),
        ("dns: NXDOMAIN", None, "附件无法下载（域名无法解析）"),
        ("http 200 page says not found", 200, "附件无法下载（页面显示不存在）"),
        ("", None, "附件无法下载"),
        ("http 412 challenge", 412, "防火墙拦截（无法判定）"),  # cannot tell: never 无法下载
        ("http 429 after 1 retries", 429, "限流（无法判定）"),
    ],
)
def test_problem_label_for_attachments(detail: str, status: int | None, label: str) -> None:
    assert problem_label(detail, status, attachment=True) == label


@pytest.mark.parametrize(
    ("detail", "status", "outcome", "label"),
    [
        ("", 200, Outcome.SOFT_404, "软404（页面显示不存在）"),
        ("", 301, Outcome.REDIRECT_LOOP, "重定向循环"),
        ("", 403, Outcome.WAF, "防火墙拦截（无法判定）"),
        ("http 404", 404, Outcome.RATE_LIMITED, "限流（无法判定）"),  # an inconclusive fetch never reads as a fault
        ("http 404", 404, Outcome.BROKEN, "页面不存在（HTTP 404）"),
        ("", 500, Outcome.BROKEN, "服务器错误（HTTP 500）"),
    ],
)
def test_problem_label_uses_the_outcome_when_the_detail_is_silent(
    detail: str, status: int | None, outcome: Outcome, label: str
) -> None:
    assert problem_label(detail, status, outcome=outcome) == label


def test_describe_error_is_the_problem_label() -> None:
    assert describe_error("connect error: All connection attempts failed") == "连接失败"
    assert describe_error("timeout") == "连接超时"
    assert describe_error("") == "无法访问"


def test_technical_detail_drops_the_old_outcome_prefix_only() -> None:
    assert technical_detail("无法访问 dns: NXDOMAIN") == "dns: NXDOMAIN"
    assert technical_detail("防火墙拦截(无法判定) http 412 challenge") == "http 412 challenge"
    assert technical_detail("防火墙拦截（无法判定）") == ""
    assert technical_detail("\t=1+1") == "\t=1+1"
    assert technical_detail("redirect loop: a -> b -> a") == "redirect loop: a -> b -> a"


def test_outcome_labels_use_full_width_brackets() -> None:
    for label in OUTCOME_LABELS.values():
        assert "(" not in label and ")" not in label, label
    assert Outcome.SOFT_404.label == "软404（页面不存在）"
    assert Outcome.WAF.label == "防火墙拦截（无法判定）"
    assert Outcome.RATE_LIMITED.label == "限流（无法判定）"


def test_is_attachment_url() -> None:
    assert is_attachment_url("http://a.test/files/plan.PDF")
    assert is_attachment_url("http://a.test/x/report.docx?v=2")
    assert not is_attachment_url("http://a.test/files.pdf/")
    assert not is_attachment_url("http://a.test/index.html")


@pytest.mark.parametrize(("value", "text"), [(0.05, "5%"), (1 / 24, "4.2%"), (0.5, "50%"), (1.0, "100%"), (0.0, "0%")])
def test_percent(value: float, text: str) -> None:
    assert percent(value) == text


def test_self_check_gate() -> None:
    assert self_check_failure(artifacts_from_json({})) is None
    ok = artifacts_from_json({"run_probes": [{"ok": True}]})
    assert self_check_failure(ok) is None
    bad = artifacts_from_json({"run_probes": [{"ok": True}, {"ok": False, "error": "timeout"}]})
    assert self_check_failure(bad) == "连接超时"


def test_self_check_gate_translates_each_target() -> None:
    error = "https://www.gov.cn/: timeout; https://www.baidu.com/: dns: nxdomain: www.baidu.com"
    bad = artifacts_from_json({"run_probes": [{"ok": False, "error": error}]})
    assert self_check_failure(bad) == "https://www.gov.cn/ 连接超时；https://www.baidu.com/ 域名无法解析"


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        ({"url": "http://www.demo.test/", "facts": {"footer": {}}}, None),
        ({"url": "http://www.demo.test/", "facts": {"waf_challenge": True}}, "首页返回防火墙验证页面（无法判定）"),
        ({"url": "http://www.demo.test/", "outcome": "broken", "detail": "timeout"}, "首页无法访问：连接超时"),
        ({"url": "http://www.demo.test/", "outcome": "broken", "detail": "refused"}, "首页无法访问：连接被拒绝"),
        ({"url": "http://www.demo.test/", "outcome": "broken", "detail": "dns: NXDOMAIN"}, "首页无法访问：域名无法解析"),
        ({"url": "http://www.demo.test/", "outcome": "broken", "http_status": 500, "detail": "http 500"},
         "首页无法访问：服务器错误（HTTP 500）"),
        ({"url": "http://www.demo.test/", "outcome": "broken"}, "首页无法访问"),
        ({"url": "http://www.demo.test/", "outcome": "waf", "detail": "http 412"}, "首页被防火墙拦截（无法判定）"),
        ({"url": "http://www.demo.test/", "outcome": "rate_limited"}, "首页被限流（无法判定）"),
        ({"url": "http://www.demo.test/", "outcome": "redirect_loop",
          "detail": "redirect loop: http://www.demo.test/ -> http://www.demo.test/"}, "首页重定向循环"),
        ({"url": "http://www.demo.test/", "outcome": "redirect_loop", "detail": "more than 10 redirects: a -> b"},
         "首页重定向次数过多"),
    ],
)
def test_homepage_gate(page: dict[str, object], problem: str | None) -> None:
    site = artifacts_from_json({"pages": [page]})
    assert homepage_unusable(site.homepage) == problem


def test_homepage_gate_without_homepage() -> None:
    assert homepage_unusable(None) == "首页未抓取"
