"""Alerts by area (``domain.area_alerts``): subscribe with double opt-in, confirm and unsubscribe by signed
links, the day's feed written from the events, and one digest a day per subscription.

Links carry a token ``<area>|<contact hash>|<purpose>`` signed with the server pepper: no secret is stored,
and a link only ever confirms or ends the one subscription it names.  A mail's link opens a page
(``CONFIRM_PAGE``, ``UNSUBSCRIBE_PAGE``) whose one button POSTs: a GET changes nothing, because mail scanners
and link previews open every link of a mail.  RFC 8058's one-click POST goes to ``/v1/alerts/unsubscribe``.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

from chalicelib import config
from chalicelib.adapters import message_senders as senders
from chalicelib.adapters.alert_store import AlertStore
from chalicelib.adapters.notification_store import NotificationStore
from chalicelib.domain import alert_rules as rules
from chalicelib.domain.case_views import listed_publicly, public_summary
from chalicelib.domain.clock import iso, utcnow
from chalicelib.domain.contacts import source_key
from chalicelib.domain.directory import get_directory
from chalicelib.domain.refusals import Invalid, NotFound
from chalicelib.services import abuse_guard
from chalicelib.services.warm_cache import WarmCache

log = logging.getLogger("salur.alerts")

#: how long a warm function trusts its list of followed areas (a new area's first subscriber is seen within this)
WATCHED_AREAS_TTL_SECONDS = 60
_WATCHED = WarmCache(lambda: WATCHED_AREAS_TTL_SECONDS)  # table -> the areas with a confirmed subscriber


def watched_areas(store: AlertStore) -> frozenset:
    """The areas someone follows (``ALERTAREAS``), read at most once a minute per warm function: an event of a
    report no subscriber's area contains writes no feed item (the digest reads only these areas' news)."""
    if store.table not in _WATCHED:
        _WATCHED[store.table] = frozenset(store.areas())
    return _WATCHED[store.table]


WIB = timezone(timedelta(hours=7))

WORDS = {
    "confirm": {"id": ("Konfirmasi langganan kabar laporan: $area",
                       "Alamat ini diminta menerima ringkasan harian laporan publik baru dan tanggapan untuk "
                       "$area di Salur.\nJika itu Anda, buka tautan ini lalu tekan tombol Konfirmasi:\n$confirm\n"
                       "Jika bukan Anda, abaikan pesan ini: tanpa konfirmasi Anda tidak menerima pesan lain."),
                "en": ("Confirm your report alerts: $area",
                       "This address was asked to receive a daily digest of new public reports and answers for "
                       "$area at Salur.\nIf that was you, open this link and press the Confirm button:\n$confirm\n"
                       "If not, ignore this message: without a confirmation you get no other message.")},
    "digest": {"id": ("Laporan publik $area, $day", "Laporan baru dan tanggapan untuk $area pada $day:\n$lines\n\n"
                                                       "Berhenti berlangganan: $unsubscribe"),
               "en": ("Public reports for $area, $day", "New reports and answers for $area on $day:\n$lines\n\n"
                                                         "Unsubscribe: $unsubscribe")},
}
#: the pages a mail's links open (``api/citizen_pages.py``): each shows one button that POSTs the token
CONFIRM_PAGE, UNSUBSCRIBE_PAGE = "/langganan/konfirmasi", "/langganan/berhenti"
WHAT = {"new": ("baru", "new"), "answered": ("ditanggapi", "answered")}


def _sign(payload: str) -> str:
    return hmac.new(config.secret_pepper(), f"alert|{payload}".encode(), hashlib.sha256).hexdigest()[:32]


def token(area: str, contact: str, purpose: str) -> str:
    payload = f"{area}|{contact}|{purpose}"
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=") + "." + _sign(payload)


def page_link(page: str, area: str, contact: str, purpose: str, lang: str) -> str:
    """The link a mail carries: the page (in the subscriber's language) with the signed token."""
    query = {"token": token(area, contact, purpose), **({"lang": "en"} if lang == "en" else {})}
    return f"{config.public_url()}{page}?{urlencode(query)}"


def read_token(value: str | None, purpose: str) -> tuple[str, str]:
    """(area, contact) of a valid token for ``purpose``; NotFound otherwise."""
    try:
        data, mac = (value or "").split(".", 1)
        payload = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)).decode()
        area, contact, what = payload.split("|")
    except (ValueError, UnicodeDecodeError):
        raise NotFound() from None
    if len(value or "") > 400 or what != purpose or not hmac.compare_digest(mac, _sign(payload)):
        raise NotFound()
    return area, contact


def area_name(area: str, lang: str) -> str:
    kind, value = area.split(":", 1)
    d = get_directory()
    if kind == "agency":
        agency = d.agency(value)
        return agency.name if agency else value
    region = d.region(value)
    return region.name if region else value


def _known_area(kind: str, value: str) -> str:
    area = rules.area_key(kind, value)
    d = get_directory()
    known = area is not None and (d.agency(value) is not None if kind == "agency" else
                                  (r := d.region(value)) is not None and
                                  (r.level == "district") == (kind == "district"))
    if not known:
        raise Invalid(fields={"area": "invalid"})
    return area


def _fill(text: str, values: dict) -> str:
    from string import Template

    return Template(text).safe_substitute({k: str(v) for k, v in values.items()})


