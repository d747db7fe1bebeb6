"""Channel doors (SMS 1708, chat webhook, inbound email) and the notification sender."""
from chalice import Blueprint, Cron

from chalicelib.api import openapi
from chalicelib.schemas_extra import register_module

bp = Blueprint(__name__)
register_module("chalicelib.channels.models")

_SIG = ("400", "401", "413", "415")
openapi.operation("POST", "/v1/channels/sms", summary="Inbound SMS 1708 from the SMS gateway (signed); answers with "
                  "the reply SMS", request="SmsInbound", response="SmsReply", errors=_SIG, tags=("channels",),
                  params=(openapi._header("X-Salur-Timestamp", "Unix seconds", True),
                          openapi._header("X-Salur-Signature", "v1=<hex HMAC-SHA256(secret, ts.body)>", True)))
openapi.operation("GET", "/v1/channels/chat", summary="Chat platform subscription check (hub.challenge)",
                  errors=("403",), tags=("channels",),
                  params=tuple(openapi._query(n, n) for n in ("hub.mode", "hub.verify_token", "hub.challenge")))
openapi.operation("POST", "/v1/channels/chat", summary="Inbound chat messages (WhatsApp Cloud API webhook, signed)",
                  response="ChatReplies", errors=_SIG, tags=("channels",),
                  params=(openapi._header("X-Hub-Signature-256", "sha256=<hex HMAC-SHA256(app secret, body)>", True),))
openapi.operation("POST", "/v1/channels/email", summary="Inbound email over HTTP: an SNS HTTPS delivery of the "
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
                  params=(openapi._header("X-Salur-Mail-Token", "The shared inbound-mail secret (MAIL_INBOUND_TOKEN); "
                                          "or send it as the Basic-auth password.", False),))
openapi.operation("POST", "/v1/complaints/{tracking_id}/notifications",
                  summary="Reporter mutes or unmutes messages about a complaint", request="NotificationSettingsIn",
                  errors=("400", "404", "413", "415", "422"), tags=("complaints",),
                  params=(openapi._header("X-Access-Code", "The secret code given when filing.", required=True),))

_FORMS = ["application/json", "application/x-www-form-urlencoded"]


@bp.route("/v1/channels/sms", methods=["POST"], content_types=_FORMS)
def sms_inbound():
    from chalicelib.channels import web

    return web.sms_inbound(bp.current_request)


@bp.route("/v1/channels/chat", methods=["GET"])
def chat_verify():
    from chalicelib.channels import web

    return web.chat_verify(bp.current_request)


@bp.route("/v1/channels/chat", methods=["POST"])
def chat_inbound():
    from chalicelib.channels import web

    return web.chat_inbound(bp.current_request)


@bp.route("/v1/channels/email", methods=["POST"],
          content_types=["application/json", "text/plain", "message/rfc822"])
def email_inbound():
    from chalicelib.channels import web

    return web.email_inbound(bp.current_request)


@bp.route("/v1/complaints/{tracking_id}/notifications", methods=["POST"])
def notification_settings(tracking_id):
    from chalicelib.channels import web

    return web.notification_settings(bp.current_request, tracking_id)


@bp.on_sqs_message(queue="salur-notifications", batch_size=10)
def send_notifications(event):
    from chalicelib.services import notifications as service

    return service.handle_batch(event)


@bp.schedule(Cron(0, 1, "*", "*", "?", "*"))
def remind_due_tomorrow(event):
    """08:00 WIB: tell agencies which deadlines end tomorrow."""
    from chalicelib.services import notifications as service

    return {"queued": service.remind_due_tomorrow()}


@bp.on_sns_message(topic="salur-inbound-mail")
def inbound_email(event):
    from chalicelib.services import email_door as email_in

    return email_in.handle_notification(event.message)
