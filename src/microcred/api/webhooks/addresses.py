"""Where a webhook may be sent: only to addresses on the public internet, so an endpoint's URL cannot make
the platform POST into its own network (the database, Redis, a cloud's metadata service, an admin port on
the loopback). SSRF guard, checked when an endpoint is made and again before every attempt, since what a
name resolves to can change; the attempt then connects to the addresses checked here (``sending``), never
to a second resolution of the name.

Every address the name resolves to must pass: a name with one public and one private address is refused,
or a resolver could pick the private one. ``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` lifts the rule for a
deployment whose receivers sit on its own network (and for the tests' receiver on 127.0.0.1)."""

import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Destination:
    """One address to connect to, as the resolver gave it (family, socket type, protocol, socket address)."""

    family: socket.AddressFamily
    type: socket.SocketKind
    proto: int
    sockaddr: tuple[Any, ...]

    @property
    def address(self) -> IPAddress:
        # The scope of a link-local IPv6 address ("fe80::1%eth0") is not part of what is checked.
        return ipaddress.ip_address(str(self.sockaddr[0]).split("%", 1)[0])


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (::ffff:10.0.0.1, 6to4, Teredo), which is what it reaches."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


_KINDS = (
    ("is_unspecified", "an unspecified address"),
    ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_private", "an address of a private network"),
    ("is_reserved", "a reserved address"),
)


def forbidden_kind(address: IPAddress) -> str | None:
    """What kind of address ``address`` is when a POST may not go to it; None for a public unicast one."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            kind = forbidden_kind(embedded)
            return None if kind is None else f"{kind} ({embedded})"
    for attribute, kind in _KINDS:
        if getattr(address, attribute):
            return kind
    if not address.is_global:
        # Shared address space (100.64.0.0/10) and the like: private by no name, yet not the internet.
        return "not a public internet address"
    return None


def resolve(host: str, port: int) -> tuple[Destination, ...]:
    """Every TCP address of ``host``, in the resolver's order (``OSError`` when it does not resolve)."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    destinations = [
        Destination(family, kind, proto, tuple(sockaddr))
        for family, kind, proto, _, sockaddr in answers
        if family in (socket.AF_INET, socket.AF_INET6)
    ]
    return tuple(dict.fromkeys(destinations))


def destinations_problem(
    destinations: Sequence[Destination], *, host: str, allow_private: bool
) -> str | None:
    """Why none of ``destinations`` (what ``host`` resolved to) may be sent to; None when all may."""
    if not destinations:
        return f"{host} has no IPv4 or IPv6 address."
    if allow_private:
        return None
    for destination in destinations:
        kind = forbidden_kind(destination.address)
        if kind is not None:
            # Named as the resolver wrote it: Python spells ::ffff:127.0.0.1 as ::ffff:7f00:1.
            written = str(destination.sockaddr[0])
            if host.strip("[]") == written:
                return f"{host} is {kind}: webhooks are sent only to public addresses."
            return (
                f"{host} resolves to {written}, which is {kind}: webhooks are sent only to public addresses."
            )
    return None
