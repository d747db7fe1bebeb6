"""Request handling for the channel webhooks: check the signature, parse, delegate, answer."""
from __future__ import annotations

from ..http import ApiError, json_body, json_response, parse_model

MAX_WEBHOOK_BYTES = 256 * 1024


def _raw(request) -> bytes:
    raw = request.raw_body or b""
    if len(raw) > MAX_WEBHOOK_BYTES:
        raise ApiError(413, "payload_too_large")
    return raw


def sms_inbound(request):
    from . import signing, sms

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

    from . import signing

    params = request.query_params or {}
    token = signing.secret("CHAT_VERIFY_TOKEN")
    challenge = params.get("hub.challenge") or ""
    if params.get("hub.mode") != "subscribe" or not token or params.get("hub.verify_token") != token \
            or not challenge or len(challenge) > 200:
        raise ApiError(403, "forbidden")
    return Response(body=challenge, status_code=200, headers={"Content-Type": "text/plain; charset=utf-8"})


def chat_inbound(request):
    import json

    from . import chat, signing

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
    from .models import NotificationSettingsIn
    from ..notify.store import NotificationStore
    from ..web import load_case_for_reporter

    case, private = load_case_for_reporter(request, tracking_id)
    if not private:
        raise ApiError(404, "not_found")
    body = parse_model(NotificationSettingsIn, json_body(request), request)
    NotificationStore().opt_out_case(case["tracking_id"], not body.enabled)
    return json_response({"tracking_id": case["tracking_id"], "enabled": body.enabled}, 200)
