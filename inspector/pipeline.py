"""The pipeline: gather → check → score → bulletin. Each stage runs alone on a stored run.

Only `gather` touches the network. `check` reads artifacts from the store and the rule files; `bulletin` reads
findings from the store. So `inspector check --run N` works with the network unplugged, and a rule file added
today can be evaluated against last week's crawl.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from inspector.bulletin import (
    BulletinInput,
    PreviousResult,
    RuleInfo,
    RunInfo,
    match_previous,
    previous_quarter,
    quarter_of,
    write_bulletin,
)
from inspector.engine import evaluate, evaluate_account
from inspector.model import Finding, ProbeRecord, Site, SiteArtifacts, SiteVerdict, Status, Verdict
from inspector.rules import Rule
from inspector.scoring import score_accounts, score_run
from inspector.store import Store

logger = logging.getLogger(__name__)

LOOPBACK_NETWORKS = ("127.0.0.0/8", "::1/128")


@dataclass(frozen=True)
class GatherOptions:
    """How to gather: DNS, politeness, depth and budget, probes."""

    dns: str | None = None  # "127.0.0.1:5353"; None = the system resolver
    allowed_networks: tuple[str, ...] = ()  # e.g. LOOPBACK_NETWORKS for the demo and tests
    max_depth: int = 3
    page_budget: int = 2000
    link_timeout: float = 15.0
    polite: bool = True
    robots: str = "ignore"
    jobdir: str | None = None
    probe_attempts: int = 3
    probe_interval: float = 2.0
    probe_timeout: float = 15.0
    self_check_urls: tuple[str, ...] = ()
    dns_timeout: float = 5.0  # seconds for one host name (probes; the crawler has its own DNS_TIMEOUT)
    ipv6: bool = True  # measure IPv6 support when IPv6 rules are loaded
    ipv6_self_check_urls: tuple[str, ...] = ()  # reference targets for the inspector's own IPv6 connectivity
    ipv6_attempts: int | None = None  # homepage probes per address (None: the ipv6-homepage rule's `attempts`)
    ipv6_interval: float | None = None  # seconds between them (None: the rule's `interval_s`)
    ipv6_concurrency: int = 8  # link probes in flight per site (two per host at most)
    ipv6_sites_at_once: int = 10  # sites whose links are probed at the same time
    bridge: str = ""  # 政务新媒体: the feed bridge's base URL that filled {bridge} in the account registry (recorded)
    media_timeout: float = 15.0  # seconds for one account source / own-site link
    media_retries: int = 1  # retries of a retryable source failure (timeout, 5xx, 429)
    extra_settings: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


class Reporter:
    """Progress callbacks; the CLI supplies rich progress bars, tests use this silent one."""

    def stage(self, name: str, total: int | None = None) -> None:
        """A stage starts (name in Chinese for the analyst)."""

    def advance(self, amount: int = 1, **info: Any) -> None:
        """Progress inside the current stage."""

    def done(self) -> None:
        """The current stage ended."""

    def note(self, message: str) -> None:
        """A remark worth showing (e.g. the self-check failed)."""


@dataclass(frozen=True)
class Ipv6Plan:
    """What the IPv6 gatherer does, taken from the IPv6 rule files' parameters (and GatherOptions overrides)."""

    attempts: int = 10  # homepage probes per address and family
    interval_s: float = 30.0
    timeout_s: float = 15.0
    cap2: int = 500  # level-2 links probed at most
    cap3: int = 500
    links: bool = True  # probe level-2/3 links (needs the crawl's links)


IPV6_CHECKS = "inspector.checks.ipv6:"


def ipv6_plan(rules: Sequence[Rule], options: GatherOptions) -> Ipv6Plan | None:
    """The IPv6 measurement plan, or None when IPv6 is switched off or no IPv6 rule is loaded.

    Probe counts and link caps are rule parameters (a rule file, not code, says how many probes the judgement
    needs); the options may shorten the interval (the demo does) or change the attempts.
    """
    chosen = [r for r in rules if r.check.startswith(IPV6_CHECKS)]
    if not options.ipv6 or not chosen:
        return None
    plan = Ipv6Plan()
    caps: dict[int, int] = {}
    values: dict[str, Any] = {}
    for rule in chosen:
        params = rule.params
        for name, key in (("attempts", "attempts"), ("interval_s", "interval_s"), ("timeout_s", "timeout_s")):
            if hasattr(params, name):
                values[key] = max(values.get(key, 0), getattr(params, name))
        if hasattr(params, "level") and hasattr(params, "max_links"):
            caps[int(params.level)] = max(caps.get(int(params.level), 0), int(params.max_links))
    plan = replace(plan, **values, cap2=caps.get(2, 0), cap3=caps.get(3, 0), links=bool(caps))
    if options.ipv6_attempts is not None:
        plan = replace(plan, attempts=options.ipv6_attempts)
    if options.ipv6_interval is not None:
        plan = replace(plan, interval_s=options.ipv6_interval)
    return plan


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    sites: int
    pages: int
    links: int
    findings: int
    failed: int
    inconclusive: int
    verdicts: dict[int, SiteVerdict]
    workbook: Path | None
    notes: tuple[str, ...] = ()
    account_verdicts: dict[int, SiteVerdict] = field(default_factory=dict)  # 政务新媒体, keyed by account id

    def count(self, verdict: Verdict) -> int:
        return sum(1 for v in self.verdicts.values() if v.verdict is verdict)

    def account_count(self, verdict: Verdict) -> int:
        return sum(1 for v in self.account_verdicts.values() if v.verdict is verdict)


