"""The access key that pairs a phone: made at random, kept only as a hash, checked in constant time.

Like Jupyter's token, the key is a long random string carried in the pairing
address (`https://192.168.1.20:8501/?key=…`). It is 32 random bytes, so nobody
can guess it, and a single SHA-256 is enough to store it safely: a slow
password hash (scrypt, argon2) exists to slow down guessing of short human
passwords from a stolen hash, which a 256-bit random key does not need, and a
fast hash keeps the check cheap on every page run. Comparison uses
`hmac.compare_digest`, so the time taken says nothing about how much matched.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from urllib.parse import urlencode

KEY_BYTES = 32
KEY_PARAM = "key"


def new_key() -> str:
    """A fresh random access key, safe to put in a URL."""
    return secrets.token_urlsafe(KEY_BYTES)


def hash_key(key: str) -> str:
    """What is stored instead of the key: its SHA-256, in hex."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_matches(offered: str | None, stored_hash: str | None) -> bool:
    """Whether `offered` is the key whose hash is stored (False when either is missing)."""
    if not offered or not stored_hash:
        return False
    return hmac.compare_digest(hash_key(offered).encode("ascii"), stored_hash.encode("ascii"))


def address_with_key(base: str, key: str | None, params: Mapping[str, str] | None = None) -> str:
    """The app's address (`https://host:port`) with the key and any other query parameters."""
    query = ({KEY_PARAM: key} if key else {}) | dict(params or {})
    return f"{base.rstrip('/')}/" + (f"?{urlencode(query)}" if query else "")
