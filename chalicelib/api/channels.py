"""Channel doors: SMS 1708 gateway, chat webhook, inbound email over HTTP, and the reporter's mute switch.

Each view checks the door's signature or token, parses, delegates to the door's service and answers.
The queue and schedule handlers of these doors live in ``chalicelib.handlers``.
"""
from __future__ import annotations

import json
import logging
import re
import urllib.request
from urllib.parse import urlsplit

from chalice import Response

from chalicelib import config
from chalicelib.adapters.notification_store import NotificationStore
from chalicelib.api import channel_signatures as signing
from chalicelib.api.errors import ApiError, SalurBlueprint, error_body, json_response
from chalicelib.api.http import json_body, parse_model, schemas, source_ip
from chalicelib.api.i18n import lang_of
from chalicelib.api.openapi import header_param, operation, query_param
from chalicelib.domain.identifiers import normalize_tracking_id
from chalicelib.services import chat_door, contact_confirmation, email_door, sms_door
from chalicelib.services.reporter_access import reporter_case

bp = SalurBlueprint(__name__)
log = logging.getLogger("salur.channels")

_SIG = ("400", "401", "413", "415")
operation("POST", "/v1/channels/sms", summary="Inbound SMS 1708 from the SMS gateway (signed); answers with "
                  "the reply SMS", request="SmsInbound", response="SmsReply", errors=_SIG, tags=("channels",),
                  params=(header_param("X-Salur-Timestamp", "Unix seconds", True),
                          header_param("X-Salur-Signature", "v1=<hex HMAC-SHA256(secret, ts.body)>", True)))
operation("GET", "/v1/channels/chat", summary="Chat platform subscription check (hub.challenge)",
                  errors=("403",), tags=("channels",),
                  params=tuple(query_param(n, n) for n in ("hub.mode", "hub.verify_token", "hub.challenge")))
operation("POST", "/v1/channels/chat", summary="Inbound chat messages (WhatsApp Cloud API webhook, signed)",
                  response="ChatReplies", errors=_SIG, tags=("channels",),
                  params=(header_param("X-Hub-Signature-256", "sha256=<hex HMAC-SHA256(app secret, body)>", True),))
operation("POST", "/v1/channels/email", summary="Inbound email over HTTP: an SNS HTTPS delivery of the "
                  "salur-inbound-mail topic, or a raw mail (Content-Type: message/rfc822)",
                  request="SnsHttpMessage", response="EmailInboundResult", errors=("400", "401", "413", "415", "422"),
                  tags=("channels",), validation_status="422",
                  description="The same handling as the topic's Lambda subscription: SES 'Received' notification "
                              "(content inline, base64 or not; or the mail in S3) or a raw RFC 5322 mail "
                              "(`Content-Type: message/rfc822`) -> parsed, filed once per Message-ID (a repeat "
                              "answers 200 `replayed` with the first tracking id), the sender answered by email. "
                              "`SubscriptionConfirmation` answers 200 with `subscribe_url` (opened by Salur only "
                              "in prod, only on https://sns.<region>.amazonaws.com/). Authenticated by a shared "
                              "secret, `X-Salur-Mail-Token` or the Basic-auth password (SNS HTTPS subscriptions "
                              "can send only the latter), not by SNS signatures: verifying those needs fetching "
                              "the signing certificate. 400: malformed body, no sender, unreadable mail; 401: bad "
                              "token; 413: mail > 10 MB (sender answered, nothing written) or body > 15 MB; 422: "
                              "too short to be a complaint (sender answered). 4xx bodies carry `tracking_id`, "
                              "`status`, `reply_sent` next to `error`.",
                  params=(header_param("X-Salur-Mail-Token", "The shared inbound-mail secret (MAIL_INBOUND_TOKEN); "
                                          "or send it as the Basic-auth password.", False),))
operation("POST", "/v1/complaints/{tracking_id}/contact-confirmation",
                  summary="Confirm a reporter contact with the code Salur sent to it", request="ContactConfirmationIn",
                  response="ContactConfirmed", errors=("400", "404", "413", "415", "422", "429"), tags=("complaints",),
                  description="The phone or e-mail given when filing hears nothing about the case but one "
                              "confirmation request until its holder sends that request's code here (or, for a "
                              "phone, replies `YA <tracking id>` to 1708). A wrong code answers 404; wrong codes "
                              "are limited per case and per client (429).")
operation("POST", "/v1/complaints/{tracking_id}/notifications",
                  summary="Reporter mutes or unmutes messages about a complaint", request="NotificationSettingsIn",
                  errors=("400", "404", "413", "415", "422"), tags=("complaints",),
                  params=(header_param("X-Access-Code", "The secret code given when filing.", required=True),))



MAX_WEBHOOK_BYTES = 256 * 1024


def _raw(request) -> bytes:
    raw = request.raw_body or b""
    if len(raw) > MAX_WEBHOOK_BYTES:
        raise ApiError(413, "payload_too_large")
    return raw


_FORMS = ["application/json", "application/x-www-form-urlencoded"]


