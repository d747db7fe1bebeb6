"""Request and response shapes (pydantic v2).  They validate input at the edge and
generate /openapi.json; the domain works on plain values."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from chalicelib.domain.directory import get_directory

Kind = Literal["complaint", "aspiration", "information_request"]
Channel = Literal["web", "api", "mobile", "sms", "email", "chat", "open311"]

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_REGION = re.compile(r"^\d{2}(\.\d{2})?$")
_DISTRICT = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")


def normalize_phone(value: str) -> str:
    """Indonesian numbers in E.164: 0812..., 62812..., +62 812-... → +62812...."""
    digits = re.sub(r"[\s\-().]", "", value)
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        raise ValueError("invalid_phone")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if not (10 <= len(digits) <= 15):
        raise ValueError("invalid_phone")
    return "+" + digits


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Location(_Strict):
    region_code: Optional[str] = Field(None, description="Kemendagri code of a province (`51`) or regency/city (`51.04`).",
                                       examples=["51.71"], max_length=5)
    district_code: Optional[str] = Field(None, description="Kemendagri code of a kecamatan (`51.71.01`).",
                                         max_length=8)
    text: Optional[str] = Field(None, max_length=300, description="Address or place in the reporter's words.")
    lat: Optional[float] = Field(None, ge=-90, le=90)
    lon: Optional[float] = Field(None, ge=-180, le=180)

    @field_validator("region_code")
    @classmethod
    def _known_region(cls, v):
        if v in (None, ""):
            return None
        if not _REGION.match(v) or get_directory().region(v) is None:
            raise ValueError("invalid_region_code")
        return v

    @field_validator("district_code")
    @classmethod
    def _known_district(cls, v):
        if v in (None, ""):
            return None
        if not _DISTRICT.match(v) or get_directory().district(v) is None:
            raise ValueError("invalid_district_code")
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
        if not _EMAIL.match(v):
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
    channel: Channel = "web"

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


class Link(BaseModel):
    href: str


class ComplaintCreated(BaseModel):
    tracking_id: str
    access_code: str = Field(description="Secret shown once; send it as X-Access-Code to see the private view.")
    status: str
    created_at: datetime
    links: dict[str, str]


class TimelineEntry(BaseModel):
    at: datetime
    status: str
    action: str
    role: str
    message: Optional[str] = None


class AgencyRef(BaseModel):
    id: str
    name: str


class ComplaintView(BaseModel):
    tracking_id: str
    kind: Kind
    title: str
    body: str
    status: str
    channel: str
    created_at: datetime
    updated_at: datetime
    agency: Optional[AgencyRef] = None
    due_at: Optional[datetime] = None
    escalation_level: int = 0
    location: Optional[dict] = None
    matter: Optional[dict] = None
    timeline: list[TimelineEntry]
    view: Literal["public", "reporter"]
    reporter: Optional[dict] = None
    anonymous: Optional[bool] = None
    confidential: Optional[bool] = None


class ErrorDetail(BaseModel):
    code: str
    message: str
    fields: Optional[dict[str, str]] = None


class ErrorResponse(BaseModel):
    error: ErrorDetail


class FeedbackIn(_Strict):
    """The reporter's last word on an agency's follow-up."""

    decision: Optional[Literal["accept", "reject"]] = Field(
        None, description="accept the follow-up (→ completed) or reject it (→ reopened, one level up).")
    reason: Optional[str] = Field(None, min_length=5, max_length=2000, description="Required when rejecting.")
    rating: Optional[int] = Field(None, ge=1, le=5, description="Satisfaction 1–5.")
    comment: Optional[str] = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _something(self):
        if self.decision is None and self.rating is None:
            raise ValueError("missing")
        if self.decision == "reject" and not self.reason:
            raise ValueError("missing")
        return self


class InfoIn(_Strict):
    """The reporter's answer to an agency's or verifier's request for more information."""

    message: str = Field(min_length=5, max_length=5000)


class RoutingPreviewIn(ComplaintIn):
    """Same fields as a complaint; nothing is stored."""

    title: str = Field("", max_length=150)
    body: str = Field("", max_length=5000)
