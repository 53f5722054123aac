"""The store: the only module that speaks SQL.

SQLite (one file) by default; any SQLAlchemy URL works (PostgreSQL is the scale-out store). Everything a
run gathers is kept under its run id, so checks and the bulletin can be re-run later without the network.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from inspector.media.accounts import Account, Platform
from inspector.media.artifacts import SOURCE_PROBE, LINK_PROBE, AccountArtifacts, listing_of
from inspector.media.sources import SourceResult
from inspector.model import (
    Evidence,
    Finding,
    Level,
    LinkRecord,
    Outcome,
    PageRecord,
    ProbeRecord,
    Severity,
    Site,
    SiteArtifacts,
    Status,
)

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 3  # 2: probes.data (JSON measurements); 3: accounts, probes.account_id, findings.account_id

metadata = MetaData()

meta_table = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32), nullable=False, default=""),
    Column("as_of", String(10), nullable=False),
    Column("quarter", String(6), nullable=False),
    Column("status", String(16), nullable=False, default="gathering"),  # gathering|gathered|checked|done|failed
    Column("options", Text, nullable=False, default="{}"),
    Column("notes", Text, nullable=False, default="[]"),
)

sites = Table(
    "sites",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("host", String(255), nullable=False),
    Column("level", String(16), nullable=False),
    Column("site_code", String(32), nullable=False, default=""),
    Column("region", Text, nullable=False, default=""),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("platform", String(16), nullable=False),
    Column("owner", Text, nullable=False, default=""),
    Column("site", Text, nullable=False, default=""),  # 所属网站 as registered (网站标识码 or name)
    Column("site_id", Integer),  # the run's site it was matched to (None: no match)
    Column("account_ref", Text, nullable=False, default=""),  # 账号ID
    Column("url", Text, nullable=False, default=""),
    Column("source", Text, nullable=False, default=""),
)

pages = Table(
    "pages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("site_id", Integer, nullable=False),
    Column("url", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("http_status", Integer),
    Column("detail", Text, nullable=False, default=""),
    Column("depth", Integer, nullable=False, default=0),
    Column("final_url", Text, nullable=False, default=""),
    Column("ip", String(64), nullable=False, default=""),
    Column("elapsed_ms", Float),
    Column("content_type", String(128), nullable=False, default=""),
    Column("encoding", String(32), nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("facts", Text, nullable=False, default="{}"),
    UniqueConstraint("run_id", "site_id", "url", name="uq_pages_run_site_url"),
)
Index("ix_pages_run_site", pages.c.run_id, pages.c.site_id)

links = Table(
    "links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("site_id", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("how", String(32), nullable=False, default="a"),
    Column("kind", String(16), nullable=False),
    Column("on_homepage", Boolean, nullable=False, default=False),
    UniqueConstraint("run_id", "site_id", "source", "target", "how", name="uq_links_edge"),
)
Index("ix_links_run_site", links.c.run_id, links.c.site_id)

probes = Table(
    "probes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("site_id", Integer),
    Column("kind", String(32), nullable=False),
    Column("target", Text, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("http_status", Integer),
    Column("elapsed_ms", Float),
    Column("error", Text, nullable=False, default=""),
    Column("outcome", String(16), nullable=False, default=""),
    Column("at", String(32), nullable=False, default=""),
    Column("data", Text, nullable=False, default="{}"),
    Column("account_id", Integer),  # a 政务新媒体 account's probe
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("site_id", Integer, nullable=False),
    Column("rule_id", String(96), nullable=False),
    Column("rule_title", Text, nullable=False),
    Column("rule_sha", String(64), nullable=False, default=""),
    Column("status", String(16), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("deduction", Float, nullable=False, default=0.0),
    Column("points_cap", Float, nullable=False, default=0.0),
    Column("message", Text, nullable=False),
    Column("subject", Text, nullable=False, default=""),
    Column("evidence", Text, nullable=False, default="[]"),
    Column("account_id", Integer),  # a 政务新媒体 account's finding (site_id: its site, or 0)
)
Index("ix_findings_run_site", findings.c.run_id, findings.c.site_id)


class StoreError(Exception):
    """Raised by the store when a run is missing or the database has another schema version."""


def _now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def store_url(spec: str | Path) -> str:
    """Turn a plain file path into a SQLite URL; pass SQLAlchemy URLs through."""
    text = str(spec)
    if "://" in text:
        return text
    path = Path(text).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


class Store:
    """Runs, sites, pages, links, probes and findings, keyed by run id."""

    def __init__(self, url: str | Path) -> None:
        self.url = store_url(url)
        kwargs: dict[str, Any] = {"future": True}
        if self.url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30}
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._ensure_schema()

    # -- schema -----------------------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            row = conn.execute(select(meta_table.c.value).where(meta_table.c.key == "schema_version")).first()
            if row is None:
                conn.execute(insert(meta_table).values(key="schema_version", value=str(SCHEMA_VERSION)))
                return
            version = int(row[0])
            if version < SCHEMA_VERSION:
                _migrate(conn, version)
                conn.execute(
                    update(meta_table).where(meta_table.c.key == "schema_version").values(value=str(SCHEMA_VERSION))
                )
                logger.info("store %s migrated from schema %d to %d", self.url, version, SCHEMA_VERSION)
            elif version != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.url}: schema version {row[0]}, this inspector expects {SCHEMA_VERSION}"
                )

    def _insert(self, table: Table) -> Any:
        """A dialect insert that supports ON CONFLICT (SQLite and PostgreSQL)."""
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert(table)
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(meta_table.c.value).where(meta_table.c.key == "schema_version")).scalar_one())

    def close(self) -> None:
        self.engine.dispose()

    # -- runs -------------------------------------------------------------------------------------
    def create_run(self, *, as_of: date, quarter: str, options: dict[str, Any] | None = None) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(runs).values(
                    started_at=_now(),
                    finished_at="",
                    as_of=as_of.isoformat(),
                    quarter=quarter,
                    status="gathering",
                    options=json.dumps(options or {}, ensure_ascii=False),
                    notes="[]",
                )
            )
            return int(result.inserted_primary_key[0])

    def run(self, run_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(runs).where(runs.c.id == run_id)).mappings().first()
        if row is None:
            raise StoreError(f"批次 {run_id} 不存在（存储 {self.url}）")
        out = dict(row)
        out["options"] = json.loads(out["options"] or "{}")
        out["notes"] = json.loads(out["notes"] or "[]")
        out["as_of"] = date.fromisoformat(out["as_of"])
        return out

    def runs(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(runs).order_by(runs.c.id)).mappings().all()
        return [dict(r) for r in rows]

    def latest_run_id(self) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(select(func.max(runs.c.id))).scalar()

    def set_run_status(self, run_id: int, status: str, *, finished: bool = False) -> None:
        values: dict[str, Any] = {"status": status}
        if finished:
            values["finished_at"] = _now()
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(**values))

    def set_run_notes(self, run_id: int, notes: Sequence[str]) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(notes=json.dumps(list(notes), ensure_ascii=False)))

    # -- sites ------------------------------------------------------------------------------------
    def add_sites(self, run_id: int, targets: Sequence[Site]) -> list[int]:
        ids: list[int] = []
        with self.engine.begin() as conn:
            for position, site in enumerate(targets):
                result = conn.execute(
                    insert(sites).values(
                        run_id=run_id,
                        position=position,
                        name=site.name,
                        url=site.url,
                        host=site.host,
                        level=site.level.value,
                        site_code=site.site_code,
                        region=site.region,
                    )
                )
                ids.append(int(result.inserted_primary_key[0]))
        return ids

    def sites(self, run_id: int) -> list[tuple[int, Site]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(sites).where(sites.c.run_id == run_id).order_by(sites.c.position)).mappings().all()
        return [
            (
                int(r["id"]),
                Site(name=r["name"], url=r["url"], level=Level(r["level"]), site_code=r["site_code"], region=r["region"]),
            )
            for r in rows
        ]

    # -- 政务新媒体 accounts ------------------------------------------------------------------------
    def add_accounts(self, run_id: int, items: Sequence[tuple[Account, int | None]]) -> list[int]:
        """Snapshot the run's account registry: (account, the run's site id it belongs to or None), in order."""
        ids: list[int] = []
        with self.engine.begin() as conn:
            for position, (account, site_id) in enumerate(items):
                result = conn.execute(
                    insert(accounts).values(
                        run_id=run_id, position=position, name=account.name, platform=account.platform.value,
                        owner=account.owner, site=account.site, site_id=site_id, account_ref=account.account_id,
                        url=account.url, source=account.source,
                    )
                )
                ids.append(int(result.inserted_primary_key[0]))
        return ids

    def accounts(self, run_id: int) -> list[tuple[int, Account, int | None]]:
        """(account id, Account, site id or None) of the run, in registry order."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(accounts).where(accounts.c.run_id == run_id).order_by(accounts.c.position)
            ).mappings().all()
        return [
            (
                int(r["id"]),
                Account(name=r["name"], platform=Platform(r["platform"]), owner=r["owner"], site=r["site"],
                        account_id=r["account_ref"], url=r["url"], source=r["source"]),
                r["site_id"],
            )
            for r in rows
        ]

    def account_artifacts(self, run_id: int) -> Iterator[AccountArtifacts]:
        """One AccountArtifacts per account of the run, in registry order (reads only the store)."""
        from inspector.bulletin.quarters import quarter_bounds, quarter_of

        run = self.run(run_id)
        registered = self.accounts(run_id)
        if not registered:
            return
        start, end = quarter_bounds(quarter_of(run["as_of"]))
        sites_by_id = dict(self.sites(run_id))
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(probes).where(
                    (probes.c.run_id == run_id)
                    & (probes.c.account_id.is_not(None) | probes.c.site_id.is_(None) | (probes.c.kind == "media-matrix"))
                ).order_by(probes.c.id)
            ).mappings().all()
        records = [_probe(r) for r in rows]
        run_probes = tuple(p for p in records if p.site_id is None and p.account_id is None)
        matrix = {p.site_id: p for p in records if p.kind == "media-matrix" and p.account_id is None}
        registry = tuple(account for _aid, account, _sid in registered)
        for account_id, account, site_id in registered:
            mine = [p for p in records if p.account_id == account_id]
            sources = [p for p in mine if p.kind == SOURCE_PROBE]
            yield AccountArtifacts(
                account_id=account_id,
                account=account,
                as_of=run["as_of"],
                quarter_start=start,
                quarter_end=end,
                site_id=site_id,
                site=sites_by_id.get(site_id) if site_id is not None else None,
                source=SourceResult.from_dict(sources[-1].data) if sources else None,
                links=tuple(p for p in mine if p.kind == LINK_PROBE),
                portal=listing_of([matrix[site_id]]) if site_id in matrix else None,
                registry=registry,
                run_probes=run_probes,
            )

    # -- gathered artifacts -----------------------------------------------------------------------
    def add_pages(self, run_id: int, records: Iterable[PageRecord]) -> None:
        rows = [
            {
                "run_id": run_id,
                "site_id": p.site_id,
                "url": p.url,
                "kind": p.kind,
                "outcome": p.outcome.value,
                "http_status": p.http_status,
                "detail": p.detail,
                "depth": p.depth,
                "final_url": p.final_url,
                "ip": p.ip,
                "elapsed_ms": p.elapsed_ms,
                "content_type": p.content_type,
                "encoding": p.encoding,
                "title": p.title,
                "facts": json.dumps(p.facts, ensure_ascii=False),
            }
            for p in records
        ]
        if not rows:
            return
        # upsert on (run_id, site_id, url): a resumed crawl may fetch a URL again
        with self.engine.begin() as conn:
            stmt = self._insert(pages)
            stmt = stmt.on_conflict_do_update(
                index_elements=["run_id", "site_id", "url"],
                set_={c: stmt.excluded[c] for c in rows[0] if c not in ("run_id", "site_id", "url")},
            )
            conn.execute(stmt, rows)

    def add_links(self, run_id: int, records: Iterable[LinkRecord]) -> None:
        rows = [
            {
                "run_id": run_id,
                "site_id": link.site_id,
                "source": link.source,
                "target": link.target,
                "text": link.text,
                "how": link.how,
                "kind": link.kind,
                "on_homepage": link.on_homepage,
            }
            for link in records
        ]
        if not rows:
            return
        with self.engine.begin() as conn:
            conn.execute(self._insert(links).on_conflict_do_nothing(), rows)

    def add_probes(self, run_id: int, records: Iterable[ProbeRecord]) -> None:
        rows = [dict(asdict(p), run_id=run_id, data=json.dumps(p.data, ensure_ascii=False)) for p in records]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(insert(probes), rows)

    def clear_probes(self, run_id: int, kind: str | None = None) -> None:
        with self.engine.begin() as conn:
            q = delete(probes).where(probes.c.run_id == run_id)
            if kind:
                q = q.where(probes.c.kind == kind)
            conn.execute(q)

    def has_homepage(self, run_id: int, site_id: int) -> bool:
        """True when the crawl stored the site's homepage (depth 0) record."""
        with self.engine.connect() as conn:
            found = conn.execute(
                select(pages.c.id).where(
                    (pages.c.run_id == run_id) & (pages.c.site_id == site_id) & (pages.c.depth == 0) & (pages.c.kind == "page")
                ).limit(1)
            ).first()
        return found is not None

    def links(self, run_id: int, site_id: int) -> list[LinkRecord]:
        """The link edges the crawl stored for one site, in the order they were found."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(links).where((links.c.run_id == run_id) & (links.c.site_id == site_id)).order_by(links.c.id)
            ).mappings().all()
        return [_link(r) for r in rows]

    def probe_artifacts(self, run_id: int) -> Iterator[SiteArtifacts]:
        """Like `artifacts`, but with probes only (no pages or links): cheap input for probe-based summaries."""
        run = self.run(run_id)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(probes).where((probes.c.run_id == run_id) & probes.c.account_id.is_(None)).order_by(probes.c.id)
            ).mappings().all()
        by_site: dict[int | None, list[ProbeRecord]] = {}
        for r in rows:
            by_site.setdefault(r["site_id"], []).append(_probe(r))
        run_probes = tuple(by_site.get(None, ()))
        for site_id, site in self.sites(run_id):
            yield SiteArtifacts(site_id, site, run["as_of"], (), (), tuple(by_site.get(site_id, ())), run_probes)

    def counts(self, run_id: int) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "sites": conn.execute(select(func.count()).select_from(sites).where(sites.c.run_id == run_id)).scalar_one(),
                "pages": conn.execute(
                    select(func.count()).select_from(pages).where((pages.c.run_id == run_id) & (pages.c.kind == "page"))
                ).scalar_one(),
                "fetched": conn.execute(select(func.count()).select_from(pages).where(pages.c.run_id == run_id)).scalar_one(),
                "links": conn.execute(select(func.count()).select_from(links).where(links.c.run_id == run_id)).scalar_one(),
                "accounts": conn.execute(
                    select(func.count()).select_from(accounts).where(accounts.c.run_id == run_id)
                ).scalar_one(),
                "findings": conn.execute(
                    select(func.count()).select_from(findings).where(findings.c.run_id == run_id)
                ).scalar_one(),
            }

    def artifacts(self, run_id: int) -> Iterator[SiteArtifacts]:
        """One SiteArtifacts per site of the run, in registry order (reads only the store)."""
        run = self.run(run_id)
        with self.engine.connect() as conn:
            run_probe_rows = conn.execute(
                select(probes).where(
                    (probes.c.run_id == run_id) & probes.c.site_id.is_(None) & probes.c.account_id.is_(None)
                )
            ).mappings().all()
        run_probes = tuple(_probe(r) for r in run_probe_rows)
        registered = self.accounts(run_id)
        registry = tuple(account for _account_id, account, _site_id in registered) if registered else None
        for site_id, site in self.sites(run_id):
            with self.engine.connect() as conn:
                page_rows = conn.execute(
                    select(pages).where((pages.c.run_id == run_id) & (pages.c.site_id == site_id)).order_by(pages.c.id)
                ).mappings().all()
                link_rows = conn.execute(
                    select(links).where((links.c.run_id == run_id) & (links.c.site_id == site_id)).order_by(links.c.id)
                ).mappings().all()
                probe_rows = conn.execute(
                    select(probes).where(
                        (probes.c.run_id == run_id) & (probes.c.site_id == site_id) & probes.c.account_id.is_(None)
                    ).order_by(probes.c.id)
                ).mappings().all()
            yield SiteArtifacts(
                site_id=site_id,
                site=site,
                as_of=run["as_of"],
                pages=tuple(_page(r) for r in page_rows),
                links=tuple(_link(r) for r in link_rows),
                probes=tuple(_probe(r) for r in probe_rows),
                run_probes=run_probes,
                accounts=registry,
            )

    # -- findings ---------------------------------------------------------------------------------
    def replace_findings(self, run_id: int, items: Iterable[Finding]) -> int:
        """Store a run's findings, replacing any earlier evaluation of the same run."""
        rows = [
            {
                "run_id": run_id,
                "site_id": f.site_id,
                "rule_id": f.rule_id,
                "rule_title": f.rule_title,
                "rule_sha": f.rule_sha,
                "status": f.status.value,
                "severity": f.severity.value,
                "deduction": f.deduction,
                "points_cap": f.points_cap,
                "message": f.message,
                "subject": f.subject,
                "evidence": json.dumps([asdict(e) for e in f.evidence], ensure_ascii=False),
                "account_id": f.account_id,
            }
            for f in items
        ]
        with self.engine.begin() as conn:
            conn.execute(delete(findings).where(findings.c.run_id == run_id))
            if rows:
                conn.execute(insert(findings), rows)
        return len(rows)

    def findings(self, run_id: int, *, accounts: bool = False) -> list[Finding]:
        """The run's website findings; with `accounts`, its 政务新媒体 account findings instead."""
        chosen = findings.c.account_id.is_not(None) if accounts else findings.c.account_id.is_(None)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(findings).where((findings.c.run_id == run_id) & chosen).order_by(findings.c.id)
            ).mappings().all()
        return [
            Finding(
                run_id=r["run_id"],
                site_id=r["site_id"],
                rule_id=r["rule_id"],
                rule_title=r["rule_title"],
                status=Status(r["status"]),
                severity=Severity(r["severity"]),
                deduction=float(r["deduction"]),
                message=r["message"],
                subject=r["subject"],
                evidence=tuple(Evidence(**e) for e in json.loads(r["evidence"] or "[]")),
                rule_sha=r["rule_sha"],
                points_cap=float(r["points_cap"]),
                account_id=r["account_id"],
            )
            for r in rows
        ]


