"""Sealed secrets (identifiers.seal/unseal): open only for their own context, never for a tampered token, and
no input makes unseal raise."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.identifiers import new_access_code, seal, unseal


@given(st.text(max_size=100), st.text(min_size=1, max_size=60), st.text(min_size=1, max_size=60))
def test_a_seal_opens_for_its_context_only(secret, context, other):
    token = seal(secret, context)
    assert unseal(token, context) == secret
    if other != context:
        assert unseal(token, other) is None


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=255))
def test_a_tampered_token_opens_to_nothing(position, value):
    import base64

    code = new_access_code()
    raw = bytearray(base64.urlsafe_b64decode(seal(code, "ctx")))
    i = position % len(raw)
    if raw[i] == value:
        return
    raw[i] = value
    assert unseal(base64.urlsafe_b64encode(bytes(raw)).decode(), "ctx") is None


@given(st.one_of(st.none(), st.text(max_size=200)))
def test_junk_never_raises(token):
    assert unseal(token, "ctx") is None


def test_a_sealed_code_does_not_show_and_two_seals_differ():
    code = new_access_code()
    assert code not in seal(code, "ctx") and code.replace("-", "") not in seal(code, "ctx")
    assert seal(code, "ctx") != seal(code, "ctx")  # a random nonce: equal codes are not visible as equal
