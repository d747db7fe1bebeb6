"""Verify a staff access token issued by Salur's Cognito user pool (one code path: cloud, chalice local, tests).

Checks, in order: the header names a key of the pool's JWKS (fetched over HTTPS, cached for an hour, fetched
again at most once a minute when an unknown ``kid`` appears: Cognito rotates keys), the RS256 signature, the
issuer (the pool), ``exp``/``iat`` (60 s leeway), ``token_use == "access"`` and ``client_id`` = the desk's app
client.  Anything else raises ``InvalidToken`` (→ 401).  PyJWT and cryptography are imported on the first
verification only (cold start of the citizen routes).
"""
from __future__ import annotations

import threading
import time

from chalicelib import config
from chalicelib.domain.refusals import Unauthenticated

JWKS_TTL_SECONDS = 3600
JWKS_REFETCH_SECONDS = 60
LEEWAY_SECONDS = 60
MAX_TOKEN_LENGTH = 8192


class InvalidToken(Unauthenticated):
    def __init__(self, reason: str = "") -> None:
        super().__init__("unauthorized")
        self.reason = reason


_lock = threading.Lock()
_cache: dict[str, tuple[float, dict]] = {}  # jwks url -> (fetched at, {kid: key})


def fetch_jwks(url: str) -> dict:
    import requests

    res = requests.get(url, timeout=5)
    res.raise_for_status()
    return res.json()


def _keys(url: str, kid: str) -> dict:
    import jwt

    now = time.monotonic()
    with _lock:
        fetched_at, keys = _cache.get(url, (0.0, {}))
        stale = now - fetched_at > JWKS_TTL_SECONDS
        unknown = kid not in keys and now - fetched_at > JWKS_REFETCH_SECONDS
        if stale or unknown:
            try:
                keys = {k["kid"]: jwt.PyJWK(k).key for k in fetch_jwks(url).get("keys", []) if k.get("kid")}
            except Exception as exc:  # noqa: BLE001 - an unreachable JWKS refuses the token, never a 500
                if not keys:
                    raise InvalidToken("jwks unavailable") from exc
            else:
                _cache[url] = (now, keys)
        return keys


def reset_cache() -> None:
    with _lock:
        _cache.clear()


def verify_access_token(token: str) -> dict:
    """The token's claims if it is a valid, current access token of the desk's client; else InvalidToken."""
    import jwt

    if not token or len(token) > MAX_TOKEN_LENGTH or not config.cognito_user_pool_id():
        raise InvalidToken("missing")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise InvalidToken("malformed") from exc
    if header.get("alg") != "RS256" or not isinstance(header.get("kid"), str):
        raise InvalidToken("algorithm")
    key = _keys(config.cognito_jwks_url(), header["kid"]).get(header["kid"])
    if key is None:
        raise InvalidToken("unknown key")
    try:
        claims = jwt.decode(token, key, algorithms=["RS256"], issuer=config.cognito_issuer(), leeway=LEEWAY_SECONDS,
                            options={"require": ["exp", "iat", "iss", "sub", "token_use", "client_id"],
                                     "verify_aud": False})  # access tokens carry client_id, not aud
    except jwt.PyJWTError as exc:
        raise InvalidToken(type(exc).__name__) from exc
    if claims.get("token_use") != "access":
        raise InvalidToken("token_use")
    if claims.get("client_id") != config.cognito_client_id():
        raise InvalidToken("client_id")
    return claims