def with_jobdir(options: GatherOptions, state_dir: Path, run_id: int, store_url: str) -> GatherOptions:
    """Give the run its own Scrapy JOBDIR so `inspector crawl --resume N` continues where it stopped.

    The folder is keyed by the store as well as the run id: another store's run 1 never reuses it.
    """
    if options.jobdir:
        return options
    digest = hashlib.sha1(store_url.encode("utf-8")).hexdigest()[:10]
    return replace(options, jobdir=str(state_dir / "jobs" / f"{digest}-run-{run_id}"))


def clear_jobdir(options: GatherOptions) -> None:
    """A fresh gather starts from nothing: remove a stale job folder (a resume keeps it)."""
    if options.jobdir and Path(options.jobdir).exists():
        logger.warning("removing stale crawl state %s", options.jobdir)
        shutil.rmtree(options.jobdir)


def start_run(
    store: Store, sites: Sequence[Site], *, as_of: date, options: GatherOptions, accounts: Sequence[Any] = ()
) -> int:
    """Create a run and snapshot its targets: the sites, and the 政务新媒体 accounts (each matched to its site)."""
    from inspector.media import site_for

    run_id = store.create_run(as_of=as_of, quarter=quarter_of(as_of), options=options.as_dict())
    site_ids = store.add_sites(run_id, sites)
    if accounts:
        by_site = {id(site): site_id for site, site_id in zip(sites, site_ids)}
        matched: list[tuple[Any, int | None]] = []
        for account in accounts:
            site = site_for(account, sites)
            if account.site and site is None:
                logger.warning("account %s (%s): 所属网站 %r matches no registry site", account.name,
                               account.platform.value, account.site)
            matched.append((account, by_site[id(site)] if site is not None else None))
        store.add_accounts(run_id, matched)
    return run_id


def probe_round(store: Store, run_id: int, options: GatherOptions, reporter: Reporter | None = None) -> list[str]:
    """One round of the inspector's self-check and the homepage probes, added to the run; returns notes.

    Rounds accumulate (each probe keeps its time), so a run can be probed again later, e.g. from a schedule,
    until the availability check has the standard's week-long sample.
    """
    from inspector.probes.availability import DEFAULT_SELF_CHECK_URLS, probe_homepages, self_check

    reporter = reporter or Reporter()
    targets = [(site_id, site.url) for site_id, site in store.sites(run_id)]
    config = _dns_config(options)
    notes: list[str] = []
    reporter.stage("检查端网络自检", total=1)
    check = asyncio.run(self_check(options.self_check_urls or DEFAULT_SELF_CHECK_URLS, config))
    store.clear_probes(run_id, kind="self-check")  # the latest self-check speaks for the run
    store.add_probes(run_id, [check])
    reporter.advance()
    reporter.done()
    if not check.ok:
        note = f"检查端网络自检失败（{_reasons(check.error)}），本次所有依赖网络的检查项均为“无法判定”"
        notes.append(note)
        reporter.note(note)
        return notes  # probing the sites now would only record the inspector's own outage
    reporter.stage("首页可用性探测", total=len(targets))
    probes = asyncio.run(
        probe_homepages(
            targets,
            config,
            attempts=options.probe_attempts,
            interval=options.probe_interval,
            timeout=options.probe_timeout,
            progress=lambda _sid: reporter.advance(),
        )
    )
    store.add_probes(run_id, probes)
    reporter.done()
    return notes


