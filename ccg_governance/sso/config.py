"""The identity provider's settings: from the environment, endpoints from discovery.

SSO is on when ``OIDC_RP_CLIENT_ID`` is set. Endpoints given one by one win; the others
come from the provider's discovery document (``OIDC_OP_DISCOVERY``), read on first use
and kept for the life of the process, so start-up never waits on the provider.
"""

from __future__ import annotations

import threading
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_DISCOVERED_AS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",  # nosec B105: a discovery field's name
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_documents: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()


def sso_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def provider_name() -> str:
    return str(getattr(settings, "OIDC_PROVIDER_NAME", "") or "NHS account")


def provider_setting(name: str) -> str:
    """An endpoint: as configured, or from the discovery document."""
    explicit = str(getattr(settings, name, "") or "")
    if explicit:
        return explicit
    url = str(getattr(settings, "OIDC_OP_DISCOVERY", "") or "")
    if not url:
        raise ImproperlyConfigured(f"Single sign-on needs {name} or OIDC_OP_DISCOVERY.")
    value = _discovery(url).get(_DISCOVERED_AS[name], "")
    if not value:
        raise ImproperlyConfigured(f"The provider's discovery document at {url} has no {name}.")
    return str(value)


def _discovery(url: str) -> dict[str, Any]:
    with _lock:
        if url not in _documents:
            response = requests.get(
                url,
                timeout=settings.OIDC_TIMEOUT,
                verify=getattr(settings, "OIDC_VERIFY_SSL", True),
            )
            response.raise_for_status()
            _documents[url] = response.json()
        return _documents[url]


def discovery_forget() -> None:
    """Read the discovery document again at next use (a provider moved; tests)."""
    with _lock:
        _documents.clear()
