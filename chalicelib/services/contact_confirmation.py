"""A reporter contact's holder confirms it: by the code of the confirmation request (web/API), or by
replying ``YA <tracking id>`` from the number itself (SMS 1708: the gateway proves the sender).

Until then the notification plan sends that contact nothing but the request (``domain.notification_plan``).
Wrong codes count against the same per-case and per-source limits as access codes.
"""
from __future__ import annotations


from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.adapters.contact_store import ContactStore
from chalicelib.domain.contacts import confirmation_code
from chalicelib.domain.identifiers import normalize_code, normalize_tracking_id, same_secret
from chalicelib.domain.notification_plan import reporter_contacts
from chalicelib.domain.refusals import NotFound
from chalicelib.services import abuse_guard


def verified_channels(case: dict, store: ContactStore | None = None, confirmed: set[str] | None = None) -> set[str]:
    """Channels of the reporter's contacts Salur may use: proved by the door, or confirmed since (``confirmed``:
    the confirmed channels as already read, ``ContactStore.case_and_confirmed``)."""
    verified = set(case.get("contact_verified") or ())
    wanted = {channel for channel, _ in reporter_contacts(case.get("reporter") or {}, case)}
    if wanted - verified and case.get("tracking_id"):
        verified |= confirmed if confirmed is not None else (store or ContactStore()).confirmed(case["tracking_id"])
    return verified


def with_verified_contacts(case: dict | None, store: ContactStore | None = None,
                           confirmed: set[str] | None = None) -> dict | None:
    """The case as the notification plan must see it (``contact_verified`` up to date)."""
    if not case or not case.get("reporter"):
        return case
    return {**case, "contact_verified": sorted(verified_channels(case, store, confirmed))}


def confirm_code(tracking_id: str, code: str | None, source: str | None, repo: ComplaintRepository | None = None,
                 store: ContactStore | None = None) -> str:
    """Confirm the contact whose confirmation request carried ``code``; returns its channel.  NotFound for an
    unknown case and a wrong code alike (guesses are limited per case and per source)."""
    tid = normalize_tracking_id(tracking_id) or ""
    abuse_guard.guess_blocked(tid or tracking_id[:40], source)
    case = (repo or ComplaintRepository()).get(tid, consistent=False) if tid else None
    given = normalize_code(code)
    contacts = reporter_contacts((case or {}).get("reporter") or {}, case or {}) or [("email", "-")]
    match = None
    for channel, address in contacts:  # every candidate is computed, found or not (same work either way)
        expected = normalize_code(confirmation_code(tid, channel, address))
        if same_secret(given, expected) and case is not None:
            match = channel
    if match is None:
        abuse_guard.guess_failed(tid or tracking_id[:40], source)
        raise NotFound()
    (store or ContactStore()).confirm(tid, match)
    return match


def confirm_by_sender(tracking_id: str, phone: str | None, repo: ComplaintRepository | None = None,
                      store: ContactStore | None = None) -> bool:
    """``YA <tid>`` from the reporter's own number (the SMS gateway proves the sender): confirm it."""
    tid = normalize_tracking_id(tracking_id)
    case = (repo or ComplaintRepository()).get(tid, consistent=False) if tid and phone else None
    if case is None or (case.get("reporter") or {}).get("phone") != phone:
        return False
    (store or ContactStore()).confirm(tid, "sms")
    return True
