"""EventBridge entry point of the malware scan: GuardDuty Malware Protection for S3 scans every new object of
the media bucket and reports each result; a processed attachment (``media/<tid>/<id>``) leaves
``pending_scan`` with it (``services/attachments.record_scan``)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.services import attachments

bp = Blueprint(__name__)


@bp.on_cw_event({"source": ["aws.guardduty"], "detail-type": ["GuardDuty Malware Protection Object Scan Result"]})
def media_scan_result(event):
    return attachments.scan_event(event.to_dict().get("detail") or {})
