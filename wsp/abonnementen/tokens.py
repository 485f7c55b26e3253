"""The secrets in mail links: random, single-purpose, stored only as a hash.

A token is 32 random bytes (``secrets.token_urlsafe``: 43 characters). The database keeps the
SHA-256 of it, so a copy of the database gives nobody working links. Looking a token up is an
equality match on the hash followed by a constant-time comparison; anything that does not look
like a token is refused before the database is asked.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

_VORM = re.compile(r"[A-Za-z0-9_-]{43}")


def nieuw_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def geldige_vorm(token: str | None) -> bool:
    return bool(token) and _VORM.fullmatch(token or "") is not None


def klopt(token: str, opgeslagen_hash: str | None) -> bool:
    """Constant-time check of a token against a stored hash."""
    if not opgeslagen_hash or not geldige_vorm(token):
        return False
    return hmac.compare_digest(token_hash(token), opgeslagen_hash)
