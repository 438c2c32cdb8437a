"""The API is called the way an outside system calls it: a personal token in the
Authorization header, JSON in and out, no session."""

import pytest
from django.test import Client
from django.utils import translation

from api.tokens import token_create


class TokenClient(Client):
    """A test client that sends `Authorization: Bearer <token>` on every call."""

    def __init__(self, raw: str, **defaults):
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {raw}", **defaults)

    def post_json(self, path, data=None, **extra):
        return self.post(path, data or {}, content_type="application/json", **extra)


def api_client_for(staff, **defaults) -> TokenClient:
    return TokenClient(token_create(user=staff.user, name="test").raw, **defaults)


@pytest.fixture
def api_as():
    """api_as(staff) → a client calling with a fresh token of that person's."""
    return api_client_for


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are matched in English here unless a test asks for Chinese."""
    with translation.override("en"):
        yield
