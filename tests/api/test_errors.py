"""Issue 21 §6: every error is JSON with a stable code and a message in the caller's
language (Chinese unless Accept-Language asks for English); bad input never answers 500;
a call without a token gets JSON, not the login page."""

import base64
import re
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client as HttpClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.clients import at, register

NOW = at(2026, 6, 10, 10)
HAN = re.compile(r"[\u4e00-\u9fff]")
pytestmark = pytest.mark.django_db


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    return error


def _bad_cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def test_an_unknown_api_path_is_a_404_in_the_error_shape(org, api_as):
    client = api_as(org["manager"], raise_request_exception=False)
    for path in ("/api/v1/nothing/", "/api/v2/leads/", "/api/", "/api/v1/leads/1/nothing/"):
        error = _error(client.get(path), 404, "not_found")
        assert set(error) == {"code", "message"}


def test_an_unknown_path_outside_the_api_is_still_the_html_page(org):
    browser = HttpClient(raise_request_exception=False)
    browser.force_login(org["manager"].user)
    response = browser.get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_lead_id_that_is_no_number_is_a_404_not_a_500(org, api_as):
    client = api_as(org["manager"], raise_request_exception=False)
    _error(client.get("/api/v1/leads/abc/"), 404, "not_found")
    _error(client.get("/api/v1/leads/99999999999999999999/"), 404, "not_found")


def test_a_wrong_method_is_a_405(org, api_as):
    client = api_as(org["manager"], raise_request_exception=False)
    _error(client.delete("/api/v1/leads/"), 405, "method_not_allowed")
    _error(
        client.put("/api/v1/leads/", "{}", content_type="application/json"),
        405,
        "method_not_allowed",
    )


def test_a_malformed_json_body_is_a_400(org, api_as):
    client = api_as(org["canvasser1"], raise_request_exception=False)
    response = client.post("/api/v1/leads/", '{"name": "王', content_type="application/json")
    _error(response, 400, "invalid")


def test_a_body_that_is_no_json_object_is_a_400_not_a_500(org, api_as):
    client = api_as(org["canvasser1"], raise_request_exception=False)
    for body in ("[]", '"text"', "1", "null"):
        response = client.post("/api/v1/leads/", body, content_type="application/json")
        _error(response, 400, "invalid")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1001"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": _bad_cursor("[1, 2, 3]")}, "cursor"),
        ({"cursor": _bad_cursor('["yesterday", 1]')}, "cursor"),
        ({"cursor": _bad_cursor('["2026-06-10T10:00:00+08:00", "1"]')}, "cursor"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": "2026-13-40T99:00:00"}, "updated_since"),
    ],
)
def test_a_bad_page_size_cursor_or_updated_since_is_a_400_naming_it(org, api_as, query, field):
    client = api_as(org["manager"], raise_request_exception=False)
    error = _error(client.get(f"/api/v1/leads/?{urlencode(query)}"), 400, "invalid")
    assert field in error["fields"]


def test_messages_are_chinese_by_default(org, api_as):
    # Messages whose translation is already compiled (the API's own new strings get theirs
    # with the catalogue): DRF's 405 and the 404 of an unknown path.
    client = api_as(org["manager"], raise_request_exception=False)
    response = client.delete("/api/v1/leads/")
    error = _error(response, 405, "method_not_allowed")
    assert HAN.search(error["message"]), error
    assert response["Content-Language"] == "zh-hans"
    assert HAN.search(_error(client.get("/api/v1/nothing/"), 404, "not_found")["message"])


def test_messages_are_english_when_the_call_asks_for_it(org, api_as):
    client = api_as(org["manager"], raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    response = client.delete("/api/v1/leads/")
    error = _error(response, 405, "method_not_allowed")
    assert error["message"] == 'Method "DELETE" not allowed.'
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]
    assert _error(client.get("/api/v1/nothing/"), 404, "not_found")["message"] == "Not found."
    page_size = _error(client.get("/api/v1/leads/?page_size=0"), 400, "invalid")
    assert page_size["message"] == "Give a page size from 1 to 1000."