@bp.route("/v1/channels/sms", methods=["POST"], content_types=_FORMS)
def sms_inbound():
    request = bp.current_request
    raw = _raw(request)
    headers = request.headers
    if not signing.verify_sms_gateway(raw, headers.get("x-salur-timestamp"), headers.get("x-salur-signature")):
        raise ApiError(401, "invalid_signature")
    try:
        answer = sms_door.handle(raw, headers.get("content-type") or "application/json")
    except sms_door.BadMessage as exc:
        raise ApiError(400, "bad_request", fields={str(exc): "invalid"})
    return json_response(answer, 200)


@bp.route("/v1/channels/chat", methods=["GET"])
def chat_verify():
    params = bp.current_request.query_params or {}
    token = signing.secret("CHAT_VERIFY_TOKEN")
    challenge = params.get("hub.challenge") or ""
    if params.get("hub.mode") != "subscribe" or not token or params.get("hub.verify_token") != token \
            or not challenge or len(challenge) > 200:
        raise ApiError(403, "forbidden")
    return Response(body=challenge, status_code=200, headers={"Content-Type": "text/plain; charset=utf-8"})


@bp.route("/v1/channels/chat", methods=["POST"])
def chat_inbound():
    request = bp.current_request
    raw = _raw(request)
    if not signing.verify_chat(raw, request.headers.get("x-hub-signature-256")):
        raise ApiError(401, "invalid_signature")
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, "malformed_json")
    try:
        return json_response(chat_door.handle(payload), 200)
    except chat_door.BadPayload:
        raise ApiError(400, "bad_request", fields={"entry": "invalid"})


@bp.route("/v1/complaints/{tracking_id}/notifications", methods=["POST"])
def notification_settings(tracking_id):
    """The reporter mutes (or unmutes) messages about one case, proving it with the access code."""
    request = bp.current_request
    case = reporter_case(tracking_id, request.headers.get("x-access-code"), source=source_ip(request))
    body = parse_model(schemas().NotificationSettingsIn, json_body(request), request)
    NotificationStore().opt_out_case(case["tracking_id"], not body.enabled)
    return json_response({"tracking_id": case["tracking_id"], "enabled": body.enabled}, 200)


@bp.route("/v1/complaints/{tracking_id}/contact-confirmation", methods=["POST"])
def contact_confirmation_view(tracking_id):
    """The holder of a reporter contact confirms it with the code Salur sent there; only then does that
    contact hear about the case (until then it got nothing but the confirmation request)."""
    request = bp.current_request
    body = parse_model(schemas().ContactConfirmationIn, json_body(request), request)
    channel = contact_confirmation.confirm_code(tracking_id, body.code, source_ip(request))
    return json_response({"tracking_id": normalize_tracking_id(tracking_id), "confirmed": channel}, 200)


#: the inbound-mail door's own body limit: above the 10 MB mail limit, so a 10 MB+ mail gets our 413 (and an
#: answer by email) rather than the generic one.  In the cloud API Gateway (10 MB) and Lambda (6 MB) cap
#: requests lower: big mail arrives by the SNS subscription with the mail in S3, not by this door.
MAX_MAIL_HTTP_BYTES = 15 * 1024 * 1024
_MAIL_STATUS = {"too_large": (413, "mail_too_large"), "unreadable": (400, "mail_unreadable"),
                "malformed": (400, "bad_request"), "too_short": (422, "mail_too_short"),
                "invalid": (422, "validation_error")}
_SNS_HOST = re.compile(r"^sns\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com(\.cn)?$")


def _mail_answer(request, out: dict, extra: dict | None = None):
    body = {"tracking_id": out.get("tracking_id"), "status": out["result"], "reply_sent": bool(out.get("reply_sent")),
            **(extra or {})}
    if out["result"] in _MAIL_STATUS:
        status, code = _MAIL_STATUS[out["result"]]
        return json_response({**error_body(code, lang_of(request)), **body}, status)
    return json_response(body, 200)


def _confirm_subscription(url: str) -> bool:
    """Open SubscribeURL, only in prod and only on SNS's own host (no fetch of anything a caller names)."""
    parts = urlsplit(url)
    if config.stage() != "prod" or parts.scheme != "https" or not _SNS_HOST.match(parts.hostname or "") \
            or parts.port not in (None, 443):
        return False
    try:
        with urllib.request.urlopen(url, timeout=5) as res:  # noqa: S310 - https on sns.<region>.amazonaws.com only
            return 200 <= res.status < 300
    except Exception:  # noqa: BLE001 - confirm by hand then (the URL is in the answer and the log)
        log.warning("SNS subscription confirmation failed", exc_info=True)
        return False


@bp.route("/v1/channels/email", methods=["POST"], content_types=["application/json", "text/plain", "message/rfc822"])
def email_inbound():
    """``POST /v1/channels/email``: an SNS HTTPS delivery of the inbound-mail topic, or a raw
    ``message/rfc822`` mail (curl, tests).  Both go to the SNS handler's own code (email_in)."""
    request = bp.current_request
    if not signing.verify_mail_token(request.headers):
        raise ApiError(401, "invalid_mail_token")
    raw = request.raw_body or b""
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if ctype == "message/rfc822":
        if not raw.strip():
            raise ApiError(400, "bad_request", fields={"body": "empty"})
        return _mail_answer(request, email_door.handle_raw(raw))
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
    return _mail_answer(request, email_door.handle_notification(sns["Message"]))