def gather(
    store: Store,
    run_id: int,
    options: GatherOptions,
    reporter: Reporter | None = None,
    rules: Sequence[Rule] = (),
) -> dict[str, Any]:
    """Self-check and homepage probes, the crawl, a second probe round, then the IPv6 measurements (when the
    loaded `rules` include IPv6 rules), all stored under `run_id`."""
    from inspector.crawl import run_crawl

    reporter = reporter or Reporter()
    targets = [(site_id, site.url) for site_id, site in store.sites(run_id)]
    notes = probe_round(store, run_id, options, reporter)

    reporter.stage("抓取网站页面与链接", total=len(targets))
    stats = run_crawl(
        targets,
        store_url=store.url,
        run_id=run_id,
        dns=options.dns,
        allowed_networks=options.allowed_networks,
        max_depth=options.max_depth,
        page_budget=options.page_budget,
        link_timeout=options.link_timeout,
        jobdir=options.jobdir,
        polite=options.polite,
        extra_settings={
            "INSPECTOR_ROBOTS": options.robots,
            "INSPECTOR_AS_OF": store.run(run_id)["as_of"].isoformat(),  # "[11-26]" dates read against the run's date
            **options.extra_settings,
        },
        progress=lambda event: reporter.advance(0, **event),
    )
    reporter.done()
    if not notes:
        # probe again after the crawl: the availability sample then spans the whole gathering time
        notes += probe_round(store, run_id, options, reporter)
    offline = bool(notes)  # the probe rounds note only a failed self-check of the inspector's own network
    plan = ipv6_plan(rules, options)
    if plan is not None and not offline:  # with the inspector offline, IPv6 probes would only measure that
        notes += ipv6_round(store, run_id, plan, options, reporter)
    notes += media_round(store, run_id, options, reporter, rules, offline=offline)
    notes += coverage_notes(store, run_id, stats)
    store.set_run_notes(run_id, notes)
    store.set_run_status(run_id, "gathered")
    return stats


POLITE_DELAY = 0.5  # seconds a host slot rests after each IPv6 link probe (as the crawler's DOWNLOAD_DELAY)


def ipv6_round(
    store: Store, run_id: int, plan: Ipv6Plan, options: GatherOptions, reporter: Reporter | None = None
) -> list[str]:
    """One IPv6 round: the inspector's own IPv6 check, DNS and homepage probes over IPv6 and IPv4 for every site,
    (with `plan.links`) the level-2/3 links of the stored crawl over IPv6, then the self-check again.

    Every record of the round carries data["round"]; the checks trust a round only when both self-checks passed.
    Without IPv6 connectivity on the inspecting host nothing is probed, and if it is lost during the round the
    round's measurements are not used: the checks then say 无法判定 instead of blaming the sites.
    """
    from inspector.probes.ipv6 import (
        DEFAULT_IPV6_SELF_CHECK_URLS,
        ipv6_self_check,
        link_levels,
        link_plan_record,
        probe_links,
        probe_sites,
    )

    reporter = reporter or Reporter()
    config = _dns_config(options)
    site_list = store.sites(run_id)
    round_id = f"{datetime.now(timezone.utc).isoformat(timespec='milliseconds')}#{secrets.token_hex(3)}"

    def stamp(records: Sequence[ProbeRecord], **extra: str) -> list[ProbeRecord]:
        return [replace(p, data={**p.data, "round": round_id, **extra}) for p in records]

    urls = options.ipv6_self_check_urls or DEFAULT_IPV6_SELF_CHECK_URLS
    timeout = min(plan.timeout_s, 10.0)
    reporter.stage("检查端IPv6连通性自检", total=1)
    before = asyncio.run(ipv6_self_check(urls, config, timeout=timeout))
    store.add_probes(run_id, stamp([before], phase="before"))
    reporter.advance()
    reporter.done()
    if not before.ok:
        note = f"检查端无IPv6连通性（{_reasons(before.error, ipv6=True) or '参照目标均无法通过IPv6访问'}），本轮所有IPv6检查项均为“无法判定”"
        reporter.note(note)
        return [note]

    reporter.stage("IPv6解析与首页探测", total=len(site_list))
    measured = asyncio.run(
        probe_sites(
            [(site_id, site.url) for site_id, site in site_list],
            config,
            attempts=plan.attempts,
            interval=plan.interval_s,
            timeout=plan.timeout_s,
            progress=lambda _sid: reporter.advance(),
        )
    )
    store.add_probes(run_id, stamp(measured))
    reporter.done()

    if plan.links:
        usable = {p.site_id for p in measured if p.kind == "ipv6-dns" and p.data.get("aaaa_usable")}
        reporter.stage("二级、三级链接IPv6探测", total=len(site_list))

        async def all_sites() -> None:
            sites_at_once = asyncio.Semaphore(max(1, options.ipv6_sites_at_once))

            async def one(site_id: int, url: str) -> None:
                targets, plan_data = link_levels(url, store.links(run_id, site_id), cap2=plan.cap2, cap3=plan.cap3)
                if site_id not in usable:
                    # no usable AAAA: nothing can load over IPv6, and the AAAA rule already says so
                    plan_data = {**plan_data, "level2_probed": 0, "level3_probed": 0, "skipped": "no usable AAAA"}
                    targets = []
                records = [link_plan_record(site_id, url, plan_data)]
                async with sites_at_once:
                    records += await probe_links(
                        site_id, targets, config, timeout=options.link_timeout, concurrency=options.ipv6_concurrency,
                        delay=POLITE_DELAY if options.polite else 0.0,
                    )
                store.add_probes(run_id, stamp(records))
                reporter.advance()

            await asyncio.gather(*(one(site_id, site.url) for site_id, site in site_list))

        asyncio.run(all_sites())
        reporter.done()

    reporter.stage("检查端IPv6连通性复查", total=1)
    after = asyncio.run(ipv6_self_check(urls, config, timeout=timeout))
    store.add_probes(run_id, stamp([after], phase="after"))
    reporter.advance()
    reporter.done()
    if not after.ok:
        note = (f"IPv6测量期间检查端IPv6连通性中断（复查：{_reasons(after.error, ipv6=True) or '参照目标均无法通过IPv6访问'}），"
                "本轮IPv6测量结果不予采用，相关检查项为“无法判定”")
        reporter.note(note)
        return [note]
    return []


