"""The staff token check, pure: a key pair made here stands in for the pool's; the JWKS fetch is counted."""
from __future__ import annotations

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.adapters import token_verifier
from chalicelib.adapters.token_verifier import InvalidToken, verify_access_token

POOL, CLIENT = "ap-southeast-3_testpool", "desk-client"


@pytest.fixture
def pool(monkeypatch):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    fetches = []

    def fetch(url):
        fetches.append(url)
        return {"keys": [{**public, "kid": "k1", "alg": "RS256", "use": "sig"}]}

    monkeypatch.setenv("COGNITO_USER_POOL_ID", POOL)
    monkeypatch.setenv("COGNITO_CLIENT_ID", CLIENT)
    monkeypatch.setenv("AWS_REGION", "ap-southeast-3")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setattr(token_verifier, "fetch_jwks", fetch)
    token_verifier.reset_cache()
    now = int(time.time())
    claims = {"iss": f"https://cognito-idp.ap-southeast-3.amazonaws.com/{POOL}", "sub": "u1", "client_id": CLIENT,
              "token_use": "access", "iat": now, "exp": now + 600}

    def sign(kid="k1", signer=key, **changes):
        return jwt.encode({**claims, **changes}, signer, algorithm="RS256", headers={"kid": kid})

    yield sign, fetches
    token_verifier.reset_cache()


def test_a_valid_token_and_the_jwks_fetched_once(pool):
    sign, fetches = pool
    for _ in range(5):
        assert verify_access_token(sign())["sub"] == "u1"
    assert fetches == [f"https://cognito-idp.ap-southeast-3.amazonaws.com/{POOL}/.well-known/jwks.json"]


def test_an_unknown_kid_refetches_at_most_once_a_minute(pool):
    sign, fetches = pool
    verify_access_token(sign())
    for _ in range(3):
        with pytest.raises(InvalidToken):
            verify_access_token(sign(kid="rotated"))
    assert len(fetches) == 1


@pytest.mark.parametrize("changes", [{"exp": int(time.time()) - 120}, {"iss": "https://evil.example/pool"},
                                     {"client_id": "other"}, {"token_use": "id"}])
def test_wrong_claims_are_refused(pool, changes):
    sign, _ = pool
    with pytest.raises(InvalidToken):
        verify_access_token(sign(**changes))


def test_another_key_and_garbage_are_refused(pool):
    sign, _ = pool
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for bad in (sign(signer=other), "x", "", "a.b.c", "e30." * 3000):
        with pytest.raises(InvalidToken):
            verify_access_token(bad)


def test_the_jwks_address_follows_a_local_moto_server(monkeypatch):
    from chalicelib import config

    monkeypatch.setenv("COGNITO_USER_POOL_ID", POOL)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5000/")
    assert config.cognito_jwks_url() == f"http://127.0.0.1:5000/{POOL}/.well-known/jwks.json"
    assert config.cognito_issuer().startswith("https://cognito-idp.")
