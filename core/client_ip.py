"""The address of the person at the other end, behind the reverse proxies we trust.

Every deployment sits behind a reverse proxy or load balancer, so ``REMOTE_ADDR`` is the
proxy's address for every request. Locking sign-in by that address (django-axes) would let
five wrong passwords from anyone lock a user out for everyone, and the audit trail would
record the proxy, not the person.

``X-Forwarded-For`` is believed only as far as the proxies named in ``TRUSTED_PROXIES``
(addresses or networks) vouch for it: starting from the connecting peer, each hop that is a
trusted proxy hands over to the address it says it received the request from; the first
address that is not a trusted proxy is the client. A client that connects directly, or sends
its own ``X-Forwarded-For`` through the proxy, cannot choose the address we record: the part
of the header it wrote lies beyond the first untrusted hop.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """``["10.0.0.0/8", "192.0.2.7"]`` as networks; a malformed entry stops the process."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {value!r} is not an IP address or network ({error})"
            ) from error
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:443"
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_ip(request: Any) -> str | None:
    """The client's address, as trusted proxies report it; ``REMOTE_ADDR`` if none is trusted."""
    meta = getattr(request, "META", {})
    peer = _address(meta.get("REMOTE_ADDR", "") or "")
    if peer is None:
        return None
    trusted = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not trusted:
        return str(peer)
    hops = [h for h in (meta.get("HTTP_X_FORWARDED_FOR", "") or "").split(",") if h.strip()]
    current = peer
    while any(current in network for network in trusted) and hops:
        reported = _address(hops.pop())
        if reported is None:
            break  # a garbled hop: keep the last address a trusted proxy vouched for
        current = reported
    return str(current)
