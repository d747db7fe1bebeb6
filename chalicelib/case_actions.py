"""The HTTP face of a state change: ``cases.transition`` with domain errors turned into API errors.

Reporter, agency and verifier routes all act on cases through ``act`` so a refused action
reads the same everywhere: 409 illegal transition or stale version, 403 wrong role, 422 a
missing or bad field (with the lifecycle's own message in the caller's language).
"""
from __future__ import annotations

from chalicelib.api.http import ApiError


def transition_error(exc, lang: str) -> ApiError:
    text = exc.message_en if lang == "en" else exc.message_id
    if exc.code == "illegal_transition":
        return ApiError(409, "illegal_transition", fields={"action": text})
    if exc.code == "forbidden_role":
        return ApiError(403, "forbidden", fields={"action": text})
    return ApiError(422, "validation_error", fields={(exc.details or {}).get("field") or "body": text})


def act(tracking_id: str, action: str, role: str, lang: str, **kwargs) -> dict:
    from chalicelib.adapters.complaint_repository import StaleVersion
    from chalicelib.domain import lifecycle
    from chalicelib.services import cases

    try:
        return cases.transition(tracking_id, action, role, **kwargs)
    except StaleVersion:
        raise ApiError(409, "conflict") from None
    except cases.CaseNotFound:
        raise ApiError(404, "not_found") from None
    except lifecycle.TransitionError as exc:
        raise transition_error(exc, lang) from None
