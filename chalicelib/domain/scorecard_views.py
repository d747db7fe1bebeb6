"""What the public scorecards show: compact figures built from the stats views (``stats_rules``), sized for a
phone — no per-agency histograms in the national overview, one row per month for an agency's year."""
from __future__ import annotations

from datetime import datetime, timezone

from chalicelib.domain.directory import Agency, get_directory
from chalicelib.domain.stats_rules import WIB

NATIONAL_TOP = 20


def _row(view: dict) -> dict:
    """The few figures a chart or a table row shows, from ``agency_view`` output."""
    satisfaction = view.get("satisfaction") or {}
    return {"assigned": view.get("assigned", 0), "responses": view.get("responses", 0),
            "responses_on_time": view.get("responses_on_time", 0), "sla_compliance": view.get("sla_compliance"),
            "median_first_response_hours": view.get("median_first_response_hours"),
            "sla_breaches": view.get("sla_breaches", 0), "completed": view.get("completed", 0),
            "satisfaction_average": satisfaction.get("average"), "ratings": satisfaction.get("ratings", 0)}


def national_scorecard(view: dict, top: int = NATIONAL_TOP) -> dict:
    """The national overview of a period and the ``top`` agencies by follow-ups given."""
    d = get_directory()
    agencies = []
    for a in view.get("agencies", []):
        agency = d.agency(a["agency_id"])
        agencies.append({"agency_id": a["agency_id"], "name": agency.name if agency else a["agency_id"], **_row(a)})
    agencies.sort(key=lambda r: (-r["responses"], -r["assigned"], r["name"]))
    keep = ("period", "received", "by_kind", "by_channel", "responses", "responses_on_time", "sla_compliance",
            "median_first_response_hours", "first_response_histogram_hours", "escalations", "escalations_by_level",
            "completed", "satisfaction")
    return {**{k: view.get(k) for k in keep}, "agencies_reporting": len(agencies), "agencies": agencies[:top]}


def year_months(year: str, now: datetime | None = None) -> list[str]:
    """The months of ``year`` up to the current WIB month."""
    current = (now or datetime.now(timezone.utc)).astimezone(WIB)
    last = 12 if int(year) < current.year else current.month if int(year) == current.year else 0
    return [f"{year}-{m:02d}" for m in range(1, last + 1)]


def agency_scorecard(agency: Agency, year: str, total: dict, months: list[dict]) -> dict:
    """An agency's year: its totals (the year's counters) and one row per month."""
    return {"agency": {"id": agency.id, "name": agency.name, "short_name": agency.short_name, "level": agency.level,
                       "timezone": agency.timezone, "parent_id": agency.parent_id},
            "year": year, "total": {k: v for k, v in total.items() if k not in ("agency_id", "period")},
            "months": [{"period": m["period"], **_row(m)} for m in months]}
