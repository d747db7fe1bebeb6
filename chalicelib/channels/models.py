"""Request/response shapes of the channel doors (documented in /openapi.json via schemas_extra)."""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.schemas_extra import register


@register
class NotificationSettingsIn(BaseModel):
    """Mute or unmute Salur's messages about one complaint."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = Field(description="false: no more email/SMS about this complaint.")


@register
class SmsConcat(BaseModel):
    ref: str
    part: int = Field(ge=1, le=20)
    total: int = Field(ge=1, le=20)


@register
class SmsInbound(BaseModel):
    """One inbound SMS as the gateway posts it (JSON, or the same names as a form; concat_* for parts)."""

    from_: str = Field(alias="from", description="Sender number.", examples=["+6281234567890"])
    text: str = Field(max_length=1600, examples=["LAPOR jalan rusak di Jl. Gatot Subroto Denpasar sudah 3 bulan"])
    message_id: str = Field(max_length=128)
    concat: Optional[SmsConcat] = None


@register
class SmsReply(BaseModel):
    to: str
    reply: Optional[str] = Field(None, description="The reply SMS; null while a long message is incomplete.")
    status: str = Field(description="answered | partial")


@register
class ChatReplies(BaseModel):
    replies: list[dict]


@register
class Open311Error(BaseModel):
    """GeoReport v2 error (the Open311 routes answer with a list of these)."""

    code: int
    description: str


@register
class SnsHttpMessage(BaseModel):
    """What an SNS HTTPS subscription of the ``salur-inbound-mail`` topic posts (the same door also takes a raw
    ``message/rfc822`` body).  ``Message`` of a Notification is the SES 'Received' notification as JSON, with
    ``content``: the raw mail (base64 when ``receipt.action.encoding`` is BASE64)."""

    Type: str = Field(description="SubscriptionConfirmation | Notification | UnsubscribeConfirmation",
                      examples=["Notification"])
    MessageId: Optional[str] = None
    TopicArn: Optional[str] = None
    Message: Optional[str] = Field(None, description="Notification: the SES receipt notification (JSON text).")
    SubscribeURL: Optional[str] = Field(None, description="SubscriptionConfirmation: the URL that confirms it.")
    Token: Optional[str] = None
    Timestamp: Optional[str] = None


@register
class EmailInboundResult(BaseModel):
    """What became of one inbound mail (4xx answers carry the same keys next to ``error``)."""

    tracking_id: Optional[str] = Field(None, description="The case filed (or filed earlier: same Message-ID).")
    status: str = Field(description="filed | replayed | ignored | too_large | too_short | unreadable | invalid | "
                                    "subscription_pending | subscription_confirmed")
    reply_sent: bool = Field(description="An answer went to the sender by email: a rejection sent now, or (filed) "
                                         "the receipt with tracking id and access code queued.")
    subscribe_url: Optional[str] = Field(None, description="SubscriptionConfirmation: the URL to open to confirm.")
    note: Optional[str] = None