MATRIX_RULE_ID = "column-new-media"  # the column rule that finds a portal's 政务新媒体 matrix page


def matrix_rule(rules: Sequence[Rule]) -> Rule | None:
    """The required-column rule that finds the 政务新媒体 matrix page: column-new-media, else any required-column
    rule whose column name mentions 新媒体 (a renamed rule file)."""
    columns = [r for r in rules if r.check == REQUIRED_COLUMN_CHECK]
    exact = [r for r in columns if r.id == MATRIX_RULE_ID]
    if exact:
        return exact[0]
    return next((r for r in columns if "新媒体" in str(getattr(r.params, "name", ""))), None)


def media_round(
    store: Store,
    run_id: int,
    options: GatherOptions,
    reporter: Reporter | None = None,
    rules: Sequence[Rule] = (),
    *,
    offline: bool = False,
) -> list[str]:
    """Gather the 政务新媒体 side of a run with an account registry: read every account's source, fetch the
    own-site links inside its posts, and read each site's matrix page (found by the column rule in the stored
    crawl). Stored as probes; returns run notes. Does nothing for a run without accounts.

    When a link in a post got no answer at all, the inspector's own network is checked again right after the links:
    if it is down now, the failed self-check is stored as the run's (as a failed second probe round would be), so no
    link is called broken for the inspector's own outage. (Unreachable sources and matrix pages are 无法判定 anyway.)
    After HOST_FAILURE_LIMIT accounts in a row of one bridge route failed, its other accounts are not requested
    (inspector.media.sources.read_accounts); a note says how many."""
    from inspector.checks._common import homepage_unusable
    from inspector.checks.columns import find_column
    from inspector.media.gather import matrix_probe, own_site_links, probe_post_links, read_matrix_pages, source_probe
    from inspector.media.sources import HOST_FAILURE_LIMIT, read_accounts
    from inspector.media.artifacts import LINK_PROBE, MATRIX_PROBE, SOURCE_PROBE, PortalListing
    from inspector.media.posts import Health

    registered = store.accounts(run_id)
    if not registered:
        return []
    if offline:
        return [f"检查端网络自检失败，未读取{len(registered)}个政务新媒体账号的数据源，相关检查项为“无法判定”"]
    reporter = reporter or Reporter()
    config = _dns_config(options)
    sites_by_id = dict(store.sites(run_id))
    for kind in (SOURCE_PROBE, LINK_PROBE, MATRIX_PROBE):  # a resumed gather reads the accounts afresh
        store.clear_probes(run_id, kind=kind)
    notes: list[str] = []

    reporter.stage("读取政务新媒体账号数据源", total=len(registered))
    results = asyncio.run(
        read_accounts(
            [account for _aid, account, _sid in registered],
            config,
            bridge=options.bridge,
            timeout=options.media_timeout,
            retries=options.media_retries,
            host_delay=POLITE_DELAY if options.polite else 0.0,
            progress=lambda _account, _result: reporter.advance(),
        )
    )
    pairs = list(zip(registered, results, strict=True))  # a result per account, in order: never shifted
    store.add_probes(run_id, [source_probe(aid, sid, result) for (aid, _a, sid), result in pairs])
    reporter.done()
    given_up = [r for r in results if r.attempts == 0 and r.health in (Health.UNREACHABLE, Health.RATE_LIMITED)
                and r.url]
    if given_up:
        hosts = sorted({_host(r.url) for r in given_up})
        notes.append(f"{len(given_up)}个政务新媒体账号的数据源所在主机（{'、'.join(hosts[:5])}）已连续"
                     f"{HOST_FAILURE_LIMIT}个账号无法访问或被限流，未再逐一请求，相关检查项为“无法判定”")
    items = []
    for (aid, _account, sid), result in pairs:
        site = sites_by_id.get(sid) if sid is not None else None
        if site is not None and result.healthy:
            items += [(aid, sid, link) for link in own_site_links(result, site)]
    if items:
        reporter.stage("检查账号文章中的本单位网站链接", total=len(items))
        records = asyncio.run(
            probe_post_links(items, config, timeout=options.link_timeout,
                             delay=POLITE_DELAY if options.polite else 0.0, progress=reporter.advance,
                             homepages={sid: site.url for sid, site in sites_by_id.items()})
        )
        reporter.done()
        if any(not r.ok and r.http_status is None for r in records):
            # no answer at all: a broken link, or the inspector's own network gone. Checked before the links are
            # stored, so a run interrupted here holds no unverified "broken" link.
            notes += _media_self_check(store, run_id, options, config, reporter)
        store.add_probes(run_id, records)

    rule = matrix_rule(rules)
    if rule is None:
        notes.append("未加载政务新媒体栏目规则（column-new-media），未核对门户网站政务新媒体页面")
    else:
        reporter.stage("读取门户网站政务新媒体页面", total=len(sites_by_id))
        listings = []
        for artifacts in store.artifacts(run_id):
            unusable = homepage_unusable(artifacts.homepage)
            if unusable is not None:
                listing = PortalListing("not_found", reason=f"{unusable}，无法查找政务新媒体页面")
            else:
                matches = find_column(artifacts, rule.params)
                if not matches:
                    listing = PortalListing("not_found", reason="抓取到的页面中未找到政务新媒体页面",
                                            conclusive_absence=True)
                else:
                    texts: dict[str, str] = {}
                    for m in matches:
                        texts.setdefault(m.url, m.text)  # the best match's link text
                    ordered = matrix_candidates(artifacts, [m.url for m in matches])
                    listing = asyncio.run(read_matrix_pages([(u, texts[u]) for u in ordered], config,
                                                            timeout=options.link_timeout, homepage=artifacts.site.url))
            listings.append(matrix_probe(artifacts.site_id, listing))
            reporter.advance()
        store.add_probes(run_id, listings)
        reporter.done()
    return notes


