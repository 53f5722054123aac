"""Pure judgements of the spider (spiders.outcome): URL identity, kinds, traps, Retry-After, outcomes."""

from __future__ import annotations

import email.utils

import pytest

from inspector.model import Outcome
from spiders.outcome import (
    failure_detail,
    host_key,
    is_attachment_response,
    is_attachment_url,
    is_html_type,
    is_root_url,
    is_trap,
    judge_response,
    link_kind,
    norm_url,
    parse_retry_after,
)


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("HTTP://WWW.Example.GOV.cn:80/a/b.html#top", "http://www.example.gov.cn/a/b.html"),
        ("https://example.gov.cn:443", "https://example.gov.cn/"),
        ("http://a.test:8080/x;jsessionid=ABC123?id=1", "http://a.test:8080/x?id=1"),
        ("http://a.test/附件/通知.pdf", "http://a.test/%E9%99%84%E4%BB%B6/%E9%80%9A%E7%9F%A5.pdf"),
        ("http://a.test/%E9%99%84.pdf", "http://a.test/%E9%99%84.pdf"),
        ("http://[::1]:8000/p", "http://[::1]:8000/p"),
    ],
)
def test_norm_url(raw: str, norm: str):
    assert norm_url(raw) == norm
    assert norm_url(norm) == norm  # idempotent


def test_host_key_and_link_kind():
    keys = {host_key("http://www.hg.gov.cn/")}
    assert host_key("http://hg.gov.cn/x") == ("hg.gov.cn", 80)
    assert link_kind("http://hg.gov.cn/zwgk/", keys) == "page"  # www-less variant: same site
    assert link_kind("http://hg.gov.cn:8080/zwgk/", keys) == "external"  # other port: other site
    assert link_kind("https://hg.gov.cn/zwgk/", keys) == "external"  # https = port 443
    assert link_kind("http://www.gov.cn/", keys) == "external"
    assert link_kind("http://www.gov.cn/files/a.PDF", keys) == "attachment"  # attachments wherever hosted
    assert link_kind("http://hg.gov.cn/art/2020/11/26/art_1_2.html", keys) == "page"


@pytest.mark.parametrize("path", ["a.doc", "a.docx", "a.wps", "a.xls", "a.xlsx", "a.et", "a.pdf", "a.zip",
                                  "a.rar", "a.ofd", "a.ppt", "a.pptx", "a.txt", "a.7z"])
def test_attachment_extensions(path: str):
    assert is_attachment_url(f"http://a.test/files/{path}")
    assert is_attachment_url(f"http://a.test/files/{path}?v=2")


def test_not_attachments():
    assert not is_attachment_url("http://a.test/pdf/")
    assert not is_attachment_url("http://a.test/x.shtml")
    assert not is_attachment_url("http://a.test/v1.0/index")


def test_attachment_by_headers():
    assert is_attachment_response("application/pdf", "")
    assert is_attachment_response("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "")
    assert is_attachment_response("text/html", 'attachment; filename="x.doc"')
    assert not is_attachment_response("text/html; charset=gbk", "inline")
    assert is_html_type("") and is_html_type("text/html;charset=utf-8") and not is_html_type("image/png")


@pytest.mark.parametrize(
    ("url", "trap"),
    [
        ("http://a.test/print.html?print=1", True),
        ("http://a.test/art.html?id=3&print=true", True),
        ("http://a.test/search/?keyword=x", True),
        ("http://a.test/jsearch/search.jsp?q=1", True),
        ("http://a.test/calendar/2020-11", True),
        ("http://a.test/news/list.asp?id=3&page=2", False),
        ("http://a.test/zwgk/public/column/6636765?type=4&catId=7035689&action=list", False),
        ("http://a.test/sousuo-guide.html", False),
    ],
)
def test_traps(url: str, trap: bool):
    assert is_trap(url) is trap


def test_root_urls():
    assert is_root_url("http://a.test/") and is_root_url("http://a.test/index.shtml")
    assert is_root_url("http://a.test/default.aspx")
    assert not is_root_url("http://a.test/?page=2") and not is_root_url("http://a.test/zwgk/")


def test_parse_retry_after():
    assert parse_retry_after(b"7") == 7.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    when = email.utils.formatdate(1_000_030, usegmt=True)
    assert parse_retry_after(when, now=1_000_000) == pytest.approx(30.0)
    assert parse_retry_after(when, now=2_000_000) == 0.0


@pytest.mark.parametrize(
    ("status", "kwargs", "outcome", "detail"),
    [
        (200, {}, Outcome.OK, ""),
        (206, {"mode": "check"}, Outcome.OK, ""),
        (304, {}, Outcome.OK, "without Location"),
        (404, {}, Outcome.BROKEN, "http 404"),
        (410, {}, Outcome.BROKEN, "http 410"),
        (500, {}, Outcome.BROKEN, "http 500"),
        (503, {}, Outcome.BROKEN, "http 503"),
        (503, {"headers": {"retry-after": "5"}, "rate_limit_retries": 2}, Outcome.RATE_LIMITED, "after 2 retries"),
        (429, {}, Outcome.RATE_LIMITED, "http 429"),
        (412, {}, Outcome.WAF, "http 412"),
        (403, {"body_class": "waf"}, Outcome.WAF, "challenge"),
        (202, {"body_class": "waf"}, Outcome.WAF, "challenge"),
        (200, {"body_class": "soft_404"}, Outcome.SOFT_404, "not found"),
        (404, {"body_class": "soft_404"}, Outcome.BROKEN, "http 404"),
        (416, {"mode": "check"}, Outcome.OK, "range"),
        (416, {"mode": "page"}, Outcome.BROKEN, "http 416"),
    ],
)
def test_judge_response(status: int, kwargs: dict, outcome: Outcome, detail: str):
    verdict = judge_response(status, **kwargs)
    assert verdict.outcome is outcome
    assert detail in verdict.detail


def test_failure_details():
    from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError

    assert failure_detail(DownloadConnectionRefusedError("x")) == "refused"
    assert failure_detail(DownloadTimeoutError("took longer")) == "timeout"
    assert failure_detail(CannotResolveHostError("x"), "dns: NXDOMAIN") == "dns: NXDOMAIN"
    assert failure_detail(CannotResolveHostError("x")) == "dns: cannot resolve"
