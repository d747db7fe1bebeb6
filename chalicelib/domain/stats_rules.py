"""Public statistics kept as counters, updated once per domain event.

Storage (StatsTable in infra/template.json, PK/SK):

- counters    PK=STATS#<month>    SK=NATIONAL | AGENCY#<agency_id>
              month ``YYYY-MM`` in WIB (UTC+7); a year is read as the sum of its months;
              flat numeric attributes (``received``, ``kind.complaint``, ``frt.24`` ...)
              updated with atomic ``ADD`` so concurrent consumers never lose a count.
- markers     PK=EVT#<event_id>   SK=EVT  (TTL 35 days): one per counted event, put in the
              same TransactWriteItems as the ADDs, conditioned on attribute_not_exists —
              an SQS re-delivery finds the marker and the transaction is cancelled whole.
- day index   PK=DAY#<YYYY-MM-DD> SK=<tracking_id>: every filed case, so the ops
              reconcile command can page through cases by day with a Query (never a Scan).

A request reads a month with one Query (``PK=STATS#<month>``; a year: twelve) or one
agency with one GetItem (a year: one BatchGetItem).  What an event contributes is computed by :func:`contributions`, a pure
function of the event and the case's stored timeline — the live consumer and the
reconcile command share it, so a reconcile equals the live counters exactly.

Event semantics (see chalicelib/lifecycle.py for each TimelineEvent's data):

- ``complaint.submitted``: received, by kind and channel; day index item.
- ``complaint.assigned``/``complaint.awaiting_verification`` from ``route_auto`` /
  ``route_to_verification`` (the first routing, always by ``system``): by matter and
  province, routed / auto-routed, routing confidence (matter and confidence are read
  from the stored case: the event snapshot does not carry them).
  ``complaint.assigned`` (any action): the agency's ``assigned``.
- ``complaint.responded``: a follow-up; on time when ``occurred_at`` <= the due date in
  force just before it, i.e. ``data.due_at`` of the preceding timeline event (the
  event's own ``due_at`` is the post-transition reporter deadline), and the case was not
  escalated (an SLA breach) since it last reached the agency (assignment, transfer, reopening).  The case's first
  response also adds its time since filing to a fixed-bucket histogram (hours).
- ``complaint.escalated``: escalations by level; SLA breach of ``breached_agency_id``.
- ``complaint.transferred``: misrouting (national ``transfers``, the agency's ``transfers_out``).
- ``complaint.completed``: completed (denominator of the satisfaction response rate).
- ``complaint.feedback``: ``data.rating`` (sum, count, per value).  Ratings are counted from
  feedback events only (``reporter_accept`` with a rating emits both completed and feedback).
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

WIB = timezone(timedelta(hours=7))
MARKER_TTL_SECONDS = 35 * 24 * 3600
#: upper bounds (hours) of the first-response histogram buckets; the last bucket is open ("inf")
FRT_BUCKETS: tuple[int, ...] = (1, 4, 8, 24, 48, 72, 120, 168, 240, 336, 720)
PERIOD_RE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")
NATIONAL = "NATIONAL"


# --------------------------------------------------------------------------- pure part
def parse_ts(value: str | None) -> datetime | None:
    if not value:
        return None
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def month_of(occurred_at: str) -> str:
    """The month (``YYYY-MM``, WIB) an event is counted in; a year is the sum of its months."""
    return f"{parse_ts(occurred_at).astimezone(WIB):%Y-%m}"


def months(period: str) -> list[str]:
    return [f"{period}-{m:02d}" for m in range(1, 13)] if len(period) == 4 else [period]


def frt_bucket(hours: float) -> str:
    for bound in FRT_BUCKETS:
        if hours <= bound:
            return str(bound)
    return "inf"


def _matter_id(matter: Any) -> str | None:
    if isinstance(matter, dict):
        return matter.get("id")
    return matter or None


def contributions(msg: dict, timeline: list[dict] | None = None, case: dict | None = None) -> list[tuple]:
    """What one domain event adds: ``[(dimension, attribute, delta), ...]`` (dimension is
    ``NATIONAL`` or ``AGENCY#<id>``; periods are applied by the caller).

    ``timeline``: the case's stored timeline records in order (needed for responded);
    ``case``: the stored case (needed for first routing: matter, routing confidence).
    """
    etype = msg.get("type", "")
    data = msg.get("data") or {}
    snap = data.get("case") or {}
    action = data.get("action")
    agency = msg.get("agency_id") or snap.get("agency_id")
    out: list[tuple] = []

    def nat(attr, delta=1):
        out.append((NATIONAL, attr, delta))

    def ag(agency_id, attr, delta=1):
        if agency_id:
            out.append((f"AGENCY#{agency_id}", attr, delta))

    if etype == SUPPORTER_CONFIRMED:  # somebody follows the report instead of filing it again
        nat("supporters")
        ag(agency, "supporters")
    elif etype == "complaint.submitted":
        nat("received")
        nat(f"kind.{data.get('kind') or snap.get('kind') or 'complaint'}")
        nat(f"channel.{data.get('channel') or snap.get('channel') or 'web'}")
    elif etype in ("complaint.assigned", "complaint.awaiting_verification"):
        if action in ("route_auto", "route_to_verification"):  # the first routing (from submitted)
            nat("routed")
            if action == "route_auto":
                nat("auto_routed")
            province = snap.get("province_code") or (case or {}).get("province_code")
            nat(f"province.{province or 'unknown'}")
            matter = _matter_id(snap.get("matter") if "matter" in snap else (case or {}).get("matter"))
            nat(f"matter.{matter or 'unknown'}")
            if (case or {}).get("cluster_id"):  # joined a cluster at filing: a duplicate answered with the others
                nat("clustered")
                ag(data.get("agency_id") or data.get("to_agency_id") or agency, "clustered")
            confidence = ((case or {}).get("routing") or {}).get("confidence")
            if confidence is not None:
                nat("confidence_sum", Decimal(str(round(float(confidence), 3))))
                nat("confidence_count")
        if etype == "complaint.assigned":
            ag(data.get("agency_id") or data.get("to_agency_id") or agency, "assigned")
            if action == "dispose":
                nat("verified")
    elif etype == "complaint.responded":
        on_time, first, prev_due = response_facts(msg, timeline or [])
        for dim_attr in ("responses",) + (("responses_on_time",) if on_time else ()):
            nat(dim_attr)
            ag(agency, dim_attr)
        if first:
            created = parse_ts(snap.get("created_at") or (case or {}).get("created_at"))
            at = parse_ts(msg["occurred_at"])
            if created is not None:
                bucket = frt_bucket(max(0.0, (at - created).total_seconds() / 3600))
                for fn in (nat, lambda a: ag(agency, a)):
                    fn("first_responses")
                    fn(f"frt.{bucket}")
    elif etype == "complaint.escalated":
        level = data.get("level") or snap.get("escalation_level") or 0
        nat("escalations")
        nat(f"escalation_level.{level}")
        breached = data.get("breached_agency_id")
        ag(breached, "breaches")
        ag(breached, f"breach_level.{level}")
        ag(data.get("handler_agency_id"), f"owned_level.{level}")  # escalated cases an owner received, by level
    elif etype == "complaint.referred":
        nat("referrals")
        ag(agency, "referrals")
    elif etype == "complaint.transferred":
        nat("transfers")
        ag(data.get("from_agency_id"), "transfers_out")
    elif etype == "complaint.completed":
        nat("completed")
        ag(agency, "completed")
    elif etype == "complaint.feedback":
        rating = data.get("rating")
        if isinstance(rating, int) and not isinstance(rating, bool) and 1 <= rating <= 5:
            for fn in (nat, lambda a, d=1: ag(agency, a, d)):
                fn("rating_count")
                fn("rating_sum", rating)
                fn(f"rating.{rating}")
    return out


def record_id(event_id: str) -> str:
    """The timeline record (= stream record) a domain event came from: its id without ``.<i>``."""
    return event_id.rsplit(".", 1)[0] if "." in event_id else event_id


def response_facts(msg: dict, timeline: list[dict]) -> tuple[bool, bool, str | None]:
    """(on_time, first_response, due_before) for a responded event, from the case's timeline."""
    base = record_id(msg["event_id"])
    idx = next((i for i, ev in enumerate(timeline) if ev.get("event_id") == base), None)
    if idx is None:  # not stored (never expected: the timeline is written before the outbox)
        idx = sum(1 for ev in timeline if (ev.get("at") or "") < msg["occurred_at"])
    before = timeline[:idx]
    first = not any(ev.get("action") == "respond" for ev in before)
    prev_due = None
    for ev in reversed(before):
        if "due_at" in (ev.get("data") or {}):
            prev_due = ev["data"]["due_at"]
            break
    due = parse_ts(prev_due)
    on_time = due is None or parse_ts(msg["occurred_at"]) <= due
    # an escalation since the case last reached this agency is an SLA breach: the follow-up is
    # late even though the escalation gave a fresh (oversight) deadline
    for ev in reversed(before):
        if ev.get("action") in _ASSIGNING:
            break
        if ev.get("action") == "escalate":
            on_time = False
            break
    return on_time, first, prev_due


_ASSIGNING = ("route_auto", "dispose", "transfer", "reporter_reject")


#: the domain events that move a counter (every other event counts nothing: ``contributions``)
COUNTED_EVENTS = frozenset({"complaint.submitted", "complaint.assigned", "complaint.awaiting_verification",
                            "complaint.responded", "complaint.escalated", "complaint.transferred",
                            "complaint.completed", "complaint.feedback"})


def uncounted_actions(actions) -> list[str]:
    """Actions whose timeline records produce no counted event (the stats stream filter leaves them out)."""
    return sorted(a for a in actions if not set(domain_events_of({"action": a, "data": {}})) & COUNTED_EVENTS
                  and domain_events_of({"action": a, "data": {}}))


#: a confirmed supporter (``adapters/supporter_store``): no timeline record, the supporter item's stream record
SUPPORTER_CONFIRMED = "salur.supporter_confirmed"
#: counters that no timeline holds (the reconcile, which replays timelines, leaves them alone)
NOT_FROM_TIMELINES = frozenset({"supporters"})


def supporter_event(image: dict | None) -> dict | None:
    """The counted event of a supporter item's new image once confirmed (None for anything else); its id
    names the case and the address's hash, so every redelivery is the same event."""
    image = image or {}
    if not str(image.get("SK", "")).startswith("SUP#") or image.get("confirmed") is not True:
        return None
    tid = str(image.get("PK", ""))[2:]
    return {"type": SUPPORTER_CONFIRMED, "event_id": f"sup-{tid}-{image.get('contact')}.0", "tracking_id": tid,
            "agency_id": image.get("agency_id"), "occurred_at": image.get("confirmed_at") or image["created_at"],
            "data": {}}


def needs_timeline(msg: dict) -> bool:
    return msg.get("type") == "complaint.responded"


def needs_case(msg: dict) -> bool:
    return (msg.get("type") in ("complaint.assigned", "complaint.awaiting_verification")
            and (msg.get("data") or {}).get("action") in ("route_auto", "route_to_verification"))


def counter_deltas(msg: dict, timeline=None, case=None) -> dict[tuple[str, str], dict[str, Any]]:
    """{(month, dimension): {attribute: delta}}.  Only months are stored: a year is read as the
    sum of its twelve month items, which halves the writes of every event."""
    result: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    month = month_of(msg["occurred_at"])
    for dim, attr, delta in contributions(msg, timeline, case):
        result[(month, dim)][attr] += delta
    return {k: dict(v) for k, v in result.items()}


# --------------------------------------------------------------------------- reading (views)
def median_from_histogram(hist: dict[str, int | float]) -> float | None:
    """Median (hours) from bucket counts, linearly interpolated inside the median bucket."""
    total = sum(hist.values())
    if total <= 0:
        return None
    half = total / 2
    cum = 0.0
    lower = 0.0
    for bound in list(FRT_BUCKETS) + ["inf"]:
        n = hist.get(str(bound), 0)
        upper = float(bound) if bound != "inf" else lower * 2 or 1.0
        if n and cum + n >= half:
            return round(lower + (upper - lower) * (half - cum) / n, 2)
        cum += n
        lower = upper
    return round(lower, 2)


def _ratio(num, den) -> float | None:
    return round(num / den, 4) if den else None


def _group(item: dict, prefix: str) -> dict[str, int]:
    return {k[len(prefix) + 1:]: v for k, v in sorted(item.items()) if k.startswith(prefix + ".")}


def agency_view(agency_id: str, item: dict) -> dict:
    hist = _group(item, "frt")
    return {
        "agency_id": agency_id,
        "assigned": item.get("assigned", 0),
        "clustered": item.get("clustered", 0),
        "supporters": item.get("supporters", 0),
        "responses": item.get("responses", 0),
        "responses_on_time": item.get("responses_on_time", 0),
        "sla_compliance": _ratio(item.get("responses_on_time", 0), item.get("responses", 0)),
        "first_responses": item.get("first_responses", 0),
        "median_first_response_hours": median_from_histogram(hist),
        "first_response_histogram_hours": hist,
        "sla_breaches": item.get("breaches", 0),
        "sla_breaches_by_level": _group(item, "breach_level"),
        "escalated_to_it_by_level": _group(item, "owned_level"),
        "referrals": item.get("referrals", 0),
        "transfers_out": item.get("transfers_out", 0),
        "completed": item.get("completed", 0),
        "satisfaction": _satisfaction(item),
    }


def _satisfaction(item: dict) -> dict:
    return {
        "average": _ratio(item.get("rating_sum", 0), item.get("rating_count", 0)),
        "ratings": item.get("rating_count", 0),
        "response_rate": _ratio(item.get("rating_count", 0), item.get("completed", 0)),
        "by_rating": _group(item, "rating"),
    }


def national_view(period: str, item: dict, agencies: list[dict]) -> dict:
    hist = _group(item, "frt")
    return {
        "period": period,
        "received": item.get("received", 0),
        "clustered": item.get("clustered", 0),
        "supporters": item.get("supporters", 0),
        "by_kind": _group(item, "kind"),
        "by_channel": _group(item, "channel"),
        "by_matter": _group(item, "matter"),
        "by_province": _group(item, "province"),
        "routing": {
            "routed": item.get("routed", 0),
            "auto_routed": item.get("auto_routed", 0),
            "auto_routed_share": _ratio(item.get("auto_routed", 0), item.get("routed", 0)),
            "average_confidence": _ratio(item.get("confidence_sum", 0), item.get("confidence_count", 0)),
            "verified": item.get("verified", 0),
            "transfers": item.get("transfers", 0),
            "misrouting_rate": _ratio(item.get("transfers", 0), item.get("routed", 0)),
        },
        "responses": item.get("responses", 0),
        "responses_on_time": item.get("responses_on_time", 0),
        "sla_compliance": _ratio(item.get("responses_on_time", 0), item.get("responses", 0)),
        "median_first_response_hours": median_from_histogram(hist),
        "first_response_histogram_hours": hist,
        "escalations": item.get("escalations", 0),
        "escalations_by_level": _group(item, "escalation_level"),
        "referrals": item.get("referrals", 0),
        "completed": item.get("completed", 0),
        "satisfaction": _satisfaction(item),
        "agencies": agencies,
    }


# --------------------------------------------------------------------------- reconcile
_ACTION_EVENTS = {
    "submit": ("complaint.submitted",), "route_auto": ("complaint.assigned",),
    "route_to_verification": ("complaint.awaiting_verification",), "dispose": ("complaint.assigned",),
    "accept": ("complaint.accepted",), "respond": ("complaint.responded",),
    "request_info": ("complaint.info_requested",), "provide_info": ("complaint.info_provided",),
    "extend": ("complaint.extended",), "reject": ("complaint.rejected",), "note": ("complaint.note",),
    "assign_unit": ("complaint.unit_assigned",),
    "reporter_reject": ("complaint.reopened",), "rate": ("complaint.feedback",),
    "auto_complete": ("complaint.completed",), "close": ("complaint.closed",),
    "expire_info": ("complaint.rejected",), "escalate": ("complaint.escalated",),
    "refer": ("complaint.referred",), "instruct": ("complaint.instructed",), "conclude": ("complaint.closed",),
    "take_over": ("complaint.taken_over", "complaint.assigned"),
}


def domain_events_of(record: dict) -> tuple[str, ...]:
    """The domain events a stored timeline record produced (mirrors chalicelib.domain.lifecycle)."""
    action = record.get("action")
    data = record.get("data") or {}
    if action == "transfer":
        return ("complaint.transferred",
                "complaint.assigned" if data.get("to_agency_id") else "complaint.awaiting_verification")
    if action == "escalate" and data.get("referral"):
        return ("complaint.escalated", "complaint.referred")
    if action == "appeal":
        return ("complaint.appealed", "complaint.referred") if data.get("referral") else ("complaint.appealed",)
    if action == "reporter_accept":
        return ("complaint.completed", "complaint.feedback") if data.get("rating") is not None \
            else ("complaint.completed",)
    return _ACTION_EVENTS.get(action, ())


def replay_messages(case: dict, timeline: list[dict]) -> list[dict]:
    """Rebuild the domain events of a case from its stored timeline (as the outbox sent them)."""
    msgs = []
    agency = None
    for rec in timeline:
        data = rec.get("data") or {}
        action = rec.get("action")
        if action in ("route_auto", "dispose"):
            agency = data.get("agency_id")
        elif action == "route_to_verification":
            agency = None
        elif action in ("transfer", "take_over"):
            agency = data.get("to_agency_id")
        snap = {"tracking_id": case["tracking_id"], "kind": case.get("kind"), "channel": case.get("channel"),
                "created_at": case.get("created_at"), "province_code": case.get("province_code"),
                "agency_id": agency, "due_at": data.get("due_at")}
        for i, name in enumerate(domain_events_of(rec)):
            msgs.append({"event_id": f"{rec['event_id']}.{i}", "type": name, "tracking_id": case["tracking_id"],
                         "occurred_at": rec["at"], "agency_id": agency,
                         "data": {"case": snap, "action": action, "role": rec.get("role"), **data}})
    return msgs


def num(v) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def validate_period(period: str | None, now: datetime | None = None) -> str | None:
    """The period asked for (default: the current WIB month), or None when malformed."""
    if period is None or period == "":
        return f"{(now or datetime.now(timezone.utc)).astimezone(WIB):%Y-%m}"
    return period if PERIOD_RE.match(period) else None
