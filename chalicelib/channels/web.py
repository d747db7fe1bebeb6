"""Request handling for the channel webhooks: check the signature, parse, delegate, answer."""
from __future__ import annotations

import re

from chalicelib.api.http import ApiError, json_body, json_response, parse_model

MAX_WEBHOOK_BYTES = 256 * 1024


def _raw(request) -> bytes:
    raw = request.raw_body or b""
    if len(raw) > MAX_WEBHOOK_BYTES:
        raise ApiError(413, "payload_too_large")
    return raw


def sms_inbound(request):
    from chalicelib.api import channel_signatures as signing
    from chalicelib.services import sms_door as sms

    raw = _raw(request)
    headers = request.headers
    if not signing.verify_sms_gateway(raw, headers.get("x-salur-timestamp"), headers.get("x-salur-signature")):
        raise ApiError(401, "invalid_signature")
    try:
        answer = sms.handle(raw, headers.get("content-type") or "application/json")
    except sms.BadMessage as exc:
        raise ApiError(400, "bad_request", fields={str(exc): "invalid"})
    return json_response(answer, 200)


def chat_verify(request):
    from chalice import Response

    from chalicelib.api import channel_signatures as signing

    params = request.query_params or {}
    token = signing.secret("CHAT_VERIFY_TOKEN")
    challenge = params.get("hub.challenge") or ""
    if params.get("hub.mode") != "subscribe" or not token or params.get("hub.verify_token") != token \
            or not challenge or len(challenge) > 200:
        raise ApiError(403, "forbidden")
    return Response(body=challenge, status_code=200, headers={"Content-Type": "text/plain; charset=utf-8"})


def chat_inbound(request):
    import json

    from chalicelib.api import channel_signatures as signing
    from chalicelib.services import chat_door as chat

    raw = _raw(request)
    if not signing.verify_chat(raw, request.headers.get("x-hub-signature-256")):
        raise ApiError(401, "invalid_signature")
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, "malformed_json")
    try:
        return json_response(chat.handle(payload), 200)
    except chat.BadPayload:
        raise ApiError(400, "bad_request", fields={"entry": "invalid"})


def notification_settings(request, tracking_id: str):
    """The reporter mutes (or unmutes) messages about one case, proving it with the access code."""
    from chalicelib.adapters.notification_store import NotificationStore
    from chalicelib.api.citizen import load_case_for_reporter
    from chalicelib.channels.models import NotificationSettingsIn

    case, private = load_case_for_reporter(request, tracking_id)
    if not private:
        raise ApiError(404, "not_found")
    body = parse_model(NotificationSettingsIn, json_body(request), request)
    NotificationStore().opt_out_case(case["tracking_id"], not body.enabled)
    return json_response({"tracking_id": case["tracking_id"], "enabled": body.enabled}, 200)


#: the inbound-mail door's own body limit: above the 10 MB mail limit, so a 10 MB+ mail gets our 413 (and an
#: answer by email) rather than the generic one.  In the cloud API Gateway (10 MB) and Lambda (6 MB) cap
#: requests lower: big mail arrives by the SNS subscription with the mail in S3, not by this door.
MAX_MAIL_HTTP_BYTES = 15 * 1024 * 1024
_MAIL_STATUS = {"too_large": (413, "mail_too_large"), "unreadable": (400, "mail_unreadable"),
                "malformed": (400, "bad_request"), "too_short": (422, "mail_too_short"),
                "invalid": (422, "validation_error")}
_SNS_HOST = re.compile(r"^sns\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com(\.cn)?$")


def _mail_answer(request, out: dict, extra: dict | None = None):
    from chalicelib.api.http import error_body, lang_of

    body = {"tracking_id": out.get("tracking_id"), "status": out["result"], "reply_sent": bool(out.get("reply_sent")),
            **(extra or {})}
    if out["result"] in _MAIL_STATUS:
        status, code = _MAIL_STATUS[out["result"]]
        return json_response({**error_body(code, lang_of(request)), **body}, status)
    return json_response(body, 200)


def _confirm_subscription(url: str) -> bool:
    """Open SubscribeURL, only in prod and only on SNS's own host (no fetch of anything a caller names)."""
    import logging
    import urllib.request
    from urllib.parse import urlsplit

    from chalicelib import config

    parts = urlsplit(url)
    if config.stage() != "prod" or parts.scheme != "https" or not _SNS_HOST.match(parts.hostname or "") \
            or parts.port not in (None, 443):
        return False
    try:
        with urllib.request.urlopen(url, timeout=5) as res:  # noqa: S310 - https on sns.<region>.amazonaws.com only
            return 200 <= res.status < 300
    except Exception:  # noqa: BLE001 - confirm by hand then (the URL is in the answer and the log)
        logging.getLogger("salur.email").warning("SNS subscription confirmation failed", exc_info=True)
        return False


def email_inbound(request):
    """``POST /v1/channels/email``: an SNS HTTPS delivery of the inbound-mail topic, or a raw
    ``message/rfc822`` mail (curl, tests).  Both go to the SNS handler's own code (email_in)."""
    import json

    from chalicelib.api import channel_signatures as signing
    from chalicelib.services import email_door as email_in

    if not signing.verify_mail_token(request.headers):
        raise ApiError(401, "invalid_mail_token")
    raw = request.raw_body or b""
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if ctype == "message/rfc822":
        if not raw.strip():
            raise ApiError(400, "bad_request", fields={"body": "empty"})
        return _mail_answer(request, email_in.handle_raw(raw))
    if len(raw) > MAX_MAIL_HTTP_BYTES:
        raise ApiError(413, "payload_too_large")
    try:
        sns = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, "malformed_json")
    if not isinstance(sns, dict):
        raise ApiError(400, "body_not_object")
    kind = sns.get("Type")
    if kind == "SubscriptionConfirmation":
        url = sns.get("SubscribeURL")
        if not isinstance(url, str) or not url:
            raise ApiError(400, "bad_request", fields={"SubscribeURL": "missing"})
        if _confirm_subscription(url):
            return _mail_answer(request, {"result": "subscription_confirmed"})
        return _mail_answer(request, {"result": "subscription_pending"}, {
            "subscribe_url": url, "note": "Not confirmed by Salur (only in prod, only on sns.<region>.amazonaws.com): "
                                          "open subscribe_url to confirm the subscription."})
    if kind == "UnsubscribeConfirmation":
        return _mail_answer(request, {"result": "ignored"})
    if kind != "Notification" or not isinstance(sns.get("Message"), str):
        raise ApiError(400, "bad_request", fields={"Type" if kind != "Notification" else "Message": "invalid"})
    return _mail_answer(request, email_in.handle_notification(sns["Message"]))