def matrix_candidates(artifacts: SiteArtifacts, urls: Sequence[str]) -> list[str]:
    """The column rule's matrix-page matches (best first) in the order to read them: those the crawl fetched
    successfully, then those it did not fetch, then the dead or blocked ones, each group best first (a dead first
    match must not hide a working second one, as the column rule itself looks past it)."""
    from inspector.model import Outcome

    pages = {}
    for page in artifacts.pages:
        pages.setdefault(page.url, page)
        if page.final_url:
            pages.setdefault(page.final_url, page)

    def usable(url: str) -> int:
        page = pages.get(url)
        if page is None:
            return 1
        return 0 if page.outcome is Outcome.OK and not page.facts.get("waf_challenge") else 2

    unique = list(dict.fromkeys(urls))
    return sorted(unique, key=lambda u: (usable(u), unique.index(u)))


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


def _media_self_check(store: Store, run_id: int, options: GatherOptions, config: Any, reporter: Reporter) -> list[str]:
    """The inspector's network checked again after links in posts of which some got no answer at all; a failure
    replaces the run's self-check (network findings then say 无法判定) and is noted."""
    from inspector.probes.availability import DEFAULT_SELF_CHECK_URLS, self_check

    reporter.stage("检查端网络复查（政务新媒体）", total=1)
    probe = asyncio.run(self_check(options.self_check_urls or DEFAULT_SELF_CHECK_URLS, config))
    reporter.advance()
    reporter.done()
    if probe.ok:
        return []
    store.clear_probes(run_id, kind="self-check")  # the latest self-check speaks for the run
    store.add_probes(run_id, [probe])
    note = (f"读取政务新媒体期间检查端网络自检失败（{_reasons(probe.error)}），本次所有依赖网络的检查项均为“无法判定”")
    reporter.note(note)
    return [note]


def _reasons(error: str, *, ipv6: bool = False) -> str:
    """A probe's "URL: detail; URL: detail" error in Chinese, for run notes the analyst reads."""
    import re

    from inspector.checks._common import ipv6_problem_label, problem_label

    label = ipv6_problem_label if ipv6 else problem_label
    parts = []
    for part in (p.strip() for p in error.split(";")):
        if not part:
            continue
        m = re.match(r"^(https?://\S+?):\s+(.+)$", part)
        parts.append(f"{m.group(1)} {label(m.group(2))}" if m else label(part))
    return "；".join(parts)