def _page(r: Any) -> PageRecord:
    return PageRecord(
        site_id=r["site_id"],
        url=r["url"],
        kind=r["kind"],
        outcome=Outcome(r["outcome"]),
        http_status=r["http_status"],
        detail=r["detail"],
        depth=r["depth"],
        final_url=r["final_url"],
        ip=r["ip"],
        elapsed_ms=r["elapsed_ms"],
        content_type=r["content_type"],
        encoding=r["encoding"],
        title=r["title"],
        facts=json.loads(r["facts"] or "{}"),
    )


def _link(r: Any) -> LinkRecord:
    return LinkRecord(
        site_id=r["site_id"],
        source=r["source"],
        target=r["target"],
        text=r["text"],
        how=r["how"],
        kind=r["kind"],
        on_homepage=bool(r["on_homepage"]),
    )


def _probe(r: Any) -> ProbeRecord:
    return ProbeRecord(
        site_id=r["site_id"],
        kind=r["kind"],
        target=r["target"],
        ok=bool(r["ok"]),
        http_status=r["http_status"],
        elapsed_ms=r["elapsed_ms"],
        error=r["error"],
        outcome=r["outcome"],
        at=r["at"],
        data=json.loads(r["data"] or "{}"),
        account_id=r["account_id"],
    )


def _migrate(conn: Any, version: int) -> None:
    """Bring an older store up to SCHEMA_VERSION in place (last quarter's runs stay readable).

    New tables (accounts) are made by create_all before this runs; only columns of existing tables are added."""
    if version < 2:
        conn.exec_driver_sql("ALTER TABLE probes ADD COLUMN data TEXT NOT NULL DEFAULT '{}'")
    if version < 3:
        conn.exec_driver_sql("ALTER TABLE probes ADD COLUMN account_id INTEGER")
        conn.exec_driver_sql("ALTER TABLE findings ADD COLUMN account_id INTEGER")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
