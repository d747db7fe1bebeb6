"""Request/response shapes of the channel doors (documented in /openapi.json via schemas_extra)."""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from ..schemas_extra import register


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
