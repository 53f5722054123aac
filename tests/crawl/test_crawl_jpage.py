"""Hanweb jpage list discovery (spiders.jpage): data-proxy calls on column pages and their XML answers."""

from __future__ import annotations

from spiders.jpage import JpageCall, find_jpage_calls, parse_jpage_answer

PAGE = "http://www.hazf.gov.cn.test/col/col13617/index.html"

AJAX = """<div id="13617" class="list"></div><script type="text/javascript">
var jpageParams = "col=1&appid=1&webid=2&path=%2F&columnid=13617&permissiontype=0";
$(document).ready(function () {
  $.ajax({ type: "POST", url: "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
           data: jpageParams, dataType: "xml", success: function (xml) {} });
});</script>"""

PLUGIN = """<script>$('#div13618').jpage({ dataStore: dataStore, proxyUrl: 'dataproxy.jsp', perPage: 20,
groupSize: 2, barPosition: 'bottom', ajaxParam: { col: 1, webid: "2", columnid: 13618, webname: '红安县' } });</script>"""

ANSWER = """<?xml version="1.0" encoding="UTF-8"?>
<datastore><totalrecord>40</totalrecord><totalpage>3</totalpage><recordset>
<record><![CDATA[
<li><a href="/art/2026/11/20/art_13617_400000.html" title="t">红安县召开森林防火工作推进会</a><span>2026-11-20</span></li>
]]></record>
<record><![CDATA[<li><a href="/art/2026/11/19/art_13617_400001.html">第二条</a></li>]]></record>
</recordset></datastore>"""


def test_explicit_ajax_call():
    (call,) = find_jpage_calls(AJAX, PAGE)
    assert call.url == "http://www.hazf.gov.cn.test/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15"
    assert call.body == "col=1&appid=1&webid=2&path=%2F&columnid=13617&permissiontype=0"
    assert (call.start, call.group) == (1, 45)


def test_plugin_configuration():
    (call,) = find_jpage_calls(PLUGIN, PAGE)
    assert call.url.startswith("http://www.hazf.gov.cn.test/col/col13617/dataproxy.jsp?")
    assert "startrecord=1&endrecord=40&perpage=20" in call.url
    assert call.body == "col=1&webid=2&columnid=13618&webname=%E7%BA%A2%E5%AE%89%E5%8E%BF"


def test_paging_through_groups():
    call = JpageCall("http://a.test/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15", "x=1", 1, 45)
    second = call.next(100)
    assert second is not None and "startrecord=46&endrecord=90" in second.url and second.body == "x=1"
    third = second.next(100)
    assert third is not None and third.start == 91
    assert third.next(100) is None
    assert call.next(45) is None


def test_answer_rows_and_total():
    rows, total = parse_jpage_answer(ANSWER)
    assert total == 40
    assert rows.count("<li>") == 2 and "art_13617_400001.html" in rows


def test_pages_without_jpage():
    assert find_jpage_calls("<html><a href='/x'>x</a></html>", PAGE) == []
    assert parse_jpage_answer("<html>not xml</html>") == ("", None)
