"""Issue 17 findings 8-10, property-based: arbitrary date parameters, usernames and names
never give a 500. Same conventions as test_properties.py (the "ci" profile of
tests/conftest.py, each example rolled back); kept in its own module so the other
hardening work on test_properties.py does not collide with it."""

import unicodedata
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clients.models import Client, Lead
from tests.security.test_date_params import PAGES

pytestmark = pytest.mark.django_db

FIXTURES_ONCE = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
# Each example renders every dated page (~14 requests): 15 examples keep it near 10 s.
FEW = settings(FIXTURES_ONCE, max_examples=15)

# Anything a client can send in a form field: NULs and control characters included, no
# lone surrogates (they cannot be encoded as UTF-8, so no request carries them).
raw_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
date_like = st.one_of(
    raw_text,
    st.integers().map(str),
    st.tuples(st.integers(-99999, 99999), st.integers(-99, 99)).map(lambda p: f"{p[0]}-{p[1]}"),
    st.tuples(st.integers(-99999, 99999), st.integers(-99, 99), st.integers(-99, 99)).map(
        lambda p: f"{p[0]:04d}-{p[1]:02d}-{p[2]:02d}"
    ),
    st.dates().map(str),
    st.dates().map(lambda d: f"{d:%Y-%m}"),
)
# Names with bidi overrides, zero-width and other format characters mixed in.
format_chars = st.sampled_from(["\u202e", "\u202d", "\u200b", "\u200c", "\u2066", "\ufeff"])
names = st.one_of(
    raw_text,
    st.lists(format_chars, max_size=8).map("".join),
    st.lists(st.one_of(format_chars, st.sampled_from(["王", "a", " "])), max_size=12).map("".join),
)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@FEW
@given(value=date_like)
def test_hardening_any_date_param_on_any_page_never_answers_500(org, value):
    for name, role, params in PAGES:
        client = HttpClient()
        client.force_login(org[role].user)
        for param in params:
            response = client.get(reverse(name), {param: value})
            assert response.status_code in (200, 302), (name, param, value)


@FIXTURES_ONCE
@given(username=raw_text, password=raw_text)
def test_hardening_any_username_at_the_login_never_answers_500(db, username, password):
    with rolled_back():
        response = HttpClient().post(reverse("login"), {"username": username, "password": password})
        # 200: the form again; 429: locked out after repeated tries of one name.
        assert response.status_code in (200, 429)


def _printable(name: str) -> bool:
    return any(
        unicodedata.category(ch) != "Cf" and ch.isprintable() and not ch.isspace() for ch in name
    )


@FIXTURES_ONCE
@given(name=names)
def test_hardening_any_lead_name_saves_a_printable_name_or_gives_a_form_error(org, name):
    client = HttpClient()
    client.force_login(org["canvasser1"].user)
    data = {"name": name, "phone": "13812345678", "kind": "in_person", "source": "flyer"}
    with rolled_back():
        response = client.post(reverse("lead-register"), data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert response.context["form"].errors
            assert not Lead.objects.exists()
            assert not Client.objects.exists()
        else:
            stored = Client.objects.get().name
            assert _printable(stored)
            assert not any(unicodedata.category(ch) == "Cf" for ch in stored)