def _dns_config(options: GatherOptions) -> Any:
    from inspector.probes.dns import parse_dns_spec

    return parse_dns_spec(options.dns, allowed_networks=options.allowed_networks, timeout=options.dns_timeout)


def measure_ipv6_site(site: Site, plan: Ipv6Plan, options: GatherOptions, *, as_of: date) -> SiteArtifacts:
    """Everything `ipv6_round` measures, for one site outside any run (`inspector ipv6 URL`).

    The level-2/3 links come from fetching the homepage and its level-2 pages (there is no stored crawl).
    Returns artifacts with site id 0 that the IPv6 checks and `summarize` read like a stored run's.
    """
    from inspector.probes.dns import parse_dns_spec
    from inspector.probes.ipv6 import (
        DEFAULT_IPV6_SELF_CHECK_URLS,
        discover_links,
        ipv6_self_check,
        probe_site_links,
        probe_sites,
    )

    config = _dns_config(options)
    urls = options.ipv6_self_check_urls or DEFAULT_IPV6_SELF_CHECK_URLS

    round_id = "one-site"

    def stamp(records: Sequence[ProbeRecord], **extra: str) -> list[ProbeRecord]:
        return [replace(p, data={**p.data, "round": round_id, **extra}) for p in records]

    async def work() -> tuple[list[ProbeRecord], list[ProbeRecord]]:
        timeout = min(plan.timeout_s, 10.0)
        before = await ipv6_self_check(urls, config, timeout=timeout)
        if not before.ok:
            return stamp([before], phase="before"), []
        records = await probe_sites(
            [(0, site.url)], config, attempts=plan.attempts, interval=plan.interval_s, timeout=plan.timeout_s
        )
        if plan.links and any(p.kind == "ipv6-dns" and p.data.get("aaaa_usable") for p in records):
            links = await discover_links(site.url, config, cap2=plan.cap2, cap3=plan.cap3, timeout=plan.timeout_s)
            records += await probe_site_links(
                0, site.url, links, config, cap2=plan.cap2, cap3=plan.cap3, timeout=options.link_timeout,
                concurrency=options.ipv6_concurrency, delay=POLITE_DELAY if options.polite else 0.0,
            )
        after = await ipv6_self_check(urls, config, timeout=timeout)
        return stamp([before], phase="before") + stamp([after], phase="after"), stamp(records)

    checks, records = asyncio.run(work())
    return SiteArtifacts(0, site, as_of, (), (), tuple(records), tuple(checks))


def coverage_notes(store: Store, run_id: int, stats: dict[str, Any]) -> list[str]:
    """Remarks on what the crawl could not cover, for the bulletin's 说明 sheet."""
    notes: list[str] = []
    missing = [site.name for site_id, site in store.sites(run_id) if not store.has_homepage(run_id, site_id)]
    if missing:
        notes.append(f"{len(missing)}个网站的首页未能抓取（{'、'.join(missing[:10])}），其页面类检查项为“无法判定”")
    unchecked = int(stats.get("unchecked") or 0)
    if unchecked:
        notes.append(f"有{unchecked}个链接超出每站检查上限未检查，相关网站的链接检查结果不完整")
    return notes


def check(store: Store, run_id: int, rules: Sequence[Rule], reporter: Reporter | None = None) -> list[Finding]:
    """Evaluate every rule over the stored artifacts of `run_id` (no network) and store the findings."""
    reporter = reporter or Reporter()
    site_list = store.sites(run_id)
    if store.run(run_id)["options"].get("ipv6", True) is False:
        # gathered with --no-ipv6: the IPv6 items were not measured, so they are left out, not 无法判定
        rules = [r for r in rules if not r.check.startswith(IPV6_CHECKS)]
        add_run_notes(store, run_id, ["本批次未测量IPv6支持情况（--no-ipv6），IPv6检查项未列入"])
    registered = store.accounts(run_id)
    reporter.stage("评估检查规则", total=len(site_list) + len(registered))
    found: list[Finding] = []
    for artifacts in store.artifacts(run_id):
        found.extend(evaluate(rules, artifacts, run_id))
        reporter.advance()
    for account in store.account_artifacts(run_id):
        found.extend(evaluate_account(rules, account, run_id))
        reporter.advance()
    store.replace_findings(run_id, found)
    store.set_run_status(run_id, "checked")
    reporter.done()
    logger.info(
        "run %s findings: %d fail, %d inconclusive, %d total",
        run_id,
        sum(f.status is Status.FAIL for f in found),
        sum(f.status is Status.INCONCLUSIVE for f in found),
        len(found),
    )
    return found


