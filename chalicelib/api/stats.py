"""Routes and event handlers for the ops side (registered by app.py).

- ``GET /v1/stats?period=YYYY-MM|YYYY`` and ``GET /v1/stats/agencies/{agency_id}``: public
  statistics read from counters (one Query / one GetItem; never a Scan).
- ``salur-stats`` SQS consumer: counts every domain event once (chalicelib.stats).
- every 5 minutes: DLQ depth and the age of the oldest case awaiting verification, as metrics.
"""
from chalice import Blueprint, Rate

from chalicelib.api.openapi import operation

bp = Blueprint(__name__)

_PERIOD = {"name": "period", "in": "query", "required": False,
           "description": "`YYYY-MM` (month) or `YYYY` (year), WIB; default (also when empty) the current month.",
           "schema": {"type": "string", "pattern": r"^(\d{4}(-(0[1-9]|1[0-2]))?)?$"}}
operation("GET", "/v1/stats", summary="Public statistics of a period (national and per agency)",
          errors=("422",), tags=("stats",), params=(_PERIOD,))
operation("GET", "/v1/stats/agencies/{agency_id}", summary="Public statistics of one agency in a period",
          errors=("404", "422"), tags=("stats",), params=(_PERIOD,))

CACHE = {"Cache-Control": "public, max-age=300"}


def _period(request) -> str:
    from chalicelib.api.http import ApiError, lang_of
    from chalicelib.api.i18n import message
    from chalicelib.domain import stats_rules as stats

    raw = (request.query_params or {}).get("period")
    period = stats.validate_period(raw)
    if period is None:
        raise ApiError(422, "validation_error", fields={"period": message("invalid", lang_of(request))})
    return period


@bp.route("/v1/stats", methods=["GET"])
def stats_national():
    from chalicelib.api.http import json_response
    from chalicelib.domain import stats_rules as stats

    request = bp.current_request
    period = _period(request)
    return json_response(stats.StatsStore().national(period), headers=CACHE)


@bp.route("/v1/stats/agencies/{agency_id}", methods=["GET"])
def stats_agency(agency_id):
    from chalicelib.api.http import ApiError, json_response
    from chalicelib.domain import stats_rules as stats
    from chalicelib.domain.directory import get_directory

    request = bp.current_request
    period = _period(request)
    agency = get_directory().agency(agency_id)
    if agency is None:
        raise ApiError(404, "not_found")
    body = stats.StatsStore().agency(agency_id, period)
    body["agency_name"] = agency.name
    return json_response(body, headers=CACHE)


# A few concurrent consumers are plenty (a batch of 10 takes ~100 ms) and keep transaction
# conflicts on the month's NATIONAL counter item rare.
@bp.on_sqs_message(queue="salur-stats", batch_size=10, maximum_concurrency=5)
def stats_consumer(event):
    from chalicelib.domain import stats_rules as stats

    return stats.handle_batch(event)


DLQ_ENV = ("ESCALATIONS_DLQ_URL", "NOTIFICATIONS_DLQ_URL", "DELIVERIES_DLQ_URL", "STATS_DLQ_URL")


def queue_health() -> dict:
    """DLQ depths (``ApproximateNumberOfMessages``) and the oldest case awaiting verification, as metrics."""
    import os

    from chalicelib.adapters import observability as obs
    from chalicelib.adapters.aws_clients import client

    depths = {}
    sqs = client("sqs")
    for env in DLQ_ENV:
        url = os.environ.get(env)
        if not url:
            continue
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
        depth = int(attrs["Attributes"]["ApproximateNumberOfMessages"])
        name = url.rsplit("/", 1)[-1]
        depths[name] = depth
        obs.metric("DLQDepth", depth, Queue=name)
    return {"dlq_depth": depths, "verification_queue_oldest_hours": verification_queue_age()}


def verification_queue_age(now=None) -> float | None:
    """Age (hours) of the oldest case awaiting verification: one Limit-1 Query per province
    queue + the national one (~39 x 0.5 RRU per run), never a Scan."""
    from datetime import datetime, timezone

    from chalicelib.adapters import observability as obs
    from chalicelib.adapters.complaint_repository import ComplaintRepository
    from chalicelib.domain.directory import get_directory

    repo = ComplaintRepository()
    scopes = sorted(code for code, r in get_directory().regions.items() if r.level == "province") + ["NAT"]
    now = now or datetime.now(timezone.utc)
    oldest = None
    for scope in scopes:
        items, _ = repo.verification_queue(scope, 1, None)
        for item in items:
            created = datetime.fromisoformat(item["created_at"].replace("Z", "+00:00"))
            age = (now - created).total_seconds() / 3600
            oldest = age if oldest is None else max(oldest, age)
    if oldest is not None:
        obs.metric("VerificationQueueOldestHours", round(oldest, 2), unit="None")
    return None if oldest is None else round(oldest, 2)


@bp.schedule(Rate(5, unit=Rate.MINUTES))
def ops_queue_health(event):
    return queue_health()
