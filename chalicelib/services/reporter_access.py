"""The reporter proves who they are with the tracking id and the access code given once at filing."""
from __future__ import annotations

from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.domain.identifiers import check_secret, normalize_code, normalize_tracking_id
from chalicelib.domain.refusals import NotFound


def case_for_caller(tracking_id: str, access_code: str | None,
                    repo: ComplaintRepository | None = None) -> tuple[dict, bool]:
    """(case, is_reporter) if the caller may see the case; NotFound otherwise.

    A wrong code, a confidential case without the code and an unknown id all look the same."""
    tid = normalize_tracking_id(tracking_id)
    if tid is None:
        raise NotFound()
    case = (repo or ComplaintRepository()).get(tid, consistent=False)
    if case is None:
        raise NotFound()
    if access_code is not None:
        if not check_secret(normalize_code(access_code), case.get("access_salt", ""), case.get("access_hash")):
            raise NotFound()
        return case, True
    if case.get("confidential"):
        raise NotFound()
    return case, False


def reporter_case(tracking_id: str, access_code: str | None, repo: ComplaintRepository | None = None) -> dict:
    """The case, only for its reporter (the access code is required)."""
    case, private = case_for_caller(tracking_id, access_code, repo)
    if not private:
        raise NotFound()
    return case
