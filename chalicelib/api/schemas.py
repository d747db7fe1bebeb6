"""Request and response shapes of every route (pydantic v2).  They validate input at the edge and
generate /openapi.json (every model of this module is documented); the domain works on plain values.

Imported only by views that validate a body and by the OpenAPI builder: pydantic costs ~150 ms of
import (``python -X importtime -c "import pydantic"``), which a cold GET should not pay."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal, Optional

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from chalicelib.domain import coordinates
from chalicelib.domain.contacts import normalize_phone, valid_email
from chalicelib.domain.directory import get_directory
from chalicelib.domain.vocabulary import DESK_ACTIONS, KINDS, STAFF_ROLES, WEBHOOK_EVENT_TYPES

Kind = Literal[KINDS]  # type: ignore[valid-type]
#: what a caller may say about its own client; the doors (SMS, chat, email, Open311) set theirs themselves
#: (``domain.contacts.Origin``), so no caller can pass for one (per-channel figures, receipts)
ClientChannel = Literal["web", "api", "mobile"]
#: the largest case version a caller may name (``If-Match`` takes 9 digits too)
MAX_VERSION = 999_999_999

_REGION = re.compile(r"^\d{2}(\.\d{2})?$")
_DISTRICT = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Location(_Strict):
    region_code: Optional[str] = Field(None, description="Kemendagri code of a province (`51`) or regency/city (`51.04`).",
                                       examples=["51.71"], max_length=5)
    district_code: Optional[str] = Field(None, description="Kemendagri code of a kecamatan (`51.71.01`).",
                                         max_length=8)
    text: Optional[str] = Field(None, max_length=300, description="Address or place in the reporter's words.")
    lat: Optional[float] = Field(None, ge=-90, le=90, allow_inf_nan=False,
                                 description="Degrees; stored rounded to 7 decimals (about 1 cm).")
    lon: Optional[float] = Field(None, ge=-180, le=180, allow_inf_nan=False,
                                 description="Degrees; stored rounded to 7 decimals (about 1 cm).")

    @field_validator("lat", "lon")
    @classmethod
    def _storable(cls, v, info):
        # 5e-324 or 1e-200 pass the range check but no DynamoDB number holds them (1e-130..1e126, 38 digits)
        return None if v is None else coordinates.storable(v, info.field_name)

    @field_validator("region_code", "district_code")
    @classmethod
    def _known_code(cls, v, info):
        """A Kemendagri region or district code the directory knows (empty: none given)."""
        if v in (None, ""):
            return None
        pattern, lookup = ((_REGION, get_directory().region) if info.field_name == "region_code"
                           else (_DISTRICT, get_directory().district))
        if not pattern.match(v) or lookup(v) is None:
            raise ValueError(f"invalid_{info.field_name}")
        return v

    @model_validator(mode="after")
    def _district_in_region(self):
        if self.region_code and self.district_code and not self.district_code.startswith(self.region_code):
            raise ValueError("district_region_mismatch")
        return self


class Reporter(_Strict):
    name: Optional[str] = Field(None, max_length=100)
    email: Optional[str] = Field(None, max_length=254)
    phone: Optional[str] = Field(None, max_length=25)

    @field_validator("email")
    @classmethod
    def _email(cls, v):
        if v in (None, ""):
            return None
        if not valid_email(v):
            raise ValueError("invalid_email")
        return v.lower()

    @field_validator("phone")
    @classmethod
    def _phone(cls, v):
        if v in (None, ""):
            return None
        return normalize_phone(v)


def _indonesia_today() -> date:
    """The latest calendar date anywhere in Indonesia (WIT, UTC+9)."""
    return (datetime.now(timezone.utc) + timedelta(hours=9)).date()


class ComplaintIn(_Strict):
    kind: Kind = "complaint"
    title: str = Field(min_length=5, max_length=150)
    body: str = Field(min_length=20, max_length=5000)
    occurred_on: Optional[date] = Field(None, description="When it happened; not in the future.")
    location: Optional[Location] = None
    category: Optional[str] = Field(None, max_length=100, description="A matter id from /v1/matters, or free text.")
    agency_id: Optional[str] = Field(None, max_length=64, description="The agency the reporter thinks is responsible (a hint).")
    reporter: Optional[Reporter] = None
    anonymous: bool = Field(False, description="Hide the reporter's identity from everyone outside Salur.")
    confidential: bool = Field(False, description="Never show the complaint publicly.")
    channel: ClientChannel = Field("web", description="The caller's client: web, api or mobile.")

    @field_validator("occurred_on")
    @classmethod
    def _not_future(cls, v):
        if v is not None and v > _indonesia_today():
            raise ValueError("future_date")
        return v

    @field_validator("agency_id")
    @classmethod
    def _known_agency(cls, v):
        if v in (None, ""):
            return None
        if get_directory().agency(v) is None:
            raise ValueError("unknown_agency")
        return v


class AgencyRef(BaseModel):
    id: str
    name: Optional[str] = None


class Link(BaseModel):
    href: str


TIMEZONE = Field(None, description="WIB | WITA | WIT: the zone in which the deadline ends at 23:59.")


class ComplaintCreated(BaseModel):
    tracking_id: str
    access_code: str = Field(description="Secret shown once; send it as X-Access-Code to see the private view.")
    status: str
    cluster_id: Optional[str] = Field(None, description="The report about the same problem this one joined "
                                                        "(its answer will reach this report too).")
    created_at: datetime
    agency: Optional[AgencyRef] = None
    due_at: Optional[datetime] = None
    timezone: Optional[str] = TIMEZONE
    links: dict[str, str]


class TimelineEntry(BaseModel):
    at: datetime
    status: str
    action: str
    role: str
    message: Optional[str] = None


class PublicReport(BaseModel):
    """One row of the public list: never the body, the reporter or a confidential report."""

    tracking_id: str
    kind: Kind
    title: str
    status: str
    created_at: datetime
    updated_at: datetime
    agency: Optional[AgencyRef] = None
    location: Optional[dict] = Field(None, description="The region (code, name, level); never the address text.")
    matter: Optional[dict] = None


class ComplaintView(PublicReport):
    body: str
    channel: str
    due_at: Optional[datetime] = None
    timezone: Optional[str] = TIMEZONE
    escalation_level: int = 0
    handled_by: Optional[dict] = Field(None, description="Who handles the report now and until when, in words "
                                                         "(`text_id`/`text_en`; the escalation owner once escalated).")
    point: Optional[dict] = Field(None, description="Public view: the place rounded to 2 decimals (about 1 km); "
                                                    "none for anonymous reports.")
    timeline: list[TimelineEntry]
    cluster: Optional["ClusterView"] = Field(None, description="Reports about this same problem: `reports` counts "
                                             "them all (this one included); the agency answers them once.")
    media: list["MediaEntry"] = Field(default_factory=list, description="Attachments: the reporter's view lists "
                                      "every file with its state; the public view only files the agency published.")
    view: Literal["public", "reporter"]
    reporter: Optional[dict] = None
    anonymous: Optional[bool] = None
    confidential: Optional[bool] = None
    allowed_actions: Optional[list["ReporterAction"]] = Field(
        None, description="Reporter view: what the reporter may do now, each the request that does it; the API "
                          "accepts every one offered (with the fields the endpoint asks for).")
    notifications: Optional[dict] = Field(None, description="Reporter view: `{\"enabled\": bool}` when Salur "
                                                            "has a contact to write to.")


class ReporterAction(BaseModel):
    """One thing the reporter may do now, named as the endpoint (and ``decision``) that does it."""

    action: Literal["info", "accept", "reject", "appeal", "rate"] = Field(
        description="`info`: answer a request for information; `accept`/`reject`/`appeal`: the /feedback "
                    "`decision` of that name; `rate`: /feedback with a `rating` only.")
    method: Literal["POST"] = "POST"
    path: str = Field(description="The endpoint, e.g. `/v1/complaints/{tracking_id}/info` (send X-Access-Code).")
    decision: Optional[Literal["accept", "reject", "appeal"]] = Field(
        None, description="For /feedback: the `decision` to send (none for `info` and `rate`).")


class SimilarReport(PublicReport):
    similarity: float = Field(description="Estimated share of shared words and word pairs (MinHash), 0–1.")
    same: bool = Field(description="Confident enough to be treated as the same problem.")


class SimilarReports(BaseModel):
    items: list[SimilarReport]


class PublicReportPage(BaseModel):
    items: list[PublicReport]
    next_cursor: Optional[str] = Field(None, description="More (older) reports: pass it as `cursor`.  A page may "
                                                         "hold fewer than `limit` rows when filters are narrow.")


class PlaceSuggestion(BaseModel):
    code: str
    name: str
    level: str
    label: str = Field(description="The place with its parents, in the caller's language.")
    location: dict[str, str] = Field(description="The `location` fields of a complaint that name this place.")


class PlaceSuggestions(BaseModel):
    items: list[PlaceSuggestion]


class AgencySuggestion(BaseModel):
    id: str
    name: str
    short_name: str
    level: str


class AgencySuggestions(BaseModel):
    items: list[AgencySuggestion]


class NationalScorecard(BaseModel):
    """The national overview of a period, with the agencies that answered most (compact: no histograms per agency)."""

    model_config = ConfigDict(extra="allow")
    period: str
    received: int
    responses: int
    sla_compliance: Optional[float] = None
    median_first_response_hours: Optional[float] = None
    escalations: int
    agencies: list[dict[str, Any]]


class AgencyScorecard(BaseModel):
    """An agency's public figures for a year and each of its months."""

    model_config = ConfigDict(extra="allow")
    agency: dict[str, Any]
    year: str
    total: dict[str, Any]
    months: list[dict[str, Any]]


