"""An httpx client whose host names resolve through the inspector's DNS settings.

Every probe outside Scrapy (availability, `inspector page URL`) uses this client, so `--dns 127.0.0.1:PORT`
and the allowed-networks guard apply to it exactly as they apply to the spider.
"""

from __future__ import annotations

import errno
import logging
import ssl
from collections.abc import Mapping, Sequence
from typing import Any

import httpcore
import httpx

from inspector import USER_AGENT
from inspector.probes.dns import DnsConfig, DnsError, address_allowed, resolve_host

logger = logging.getLogger(__name__)

_NO_VERIFY: ssl.SSLContext | None = None


def _no_verify_context() -> ssl.SSLContext:
    """One certificate-agnostic TLS context for every client (creating one per client costs CPU at scale)."""
    global _NO_VERIFY  # noqa: PLW0603
    if _NO_VERIFY is None:
        _NO_VERIFY = httpx.create_ssl_context(verify=False)
    return _NO_VERIFY


def _pin_key(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


class ResolvingBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend: resolve with dnspython (our nameserver, our guard), then connect to the IP.

    TLS SNI and the Host header still carry the host name, because httpcore takes them from the URL.

    `rdtypes` restricts resolution to one family (("AAAA",) = IPv6 only, ("A",) = IPv4 only), so every
    connection, redirect hops to other hosts included, goes over that family. `pin` maps host names to one
    address: a pinned host is connected to that address without any lookup (used to probe each A/AAAA address
    of a site in turn). The allowed-networks guard applies to pinned addresses too.
    """

    def __init__(
        self,
        config: DnsConfig,
        inner: httpcore.AsyncNetworkBackend | None = None,
        *,
        rdtypes: Sequence[str] = ("A", "AAAA"),
        pin: Mapping[str, str] | None = None,
    ) -> None:
        self.config = config
        self.inner = inner or httpcore.AnyIOBackend()
        self.rdtypes = tuple(rdtypes)
        self.pin = {_pin_key(name): address for name, address in (pin or {}).items()}

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        pinned = self.pin.get(_pin_key(host))
        if pinned is not None:
            if not address_allowed(pinned, self.config.allowed_networks):
                raise httpcore.ConnectError(f"dns: blocked: {host} pinned to {pinned}")
            addresses = [pinned]
        else:
            addresses = await self._resolve(host)
        last: Exception | None = None
        for address in addresses:
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                logger.debug("connect failed host=%s ip=%s: %s", host, address, exc)
                last = exc
        assert last is not None
        raise last

    async def _resolve(self, host: str) -> list[str]:
        try:
            return await resolve_host(host.strip("[]"), self.config, self.rdtypes)
        except DnsError as exc:
            raise httpcore.ConnectError(f"dns: {exc.kind}: {host}") from exc

    async def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        raise httpcore.ConnectError("unix sockets are not used by the inspector")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def make_client(
    config: DnsConfig,
    *,
    timeout: float = 15.0,
    follow_redirects: bool = True,
    rdtypes: Sequence[str] = ("A", "AAAA"),
    pin: Mapping[str, str] | None = None,
    keepalive: bool = True,
) -> httpx.AsyncClient:
    """An AsyncClient that resolves through `config` (system resolver when it names no server).

    `rdtypes` / `pin`: see ResolvingBackend (family forcing, one address per host). `keepalive=False` closes
    every connection after its response, so each request measures a fresh TCP (and TLS) connect.
    """
    limits = httpx.Limits() if keepalive else httpx.Limits(max_keepalive_connections=0)
    transport = httpx.AsyncHTTPTransport(retries=0, verify=_no_verify_context(), limits=limits)
    # httpx exposes no resolver hook; the pool's network backend is the documented httpcore seam.
    transport._pool._network_backend = ResolvingBackend(config, rdtypes=rdtypes, pin=pin)  # noqa: SLF001
    return httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=follow_redirects,
        max_redirects=10,
        headers={"User-Agent": USER_AGENT},
        trust_env=False,
    )


def describe_error(exc: BaseException) -> str:
    """Short English reason for a failed request, stored as probe evidence (the bulletin translates it)."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.TooManyRedirects):
        return "redirect loop"
    if isinstance(exc, httpx.ConnectError):
        if text.startswith("dns:"):
            return ":".join(text.split(":")[:2])  # "dns: nxdomain: host" -> "dns: nxdomain"
        if _refused(exc) or "refused" in text.lower() or "Errno 111" in text:
            return "refused"
        return f"connect error: {text}"
    return f"{type(exc).__name__}: {text}"


READ_TIMEOUT = "read timeout"  # the connection was made, the answer did not come in time (checks: 响应超时)


def describe_timeout(exc: BaseException) -> str:
    """The phase of a timed-out request: "read timeout" when the TCP (and TLS) connection was made and the
    response did not arrive in time (httpx ReadTimeout / WriteTimeout), "timeout" (connecting took too long, the
    vocabulary of describe_error) for anything else."""
    if isinstance(exc, (httpx.ReadTimeout, httpx.WriteTimeout)):
        return READ_TIMEOUT
    return "timeout"


def _refused(exc: BaseException) -> bool:
    """True when a connection refusal sits anywhere in the exception's cause chain (anyio wraps it)."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError) or getattr(current, "errno", None) == errno.ECONNREFUSED:
            return True
        if isinstance(current, BaseExceptionGroup):
            todo.extend(current.exceptions)
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False
