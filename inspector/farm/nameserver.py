"""A tiny authoritative DNS responder on loopback (UDP) for the farm's `.test` names.

A and AAAA from the zone, TTL 60; SOA and NS at zone apexes (names whose `Addresses.ns` is set); NOERROR with
an empty answer (and the enclosing zone's SOA in the authority section) for a known name without that type and
for the empty parents of known names; NXDOMAIN for everything else.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Mapping

import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from inspector.farm.sites import Addresses

logger = logging.getLogger(__name__)

TTL = 60


def answer(wire: bytes, zone: Mapping[str, Addresses]) -> bytes | None:
    """The response to one query in wire format (None if the query cannot be parsed)."""
    try:
        query = dns.message.from_wire(wire)
    except dns.exception.DNSException:
        logger.debug("dns: unparseable query (%d bytes)", len(wire))
        return None
    response = dns.message.make_response(query)
    response.flags |= dns.flags.AA
    if not query.question:
        response.set_rcode(dns.rcode.FORMERR)
        return response.to_wire()
    question = query.question[0]
    name = question.name.to_text(omit_final_dot=True).lower()
    known = zone.get(name)
    if known is None:
        if not any(other.endswith("." + name) for other in zone):
            response.set_rcode(dns.rcode.NXDOMAIN)
    elif question.rdclass == dns.rdataclass.IN:
        records = {
            dns.rdatatype.A: known.a,
            dns.rdatatype.AAAA: known.aaaa,
            dns.rdatatype.NS: tuple(f"{n}." for n in known.ns),
            dns.rdatatype.SOA: (_soa(known.ns),) if known.ns else (),
        }.get(question.rdtype, ())
        if records:
            response.answer.append(
                dns.rrset.from_text_list(question.name, TTL, dns.rdataclass.IN, question.rdtype, list(records))
            )
    if not response.answer and response.rcode() == dns.rcode.NOERROR:
        apex = _apex(name, zone)
        if apex is not None:  # negative answers carry the zone's SOA, as a real authoritative server's do
            response.authority.append(
                dns.rrset.from_text_list(f"{apex}.", TTL, dns.rdataclass.IN, dns.rdatatype.SOA, [_soa(zone[apex].ns)])
            )
    logger.debug("dns: %s %s -> %s", name, dns.rdatatype.to_text(question.rdtype),
                  dns.rcode.to_text(response.rcode()))
    return response.to_wire()


def _soa(ns: tuple[str, ...]) -> str:
    return f"{ns[0]}. hostmaster.{ns[0]}. 2026010101 3600 600 604800 {TTL}"


def _apex(name: str, zone: Mapping[str, Addresses]) -> str | None:
    """The closest enclosing zone apex of `name` (itself included), if any."""
    labels = name.split(".")
    for i in range(len(labels)):
        candidate = ".".join(labels[i:])
        known = zone.get(candidate)
        if known is not None and known.ns:
            return candidate
    return None


class DnsResponder:
    """Serves `zone` on host:port (UDP) from a daemon thread until `stop()`."""

    def __init__(self, zone: Mapping[str, Addresses], host: str = "127.0.0.1", port: int = 0) -> None:
        self.zone = dict(zone)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, port))
        self.sock.settimeout(0.2)
        self.host, self.port = self.sock.getsockname()[:2]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name=f"farm-dns-{self.port}", daemon=True)

    def start(self) -> DnsResponder:
        self._thread.start()
        logger.info("farm dns listening on %s:%d (%d names)", self.host, self.port, len(self.zone))
        return self

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                wire, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                break
            reply = answer(wire, self.zone)
            if reply is not None:
                try:
                    self.sock.sendto(reply, peer)
                except OSError as exc:
                    logger.debug("dns: cannot answer %s: %s", peer, exc)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)
        self.sock.close()