class ErrorDetail(BaseModel):
    code: str
    message: str
    fields: Optional[dict[str, str]] = None


class ErrorResponse(BaseModel):
    error: ErrorDetail


class FeedbackIn(_Strict):
    """The reporter's last word on an agency's follow-up."""

    decision: Optional[Literal["accept", "reject", "appeal"]] = Field(
        None, description="accept the follow-up (→ completed) or reject it (→ reopened, one level up); appeal an "
                          "agency's rejection of the report (once; the level above reviews it).")
    reason: Optional[str] = Field(None, min_length=5, max_length=2000,
                                  description="Required when rejecting or appealing.", validate_default=True)
    rating: Optional[int] = Field(None, ge=1, le=5, description="Satisfaction 1–5.")
    comment: Optional[str] = Field(None, max_length=2000)

    @field_validator("reason")
    @classmethod
    def _reason_when_rejecting(cls, v, info):
        if info.data.get("decision") in ("reject", "appeal") and not v:
            raise ValueError("missing")  # named on ``reason``, so a form shows it next to that field
        return v

    @model_validator(mode="after")
    def _something(self):
        if self.decision is None and self.rating is None:
            raise ValueError("missing")
        return self


MediaType = Literal["image/jpeg", "image/png", "image/webp", "application/pdf"]


