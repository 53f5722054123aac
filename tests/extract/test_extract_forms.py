"""Search boxes are links of their own kind ("form"): the site-search rule needs them, the crawler never fetches them."""

from __future__ import annotations

from inspector.extract import extract_links

BASE = "http://www.x.test/a/index.html"


def _forms(html: str) -> list[tuple[str, str]]:
    return [(link.url, link.text) for link in extract_links(BASE, html) if link.how == "form"]


def test_a_search_form_is_a_link_named_by_its_button_or_placeholder() -> None:
    html = """<form action="/search/search.jsp" method="get"><input type="text" name="searchword"
              placeholder="请输入关键词"><input type="submit" value="搜 索"></form>
              <form action="../s.do"><input name="q" placeholder="全文检索"><button>Go</button></form>
              <form action="/find"><input type="search" name="k"><button type="submit">Search</button></form>"""
    assert _forms(html) == [
        ("http://www.x.test/search/search.jsp", "搜索"),
        ("http://www.x.test/s.do", "全文检索"),
        ("http://www.x.test/find", "站内搜索"),
    ]


def test_forms_without_a_text_input_or_with_a_script_action_are_not_links() -> None:
    html = """<form action="/login"><input type="password" name="p"><input type="submit" value="登录"></form>
              <form action="javascript:doSearch()"><input name="q" value="搜索"></form>
              <form action="/vote"><input type="radio" name="v"><input type="submit" value="投票"></form>"""
    assert _forms(html) == []


def test_hidden_inputs_do_not_name_the_form() -> None:
    html = '<form action="/was5/web/search"><input type="hidden" name="channelid" value="290962"><input name="q"></form>'
    assert _forms(html) == [("http://www.x.test/was5/web/search", "")]


def test_a_form_without_action_submits_to_the_page_itself() -> None:
    assert _forms('<form><input name="q" title="站内检索"></form>') == [("http://www.x.test/a/", "站内检索")]
