"""The `inspector` command line: thin wiring of the pipeline stages, with rich progress and exit codes.

Exit codes:
  0  success (findings, even 不合格 sites, are results, not errors)
  1  unexpected internal error
  2  usage error (unknown option, bad value)
  3  configuration error: a malformed rule file or registry row (the message names the file and the key/row)
  4  store error: the run does not exist, or the database has another schema version
  5  gathering failed (the crawler process died)
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from inspector.model import Verdict

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_CONFIG = 3
EXIT_STORE = 4
EXIT_GATHER = 5

DEFAULT_STORE = os.environ.get("INSPECTOR_STORE", ".inspector/inspector.db")
DEMO_STORE = ".inspector/demo.db"  # the demo keeps its runs apart from real inspections
DEFAULT_REPORTS = Path(os.environ.get("INSPECTOR_REPORTS", "reports"))
STATE_DIR = Path(os.environ.get("INSPECTOR_STATE", ".inspector"))  # crawl job folders (resume) live here

app = typer.Typer(
    name="inspector",
    help="gov-inspector：政府网站与政务新媒体检查工具 (crawl → rules → findings → scoring → Excel bulletin).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="List and show the rule catalogue (rules/*.toml).", no_args_is_help=True)
farm_app = typer.Typer(help="The bundled demo web farm (loopback only).", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(farm_app, name="farm")

console = Console(stderr=True)
out = Console()

StoreOpt = Annotated[str, typer.Option("--store", help="SQLite file or SQLAlchemy URL of the store.")]
RulesOpt = Annotated[Path | None, typer.Option("--rules", help="Rule folder (default: the bundled rules/).")]
DnsOpt = Annotated[
    str | None, typer.Option("--dns", help="DNS server HOST:PORT to resolve every name through (default: system).")
]
DepthOpt = Annotated[int, typer.Option("--depth", min=0, help="Crawl depth from the homepage (homepage = 0).")]
BudgetOpt = Annotated[int, typer.Option("--budget", min=1, help="Page budget per site.")]
RobotsOpt = Annotated[
    str, typer.Option("--robots", help="robots.txt policy: ignore (default: an inspector checks every public page) or obey.")
]
SelfCheckOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--self-check",
        metavar="URL",
        help="Reference URL for the inspector's own network check (repeatable; default www.gov.cn and www.baidu.com). "
        "On an intranet or with the demo farm, give a URL this host can reach.",
    ),
]
Ipv6SelfCheckOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--ipv6-self-check",
        metavar="URL",
        help="Reference URL for the inspector's own IPv6 connectivity (repeatable; default dual-stack public sites). "
        "Without IPv6 on this host every IPv6 item is 无法判定.",
    ),
]
DnsTimeoutOpt = Annotated[
    float, typer.Option("--dns-timeout", min=0.1, help="Seconds to resolve one host name in the probes (default 5).")
]
Ipv6Opt = Annotated[bool, typer.Option("--ipv6/--no-ipv6", help="Measure IPv6 support (when IPv6 rules are loaded).")]
AccountsOpt = Annotated[
    Path | None,
    typer.Option("--accounts", help="政务新媒体 account registry: .xlsx, .csv or .toml (账号名称, 平台, 主办单位, 所属网站, "
                 "账号ID, 主页地址, 数据源)."),
]
BridgeOpt = Annotated[
    str | None,
    typer.Option("--bridge", metavar="URL", help="Base URL of the feed bridge (e.g. a self-hosted RSSHub) that fills "
                 "{bridge} in the account registry's 数据源."),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Reference date YYYY-MM-DD (default: today); fixes the quarter.")
]


def _fail(code: int, message: str) -> NoReturn:
    console.print(f"[bold red]错误[/]: {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _load_rules(folder: Path | None) -> list[Any]:
    from inspector.errors import RuleError
    from inspector.rules import default_rules_dir, load_rules

    try:
        return load_rules(folder or default_rules_dir())
    except RuleError as exc:
        _fail(EXIT_CONFIG, str(exc))


def _load_sites(path: Path) -> list[Any]:
    from inspector.targets import TargetError, load_sites

    try:
        return load_sites(path)
    except TargetError as exc:
        _fail(EXIT_CONFIG, str(exc))


def _load_accounts(path: Path | None, bridge: str | None) -> list[Any]:
    """The account registry (empty without --accounts); a bad row, or {bridge} sources without --bridge, stop here."""
    from inspector.media import AccountError, load_accounts

    if path is None:
        if bridge:
            _fail(EXIT_USAGE, "--bridge 需要与 --accounts 一起使用")
        return []
    try:
        accounts = load_accounts(path, bridge=bridge or "")
    except AccountError as exc:
        _fail(EXIT_CONFIG, str(exc))
    waiting = [a.name for a in accounts if a.needs_bridge]
    if waiting:
        more = "等" if len(waiting) > 5 else ""
        _fail(EXIT_USAGE, f"{path}: {len(waiting)}个账号的数据源含 {{bridge}}（{'、'.join(waiting[:5])}{more}），"
                          "请用 --bridge 指定数据桥地址")
    return accounts


def _check_account_sites(accounts: list[Any], sites: list[Any], sites_path: Path) -> None:
    """Every 所属网站 must name a site of the site registry (网站标识码 or 名称): a typo would silently drop the
    account's portal and link checks."""
    from inspector.media import site_for

    for account in accounts:
        if account.site and site_for(account, sites) is None:
            _fail(EXIT_CONFIG, f"{account.where or account.name}: 所属网站 {account.site!r} matches no site of "
                               f"{sites_path} (use its 网站标识码 or 名称, or leave 所属网站 empty)")


