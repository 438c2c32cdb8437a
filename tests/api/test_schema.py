"""Issue 21 "done when": the OpenAPI schema validates and is checked in (api/schema.yml),
and this test fails when it drifts from the code; the schema is served to a token and
the documentation page to a logged-in browser, with Swagger UI's files served from our
own static files (drf-spectacular-sidecar) under the Content-Security-Policy."""

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client as HttpClient
from drf_spectacular.validation import validate_schema

SCHEMA = Path(__file__).resolve().parents[2] / "api" / "schema.yml"


def _generate(tmp_path) -> str:
    target = tmp_path / "schema.yml"
    call_command(
        "spectacular", "--lang", "en", "--validate", "--fail-on-warn", "--file", str(target)
    )
    return target.read_text(encoding="utf-8")


def test_the_checked_in_schema_is_the_codes_schema(tmp_path):
    fresh = _generate(tmp_path)
    committed = SCHEMA.read_text(encoding="utf-8")
    assert fresh == committed, "api/schema.yml drifted from the code: run make schema"


def test_the_checked_in_schema_validates():
    document = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    validate_schema(document)  # raises on an invalid OpenAPI 3 document
    assert document["openapi"].startswith("3.")
    assert "/api/v1/leads/" in document["paths"]


@pytest.mark.django_db
def test_a_token_reads_the_schema(org, api_as):
    response = api_as(org["canvasser1"]).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/leads/" in document["paths"]


@pytest.mark.django_db
def test_the_docs_page_is_for_a_logged_in_browser_and_loads_nothing_from_outside(org):
    anonymous = HttpClient()
    assert anonymous.get("/api/v1/docs/").status_code in (302, 401, 403)
    browser = HttpClient()
    browser.force_login(org["canvasser1"].user)
    response = browser.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources, page
    assert [s for s in sources if re.match(r"(https?:)?//", s)] == []
    assert any("drf_spectacular_sidecar/swagger-ui-dist" in s for s in sources), sources
    # No inline script: every <script> takes its code from a file.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", page) == []
    assert "Content-Security-Policy" in response.headers


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_page_renders_the_operations_under_the_policy(live_server, browser, org):
    from tests.factories import TEST_PASSWORD

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    outside = []
    page.on(
        "request",
        lambda r: not r.url.startswith(live_server.url) and outside.append(r.url),
    )
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", org["canvasser1"].user.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/api/v1/docs/")
        page.wait_for_selector(".opblock-summary-path")
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert any("/api/v1/leads/" in p for p in paths), paths
        assert page.evaluate("window.__csp") == []
        assert problems == []
        assert [u for u in outside if not u.startswith("data:")] == []
    finally:
        context.close()