def test_accept_language_picks_the_first_supported_one_and_the_code_never_changes(org, api_as):
    raw = {"raise_request_exception": False}
    for header, english in [
        ("fr-FR, en-GB;q=0.8, zh-CN;q=0.5", True),
        ("zh-CN, en;q=0.9", False),
        ("de, fr", False),  # none supported: the default, Chinese
        ("*", False),
        ("en;q=0.1, zh-Hans;q=0.9", False),
    ]:
        client = api_as(org["manager"], HTTP_ACCEPT_LANGUAGE=header, **raw)
        response = client.delete("/api/v1/leads/")
        error = _error(response, 405, "method_not_allowed")
        assert bool(HAN.search(error["message"])) is not english, header
        assert response["Content-Language"] == ("en" if english else "zh-hans"), header


def test_the_language_cookie_wins_over_accept_language(org, api_as, settings):
    client = api_as(org["manager"], raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    error = _error(client.delete("/api/v1/leads/"), 405, "method_not_allowed")
    assert HAN.search(error["message"])


def test_pages_still_ignore_accept_language(org):
    """R-SYS-1 holds outside the API: a browser set to English sees Chinese pages."""
    browser = HttpClient(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(org["manager"].user)
    response = browser.get("/")
    assert response["Content-Language"] == "zh-hans"


def test_without_a_token_the_api_answers_json_not_the_login_page(org):
    anonymous = HttpClient(raise_request_exception=False)
    for path in ("/api/v1/leads/", "/api/v1/leads/1/", "/api/v1/schema/"):
        # The schema answers in the format asked for (YAML by default): ask for JSON.
        response = anonymous.get(path, HTTP_ACCEPT="application/json")
        assert response.status_code in (401, 403), path
        assert response["Content-Type"].startswith("application/json"), path
        assert response.json()["error"]["code"] in ("not_authenticated", "permission_denied")
    post = anonymous.post("/api/v1/leads/", "{}", content_type="application/json")
    assert post.status_code in (401, 403)
    assert post.json()["error"]["code"] in ("not_authenticated", "permission_denied")


def test_a_wrong_token_is_a_401_json(org):
    stranger = HttpClient(HTTP_AUTHORIZATION="Bearer otk_nothing", raise_request_exception=False)
    _error(stranger.get("/api/v1/leads/"), 401, "not_authenticated")


# --- never 500 ----------------------------------------------------------------------------

params = st.sampled_from(
    [
        "page_size",
        "cursor",
        "updated_since",
        "status",
        "kind",
        "source",
        "owner",
        "group",
        "registered_after",
        "registered_before",
        "other",
    ]
)
values = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
    st.integers().map(str),
    st.binary(max_size=40).map(lambda b: base64.urlsafe_b64encode(b).decode()),
    st.text(max_size=40).map(lambda t: _bad_cursor(t)),
    st.datetimes().map(lambda d: d.isoformat()),
)


_clients: dict[int, object] = {}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(query=st.lists(st.tuples(params, values), max_size=4))
def test_any_query_string_on_the_lead_list_never_answers_500(org, api_as, query):
    # One token for all examples (a person may hold 20): the org lives for the whole test.
    client = _clients.get(id(org))
    if client is None:
        _clients.clear()
        client = _clients[id(org)] = api_as(org["leader1"], raise_request_exception=False)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/api/v1/leads/?" + urlencode(query))
    assert response.status_code in (200, 400), (query, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 400:
        assert response.json()["error"]["code"] == "invalid"


@time_machine.travel(NOW, tick=False)
def test_following_a_tampered_next_link_is_a_400(org, api_as):
    for n in range(3):
        register(org["canvasser1"], f"1380000001{n}", now=NOW)
    client = api_as(org["leader1"], raise_request_exception=False)
    first = client.get("/api/v1/leads/?page_size=1").json()
    assert first["next"]
    tampered = first["next"].replace("cursor=", "cursor=x")
    _error(client.get(tampered), 400, "invalid")