def unsubscribe_headers(area: str, contact: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 one-click unsubscribe of one subscription: mail clients POST ``List-Unsubscribe=One-Click``
    to ``POST /v1/alerts/unsubscribe?token=`` (the API route, whatever page the mail's own link opens)."""
    link = f"{config.public_url()}/v1/alerts/unsubscribe?token={token(area, contact, 'unsubscribe')}"
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _send(address: str, lang: str, key: str, values: dict, headers: dict[str, str] | None = None) -> str:
    subject, body = WORDS[key]["en" if lang == "en" else "id"]
    text = _fill(body, values)
    return senders.send_email(address, _fill(subject, values), text, None, headers=headers)


def subscribe(kind: str, value: str, email: str, lang: str, source: str | None, store: AlertStore | None = None,
              notes: NotificationStore | None = None) -> dict:
    """Store an unconfirmed subscription and send its one confirmation mail (once a day at most)."""
    store, notes = store or AlertStore(), notes or NotificationStore()
    area = _known_area(kind, value)
    address = email.strip().lower()
    sub = store.subscribe(area, address, lang, iso(utcnow()))
    if sub.get("confirmed"):
        return {"area": area, "confirmed": True}
    event = f"alert-confirm.{area}.{utcnow().date().isoformat()}"
    if notes.claim(event, "email", address):
        note = {"limits": [("confirmations_per_contact", f"email:{address}"),
                           ("confirmations_per_source", source_key("ip", source) if source else None),
                           ("email_per_channel", "email")]}
        gate = abuse_guard.gate(note)
        if gate != "send":
            notes.mark_sent(event, "email", address, "rate-limited") if gate == "skip" else \
                notes.release(event, "email", address)
        else:
            link = page_link(CONFIRM_PAGE, area, sub["contact"], "confirm", lang)
            try:
                provider = _send(address, lang, "confirm", {"area": area_name(area, lang), "confirm": link})
            except Exception:  # noqa: BLE001 - the caller may ask again; the claim is released
                notes.release(event, "email", address)
                abuse_guard.refund(note)
                raise
            notes.mark_sent(event, "email", address, provider)
    return {"area": area, "confirmed": False}


def confirm(value: str | None, store: AlertStore | None = None) -> dict:
    area, contact = read_token(value, "confirm")
    store = store or AlertStore()
    if store.get(area, contact) is None:
        raise NotFound()
    store.confirm(area, contact)
    _WATCHED.pop(store.table, None)  # this function sees its own new subscriber at once; others within the TTL
    return {"area": area, "confirmed": True}


def unsubscribe(value: str | None, store: AlertStore | None = None) -> dict:
    area, contact = read_token(value, "unsubscribe")
    (store or AlertStore()).unsubscribe(area, contact)
    return {"area": area, "subscribed": False}


def day_of(at: str | None) -> str:
    moment = datetime.fromisoformat((at or iso(utcnow())).replace("Z", "+00:00"))
    return moment.astimezone(WIB).date().isoformat()


def wants_case(message: dict) -> bool:
    """Whether this event may put its report into an area's feed (then the consumer reads the stored case: the
    feed shows the public summary, masked with the reporter's known words)."""
    return (message.get("type") or "") in rules.FEED_EVENTS


def record(message: dict, case: dict | None, store: AlertStore | None = None) -> int:
    """Put a listed report's new/answered event into its areas' feed of the day (idempotent)."""
    what = rules.FEED_EVENTS.get(message.get("type") or "")
    if not what or not case or not listed_publicly(case):
        return 0
    store = store or AlertStore()
    watched = watched_areas(store)
    areas = [a for a in rules.case_areas(case) if a in watched]
    if areas:
        summary = public_summary(case)
        store.record(list(areas), day_of(message.get("occurred_at")), message.get("occurred_at") or iso(utcnow()),
                     case["tracking_id"], what, {k: summary[k] for k in ("tracking_id", "title")})
    return len(areas)


def digest(now: datetime | None = None, store: AlertStore | None = None,
           notes: NotificationStore | None = None) -> int:
    """Yesterday's (WIB) news, one mail per confirmed subscription of an area with news; returns mails sent."""
    store, notes = store or AlertStore(), notes or NotificationStore()
    now = now or utcnow()
    day = (now.astimezone(WIB) - timedelta(days=1)).date().isoformat()
    sent = 0
    areas = store.areas()
    feeds = store.day_feeds(day, areas, rules.DIGEST_MAX) if areas else {}
    for area in areas:
        entries = feeds.get(area)
        if not entries:
            continue
        for sub in store.subscribers(area):
            event = f"digest.{area}.{day}"
            if not notes.claim(event, "email", sub["address"]):
                continue
            lang = "en" if sub.get("lang") == "en" else "id"
            lines = "\n".join(f"- {e['summary']['tracking_id']} ({WHAT[e['what']][lang == 'en']}): "
                              f"{e['summary']['title']} {config.public_url()}/lacak/{e['summary']['tracking_id']}"
                              for e in entries)
            link = page_link(UNSUBSCRIBE_PAGE, area, sub["contact"], "unsubscribe", lang)
            try:
                provider = _send(sub["address"], lang, "digest", {"area": area_name(area, lang), "day": day,
                                                                  "lines": lines, "unsubscribe": link},
                                 unsubscribe_headers(area, sub["contact"]))
            except Exception:  # noqa: BLE001 - tomorrow's run does not resend; the claim is released for a rerun
                notes.release(event, "email", sub["address"])
                log.warning("digest send failed", extra={"area": area})
                continue
            notes.mark_sent(event, "email", sub["address"], provider)
            sent += 1
    return sent
