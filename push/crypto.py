"""Robot webhooks and signing secrets at rest (issue 20): Fernet (AES-128-CBC + HMAC)
with a key derived by HKDF-SHA256 from PUSH_SECRET_KEY, or SECRET_KEY when it is unset.
Changing that key makes the stored webhooks unreadable: re-enter them (docs/operations.md).
"""

import base64
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class SecretUnreadable(Exception):
    """A stored value cannot be decrypted with the current key."""


def _fernet() -> Fernet:
    material = (settings.PUSH_SECRET_KEY or settings.SECRET_KEY).encode()
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"outreach.push.robot-secrets"
    ).derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def secret_seal(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode() if plain else ""


def secret_open(sealed: str) -> str:
    if not sealed:
        return ""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable from error


def webhook_mask(url: str) -> str:
    """What the page shows of a webhook: its host and the token's last four characters."""
    parts = urlsplit(url)
    tail = parts.query[-4:] if len(parts.query) >= 12 else ""
    return f"{parts.scheme}://{parts.netloc}/…{tail}"
