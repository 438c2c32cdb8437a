"""Outgoing webhooks (issue 21 §5): which addresses are accepted, the signature, and one
POST with the standard library (timeout 5 s, redirects never followed).

What a receiver gets
--------------------
A POST with a JSON body (UTF-8) — a "thin event" that names the object, never its data:

    {"id": "3f0c…", "event": "lead.registered", "occurred_at": "2026-03-10T10:00:00+08:00",
     "object": {"type": "lead", "id": 12, "path": "/api/v1/leads/12/"}}

and the headers

    X-Outreach-Event:     lead.registered
    X-Outreach-Delivery:  3f0c…            (the same id as the body's; retries keep it)
    X-Outreach-Timestamp: 1773108000       (unix seconds of this attempt)
    X-Outreach-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>

How to verify
-------------
Take the raw body bytes as received (before any JSON parsing), join the timestamp header,
a dot and the body, compute HMAC-SHA256 with the endpoint's secret (the whole `whsec_…`
string, UTF-8) and compare it in constant time with the hex after `v1=`. Refuse a
timestamp more than 5 minutes from your clock (a replay), and treat the delivery id as
an idempotency key: a retry after a lost answer sends the same id again.

    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, "sha256")
    ok = hmac.compare_digest("v1=" + expected.hexdigest(), signature_header)

Answer any 2xx within 5 seconds to take the event; anything else (or no answer) is tried
again later with back-off, 6 attempts in all. Then fetch the object at `object.path` with
your own API token: its scope and the phone masking apply as they do to any API client.
"""

import hashlib
import hmac
import ipaddress
import json
import urllib.request
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 5
SIGNATURE_VERSION = "v1"
USER_AGENT = "Outreach-Webhooks/1"


class DeliveryError(Exception):
    """The receiver did not take the event. `status` is its HTTP status, if it answered;
    the message never holds the secret nor the URL."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def allowed_hosts() -> set[str]:
    """Hosts that may also be plain HTTP or a private address (a relay, the tests'
    local receiver): the API_WEBHOOK_ALLOWED_HOSTS setting, empty by default."""
    return set(settings.API_WEBHOOK_ALLOWED_HOSTS)


def endpoint_url_check(url: str) -> str:
    """The address, stripped, or a ValidationError saying what is wrong with it."""
    url = (url or "").strip()
    if len(url) > 500:
        raise ValidationError(_("The address is too long (500 characters at most)."))
    try:
        parts = urlsplit(url)
        hostname, _port = parts.hostname, parts.port
    except ValueError:
        raise ValidationError(_("This is not a web address.")) from None
    if not hostname or parts.scheme not in ("https", "http"):
        raise ValidationError(_("Enter the receiver's address, starting with https://"))
    extra = hostname in allowed_hosts()
    if parts.scheme != "https" and not extra:
        raise ValidationError(
            _("The address must start with https://: events are sent over HTTPS only.")
        )
    if parts.username or parts.password or parts.fragment:
        raise ValidationError(_("The address must not carry a user name, password or #part."))
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        address = None
    if address is not None and not address.is_global and not extra:
        raise ValidationError(_("The address must be a public host, not a private network's."))
    return url


def body_bytes(payload: dict) -> bytes:
    """The exact bytes sent (and signed): compact JSON, UTF-8, keys in a fixed order."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"{SIGNATURE_VERSION}={digest.hexdigest()}"


def signature_verify(secret: str, timestamp: str, body: bytes, header: str) -> bool:
    """The receiver's check (also used by the tests' receiver)."""
    if not timestamp.isdigit():
        return False
    return hmac.compare_digest(signature(secret, int(timestamp), body), header or "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is not taken: it could carry the event elsewhere


_opener = urllib.request.build_opener(_NoRedirect)


def webhook_post(
    *, url: str, secret: str, event: str, delivery_id: str, payload: dict, timestamp: int
) -> int:
    """POST the signed event once; the receiver's 2xx status, or DeliveryError."""
    if urlsplit(url).scheme not in ("https", "http"):  # endpoint_url_check allowed only these
        raise DeliveryError("not an http(s) address")
    body = body_bytes(payload)
    request = urllib.request.Request(  # noqa: S310 — the scheme is checked just above
        url,
        data=body,
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Outreach-Event": event,
            "X-Outreach-Delivery": delivery_id,
            "X-Outreach-Timestamp": str(timestamp),
            "X-Outreach-Signature": signature(secret, timestamp, body),
        },
        method="POST",
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except HTTPError as error:  # 3xx (not followed), 4xx, 5xx
        raise DeliveryError(f"HTTP {error.code}", status=error.code) from None
    except (URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DeliveryError(f"{type(error).__name__}: {reason}"[:200]) from None
    if not 200 <= status < 300:
        raise DeliveryError(f"HTTP {status}", status=status)
    return status