def add_run_notes(store: Store, run_id: int, notes: Sequence[str]) -> None:
    """Append notes to the run's notes (each note once)."""
    current = list(store.run(run_id)["notes"])
    fresh = [n for n in notes if n not in current]
    if fresh:
        store.set_run_notes(run_id, current + fresh)


def bulletin_path(reports_dir: Path, quarter: str) -> Path:
    return reports_dir / f"{quarter}-bulletin.xlsx"


def bulletin(
    store: Store, run_id: int, rules: Sequence[Rule], out: Path, reporter: Reporter | None = None
) -> tuple[Path, dict[int, SiteVerdict]]:
    """Score the stored findings and write the workbook; never re-runs a check."""
    reporter = reporter or Reporter()
    reporter.stage("生成检查通报", total=1)
    if not store.run(run_id)["finished_at"]:
        store.set_run_status(run_id, "done", finished=True)
    run = store.run(run_id)
    found = store.findings(run_id)
    site_list = store.sites(run_id)
    verdicts = score_run(found)
    for site_id, _site in site_list:
        verdicts.setdefault(site_id, _empty_verdict(site_id))
    account_found = store.findings(run_id, accounts=True)
    account_verdicts = scored_accounts(store, run_id, account_found)
    previous_run, previous = comparison(store, run_id, run["quarter"], site_list)
    data = BulletinInput(
        run=RunInfo(
            run_id=run_id,
            as_of=run["as_of"],
            started_at=run["started_at"],
            finished_at=run["finished_at"],
            quarter=run["quarter"],
            notes=tuple(run["notes"]),
        ),
        sites=tuple(site_list),
        verdicts=verdicts,
        findings=tuple(found),
        rules=tuple(rule_info(r) for r in rules),
        link_rule_ids=frozenset(r.id for r in rules if r.check.endswith(":broken_links")),
        ipv6=ipv6_summaries(store, run_id),
        ipv6_rule_ids=frozenset(
            r.id for r in rules if r.check.startswith(IPV6_CHECKS) and run["options"].get("ipv6", True) is not False
        ),
        columns=column_summaries(store, run_id, rules),
        column_rule_ids=frozenset(r.id for r in rules if r.check == REQUIRED_COLUMN_CHECK),
        previous=previous,
        previous_run=previous_run,
        accounts=account_infos(store, run_id),
        account_verdicts=account_verdicts,
        account_findings=tuple(account_found),
    )
    path = write_bulletin(data, out)
    store.set_run_status(run_id, "done")
    reporter.advance()
    reporter.done()
    return path, verdicts


def account_infos(store: Store, run_id: int) -> tuple[Any, ...]:
    """The run's accounts with the activity their stored source shows, for the 政务新媒体 sheet."""
    from inspector.bulletin import AccountInfo
    from inspector.media.activity import activity
    from inspector.media.labels import detail_label
    from inspector.media.posts import Health

    infos = []
    for artifacts in store.account_artifacts(run_id):
        account, result = artifacts.account, artifacts.source
        values: dict[str, Any] = {}
        if result is None:
            values = {"health": "未读取"}
        else:
            values = {"health": result.health.label, "healthy": result.healthy,
                      "health_detail": detail_label(result.detail), "source_url": result.url}
            if result.health is Health.OK:  # an empty feed proves no silence: no figures (the checks: 无法判定)
                figures = activity(result, as_of=artifacts.as_of, quarter_start=artifacts.quarter_start,
                                   quarter_end=artifacts.quarter_end)
                values.update(latest=figures.latest, days_since=figures.days_since_latest,
                              posts_in_quarter=figures.posts_in_quarter, posts_lower_bound=figures.posts_lower_bound,
                              longest_gap=figures.longest_gap_days, gap_lower_bound=figures.gap_lower_bound,
                              latest_uncertain=figures.latest_uncertain)
        infos.append(AccountInfo(
            account_id=artifacts.account_id, name=account.name, platform=account.platform.label, owner=account.owner,
            site_name=artifacts.site.name if artifacts.site else "", **values,
        ))
    return tuple(infos)


def ipv6_summaries(store: Store, run_id: int) -> dict[int, Any]:
    """Per-site IPv6 measurements for the bulletin (empty when the run measured no IPv6)."""
    from inspector.checks.ipv6 import summarize

    summaries = {a.site_id: summarize(a) for a in store.probe_artifacts(run_id)}
    if not any(s.measured or s.self_check_ok is not None for s in summaries.values()):
        return {}
    return summaries


REQUIRED_COLUMN_CHECK = "inspector.checks.columns:required_column"
COLUMN_UPDATE_CHECK = "inspector.checks.columns:column_update"