class MediaUploadIn(_Strict):
    """What the client will upload (the presigned POST only accepts exactly this type and at most this size)."""

    content_type: MediaType
    size: int = Field(ge=16, le=10 * 1024 * 1024, description="Bytes (at most 10 MiB).")


class MediaUpload(BaseModel):
    media_id: str
    state: str
    upload: dict = Field(description="`url` and form `fields` of a presigned S3 POST: send the fields, then "
                                     "the file as `file`.")
    expires_in: int
    max_bytes: int
    confirm: str = Field(description="POST here once the upload finished (checks, re-encodes, scans).")


class MediaEntry(BaseModel):
    id: str
    content_type: Optional[str] = None
    state: str = Field(description="pending_upload | pending_fetch | pending_scan | available | rejected | "
                                   "deleted: nothing is viewable before `available`.")
    public: Optional[bool] = None
    size: Optional[int] = None
    reason: Optional[str] = Field(None, description="Why a `rejected` file was refused, e.g. type, "
                                                    "content, undecodable, policy, malware, not_fetched (a "
                                                    "linked or chat file Salur could not get).")
    url: Optional[str] = Field(None, description="Opens the file (302 to a presigned GET valid 5 minutes).")
    publishable: Optional[bool] = Field(None, description="Agency view: whether the file may ever be made public "
                                        "(never a confidential report's, nor an anonymous reporter's own).")


