"""The agency inbox in every status, oldest deadline first, served by merging AgencyInbox's per-status ranges
(no second index rewritten on every status change): exact order, every case once, filters, bounded reads."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.adapters.dynamo import BadCursor, ddb, encode_cursor, to_item
from chalicelib.domain.vocabulary import STORED_STATUSES

pytestmark = pytest.mark.usefixtures("aws")
_agencies = itertools.count()

case_st = st.tuples(st.sampled_from(sorted(STORED_STATUSES)), st.one_of(st.none(), st.integers(1, 28)),
                    st.sampled_from(["web", "sms"]))


def _store(cases: list[tuple[str, int | None, str]]) -> tuple[str, list[dict]]:
    from chalicelib.adapters.complaint_repository import ComplaintRepository, index_attributes

    repo = ComplaintRepository()
    agency = f"test-deadline-{next(_agencies)}"
    stored = []
    for n, (status, day, channel) in enumerate(cases):
        case = {"tracking_id": f"T{n:04d}", "agency_id": agency, "status": status, "channel": channel,
                "due_at": f"2026-12-{day:02d}T00:00:00+07:00" if day else None, "title": f"kasus {n}",
                "created_at": "2026-11-01T00:00:00+07:00", "version": 1}
        case = {k: v for k, v in case.items() if v is not None}
        item = {"PK": f"C#{case['tracking_id']}", "SK": "CASE", **case, **index_attributes(case)}
        ddb().put_item(TableName=repo.table, Item=to_item(item))
        stored.append(case)
    return agency, stored


def _all_pages(agency: str, limit: int, filters: dict | None) -> tuple[list[dict], int]:
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    repo, seen, cursor, pages = ComplaintRepository(), [], None, 0
    while True:
        items, cursor = repo.inbox(agency, None, limit, cursor, filters)
        assert len(items) <= limit
        seen += items
        pages += 1
        if not cursor:
            return seen, pages
        assert pages < 200


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=st.lists(case_st, max_size=14), limit=st.integers(1, 5), filtered=st.booleans())
def test_every_status_oldest_deadline_first_each_case_once(cases, limit, filtered):
    agency, stored = _store(cases)
    filters = {"channel": "sms"} if filtered else None
    seen, _ = _all_pages(agency, limit, filters)
    want = sorted((c for c in stored if not filtered or c["channel"] == "sms"),
                  key=lambda c: (c.get("due_at") or "~", c["tracking_id"]))
    assert [c["tracking_id"] for c in seen] == [c["tracking_id"] for c in want]
    assert all(row["status"] == c["status"] for row, c in zip(seen, want))


def test_one_query_per_status_per_page(monkeypatch):
    from chalicelib.adapters import complaint_repository

    agency, _ = _store([("assigned", 3, "web"), ("closed", None, "web"), ("in_progress", 1, "web")])
    calls = []
    real = complaint_repository.ddb

    def counted():
        client = real()
        calls.append(1)
        return client

    monkeypatch.setattr(complaint_repository, "ddb", counted)
    items, cursor = complaint_repository.ComplaintRepository().inbox(agency, None, 2, None, None)
    assert [i["status"] for i in items] == ["in_progress", "assigned"] and cursor
    assert len(calls) <= len(STORED_STATUSES)


@pytest.mark.parametrize("data", [
    {"after": "x"}, {"pk": "A#pemkot-51.71", "after": "x"}, {"pk": "A#other", "after": "a", "statuses": ["assigned"]}, {"after": "", "statuses": ["assigned"]}, {"after": "a b", "statuses": ["assigned"]},
    {"after": "a\u00ff", "statuses": ["assigned"]}, {"after": "a", "statuses": []},
    {"after": "a", "statuses": ["sleeping"]}, {"after": "a", "statuses": ["assigned", "assigned"]},
    {"after": 3, "statuses": ["assigned"]}, [1, 2],
])
def test_bad_cursor_is_refused(data):
    from chalicelib.adapters.complaint_repository import ComplaintRepository

    if isinstance(data, dict) and "statuses" in data and data.get("pk") != "A#other":
        data = {"pk": "A#pemkot-51.71", **data}
    cursor = encode_cursor(data) if isinstance(data, dict) else "WzEsMl0"
    with pytest.raises(BadCursor):
        ComplaintRepository().inbox("pemkot-51.71", None, 5, cursor, None)
