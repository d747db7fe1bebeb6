"""The reporter proves who they are with the tracking id and the access code given once at filing.

A wrong code, a confidential case without the code and an unknown id all answer the same NotFound, after
the same work: an access code is always checked against a hash (a dummy one when there is no case), so
timing does not tell a confidential or existing case from an unknown id.  Wrong codes are limited per case
and per source (``abuse_guard``: 429 once the window is full, whatever code comes next).
"""
from __future__ import annotations

from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.domain.identifiers import check_secret, normalize_code, normalize_tracking_id
from chalicelib.domain.refusals import NotFound
from chalicelib.services import abuse_guard

#: the hash a code is checked against when there is no case: the same work, never a match
_NO_CASE = {"access_salt": "0" * 16, "access_hash": "0" * 64}


def case_for_caller(tracking_id: str, access_code: str | None, repo: ComplaintRepository | None = None,
                    source: str | None = None, consistent: bool = False) -> tuple[dict, bool]:
    """(case, is_reporter) if the caller may see the case; NotFound otherwise.  ``consistent``: read the latest
    write (for an action applied to this very read)."""
    tid = normalize_tracking_id(tracking_id)
    if access_code is not None:
        abuse_guard.guess_blocked(tid or str(tracking_id)[:40], source)
    case = (repo or ComplaintRepository()).get(tid, consistent=consistent) if tid else None
    if access_code is not None:
        held = case or _NO_CASE
        if not check_secret(normalize_code(access_code), held.get("access_salt", ""), held.get("access_hash")) \
                or case is None:
            abuse_guard.guess_failed(tid or str(tracking_id)[:40], source)
            raise NotFound()
        return case, True
    if case is None or case.get("confidential"):
        raise NotFound()
    return case, False


def reporter_case(tracking_id: str, access_code: str | None, repo: ComplaintRepository | None = None,
                  source: str | None = None, consistent: bool = False) -> dict:
    """The case, only for its reporter (the access code is required)."""
    case, private = case_for_caller(tracking_id, access_code, repo, source, consistent)
    if not private:
        raise NotFound()
    return case