def _open_store(spec: str, *, must_exist: bool = False) -> Any:
    """Open the store; a read-only command (check, bulletin, runs) never creates an empty one by mistake."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from inspector.store import Store, StoreError

    if must_exist and "://" not in spec and not Path(spec).expanduser().is_file():
        _fail(EXIT_STORE, f"存储文件不存在: {spec}（用 --store 指定检查时使用的存储）")
    try:
        return Store(spec)
    except StoreError as exc:
        _fail(EXIT_STORE, str(exc))
    except (ArgumentError, NoSuchModuleError) as exc:
        _fail(EXIT_STORE, f"--store {spec!r} 不是可用的 SQLAlchemy 地址（{exc}）")
    except DBAPIError as exc:
        _fail(EXIT_STORE, f"无法打开存储 {spec}（{str(exc.orig) or type(exc.orig).__name__}）")


def _dns(spec: str | None) -> str | None:
    """Validate --dns early: a usage error, not a traceback."""
    from inspector.probes.dns import parse_dns_spec

    try:
        parse_dns_spec(spec)
    except ValueError as exc:
        _fail(EXIT_USAGE, f"--dns {spec!r}: {exc}")
    return spec


def _robots(policy: str) -> str:
    if policy not in ("ignore", "obey"):
        _fail(EXIT_USAGE, f"--robots {policy!r} 应为 ignore 或 obey")
    return policy


def _as_of(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(EXIT_USAGE, f"--as-of {text!r} is not a date (YYYY-MM-DD)")


def _check_run(store: Any, run_id: int | None) -> int:
    from inspector.store import StoreError

    if run_id is None:
        run_id = store.latest_run_id()
        if run_id is None:
            _fail(EXIT_STORE, f"存储中还没有检查批次（{store.url}）")
    try:
        store.run(run_id)
    except StoreError as exc:
        _fail(EXIT_STORE, str(exc))
    return run_id


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


class RichReporter:
    """Progress bars on stderr for each pipeline stage."""

    def __init__(self) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[info]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.task: Any = None
        self.sites: dict[int, dict[str, Any]] = {}

    def __enter__(self) -> RichReporter:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def stage(self, name: str, total: int | None = None) -> None:
        self.task = self.progress.add_task(name, total=total, info="")

    def advance(self, amount: int = 1, **info: Any) -> None:
        if self.task is None:
            return
        if "site_id" in info:
            # crawl progress comes per site: the bar counts finished sites, the text sums pages and links
            self.sites[info["site_id"]] = info
            done = sum(1 for e in self.sites.values() if e.get("done"))
            pages = sum(int(e.get("pages", 0)) for e in self.sites.values())
            links = sum(int(e.get("links", 0)) for e in self.sites.values())
            self.progress.update(self.task, completed=done, info=f"已检查网址 {pages}  链接 {links}")
        else:
            self.progress.advance(self.task, amount)

    def done(self) -> None:
        if self.task is not None:
            task = self.progress.tasks[-1]
            self.progress.update(self.task, total=task.completed or 1, completed=task.completed or 1)
        self.task = None

    def note(self, message: str) -> None:
        self.progress.console.print(f"[bold yellow]注意[/]: {message}")


def _gather_options(**kw: Any) -> Any:
    from inspector.pipeline import GatherOptions

    return GatherOptions(**{k: v for k, v in kw.items() if v is not None})


def _print_summary(summary: Any, store: Any) -> None:
    from inspector.model import Level

    table = Table(title=f"检查结果（批次 {summary.run_id}）", show_lines=False)
    for col in ("网站名称", "级别", "得分", "结论", "单项否决项", "问题数"):
        table.add_column(col)
    for site_id, site in store.sites(summary.run_id):
        v = summary.verdicts[site_id]
        style = {"不合格": "red", "无法判定": "yellow"}.get(v.verdict.value, "green")
        table.add_row(
            site.name,
            Level(site.level).label,
            "—" if v.vetoes or v.verdict is Verdict.INCONCLUSIVE else f"{v.score:.1f}",  # no score without a conclusion
            f"[{style}]{v.verdict.value}[/]",
            "；".join(v.vetoes),
            str(v.problems),
        )
    out.print(table)
    out.print(
        f"网站 {summary.sites} 个，页面 {summary.pages} 个，链接 {summary.links} 条，网站检查结果 {summary.findings} 条"
        f"（不通过 {summary.failed}，无法判定 {summary.inconclusive}）"
    )
    out.print(
        f"合格 {summary.count(Verdict.PASS)}  不合格 {summary.count(Verdict.FAIL)}  "
        f"无法判定 {summary.count(Verdict.INCONCLUSIVE)}"
    )
    if summary.account_verdicts:
        _print_accounts(summary, store)
    for note in summary.notes:
        out.print(f"[bold yellow]注意[/]: {note}")
    if summary.workbook:
        out.print(f"检查通报: {summary.workbook}")


def _print_accounts(summary: Any, store: Any) -> None:
    table = Table(title="政务新媒体检查结果", show_lines=False)
    for col in ("账号名称", "平台", "主办单位", "得分", "结论", "单项否决项", "问题数"):
        table.add_column(col)
    for account_id, account, _site_id in store.accounts(summary.run_id):
        v = summary.account_verdicts[account_id]
        style = {"不合格": "red", "无法判定": "yellow"}.get(v.verdict.value, "green")
        score = "—" if v.vetoes or v.verdict is Verdict.INCONCLUSIVE else f"{v.score:.1f}"
        table.add_row(account.name, account.platform.label, account.owner, score, f"[{style}]{v.verdict.value}[/]",
                      "；".join(v.vetoes), str(v.problems))
    out.print(table)
    out.print(
        f"政务新媒体 {len(summary.account_verdicts)} 个：合格 {summary.account_count(Verdict.PASS)}  "
        f"不合格 {summary.account_count(Verdict.FAIL)}  无法判定 {summary.account_count(Verdict.INCONCLUSIVE)}"
    )


@app.command()
def run(
    sites: Annotated[Path, typer.Option("--sites", help="Registry: .xlsx, .csv or .toml (名称, 网址, 级别, 网站标识码, 地区).")],
    store: StoreOpt = DEFAULT_STORE,
    rules: RulesOpt = None,
    dns: DnsOpt = None,
    as_of: AsOfOpt = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the bulletin.")] = DEFAULT_REPORTS,
    depth: DepthOpt = 3,
    budget: BudgetOpt = 2000,
    robots: RobotsOpt = "ignore",
    self_check: SelfCheckOpt = None,
    ipv6: Ipv6Opt = True,
    ipv6_self_check: Ipv6SelfCheckOpt = None,
    dns_timeout: DnsTimeoutOpt = 5.0,
    accounts: AccountsOpt = None,
    bridge: BridgeOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Run the whole pipeline: gather, check, score, write the bulletin (with --accounts, 政务新媒体 too)."""
    _setup_logging(verbose)
    rule_list = _load_rules(rules)  # a malformed rule stops the run before any crawling
    site_list = _load_sites(sites)
    account_list = _load_accounts(accounts, bridge)
    _check_account_sites(account_list, site_list, sites)
    db = _open_store(store)
    options = _gather_options(
        dns=_dns(dns),
        max_depth=depth,
        page_budget=budget,
        robots=_robots(robots),
        self_check_urls=tuple(self_check) if self_check else None,
        ipv6=ipv6,
        ipv6_self_check_urls=tuple(ipv6_self_check) if ipv6_self_check else None,
        dns_timeout=dns_timeout,
        bridge=bridge,
    )
    summary = _run_pipeline(db, site_list, rule_list, _as_of(as_of), options, out_dir, account_list)
    _print_summary(summary, db)


