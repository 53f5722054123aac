from __future__ import annotations

import pytest

from inspector.bulletin import PreviousResult, homepage_key, match_previous
from inspector.model import Level, Site, SiteVerdict, Verdict


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://www.city.test/", "http://www.city.test"),
        ("http://WWW.City.TEST/", "http://www.city.test/"),
        ("http://www.city.test/", "https://www.city.test/"),
        ("http://www.city.test:80/", "http://www.city.test/"),
        ("http://www.city.test/portal/", "http://www.city.test/portal"),
        (" http://www.city.test/ ", "http://www.city.test/"),
    ],
)
def test_homepage_key_same_site(a: str, b: str) -> None:
    assert homepage_key(a) == homepage_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://www.city.test/", "http://edu.city.test/"),
        ("http://www.city.test/", "http://www.city.test:8080/"),
        ("http://www.city.test/a/", "http://www.city.test/b/"),
        ("http://www.city.test/Portal", "http://www.city.test/portal"),  # paths keep their case
        ("http://www.city.test/?site=1", "http://www.city.test/?site=2"),
    ],
)
def test_homepage_key_different_sites(a: str, b: str) -> None:
    assert homepage_key(a) != homepage_key(b)


def test_match_previous_by_homepage_not_by_id() -> None:
    sites = [
        (21, Site("示例市人民政府", "https://WWW.CITY.test", Level.CITY)),
        (22, Site("示例县人民政府", "http://www.county.test/", Level.COUNTY)),
        (23, Site("新网站", "http://new.city.test/", Level.DEPARTMENT)),
    ]
    previous_sites = [
        (22, Site("别的网站", "http://other.test/", Level.DEPARTMENT)),  # same id as a current site: no match
        (5, Site("示例县人民政府", "http://www.county.test", Level.COUNTY)),
        (6, Site("示例市人民政府", "http://www.city.test/", Level.CITY)),
        (7, Site("示例市人民政府（重复）", "http://www.city.test", Level.CITY)),
    ]
    verdicts = {
        22: SiteVerdict(22, 100.0, Verdict.PASS, (), 0, 0),
        5: SiteVerdict(5, 100.0, Verdict.FAIL, ("首页无法访问",), 1, 0),
        6: SiteVerdict(6, 96.0, Verdict.PASS, (), 1, 0),
        7: SiteVerdict(7, 50.0, Verdict.FAIL, (), 9, 0),
    }
    got = match_previous(sites, previous_sites, verdicts)
    assert got == {
        21: PreviousResult(score=96.0, verdict=Verdict.PASS),
        22: PreviousResult(score=100.0, verdict=Verdict.FAIL, vetoes=("首页无法访问",)),
    }


def test_site_code_matches_across_a_change_of_domain() -> None:
    from inspector.bulletin.compare import match_previous
    from inspector.model import Level, Site, SiteVerdict, Verdict

    old = [(7, Site("某县人民政府", "http://www.old.gov.cn/", Level.COUNTY, "4211990001"))]
    new = [(1, Site("某县人民政府", "https://www.new.gov.cn/", Level.COUNTY, "4211990001")),
           (2, Site("另一县", "http://www.old.gov.cn/", Level.COUNTY, "4211990002"))]
    verdicts = {7: SiteVerdict(7, 88.0, Verdict.PASS, (), 2, 0)}
    matched = match_previous(new, old, verdicts)
    assert set(matched) == {1}  # matched by code; the other site's different code does not fall back to the URL
    assert matched[1].score == 88.0
