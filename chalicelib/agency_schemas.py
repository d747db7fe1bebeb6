"""Request/response models of the agency API (documented in /openapi.json via schemas_extra).

Imported lazily by the views so a cold start that never reaches the agency side does not pay
for pydantic.
"""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from chalicelib import schemas_extra
from chalicelib.services.webhooks import EVENT_TYPES

Role = Literal["officer", "supervisor", "verifier", "coordinator", "admin"]
Action = Literal["accept", "respond", "request_info", "transfer", "reject", "note", "extend"]
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AgencyActionIn(_Strict):
    action: Action
    message: Optional[str] = Field(None, max_length=5000)
    reason: Optional[str] = Field(None, max_length=1000)
    target_agency_id: Optional[str] = Field(None, max_length=64)
    note: Optional[str] = Field(None, max_length=5000)
    version: Optional[int] = Field(None, ge=0, description="The case version you read; or send If-Match.")


class DispositionIn(_Strict):
    agency_id: str = Field(min_length=1, max_length=64)
    note: Optional[str] = Field(None, max_length=5000)
    version: Optional[int] = Field(None, ge=0)


class WebhookIn(_Strict):
    url: str = Field(min_length=8, max_length=2048)
    events: list[EventType] = Field(min_length=1, max_length=len(EVENT_TYPES))
    description: Optional[str] = Field(None, max_length=200)


class KeyIssueIn(_Strict):
    agency_id: str = Field(min_length=1, max_length=64)
    role: Role
    label: Optional[str] = Field(None, max_length=100)


class CaseSummary(BaseModel):
    tracking_id: str
    kind: str
    title: str
    status: str
    due_at: Optional[str] = None
    escalation_level: int = 0
    version: int
    created_at: str
    confidential: bool = False
    anonymous: bool = False


class InboxPage(BaseModel):
    items: list[CaseSummary]
    next_cursor: Optional[str] = None


class AgencyCaseView(BaseModel):
    model_config = ConfigDict(extra="allow")
    tracking_id: str
    status: str
    version: int
    timeline: list[dict[str, Any]]
    reporter: Optional[dict[str, Any]] = Field(None, description="Omitted entirely for anonymous reports.")
    allowed_actions: list[str]
    read_only: bool


class ActionResult(BaseModel):
    tracking_id: str
    status: str
    version: int
    agency_id: Optional[str] = None
    due_at: Optional[str] = None


class CorrectionsReport(BaseModel):
    month: str
    total: int
    corrected: int
    confirmed: int
    items: list[dict[str, Any]]
    next_cursor: Optional[str] = None


class Webhook(BaseModel):
    model_config = ConfigDict(extra="allow")
    webhook_id: str
    url: str
    events: list[str]
    secret: Optional[str] = Field(None, description="Shown only when created or rotated.")


class DeliveryPage(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: Optional[str] = None


class ApiKeyIssued(BaseModel):
    model_config = ConfigDict(extra="allow")
    key_id: str
    agency_id: str
    role: str
    prefix: str
    api_key: Optional[str] = Field(None, description="Shown only when issued or rotated.")


for _m in (AgencyActionIn, DispositionIn, WebhookIn, KeyIssueIn, CaseSummary, InboxPage, AgencyCaseView,
           ActionResult, CorrectionsReport, Webhook, DeliveryPage, ApiKeyIssued):
    schemas_extra.register(_m)
