"""Public statistics: ``GET /v1/stats?period=YYYY-MM|YYYY`` and ``GET /v1/stats/agencies/{agency_id}``,
read from counters (one Query / one GetItem; never a Scan).  The counting itself: handlers → stats_consumer.
"""
from __future__ import annotations

from datetime import datetime, timezone

from chalicelib.adapters.stats_store import StatsStore
from chalicelib.api.errors import ApiError, SalurBlueprint, json_response
from chalicelib.api.openapi import operation
from chalicelib.domain.directory import get_directory
from chalicelib.domain.refusals import Invalid
from chalicelib.domain.scorecard_views import agency_scorecard, national_scorecard, year_months
from chalicelib.domain.stats_rules import WIB, validate_period

bp = SalurBlueprint(__name__)

_PERIOD = {"name": "period", "in": "query", "required": False,
           "description": "`YYYY-MM` (month) or `YYYY` (year), WIB; default (also when empty) the current month.",
           "schema": {"type": "string", "pattern": r"^(\d{4}(-(0[1-9]|1[0-2]))?)?$"}}
operation("GET", "/v1/stats", summary="Public statistics of a period (national and per agency)",
          errors=("422",), tags=("stats",), params=(_PERIOD,))
operation("GET", "/v1/stats/agencies/{agency_id}", summary="Public statistics of one agency in a period",
          errors=("404", "422"), tags=("stats",), params=(_PERIOD,))

_YEAR = {"name": "year", "in": "query", "required": False,
         "description": "`YYYY` (WIB), not after the current year; default (also when empty) the current year.",
         "schema": {"type": "string", "pattern": r"^(\d{4})?$"}}
operation("GET", "/v1/scorecards", summary="National overview for the scorecards page (compact)",
          response="NationalScorecard", errors=("422",), tags=("stats",), params=(_PERIOD,))
operation("GET", "/v1/scorecards/{agency_id}", summary="An agency's scorecard: its year and each month",
          response="AgencyScorecard", errors=("404", "422"), tags=("stats",), params=(_YEAR,))

CACHE = {"Cache-Control": "public, max-age=300"}


def _period(request) -> str:
    period = validate_period((request.query_params or {}).get("period"))
    if period is None:
        raise Invalid(fields={"period": "invalid"})
    return period


@bp.route("/v1/stats", methods=["GET"])
def stats_national():
    period = _period(bp.current_request)
    return json_response(StatsStore().national(period), headers=CACHE)


@bp.route("/v1/stats/agencies/{agency_id}", methods=["GET"])
def stats_agency(agency_id):
    period = _period(bp.current_request)
    agency = get_directory().agency(agency_id)
    if agency is None:
        raise ApiError(404, "not_found")
    body = StatsStore().agency(agency_id, period)
    body["agency_name"] = agency.name
    return json_response(body, headers=CACHE)


@bp.route("/v1/scorecards", methods=["GET"])
def scorecard_national():
    period = _period(bp.current_request)
    return json_response(national_scorecard(StatsStore().national(period)), headers=CACHE)


@bp.route("/v1/scorecards/{agency_id}", methods=["GET"])
def scorecard_agency(agency_id):
    agency = get_directory().agency(agency_id)
    if agency is None:
        raise ApiError(404, "not_found")
    year = (bp.current_request.query_params or {}).get("year") or f"{datetime.now(timezone.utc).astimezone(WIB):%Y}"
    if not (len(year) == 4 and year.isdigit()) or year < "2000" or not year_months(year):
        raise Invalid(fields={"year": "invalid"})
    store = StatsStore()
    months = [store.agency(agency_id, month) for month in year_months(year)]
    return json_response(agency_scorecard(agency, year, store.agency(agency_id, year), months), headers=CACHE)
