"""Hanweb (大汉) "jpage" column lists: rows that a script POSTs for, so no <a> on the column page points at them.

A column page `/col/col13617/index.html` carries either an explicit jQuery call::

    var jpageParams = "col=1&appid=1&webid=2&columnid=13617&…";
    $.ajax({type: "POST", url: "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
            data: jpageParams, …})

or the jpage plugin configuration::

    $('#div13617').jpage({proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 15, groupSize: 3,
                          ajaxParam: {col: 1, appid: 1, webid: 2, columnid: 13617, …}})

The proxy answers XML: ``<totalrecord>N</totalrecord>`` and ``<record><![CDATA[<li><a href=…>…]]></record>``.
These pure helpers find the calls and read the answers; the spider POSTs, pages through the groups, treats
the rows' links as links of the column page (how="jpage") and stores each answer as a PageRecord of its own
(url = answer_url(call): the proxy URL with the POSTed form fields appended, unique per column and group).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

logger = logging.getLogger(__name__)

PROXY_RE = re.compile(r"""["']([^"'\s]*dataproxy\.jsp[^"'\s]*)["']""", re.IGNORECASE)
AJAX_DATA_RE = re.compile(r"""\bdata\s*:\s*(?:["']([^"']*)["']|([A-Za-z_$][\w$]*))""")
PARAM_OBJECT_RE = re.compile(r"ajaxParam\s*:\s*\{([^{}]*)\}", re.IGNORECASE)
PAIR_RE = re.compile(r"""['"]?(\w+)['"]?\s*:\s*(?:'([^']*)'|"([^"]*)"|([\w.%+-]+))""")
NUMBER_RE = {name: re.compile(rf"\b{name}\s*:\s*['\"]?(\d+)", re.IGNORECASE) for name in ("perPage", "groupSize")}
RECORD_RE = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL | re.IGNORECASE)
TOTAL_RE = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.IGNORECASE)
PAGES_RE = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>", re.IGNORECASE)
DEFAULT_PER_PAGE, DEFAULT_GROUP_SIZE = 15, 3


@dataclass(frozen=True, slots=True)
class JpageCall:
    """One data-proxy request: POST `url` (startrecord..endrecord in its query) with form `body`."""

    url: str
    body: str
    start: int
    group: int  # records per request

    def next(self, total: int) -> JpageCall | None:
        """The request for the following group of records, or None when `total` is reached."""
        start = self.start + self.group
        if start > total:
            return None
        return JpageCall(_with_range(self.url, start, start + self.group - 1), self.body, start, self.group)


def _with_range(url: str, start: int, end: int, per_page: int | None = None) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in ("startrecord", "endrecord")]
    query += [("startrecord", str(start)), ("endrecord", str(end))]
    if per_page is not None and not any(k.lower() == "perpage" for k, _ in query):
        query.append(("perpage", str(per_page)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _string_var(html: str, name: str) -> str | None:
    m = re.search(rf"""\b{re.escape(name)}\s*=\s*["']([^"']*)["']""", html)
    return m.group(1) if m else None


def _range_of(url: str) -> tuple[int, int] | None:
    q = {k.lower(): v for k, v in parse_qsl(urlsplit(url).query)}
    try:
        return int(q["startrecord"]), int(q["endrecord"])
    except (KeyError, ValueError):
        return None


def find_jpage_calls(html: str, page_url: str) -> list[JpageCall]:
    """Data-proxy requests announced by a column page (absolute URLs, first group only)."""
    if "dataproxy" not in html.lower():
        return []
    calls: list[JpageCall] = []
    seen: set[tuple[str, str]] = set()
    for m in PROXY_RE.finditer(html):
        url = urljoin(page_url, m.group(1))
        before, after = html[max(0, m.start() - 600): m.start()], html[m.end(): m.end() + 1200]
        body = ""
        params = PARAM_OBJECT_RE.search(after) or PARAM_OBJECT_RE.search(before)
        if params:
            pairs = [(k, next(v for v in vals if v)) if any(vals) else (k, "")
                     for k, *vals in PAIR_RE.findall(params.group(1))]
            body = urlencode(pairs)
        else:
            data = AJAX_DATA_RE.search(after) or AJAX_DATA_RE.search(before)
            if data:
                body = data.group(1) if data.group(1) is not None else (_string_var(html, data.group(2)) or "")
        window = before + after
        rng = _range_of(url)
        if rng is None:
            per = NUMBER_RE["perPage"].search(window)
            per_page = int(per.group(1)) if per else DEFAULT_PER_PAGE
            size = NUMBER_RE["groupSize"].search(window)
            group = per_page * (int(size.group(1)) if size else DEFAULT_GROUP_SIZE)
            url = _with_range(url, 1, group, per_page)
            rng = (1, group)
        start, end = rng
        key = (url, body)
        if key in seen or end < start:
            continue
        seen.add(key)
        calls.append(JpageCall(url=url, body=body, start=start, group=end - start + 1))
    return calls


def answer_url(call: JpageCall) -> str:
    """The URL an answer is recorded under: the proxy URL (startrecord … in its query) with the POSTed form fields
    appended, so that the answers of two columns of one site (same proxy URL, other columnid) stay apart."""
    if not call.body:
        return call.url
    parts = urlsplit(call.url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    have = {k for k, _ in query}
    query += [(k, v) for k, v in parse_qsl(call.body, keep_blank_values=True) if k not in have]
    return urlunsplit(parts._replace(query=urlencode(query)))


def answer_pages(text: str) -> int | None:
    """<totalpage> of a data-proxy answer, or None."""
    m = PAGES_RE.search(text)
    return int(m.group(1)) if m else None


def parse_jpage_answer(text: str) -> tuple[str, int | None]:
    """(HTML of all records joined, totalrecord or None) of one data-proxy answer."""
    rows = RECORD_RE.findall(text)
    total = TOTAL_RE.search(text)
    return "\n".join(rows), (int(total.group(1)) if total else None)
