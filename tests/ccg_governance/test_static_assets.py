"""Pages ask no other host for anything: the NHS.UK stylesheet is built without its remote
fonts (the NHS fallback stack is used) and its icons point at files that are served."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from django.test import Client
from django.urls import reverse


def _content(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_every_asset_the_stylesheet_names_is_served_from_this_site(client: Client, db: Any) -> None:
    page = client.get(reverse("gift_published")).content.decode()
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    nhsuk = next(href for href in sheets if "nhsuk-frontend" in href)
    css = _content(client.get(nhsuk))
    assert "@font-face" not in css  # the fonts are not in the package: the fallback stack
    assert "https://" not in css and "http://" not in css
    urls = {u.strip("'\"") for u in re.findall(r"url\(([^)]+)\)", css) if "data:" not in u}
    assert any("nhsuk-icon-cross.svg" in u for u in urls)
    for url in urls:
        target = urljoin(nhsuk, url)
        assert client.get(target).status_code == 200, f"{url} -> {target}"


def test_fonts_are_allowed_from_this_site_only(client: Client, db: Any) -> None:
    response = client.get(reverse("gift_published"))
    assert "assets.nhs.uk" not in response.content.decode()
    policy = response["Content-Security-Policy"]
    font_src = next(p for p in policy.split(";") if p.strip().startswith("font-src"))
    assert font_src.split() == ["font-src", "'self'"]