def _run_pipeline(
    db: Any, site_list: list[Any], rule_list: list[Any], as_of: date, options: Any, out_dir: Path,
    account_list: list[Any] | None = None,
) -> Any:
    from inspector.crawl import CrawlError
    from inspector.pipeline import run_all

    state: dict[str, int] = {}

    def on_run(run_id: int) -> None:
        state["run"] = run_id
        console.print(f"检查批次 {run_id}（存储: {db.url}）")

    try:
        with RichReporter() as reporter:
            return run_all(
                db,
                site_list,
                rule_list,
                as_of=as_of,
                options=options,
                reports_dir=out_dir,
                state_dir=STATE_DIR,
                reporter=reporter,
                on_run=on_run,
                accounts=account_list or (),
            )
    except CrawlError as exc:
        _fail(EXIT_GATHER, f"{exc}（可用 inspector crawl --resume {state.get('run')} 继续）")


@app.command()
def crawl(
    sites: Annotated[Path | None, typer.Option("--sites", help="Registry file (.xlsx, .csv, .toml).")] = None,
    resume: Annotated[int | None, typer.Option("--resume", help="Resume gathering of an interrupted run N.")] = None,
    store: StoreOpt = DEFAULT_STORE,
    dns: DnsOpt = None,
    as_of: AsOfOpt = None,
    depth: DepthOpt = 3,
    budget: BudgetOpt = 2000,
    robots: RobotsOpt = "ignore",
    self_check: SelfCheckOpt = None,
    ipv6: Ipv6Opt = True,
    ipv6_self_check: Ipv6SelfCheckOpt = None,
    dns_timeout: DnsTimeoutOpt = 5.0,
    rules: RulesOpt = None,
    accounts: AccountsOpt = None,
    bridge: BridgeOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Gather only (self-check, homepage probes, crawl, probes again, IPv6, 政务新媒体 accounts) into the store;
    prints the run id."""
    from inspector.crawl import CrawlError
    from inspector.pipeline import clear_jobdir, gather, start_run

    _setup_logging(verbose)
    rule_list = _load_rules(rules)  # the IPv6 rules say how many probes to take
    db = _open_store(store)
    if resume is not None:
        run_id = _check_run(db, resume)
        stored = db.run(run_id)["options"]
        options = _gather_options(**{k: tuple(v) if isinstance(v, list) else v for k, v in stored.items()})
    else:
        if sites is None:
            _fail(EXIT_USAGE, "give --sites FILE (or --resume RUN)")
        site_list = _load_sites(sites)
        account_list = _load_accounts(accounts, bridge)
        _check_account_sites(account_list, site_list, sites)
        from inspector.pipeline import GatherOptions

        options = GatherOptions(
            dns=_dns(dns),
            max_depth=depth,
            page_budget=budget,
            robots=_robots(robots),
            self_check_urls=tuple(self_check) if self_check else (),
            ipv6=ipv6,
            ipv6_self_check_urls=tuple(ipv6_self_check) if ipv6_self_check else (),
            dns_timeout=dns_timeout,
            bridge=bridge or "",
        )
        run_id = start_run(db, site_list, as_of=_as_of(as_of), options=options, accounts=account_list)
    options = _with_jobdir(options, db, run_id)
    if resume is None:
        clear_jobdir(options)
    console.print(f"检查批次 {run_id}")
    try:
        with RichReporter() as reporter:
            stats = gather(db, run_id, options, reporter, rule_list)
    except CrawlError as exc:
        _fail(EXIT_GATHER, f"{exc}（可用 inspector crawl --resume {run_id} 继续）")
    out.print(f"批次 {run_id}: 页面 {stats.get('pages', 0)}，链接 {stats.get('links', 0)}；下一步: inspector check --run {run_id}")


def _with_jobdir(options: Any, db: Any, run_id: int) -> Any:
    from inspector.pipeline import with_jobdir

    return with_jobdir(options, STATE_DIR, run_id, db.url)


@app.command()
def probe(
    run_id: Annotated[int | None, typer.Option("--run", help="Run id (default: the latest).")] = None,
    store: StoreOpt = DEFAULT_STORE,
    rules: RulesOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Add one round of homepage probes (IPv4 and, with IPv6 rules, IPv6) to a run (schedule it, e.g. 20 times a
    day, to build the week-long sample)."""
    from dataclasses import replace

    from inspector.pipeline import add_run_notes, ipv6_plan, ipv6_round, probe_round

    _setup_logging(verbose)
    rule_list = _load_rules(rules)
    db = _open_store(store, must_exist=True)
    run_id = _check_run(db, run_id)
    stored = db.run(run_id)["options"]
    options = _gather_options(**{k: tuple(v) if isinstance(v, list) else v for k, v in stored.items()})
    with RichReporter() as reporter:
        notes = probe_round(db, run_id, options, reporter)
        plan = ipv6_plan(rule_list, options)
        if plan is not None and not notes:
            notes += ipv6_round(db, run_id, replace(plan, links=False), options, reporter)
    add_run_notes(db, run_id, notes)  # the bulletin's 说明 sheet says why a round was not used
    total = sum(1 for a in db.artifacts(run_id) for p in a.probes if p.kind == "homepage")
    out.print(f"批次 {run_id}: 已累积首页探测 {total} 次；下一步: inspector check --run {run_id}")
    for note in notes:
        out.print(f"[bold yellow]注意[/]: {note}")


@app.command()
def check(
    run_id: Annotated[int | None, typer.Option("--run", help="Run id (default: the latest).")] = None,
    store: StoreOpt = DEFAULT_STORE,
    rules: RulesOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Evaluate the rules over a stored run. No network access."""
    from inspector.model import Status
    from inspector.pipeline import check as run_check

    _setup_logging(verbose)
    rule_list = _load_rules(rules)
    db = _open_store(store, must_exist=True)
    run_id = _check_run(db, run_id)
    with RichReporter() as reporter:
        found = run_check(db, run_id, rule_list, reporter)
    sites_found = [f for f in found if f.account_id is None]
    accounts_found = [f for f in found if f.account_id is not None]
    failed = sum(f.status is Status.FAIL for f in sites_found)
    unsure = sum(f.status is Status.INCONCLUSIVE for f in sites_found)
    media = ""
    if accounts_found:
        media = (f"；政务新媒体检查结果 {len(accounts_found)} 条（不通过 "
                 f"{sum(f.status is Status.FAIL for f in accounts_found)}，无法判定 "
                 f"{sum(f.status is Status.INCONCLUSIVE for f in accounts_found)}）")
    out.print(f"批次 {run_id}: 网站检查结果 {len(sites_found)} 条（不通过 {failed}，无法判定 {unsure}）{media}；"
              f"下一步: inspector bulletin --run {run_id}")


@app.command()
def bulletin(
    run_id: Annotated[int | None, typer.Option("--run", help="Run id (default: the latest).")] = None,
    store: StoreOpt = DEFAULT_STORE,
    rules: RulesOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Workbook path (default reports/<quarter>-bulletin.xlsx).")] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the bulletin.")] = DEFAULT_REPORTS,
) -> None:
    """Rebuild the Excel bulletin from stored findings (never re-runs a check)."""
    from inspector.pipeline import bulletin as write, bulletin_path, summarize

    rule_list = _load_rules(rules)
    db = _open_store(store, must_exist=True)
    run_id = _check_run(db, run_id)
    path = output or bulletin_path(out_dir, db.run(run_id)["quarter"])
    with RichReporter() as reporter:
        written, verdicts = write(db, run_id, rule_list, path, reporter)
    _print_summary(summarize(db, run_id, verdicts, written), db)


@app.command()
def runs(store: StoreOpt = DEFAULT_STORE) -> None:
    """List the runs in the store."""
    db = _open_store(store, must_exist=True)
    table = Table("批次", "开始时间", "基准日期", "季度", "状态")
    for r in db.runs():
        table.add_row(str(r["id"]), r["started_at"], r["as_of"], r["quarter"], r["status"])
    out.print(table)


@app.command()
def demo(
    scale: Annotated[int, typer.Option(min=1, max=2000, help="Farm size multiplier (1 ≈ 770 pages, 200 ≈ 100,000).")] = 1,
    store: Annotated[str, typer.Option("--store", help="Store of the demo runs (kept apart from real runs).")] = DEMO_STORE,
    rules: RulesOpt = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the bulletin.")] = DEFAULT_REPORTS,
    as_of: AsOfOpt = None,
    ipv6_self_check: Annotated[
        list[str] | None,
        typer.Option("--ipv6-self-check", metavar="URL", help="Override the IPv6 self-check target (a test switch)."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """The offline demo inspection: start the bundled web farm, inspect every demo site, write the bulletin."""
    from inspector.demo import demo_options
    from inspector.farm import build_farm, run_farm
    from inspector.targets import write_sites_csv

    _setup_logging(verbose)
    rule_list = _load_rules(rules)
    db = _open_store(store)
    farm = build_farm(scale=scale, today=_as_of(as_of))  # the farm's dates follow the inspection date
    console.print(f"启动演示网站群：{len(farm.sites)} 个网站，约 {farm.page_count()} 个页面（仅 127.0.0.1 / ::1）")
    with run_farm(farm, slow_seconds=8.0) as running:
        out_dir.mkdir(parents=True, exist_ok=True)
        registry = write_sites_csv(running.registry(), out_dir / "demo-sites.csv")
        account_registry = running.write_accounts_csv(out_dir / "demo-accounts.csv")
        running.write_manifest(out_dir / "demo-manifest.json")
        console.print(f"DNS: {running.dns_spec}  名录: {registry}  政务新媒体账号: {account_registry}")
        overrides = {"ipv6_self_check_urls": tuple(ipv6_self_check)} if ipv6_self_check else {}
        summary = _run_pipeline(
            db, running.registry(), rule_list, _as_of(as_of), demo_options(running, **overrides), out_dir,
            _load_accounts(account_registry, None),  # read back like a user's registry: the file is what ran
        )
    _print_summary(summary, db)


@app.command()
def page(
    target: Annotated[str, typer.Argument(help="A URL, or a saved HTML file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    dns: DnsOpt = None,
    base_url: Annotated[str | None, typer.Option("--url", help="The page's URL when TARGET is a file.")] = None,
    rules: RulesOpt = None,
) -> None:
    """Show what the inspector sees on one page: encoding, meta tags, footer marks (footer scripts read), links, dates,
    the required columns it links (by the column rules) and its list items."""
    from inspector.checks.columns import columns_on_page, one_page_site
    from inspector.probes.page import page_from_bytes

    rule_list = _load_rules(rules)

    path = Path(target)
    if "://" not in target:
        if not path.is_file():
            _fail(EXIT_USAGE, f"{target}: 文件不存在（请给出网址或保存的 HTML 文件）")
        data = page_from_bytes(base_url or path.resolve().as_uri(), path.read_bytes(), None)
    else:
        data = _fetch(target, _dns(dns))
    site = one_page_site(data["url"], [(link["url"], link["text"], link["how"]) for link in data["links"]],
                         title=data["title"], meta=data["meta"])
    data["columns"] = columns_on_page(site, rule_list)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]{data['title']}[/]  {data['url']}  ({data['encoding']})")
    table = Table("项目", "内容")
    for column in table.columns:
        column.overflow = "fold"
    for key, value in data["meta"].items():
        table.add_row(f"meta {key}", str(value))
    labels = {
        "site_code": "网站标识码",
        "icp": "ICP备案号",
        "police_record": "公安机关备案号",
        "conac_mark": "党政机关标识",
        "error_report_entry": "我为政府网站找错",
    }
    sources = data.get("footer_sources", {})
    for key, label in labels.items():
        where = sources.get(key, "")
        note = f"（见 {where}）" if where and where != "page" else ""
        table.add_row(label, f"{data['footer'].get(key) or '（未发现）'}{note}")
    table.add_row("日期", "，".join(data["dates"][:10]))
    table.add_row("链接数", str(len(data["links"])))
    for column in data["columns"]:
        table.add_row(f"栏目 {column['name']}", f"{column['text']}  {column['url']}（{column['how']}）")
    items = data.get("list_items") or []
    if items:
        latest = max((i["date"] for i in items if i.get("date")), default="—")
        table.add_row("列表", f"{len(items)}条，最近 {latest}")
    out.print(table)


def _fetch(url: str, dns: str | None) -> dict[str, Any]:
    import httpx

    from inspector.probes.dns import parse_dns_spec
    from inspector.probes.http import describe_error
    from inspector.probes.page import inspect_url_sync

    try:
        return inspect_url_sync(url, parse_dns_spec(dns))
    except httpx.HTTPError as exc:
        _fail(EXIT_GATHER, f"{url}: {describe_error(exc)}")


SOURCE_PREFIXES = ("rss:", "atom:", "jsonfeed:", "json:", "weibo:", "manual:")
#: account checks that need a run's gathered data (the portal's matrix page, fetched post links): not judged by
#: `inspector account`, which reads the source alone
RUN_ONLY_CHECKS = frozenset({"inspector.checks.media:media_portal_listed", "inspector.checks.media:media_post_links"})


@app.command("account")
def account_command(
    target: Annotated[str, typer.Argument(help="An account name from --accounts, or a source (feed URL, or kind:URL "
                                               "such as weibo:URL, jsonfeed:URL, manual:FILE).")],
    accounts: AccountsOpt = None,
    bridge: BridgeOpt = None,
    platform: Annotated[str | None, typer.Option("--platform", help="Only the account on this platform (微博, wechat ...).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    dns: DnsOpt = None,
    as_of: AsOfOpt = None,
    rules: RulesOpt = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1.0, help="Seconds for the source to answer.")] = 15.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Read one 政务新媒体 account's source and show what it saw: source health, posts, activity figures, and the
    account rules' verdicts on them (nothing is stored)."""
    from inspector.media import Account, AccountError, Platform, parse_platform, parse_source

    _setup_logging(verbose)
    rule_list = _load_rules(rules)
    wanted = parse_platform(platform) if platform else None
    if platform and wanted is None:
        _fail(EXIT_USAGE, f"--platform {platform!r}: 未知平台（微信公众号、微博、抖音、今日头条、客户端、其他）")
    if "://" in target or target.lower().startswith(SOURCE_PREFIXES):
        try:
            source = parse_source(target, base_dir=Path.cwd(), bridge=bridge or "")
        except AccountError as exc:
            _fail(EXIT_USAGE, str(exc))
        chosen = [Account(name=target, platform=wanted or Platform.OTHER, source=source)]
        registry = list(chosen)
    else:
        if accounts is None:
            _fail(EXIT_USAGE, f"“{target}”不是网址：请用 --accounts 指定账号登记表，或直接给出数据源地址")
        registry = _load_accounts(accounts, bridge)
        named = [a for a in registry if target in (a.name, a.url, a.account_id)]
        chosen = [a for a in named if wanted is None or a.platform is wanted]
        if named and not chosen:
            platforms = "、".join(dict.fromkeys(a.platform.label for a in named))
            _fail(EXIT_USAGE, f"{accounts}: “{target}”没有{wanted.label if wanted else ''}账号（登记的平台：{platforms}）")
        if not chosen:
            names = "、".join(dict.fromkeys(a.name for a in registry if target in a.name or a.name in target))
            _fail(EXIT_USAGE, f"{accounts}: 没有名为“{target}”的账号" + (f"（相近的账号：{names}）" if names else ""))
    reports = [_read_one_account(a, registry, rule_list, _dns(dns), _as_of(as_of), bridge or "", timeout) for a in chosen]
    if as_json:
        sys.stdout.write(json.dumps(reports if len(reports) > 1 else reports[0], ensure_ascii=False, indent=2) + "\n")
        return
    for report in reports:
        _print_account(report)


def _read_one_account(
    account: Any, registry: list[Any], rule_list: list[Any], dns: str | None, as_of: date, bridge: str, timeout: float
) -> dict[str, Any]:
    """Read an account's source now and judge it with the account rules (no site, portal or link data)."""
    from inspector.bulletin import quarter_bounds, quarter_of
    from inspector.engine import evaluate_account
    from inspector.media.activity import activity
    from inspector.media.artifacts import AccountArtifacts
    from inspector.media.sources import read_account
    from inspector.probes.dns import parse_dns_spec

    from inspector.scoring import score_accounts

    result = asyncio.run(read_account(account, parse_dns_spec(dns), bridge=bridge, timeout=timeout))
    start, end = quarter_bounds(quarter_of(as_of))
    figures = activity(result, as_of=as_of, quarter_start=start, quarter_end=end)
    artifacts = AccountArtifacts(1, account, as_of, start, end, source=result, registry=tuple(registry))
    # the portal cross-check and the links in posts need a run's crawl: `inspector run` judges them
    judged = [r for r in rule_list if r.check not in RUN_ONLY_CHECKS]
    rank = {"veto": 0, "deduct": 1, "notice": 2}
    findings = sorted(evaluate_account(judged, artifacts, 0), key=lambda f: rank[f.severity.value])
    verdict = score_accounts(findings).get(1)
    return {
        "account": {"name": account.name, "platform": account.platform.value, "platform_label": account.platform.label,
                    "owner": account.owner, "site": account.site, "account_id": account.account_id,
                    "url": account.url, "source": account.source},
        "as_of": as_of.isoformat(),
        "source": result.to_dict(),
        "activity": figures.to_dict(),
        "verdict": verdict.verdict.value if verdict else "无法判定",
        "vetoes": list(verdict.vetoes) if verdict else [],
        "not_checked": ["门户网站政务新媒体页面核对", "文章中本单位网站链接检查"],
        "checks": [
            {"rule_id": f.rule_id, "title": f.rule_title, "status": f.status.value, "status_label": f.status.label,
             "severity": f.severity.label, "message": f.message, "subject": f.subject}
            for f in findings
        ],
    }


def _print_account(report: dict[str, Any]) -> None:
    from inspector.media.labels import detail_label

    account, source, figures = report["account"], report["source"], report["activity"]
    out.print(f"[bold]{account['name']}[/]（{account['platform_label']}）  {account['owner']}")
    table = Table("项目", "内容")
    for column in table.columns:
        column.overflow = "fold"
    table.add_row("数据源", source["source"] or "（无）")
    table.add_row("数据源状态", f"{source['health_label']}（{detail_label(source['detail'])}）")
    if source["status"] is not None:
        table.add_row("HTTP状态", str(source["status"]))
    table.add_row("最近发文", source["latest"] or "—")
    if figures["judgeable"]:
        table.add_row("距基准日期", "—" if figures["days_since_latest"] is None else f"{figures['days_since_latest']}天")
        posts = figures["posts_in_quarter"]
        table.add_row(f"本季度发文（{figures['quarter_start']}至{report['as_of']}）",
                      "—" if posts is None else f"{posts}篇" + ("（下限）" if figures["posts_lower_bound"] else ""))
        gap = figures["longest_gap_days"]
        table.add_row("最长间隔", "—" if gap is None else f"{gap}天（{figures['longest_gap_from']}至{figures['longest_gap_to']}）"
                      + ("（下限）" if figures["gap_lower_bound"] else ""))
    out.print(table)
    if source["posts"]:
        posts = sorted(source["posts"], key=lambda p: p["published"] or "", reverse=True)
        shown = f"共{len(posts)}篇，显示最新20篇" if len(posts) > 20 else f"共{len(posts)}篇"
        posts_table = Table("发布时间", "标题", "链接", title=f"文章（{shown}）")
        for column in posts_table.columns:
            column.overflow = "fold"
        for post in posts[:20]:
            when = post["published"][:16].replace("T", " ") if post["published"] else "（无时间）"
            posts_table.add_row(when, post["title"], post["url"])
        out.print(posts_table)
    checks = Table("检查项", "结果", "说明", title=f"检查结果（基准日期 {report['as_of']}）")
    for column in checks.columns:
        column.overflow = "fold"
    for item in report["checks"]:
        style = {"fail": "red", "inconclusive": "yellow", "pass": "green"}.get(item["status"], "")
        checks.add_row(item["title"], f"[{style}]{item['status_label']}[/]" if style else item["status_label"], item["message"])
    out.print(checks)
    style = {"不合格": "red", "无法判定": "yellow"}.get(report["verdict"], "green")
    out.print(f"结论：[{style}]{report['verdict']}[/]"
              + (f"（单项否决：{'；'.join(report['vetoes'])}）" if report["vetoes"] else "")
              + f"。未包括：{'、'.join(report['not_checked'])}（需 inspector run 采集门户网站后检查）")


@app.command("ipv6")
def ipv6_command(
    target: Annotated[str, typer.Argument(help="Host name or URL of the site (http:// is assumed for a bare host).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    dns: DnsOpt = None,
    rules: RulesOpt = None,
    attempts: Annotated[
        int, typer.Option("--attempts", min=1, help="Homepage probes per address and family (10 tell a gap from chance).")
    ] = 10,
    interval: Annotated[float, typer.Option("--interval", min=0, help="Seconds between them.")] = 1.0,
    polite: Annotated[
        bool, typer.Option("--polite/--no-polite", help="Rest 0.5 s per host between link probes (off only for a local farm).")
    ] = True,
    level: Annotated[str, typer.Option("--level", help="Site level for the rules: city, county, department, township.")] = "county",
    ipv6_self_check: Ipv6SelfCheckOpt = None,
    dns_timeout: DnsTimeoutOpt = 5.0,
    allow_network: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-network",
            metavar="CIDR",
            help="Contact only addresses in these networks, and count their AAAA as usable (repeatable; e.g. "
            "127.0.0.0/8 and ::1/128 for the demo farm). Default: anything, and only global IPv6 is usable.",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Measure one site's IPv6 support (DNS, homepage over each address, level-2/3 links) and judge it by the IPv6 rules.

    A one-off look takes 10 probes 1 s apart by default; the quarterly run takes the rule file's count and spacing
    (10, 30 s apart).
    """
    import ipaddress

    from inspector.checks.ipv6 import summarize
    from inspector.engine import evaluate
    from inspector.model import Level, Site
    from inspector.pipeline import IPV6_CHECKS, GatherOptions, Ipv6Plan, ipv6_plan, measure_ipv6_site

    _setup_logging(verbose)
    url = target if "://" in target else f"http://{target}/"
    try:
        site = Site(name=target, url=url, level=Level(level))
    except ValueError:
        _fail(EXIT_USAGE, f"--level must be one of {', '.join(l.value for l in Level)} (got {level!r})")
    if not site.host:
        _fail(EXIT_USAGE, f"{target}: not a host name or URL")
    rule_list = [r for r in _load_rules(rules) if r.check.startswith(IPV6_CHECKS)]
    try:
        networks = tuple(str(ipaddress.ip_network(n.strip(), strict=False)) for n in allow_network or ())
    except ValueError as exc:
        _fail(EXIT_USAGE, f"--allow-network: {exc}")
    options = GatherOptions(
        dns=_dns(dns),
        allowed_networks=networks,
        ipv6_self_check_urls=tuple(ipv6_self_check or ()),
        ipv6_attempts=attempts,
        ipv6_interval=interval,
        polite=polite,
        dns_timeout=dns_timeout,
    )
    plan = ipv6_plan(rule_list, options) or Ipv6Plan(attempts=attempts, interval_s=interval)
    with console.status(f"正在测量 {site.host} 的IPv6支持情况…"):
        artifacts = measure_ipv6_site(site, plan, options, as_of=date.today())
    summary = summarize(artifacts)
    findings = evaluate(rule_list, artifacts, run_id=0)
    if as_json:
        sys.stdout.write(json.dumps(_ipv6_json(site, summary, findings, artifacts), ensure_ascii=False, indent=2) + "\n")
        return
    _print_ipv6(site, summary, findings)


def _ipv6_json(site: Any, summary: Any, findings: list[Any], artifacts: Any) -> dict[str, Any]:
    from dataclasses import asdict

    probes = []
    for p in (*artifacts.run_probes, *artifacts.probes):
        item = asdict(p)
        if "text" in item["data"]:  # the page text is for the consistency check, not for reading
            item["data"] = {**item["data"], "text": f"<{len(item['data']['text'])} characters>"}
        probes.append(item)
    measured = asdict(summary)
    measured.update(
        v6_success_rate=summary.v6_success_rate,
        v4_success_rate=summary.v4_success_rate,
        latency_ratio=summary.latency_ratio,
    )
    for key in ("level2", "level3"):
        rate = getattr(summary, key)
        if rate is not None:
            measured[key].update(rate=rate.rate, same_site_rate=rate.same_site_rate)
    return {
        "url": site.url,
        "host": site.host,
        "summary": measured,
        "findings": [
            {"rule_id": f.rule_id, "title": f.rule_title, "status": f.status.value, "severity": f.severity.value,
             "message": f.message}
            for f in findings
        ],
        "probes": probes,
    }


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _print_ipv6(site: Any, s: Any, findings: list[Any]) -> None:
    table = Table("项目", "测量结果", title=f"{site.host} IPv6支持情况")
    for column in table.columns:
        column.overflow = "fold"
    check = "未检查" if s.self_check_ok is None else ("正常" if s.self_check_ok else f"[red]失败[/]（{s.self_check_error}）")
    table.add_row("检查端IPv6连通性", check)
    table.add_row("A记录", "、".join(s.a) or f"无（{s.a_error or '—'}）")
    aaaa = "、".join(s.aaaa) or f"无（{s.aaaa_error or '—'}）"
    if s.aaaa and set(s.aaaa_usable) != set(s.aaaa):
        aaaa += f"（可用：{'、'.join(s.aaaa_usable) or '无'}）"
    table.add_row("AAAA记录", aaaa)
    servers = "；".join(f"{name}（{'、'.join(v6) if v6 else '无AAAA'}）" for name, v6 in s.nameservers)
    table.add_row("权威DNS", f"{s.zone or '—'}：{servers or s.ns_error or '—'}")
    table.add_row("首页IPv6访问", f"{s.v6_ok}/{s.v6_attempts}（{_pct(s.v6_success_rate)}）" + (
        f"：{'；'.join(s.v6_failures)}" if s.v6_failures else ""))
    table.add_row("首页IPv4访问", f"{s.v4_ok}/{s.v4_attempts}（{_pct(s.v4_success_rate)}）")
    ratio = "—" if s.latency_ratio is None else f"{s.latency_ratio:.2f}"
    ms = lambda v: "—" if v is None else f"{v:.0f} ms"  # noqa: E731
    table.add_row("首页时延", f"IPv6 {ms(s.v6_ms)}，IPv4 {ms(s.v4_ms)}，比值 {ratio}")
    table.add_row("内容一致性", _pct(s.similarity))
    for label, rate in (("二级链接", s.level2), ("三级链接", s.level3)):
        if rate is None:
            table.add_row(label, "未测量")
            continue
        table.add_row(label, f"站内 {_pct(rate.same_site_rate)}（{rate.same_site_ok}/{rate.same_site_decidable}），"
                             f"全部 {_pct(rate.rate)}（{rate.ok}/{rate.decidable}），共{rate.found}个，探测{rate.probed}个"
                             + (f"，双栈均不可访问{rate.excluded}个" if rate.excluded else "")
                             + (f"，无法判定{rate.unknown}个" if rate.unknown else ""))
    out.print(table)
    failed = [f for rate in (s.level2, s.level3) if rate for f in rate.failed]
    if failed:
        links = Table("层级", "链接", "原因", "IPv4", title=f"IPv6访问失败的链接（{len(failed)}个，列前20个）")
        for column in links.columns:
            column.overflow = "fold"
        for f in failed[:20]:
            ipv4 = {True: "可访问", False: "不可访问", None: "未检测"}[f.ipv4_ok]
            links.add_row("二级" if f.level == 2 else "三级", f.url, f.reason, ipv4)
        out.print(links)
    results = Table("检查项", "结论", "说明")
    for column in results.columns:
        column.overflow = "fold"
    for f in findings:
        style = {"fail": "red", "inconclusive": "yellow", "pass": "green"}.get(f.status.value, "dim")
        results.add_row(f.rule_title, f"[{style}]{f.status.label}[/]", f.message)
    out.print(results)


@rules_app.command("list")
def rules_list(
    rules: RulesOpt = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print a Markdown table.")] = False,
) -> None:
    """List every rule: id, severity, points, title."""
    rule_list = _load_rules(rules)
    if markdown:
        out.print("| 规则编号 | 检查项 | 性质 | 分值 | 依据 |\n|---|---|---|---|---|", highlight=False)
        for r in rule_list:
            out.print(f"| `{r.id}` | {r.title} | {r.severity.label} | {r.points:g} | {r.reference} |", highlight=False)
        return
    table = Table("规则编号", "检查项", "性质", "分值", "适用范围")
    for column in table.columns:
        column.overflow = "fold"  # never cut an id or a title
    for r in rule_list:
        table.add_row(r.id, r.title, r.severity.label, f"{r.points:g}", "、".join(level.label for level in r.applies_to))
    out.print(table)


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(help="Rule id (the file stem).")], rules: RulesOpt = None) -> None:
    """Show one rule in full."""
    from dataclasses import asdict, is_dataclass

    rule_list = _load_rules(rules)
    match = [r for r in rule_list if r.id == rule_id]
    if not match:
        _fail(EXIT_USAGE, f"no rule {rule_id!r}; see `inspector rules list`")
    r = match[0]
    params = asdict(r.params) if is_dataclass(r.params) else r.params
    table = Table("键", "值", show_header=False)
    for column in table.columns:
        column.overflow = "fold"  # show the rule in full, whatever the terminal width
    for key, value in (
        ("id", r.id),
        ("检查项", r.title),
        ("不通过时", r.failure_title),
        ("检查函数", r.check),
        ("性质", r.severity.label),
        ("分值上限", f"{r.points:g}"),
        ("每项扣分", f"{r.deduction:g}"),
        ("适用平台" if r.for_accounts else "适用级别", "、".join(level.label for level in r.applies_to)),
        ("依据", r.reference),
        ("可信度", r.confidence),
        ("说明", r.description),
        ("参数", json.dumps(params, ensure_ascii=False)),
        ("文件", f"{r.path} (sha {r.sha})"),
    ):
        table.add_row(key, str(value))
    out.print(table)


@farm_app.command("serve")
def farm_serve(
    scale: Annotated[int, typer.Option(help="Farm size multiplier.")] = 1,
    http_port: Annotated[int, typer.Option(help="HTTP port (0 = any free port).")] = 0,
    dns_port: Annotated[int, typer.Option(help="DNS port (0 = any free port).")] = 0,
    ipv4_only_port: Annotated[
        int, typer.Option(help="HTTP port bound on 127.0.0.1 only, for the IPv4-only hosts (0 = any free port).")
    ] = 0,
    manifest: Annotated[Path | None, typer.Option(help="Write the defect manifest here.")] = None,
    registry: Annotated[Path | None, typer.Option(help="Write the registry CSV here.")] = None,
    accounts: Annotated[Path | None, typer.Option(help="Write the 政务新媒体 account registry CSV here.")] = None,
    as_of: AsOfOpt = None,
) -> None:
    """Serve the demo farm until Ctrl-C, for manual exploration (its content is dated relative to --as-of)."""
    import time

    from inspector.farm import build_farm, run_farm
    from inspector.targets import write_sites_csv

    farm = build_farm(scale=scale, today=_as_of(as_of))
    with run_farm(farm, http_port=http_port, dns_port=dns_port, ipv4_only_port=ipv4_only_port) as running:
        if manifest:
            running.write_manifest(manifest)
        if registry:
            write_sites_csv(running.registry(), registry)
        if accounts:
            running.write_accounts_csv(accounts)
        out.print(
            f"DNS 服务器: {running.dns_spec}   HTTP 端口: {running.http_port}（127.0.0.1 与 ::1），"
            f"{running.ipv4_only_port}（仅 127.0.0.1，IPv4单栈网站）"
        )
        table = Table("网站名称", "级别", "网址")
        for site in running.registry():
            table.add_row(site.name, site.level.label, site.url)
        out.print(table)
        out.print(f"示例: inspector page {running.registry()[0].url} --dns {running.dns_spec}", soft_wrap=True)
        out.print(
            f"      inspector run --sites SITES.csv --dns {running.dns_spec} "
            f"--self-check {running.url('www.gov.cn.test')} --ipv6-self-check {running.url('www.gov.cn.test')}",
            soft_wrap=True,
        )
        out.print(
            f"      inspector ipv6 {running.url('www.hm.gov.cn.test')} --dns {running.dns_spec} "
            f"--ipv6-self-check {running.url('www.gov.cn.test')} --allow-network 127.0.0.0/8 --allow-network ::1/128",
            soft_wrap=True,
        )
        out.print(
            f"      inspector account {running.url('bridge.test', '/wechat/mp/hgfb')} --dns {running.dns_spec}",
            soft_wrap=True,
        )
        out.print(f"政务新媒体数据桥: {running.url('bridge.test', '/').rstrip('/')}（--bridge）；账号表: --accounts FILE 写出",
                  soft_wrap=True)
        out.print("按 Ctrl-C 停止。")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        console.print("已中断。")
        sys.exit(130)


if __name__ == "__main__":
    main()
