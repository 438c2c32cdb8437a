"""R-SYS-1: Simplified Chinese by default, English on request."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_r_sys_1_login_page_is_chinese_by_default(client):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "登录" in body


def test_r_sys_1_an_english_browser_still_gets_chinese_by_default(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in response.content.decode()


def test_r_sys_1_the_language_switcher_turns_the_interface_to_english(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True
    )
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Log in" in body
    assert "登录" not in body


def test_r_sys_1_time_zone_is_shanghai(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
