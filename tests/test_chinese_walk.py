"""Issue 18 point 9: the Chinese interface has no English leftovers.

Every page of the demo (URL discovery of tests/test_crawl.py: every role, every
pattern) is rendered in zh-hans; its visible text (tags, scripts, styles, comments
and attributes stripped, and <code>/<kbd>, which hold literal commands and values) must
hold no English word of the interface's own vocabulary: the words of every msgid in the
catalog, every stored choice value ("active", "pending", "flyer") and Python's literals
("True", "None"). Proper names, codes in capitals (POST-CROSS, CSV), usernames, e-mail
addresses, URLs and file names are not words here, so the test does not depend on what
the demo data holds.

Needs the compiled Simplified-Chinese catalog to include this issue's messages.
"""

import json
import re
from html import unescape
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

from outreach.models import Staff
from tests.test_crawl import ROLES, SKIP_NAMES, _patterns, _url_for, demo  # noqa: F401 — demo is a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Words that are names of things, not English sentences, and may stay in Latin letters.
# "webhook" and "sec" (the DingTalk secret's prefix) as WeCom and DingTalk show them (issue 20).
ALLOWED = {"outreach", "csv", "xlsx", "excel", "id", "pdf", "gps", "app", "wifi", "webhook", "sec"}
# Short English words the msgid scan leaves out (it keeps words of three letters or more,
# so that a pinyin syllable such as "an" or "li" in a proper name never counts).
SHORT_WORDS = {"of", "to", "by", "in", "on", "is", "or", "at", "no", "ok", "if", "it", "up"}
LITERALS = {"true", "false", "none"}

_HIDDEN = re.compile(
    r"<(script|style|template|textarea|code|kbd)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]*>")
# A token is a run of letters, digits and the marks of codes, addresses and file names.
_TOKEN = re.compile(r"[A-Za-z0-9_@./:#+-]+")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")  # "_" splits: in_lieu is "in", "lieu"


def _catalogs() -> list[Path]:
    """The project's catalog and one catalog of Django and of every installed app that
    ships one (their msgids are the English that may leak through untranslated)."""
    found = [Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"]
    roots = [Path(django.__file__).parent / "conf"] + [
        Path(config.path) for config in apps.get_app_configs()
    ]
    for root in roots:
        found.extend(sorted((root / "locale").glob("*/LC_MESSAGES/django.po"))[:1])
    return found


def _msgids(po: Path) -> list[str]:
    """Every msgid (and msgid_plural) of one catalog, as text."""
    msgids, current, in_id = [], [], False
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            if current:
                msgids.append("".join(current))
            current, in_id = [line.split(" ", 1)[1].strip('"')], True
        elif line.startswith('"') and in_id:
            current.append(line.strip('"'))
        else:
            in_id = False
    if current:
        msgids.append("".join(current))
    return msgids


def english_vocabulary() -> set[str]:
    words = set(SHORT_WORDS) | LITERALS
    for msgid in (m for po in _catalogs() for m in _msgids(po)):
        text = re.sub(r"%\(\w+\)[sd]|\{\w*\}|<[^>]*>", " ", msgid)
        words.update(w.lower() for w in _WORD.findall(text) if len(w) >= 3)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                for text in (value, label):
                    if isinstance(text, str):
                        words.update(w.lower() for w in _WORD.findall(text) if len(w) >= 3)
    return words - ALLOWED


_JSON_DATA = re.compile(
    r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', re.IGNORECASE | re.DOTALL
)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def visible_text(html: str) -> str:
    """What a person reads: no scripts, styles, comments, tags or attributes — but the
    texts of json_script data, which charts draw as labels."""
    chart_texts = [s for data in _JSON_DATA.findall(html) for s in _strings(json.loads(data))]
    return unescape(_TAG.sub(" ", _HIDDEN.sub(" ", html))) + "\n" + "\n".join(chart_texts)


def english_words(text: str, vocabulary: set[str], names: set[str]) -> list[str]:
    found = []
    for token in _TOKEN.findall(text):
        bare = token.strip(".:#+-_/")  # a raw choice value (half_day) is two words
        # codes (POST-CROSS, G01), logins, addresses, URLs and file names are not words
        if not bare or bare.isupper() or re.search(r"[\d@/]|\.\w", bare):
            continue
        if bare.lower() in names:
            continue
        found.extend(w for w in _WORD.findall(bare) if w.lower() in vocabulary)
    return found


def test_visible_text_skips_markup_codes_and_names():
    html = (
        '<p title="Sort (descending)">待回复 <b>True</b></p><script>var active=1</script>'
        '<script id="d" type="application/json">{"labels": ["flyer", 3]}</script>'
        "<small>POST-CROSS</small> leader1 a@b.cn data.xlsx /clients/ Care陈先生"
    )
    words = english_words(visible_text(html), {"true", "active", "care", "sort", "flyer"}, set())
    assert words == ["True", "Care", "flyer"]


_HREF = re.compile(r'href="(/[^"#]*)"')
SKIP_LINKS = ("/admin/", "/accounts/logout/", "/i18n/", "/jsi18n/", "/static/")


def walk(client: Client, urls: list[str], *, per_name: int = 2):
    """Each page of `urls`, then the pages they link to: up to `per_name` more URLs per
    URL name (another object's detail page, a filtered list), so rows that the first
    object of a model does not have are read too. Yields (url, html) of HTML pages."""
    seen, per = set(), {}
    queue = list(urls)
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        yield url, html
        for link in _HREF.findall(html):
            link = unescape(link)
            if link in seen or link.startswith(SKIP_LINKS) or "download" in link:
                continue
            try:
                name = resolve(link.split("?")[0]).url_name
            except Resolver404:
                continue
            if name in SKIP_NAMES or per.get(name, 0) >= per_name:
                continue
            per[name] = per.get(name, 0) + 1
            queue.append(link)


def test_first_use_every_demo_page_is_in_chinese(demo):  # noqa: F811
    vocabulary = english_vocabulary()
    names = {u.lower() for u in get_user_model().objects.values_list("username", flat=True)}
    urls = [u for u in (_url_for(n, r) for n, r in _patterns()) if u]
    assert len(urls) > 15
    leftovers: dict[str, set[str]] = {}
    pages = 0
    for username in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(Staff.objects.get(user__username=username).user)
        for url, html in walk(client, urls):
            pages += 1
            for word in english_words(visible_text(html), vocabulary, names):
                leftovers.setdefault(word, set()).add(f"{username} {url}")
    assert pages > 100
    report = [f"{word}: {' '.join(sorted(where)[:4])}" for word, where in sorted(leftovers.items())]
    assert not report, "English words in the Chinese interface:\n" + "\n".join(report)
