"""Run the site spider in a child process and report its progress.

Twisted's reactor cannot restart within one process, so `run_crawl` starts
``python -m spiders.run -`` (the JSON config on stdin) (see spiders/run.py for the line protocol), feeds its progress events
to a callback, and returns the child's final stats. Records go straight from the child into the store.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent  # holds both `inspector` and `spiders`
STDERR_TAIL = 30


class CrawlError(RuntimeError):
    """The crawler process failed (or was interrupted); `stderr_tail` holds its last log lines."""

    def __init__(self, message: str, *, returncode: int | None = None, stderr_tail: Sequence[str] = (),
                 stats: dict[str, Any] | None = None) -> None:
        self.returncode = returncode
        self.stderr_tail = list(stderr_tail)
        self.stats = stats or {}
        tail = "\n".join(self.stderr_tail[-10:])
        super().__init__(message + (f"\n--- crawler log (last lines) ---\n{tail}" if tail else ""))


def crawl_config(
    targets: Sequence[tuple[int, str]],
    *,
    store_url: str,
    run_id: int,
    dns: str | None = None,
    allowed_networks: Sequence[str] = (),
    max_depth: int = 3,
    page_budget: int = 2000,
    link_timeout: float = 15.0,
    jobdir: str | None = None,
    polite: bool = True,
    extra_settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON document spiders.run reads."""
    return {
        "targets": [[int(sid), str(url)] for sid, url in targets],
        "store_url": store_url or "",
        "run_id": int(run_id),
        "dns": dns or "",
        "allowed_networks": list(allowed_networks),
        "max_depth": int(max_depth),
        "page_budget": int(page_budget),
        "link_timeout": float(link_timeout),
        "jobdir": str(jobdir) if jobdir else "",
        "polite": bool(polite),
        "settings": dict(extra_settings or {}),
    }


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = [str(REPO_ROOT), *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("SCRAPY_SETTINGS_MODULE", None)  # spiders.run loads spiders.settings itself
    return env


def run_crawl(
    targets: Sequence[tuple[int, str]],
    *,
    store_url: str,
    run_id: int,
    dns: str | None = None,
    allowed_networks: tuple[str, ...] = (),
    max_depth: int = 3,
    page_budget: int = 2000,
    link_timeout: float = 15.0,
    jobdir: str | None = None,
    polite: bool = True,
    extra_settings: dict[str, Any] | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Crawl `targets` ([(site_id, homepage_url)]) into the store at `store_url` under `run_id`.

    Returns the child's final stats: pages, links, outcomes {outcome: count}, responses, requests, elapsed,
    finish_reason (plus sites, unchecked, bytes, errors, stored_pages, stored_links). `progress` receives each
    {"event": "progress", "site_id", "pages", "links", "responses", "done"} as it comes.
    Raises CrawlError when the child exits non-zero (2 = interrupted: run again with the same jobdir).
    """
    if not targets:
        return {"pages": 0, "links": 0, "outcomes": {}, "responses": 0, "elapsed": 0.0, "finish_reason": "no targets"}
    config = crawl_config(
        targets, store_url=store_url, run_id=run_id, dns=dns, allowed_networks=allowed_networks,
        max_depth=max_depth, page_budget=page_budget, link_timeout=link_timeout, jobdir=jobdir, polite=polite,
        extra_settings=extra_settings,
    )
    if jobdir:
        Path(jobdir).mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "spiders.run", "-"]  # the config goes on stdin (no secrets in argv, no size cap)
    logger.info("crawl: %d sites, depth %d, budget %d/site, %s", len(targets), max_depth, page_budget,
                "polite" if polite else "loopback speed")
    started = time.monotonic()
    tail: deque[str] = deque(maxlen=STDERR_TAIL)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=_child_env(), text=True, encoding="utf-8", errors="replace", bufsize=1)
    assert proc.stdin is not None
    proc.stdin.write(json.dumps(config, ensure_ascii=False))
    proc.stdin.close()

    def drain_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            line = line.rstrip("\n")
            tail.append(line)
            logger.debug("crawler: %s", line)

    reader = threading.Thread(target=drain_stderr, name="crawl-stderr", daemon=True)
    reader.start()
    final: dict[str, Any] | None = None
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                logger.debug("crawler stdout (not JSON): %s", line)
                continue
            if event.get("event") == "stats":
                final = event
            elif progress is not None:
                progress({k: v for k, v in event.items() if k != "event"})
        returncode = proc.wait()
    except BaseException:
        # Ctrl-C reaches the child too (same process group); give it time to save JOBDIR state.
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        raise
    finally:
        reader.join(timeout=5)
    if returncode != 0:
        what = "interrupted (run again with the same jobdir to resume)" if returncode == 2 else "failed"
        raise CrawlError(f"crawler process {what}, exit status {returncode}", returncode=returncode,
                         stderr_tail=list(tail), stats=final)
    if final is None:
        raise CrawlError("crawler process ended without final stats", returncode=returncode, stderr_tail=list(tail))
    final.pop("event", None)
    final.setdefault("elapsed", round(time.monotonic() - started, 2))
    logger.info("crawl done in %.1fs: %s pages, %s links, %s", final["elapsed"], final.get("pages"),
                final.get("links"), final.get("outcomes"))
    return final
