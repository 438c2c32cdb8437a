"""Talking to WeCom and DingTalk group robots (issue 20): which webhook addresses are
accepted, DingTalk's signature, the message body, and one POST with the standard library.

WeCom:    https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
DingTalk: https://oapi.dingtalk.com/robot/send?access_token=… (+ &timestamp=…&sign=…
          when the robot's security setting is 加签)
Both answer HTTP 200 with {"errcode": 0, "errmsg": "ok"} when the message is taken.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.request
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qs, quote_plus, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Platform

# platform -> (host, path, the query parameter holding the robot's key)
OFFICIAL = {
    Platform.WECOM: ("qyapi.weixin.qq.com", "/cgi-bin/webhook/send", "key"),
    Platform.DINGTALK: ("oapi.dingtalk.com", "/robot/send", "access_token"),
}
TIMEOUT_SECONDS = 5
TEXT_LIMIT = 3000  # WeCom takes 4096 bytes of markdown; Chinese is 3 bytes a character


class RobotError(Exception):
    """The platform did not take the message (the reason never includes the webhook)."""


def webhook_check(platform: str, url: str) -> str:
    """The webhook address, stripped, or a ValidationError saying what is wrong. Only the
    platform's own host over HTTPS, unless PUSH_ALLOWED_HOSTS names another host (a relay,
    the tests' local robot), which may then also be plain HTTP."""
    url = (url or "").strip()
    host, path, token = OFFICIAL[platform]
    parts = urlsplit(url)
    extra = parts.hostname in settings.PUSH_ALLOWED_HOSTS
    if parts.hostname != host and not extra:
        raise ValidationError(
            _("Paste the robot's webhook address: it starts with %(start)s")
            % {"start": f"https://{host}{path}"}
        )
    if parts.scheme != "https" and not (extra and parts.scheme == "http"):
        raise ValidationError(_("The webhook address must start with https://"))
    if parts.path != path or not parse_qs(parts.query).get(token, [""])[0].strip():
        raise ValidationError(
            _("This is not a webhook address: it should look like %(example)s")
            % {"example": f"https://{host}{path}?{token}=…"}
        )
    if parts.username or parts.password or parts.fragment:
        raise ValidationError(_("The webhook address must not carry a user name or a #part."))
    return url


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: base64(HMAC-SHA256(secret, "<timestamp>\\n<secret>")), URL-encoded."""
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return quote_plus(base64.b64encode(digest).decode())


def signed_url(url: str, secret: str, *, timestamp_ms: int | None = None) -> str:
    if not secret:
        return url
    timestamp_ms = timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)
    return f"{url}&timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


def message_body(platform: str, title: str, text: str) -> dict:
    text = text[:TEXT_LIMIT]
    if platform == Platform.DINGTALK:
        return {
            "msgtype": "markdown",
            "markdown": {"title": title, "text": f"#### {title}\n\n{text}"},
        }
    return {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"}}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a robot never redirects; following one could carry the key elsewhere


_opener = urllib.request.build_opener(_NoRedirect)


def robot_post(url: str, body: dict) -> None:
    """POST the JSON body; RobotError unless the platform answers errcode 0."""
    if urlsplit(url).scheme not in ("https", "http"):  # webhook_check allowed only these
        raise RobotError("not an http(s) address")
    request = urllib.request.Request(  # noqa: S310 — the scheme is checked just above
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            raw = response.read(65536)
    except HTTPError as error:
        raise RobotError(f"HTTP {error.code}") from None
    except (URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise RobotError(f"{type(error).__name__}: {reason}"[:200]) from None
    try:
        answer = json.loads(raw)
    except ValueError:
        raise RobotError("the answer is not JSON") from None
    if not isinstance(answer, dict) or answer.get("errcode") != 0:
        errcode = answer.get("errcode") if isinstance(answer, dict) else None
        errmsg = answer.get("errmsg", "") if isinstance(answer, dict) else ""
        raise RobotError(f"errcode {errcode}: {errmsg}"[:200])