class PageLink(BaseModel):
    url: str = Field(description="The page the link leads to (a GET never changes anything).")


class MediaLink(BaseModel):
    url: str
    expires_in: int


class SupportIn(_Strict):
    """Follow a public report by e-mail (confirmed before anything else is sent)."""

    email: str = Field(max_length=254)

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        if not valid_email(v):
            raise ValueError("invalid e-mail address")
        return v


class AlertIn(SupportIn):
    """An area's daily digest: ``region`` (regency/city code), ``district`` (kecamatan code) or ``agency`` (id)."""

    area_kind: Literal["region", "district", "agency"]
    area: str = Field(min_length=5, max_length=64, examples=["51.71"])


class SupportConfirmIn(SupportIn):
    code: str = Field(min_length=4, max_length=20)


class ClusterAnswerIn(_Strict):
    """One answer for every report of the cluster the agency holds (each its own transition and notices)."""

    message: str = Field(min_length=5, max_length=5000)


class ClusterChangeIn(_Strict):
    """``split``: take this report out of its cluster; ``join``: put it into ``root``'s cluster."""

    action: Literal["split", "join"]
    root: Optional[str] = Field(None, max_length=12)


class ClusterView(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    reports: int = Field(description="Reports about this problem, this one included.")
    supporters: int = Field(0, description="People following this report instead of filing it again.")


class MediaPublishIn(_Strict):
    """The handling agency shows a file on the public view (never for a confidential report) or hides it."""

    public: bool


class InfoIn(_Strict):
    """The reporter's answer to an agency's or verifier's request for more information."""

    message: str = Field(min_length=5, max_length=5000)


class RoutingPreviewIn(ComplaintIn):
    """Same fields as a complaint; nothing is stored."""

    title: str = Field("", max_length=150)
    body: str = Field("", max_length=5000)


# --------------------------------------------------------------------------- agency side
Role = Literal[STAFF_ROLES]  # type: ignore[valid-type]
Action = Literal[DESK_ACTIONS]  # type: ignore[valid-type]
EventType = Literal[WEBHOOK_EVENT_TYPES]  # type: ignore[valid-type]


class AgencyActionIn(_Strict):
    action: Action
    message: Optional[str] = Field(None, max_length=5000)
    reason: Optional[str] = Field(None, max_length=1000)
    target_agency_id: Optional[str] = Field(None, max_length=64)
    note: Optional[str] = Field(None, max_length=5000)
    due_at: Optional[AwareDatetime] = Field(None, description="instruct: the agency's new deadline (at most 30 days).")
    version: Optional[int] = Field(None, ge=0, le=MAX_VERSION, description="The case version you read; or send If-Match.")


class DispositionIn(_Strict):
    agency_id: str = Field(min_length=1, max_length=64)
    unit_id: Optional[str] = Field(None, min_length=3, max_length=120, description="One of the agency's units.")
    note: Optional[str] = Field(None, max_length=5000)
    version: Optional[int] = Field(None, ge=0, le=MAX_VERSION)


class UnitAssignIn(_Strict):
    unit_id: Optional[str] = Field(None, min_length=3, max_length=120,
                                   description="One of the holding agency's units; null: the whole agency.")
    note: Optional[str] = Field(None, max_length=5000)
    version: int = Field(ge=0, le=MAX_VERSION)


class SignInIn(_Strict):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class SignInChallengeIn(_Strict):
    email: str = Field(min_length=3, max_length=254)
    challenge: Literal["SOFTWARE_TOKEN_MFA", "NEW_PASSWORD_REQUIRED", "MFA_SETUP"]
    session: str = Field(min_length=20, max_length=8192)  # Cognito's own bounds on a session
    code: Optional[str] = Field(None, pattern=r"^\d{6}$")
    new_password: Optional[str] = Field(None, min_length=12, max_length=256)


class AccountIn(_Strict):
    email: str = Field(min_length=3, max_length=254)
    display_name: str = Field(min_length=1, max_length=100)
    role: Role
    unit_id: Optional[str] = Field(None, min_length=3, max_length=120)

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        if not valid_email(v):
            raise ValueError("invalid email")
        return v.lower()


class UnitIn(_Strict):
    key: str = Field(min_length=2, max_length=40, pattern=r"^[a-z0-9][a-z0-9-]{1,39}$")
    name: str = Field(min_length=2, max_length=120)


class UnitChangeIn(_Strict):
    name: Optional[str] = Field(None, min_length=2, max_length=120)
    status: Optional[Literal["active", "retired"]] = None


class WebhookIn(_Strict):
    url: str = Field(min_length=8, max_length=2048)
    events: list[EventType] = Field(min_length=1, max_length=len(WEBHOOK_EVENT_TYPES))
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
    unit_id: Optional[str] = Field(None, description="The unit of the holding agency working it, if any.")
    matter_id: Optional[str] = None
    timezone: Optional[str] = Field(None, description="WIB/WITA/WIT: the deadline ends 23:59 there.")


class InboxPage(BaseModel):
    items: list[CaseSummary]
    next_cursor: Optional[str] = None
    unit_id: Optional[str] = Field(None, description="Set when the inbox is one unit's.")
    counts: Optional[dict[str, int]] = Field(None, description="Cases per status (with counts=1).")


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


# --------------------------------------------------------------------------- channel doors
class NotificationSettingsIn(BaseModel):
    """Mute or unmute Salur's messages about one complaint."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = Field(description="false: no more email/SMS about this complaint.")


class ContactConfirmationIn(_Strict):
    """The code of Salur's confirmation request, sent to the contact given when filing."""

    code: str = Field(min_length=4, max_length=20, examples=["K7Q2-M9XD"])


class ContactConfirmed(BaseModel):
    tracking_id: str
    confirmed: Literal["email", "sms"] = Field(description="The contact now confirmed: it hears about the case.")


class SmsConcat(BaseModel):
    ref: str
    part: int = Field(ge=1, le=20)
    total: int = Field(ge=1, le=20)


class SmsInbound(BaseModel):
    """One inbound SMS as the gateway posts it (JSON, or the same names as a form; concat_* for parts)."""

    from_: str = Field(alias="from", description="Sender number.", examples=["+6281234567890"])
    text: str = Field(max_length=1600, examples=["LAPOR jalan rusak di Jl. Gatot Subroto Denpasar sudah 3 bulan"])
    message_id: str = Field(max_length=128)
    concat: Optional[SmsConcat] = None


class SmsReply(BaseModel):
    to: str
    reply: Optional[str] = Field(None, description="The reply SMS; null while a long message is incomplete.")
    status: str = Field(description="answered | partial | rate_limited (too many messages from this number: "
                                    "no reply)")


class ChatReplies(BaseModel):
    replies: list[dict]


class Open311Error(BaseModel):
    """GeoReport v2 error (the Open311 routes answer with a list of these)."""

    code: int
    description: str


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


class EmailInboundResult(BaseModel):
    """What became of one inbound mail (4xx answers carry the same keys next to ``error``)."""

    tracking_id: Optional[str] = Field(None, description="The case filed (or filed earlier: same Message-ID).")
    status: str = Field(description="filed | replayed | added (a reply to the sender's own case, added to it) | "
                                    "stopped | started (STOP / MULAI) | ignored | too_large | too_short | "
                                    "unreadable | invalid | subscription_pending | subscription_confirmed")
    reply_sent: bool = Field(description="An answer went to the sender by email: a rejection sent now, or (filed) "
                                         "the receipt with tracking id and access code queued.")
    subscribe_url: Optional[str] = Field(None, description="SubscriptionConfirmation: the URL to open to confirm.")
    note: Optional[str] = None