def column_summaries(store: Store, run_id: int, rules: Sequence[Rule]) -> dict[int, Any]:
    """Per-site column states for the 栏目更新 sheet, judged with the column-update rule's parameters (none
    without that rule)."""
    from inspector.checks.columns import column_states

    rule = next((r for r in rules if r.check == COLUMN_UPDATE_CHECK), None)
    if rule is None:
        return {}
    return {a.site_id: column_states(a, rule.params) for a in store.artifacts(run_id)}


def comparison(
    store: Store, run_id: int, quarter: str, site_list: Sequence[tuple[int, Site]]
) -> tuple[tuple[int, str] | None, dict[int, PreviousResult]]:
    """Last quarter's results for the bulletin, read from the store (never from an old workbook).

    The comparison run is the latest run of the previous quarter that has findings. Its sites are matched to
    `site_list` by homepage URL (site ids differ between runs); a site it inspected without findings counts
    as 无法判定, as its own bulletin showed it.

    Returns:
        ``((run id, quarter), {this run's site_id: PreviousResult})``, or ``(None, {})`` when there is none.
    """
    try:
        wanted = previous_quarter(quarter)
    except ValueError:
        logger.warning("run %s has an unusual quarter label %r: no comparison", run_id, quarter)
        return None, {}
    candidates = sorted((r["id"] for r in store.runs() if r["quarter"] == wanted and r["id"] != run_id), reverse=True)
    for prev_id in candidates:
        found = store.findings(prev_id)
        if not found:
            continue
        prev_sites = store.sites(prev_id)
        verdicts = score_run(found)
        for site_id, _site in prev_sites:
            verdicts.setdefault(site_id, _empty_verdict(site_id))
        logger.info("run %s compared with run %s (%s)", run_id, prev_id, wanted)
        return (prev_id, wanted), match_previous(site_list, prev_sites, verdicts)
    logger.info("run %s: no run of %s with findings to compare with", run_id, wanted)
    return None, {}


def rule_info(rule: Rule) -> RuleInfo:
    return RuleInfo(
        id=rule.id,
        title=rule.title,
        failure_title=rule.failure_title,
        severity=rule.severity,
        points=rule.points,
        reference=rule.reference,
        check=rule.check,
        short_name=str(getattr(rule.params, "name", "") or ""),
        target=rule.target,
    )


def _empty_verdict(site_id: int) -> SiteVerdict:
    return SiteVerdict(site_id=site_id, score=100.0, verdict=Verdict.INCONCLUSIVE, vetoes=(), problems=0, inconclusive=0)


def scored_accounts(store: Store, run_id: int, found: Sequence[Finding]) -> dict[int, SiteVerdict]:
    """Every account of the run with its verdict (无法判定 for an account without findings)."""
    verdicts = score_accounts(found)
    for account_id, _account, _site_id in store.accounts(run_id):
        verdicts.setdefault(account_id, _empty_verdict(account_id))
    return verdicts


def summarize(store: Store, run_id: int, verdicts: dict[int, SiteVerdict], workbook: Path | None) -> RunSummary:
    counts = store.counts(run_id)
    found = store.findings(run_id)
    account_verdicts = scored_accounts(store, run_id, store.findings(run_id, accounts=True))
    return RunSummary(
        run_id=run_id,
        sites=counts["sites"],
        pages=counts["pages"],
        links=counts["links"],
        findings=len(found),
        failed=sum(f.status is Status.FAIL for f in found),
        inconclusive=sum(f.status is Status.INCONCLUSIVE for f in found),
        verdicts=verdicts,
        workbook=workbook,
        notes=tuple(store.run(run_id)["notes"]),
        account_verdicts=account_verdicts,
    )


def run_all(
    store: Store,
    sites: Sequence[Site],
    rules: Sequence[Rule],
    *,
    as_of: date,
    options: GatherOptions,
    reports_dir: Path,
    state_dir: Path | None = None,
    reporter: Reporter | None = None,
    on_run: Callable[[int], None] | None = None,
    accounts: Sequence[Any] = (),
) -> RunSummary:
    """The whole pipeline on fresh targets (and 政务新媒体 `accounts`, inspector.media.Account); with `state_dir`,
    the crawl can be resumed after an interruption."""
    run_id = start_run(store, sites, as_of=as_of, options=options, accounts=accounts)
    if on_run:
        on_run(run_id)
    if state_dir is not None:
        options = with_jobdir(options, state_dir, run_id, store.url)
        clear_jobdir(options)
    gather(store, run_id, options, reporter, rules)
    check(store, run_id, rules, reporter)
    path, verdicts = bulletin(store, run_id, rules, bulletin_path(reports_dir, quarter_of(as_of)), reporter)
    return summarize(store, run_id, verdicts, path)
