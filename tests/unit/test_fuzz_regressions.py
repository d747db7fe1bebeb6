"""Regressions found by fuzzing /openapi.json (tests/e2e/test_fuzz.py): each was a 5xx or an undocumented answer."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from chalicelib.adapters.dynamo import BadCursor, decode_cursor, encode_cursor


def test_cursor_must_fit_the_query_it_is_given_to():
    keys = {"PK", "SK", "GSI1PK", "GSI1SK"}
    good = {"PK": {"S": "AGENCY#a"}, "SK": {"S": "PROFILE"}, "GSI1PK": {"S": "AGENCIES"}, "GSI1SK": {"S": "3#city#x"}}
    assert decode_cursor(encode_cursor(good), keys, equals={"GSI1PK": "AGENCIES"}, prefixes={"GSI1SK": "3#"}) == good
    bad = [
        {"PK": {"S": "x"}},  # not the index's full key: DynamoDB rejects it (was a 500)
        {**good, "GSI1PK": {"S": "OTHER"}},  # another partition
        {**good, "GSI1SK": {"S": "1#national#x"}},  # outside the begins_with bound
        {**good, "SK": {"S": ""}},  # empty key value
    ]
    for data in bad:
        with pytest.raises(BadCursor):
            decode_cursor(encode_cursor(data), keys, equals={"GSI1PK": "AGENCIES"}, prefixes={"GSI1SK": "3#"})
    with pytest.raises(BadCursor):
        decode_cursor("A" * 5000, keys)
    with pytest.raises(BadCursor):
        decode_cursor(encode_cursor({"PK": {"S": "ROUTING#2026-01"}, "SK": {"S": "\x7f"}}), {"PK", "SK"},
                      ranges={"SK": ("0", "~")})
    assert issubclass(BadCursor, ValueError)  # callers catching ValueError keep working


def test_bad_cursor_is_answered_400_invalid_cursor_in_the_callers_language():
    from chalicelib.api.errors import to_api_error

    err = to_api_error(BadCursor(), "id")
    assert (err.status, err.code) == (400, "invalid_cursor")
    assert err.fields == {"cursor": "Nilai tidak valid."}
    assert to_api_error(BadCursor(), "en").fields == {"cursor": "Invalid value."}


@pytest.mark.parametrize("query", [{"start_date": "9999-12-31T23:59:59Z"}, {"end_date": "0001-01-01"}])
def test_open311_dates_at_the_calendar_edges_are_400(query):
    from chalicelib.domain.open311_mapping import Open311Error, list_filters

    with pytest.raises(Open311Error) as err:
        list_filters(query, datetime(2026, 11, 27, tzinfo=timezone.utc))
    assert err.value.status == 400


def test_open311_day_walk_stops_at_the_first_day():
    from chalicelib.services.open311_requests import _days

    first = datetime(1, 1, 1, tzinfo=timezone.utc)
    assert _days(first, datetime(1, 1, 2, tzinfo=timezone.utc)) == ["0001-01-02", "0001-01-01"]


def test_openapi_documents_what_each_operation_shape_implies():
    import app
    from chalicelib.api import openapi

    doc = openapi.build(app.app)
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            responses = op["responses"]
            assert openapi.ALWAYS <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            takes_input = op.get("requestBody") or any(p["in"] == "query" for p in op["parameters"])
            if takes_input:
                validation = "400" if path.startswith("/open311/") else "422"
                assert validation in responses, (method, path)
            if "204" in responses:
                assert "content" not in responses["204"], (method, path)
    assert {"AgencyId", "ProvinceCode"} <= set(doc["components"]["schemas"])
