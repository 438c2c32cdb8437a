"""Issue 9: a Content-Security-Policy without inline scripts, on every page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + [
    path for path in Path(settings.BASE_DIR).glob("*/templates") if ".venv" not in str(path)
]
# A <script> that runs code written in the page: no src, and not a JSON data island.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def _directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {parts[0]: parts[1:] for parts in (d.split() for d in header.split(";") if d.strip())}


def _check_policy(response):
    policy = _directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in " ".join(v for vs in policy.values() for v in vs)


def test_security_the_login_page_sends_the_policy():
    _check_policy(Client().get("/accounts/login/"))


def test_security_logged_in_pages_and_errors_send_the_policy(org):
    client = Client()
    client.force_login(org["manager"].user)
    for url in ("/", "/staff/", "/crm/leads/", "/payroll/runs/", "/no-such-page/"):
        _check_policy(client.get(url))


def _templates():
    files = [f for d in TEMPLATE_DIRS for f in d.rglob("*.html")]
    assert len(files) > 50
    return files


def test_security_no_template_has_an_inline_script():
    found = [
        f"{path}: {match.group(0)}"
        for path in _templates()
        for match in INLINE_SCRIPT.finditer(path.read_text())
    ]
    assert found == []


def test_security_no_template_has_an_inline_event_handler_or_javascript_url():
    found = [
        f"{path}: {match.group(0)[:80]}"
        for path in _templates()
        for pattern in (INLINE_HANDLER, JS_URL)
        for match in pattern.finditer(path.read_text())
    ]
    assert found == []


def test_security_the_template_checks_would_catch_an_inline_script():
    """The patterns above are not vacuous."""
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_SCRIPT.search('<script type="module">x()</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/js/a.js" defer></script>')
    assert not INLINE_SCRIPT.search('<script id="d" type="application/json">{}</script>')
    assert INLINE_HANDLER.search('<button class="b"\n onclick="go()">')
    assert not INLINE_HANDLER.search("<p>Button one=two</p>")
