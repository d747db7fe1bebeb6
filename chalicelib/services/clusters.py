"""Clusters of reports about one problem: the agency answers once, splits or joins reports.

A filing joins a cluster at intake when confident (``intake.cluster_link``).  Answering a cluster applies
``respond`` to every member the caller's agency holds, each through ``cases.transition`` — so each member gets
its own timeline event, its own notifications and its own deadline, all from the same moment (close
together).  Members in a status where ``respond`` is not allowed, or held by another agency, are skipped
and listed.  Splitting/joining rewrites the member's case item (version-conditioned) with the cluster's
membership items in one transaction.
"""
from __future__ import annotations

import logging

from chalicelib.adapters.cluster_store import ClusterStore
from chalicelib.adapters.complaint_repository import ComplaintRepository
from chalicelib.adapters.supporter_store import SupporterStore
from chalicelib.domain import access_policy, lifecycle
from chalicelib.domain.access_policy import Principal
from chalicelib.domain.clock import iso, utcnow
from chalicelib.domain.identifiers import normalize_tracking_id
from chalicelib.domain.refusals import Conflict, Forbidden, Invalid, NotFound, StaleVersion
from chalicelib.services import cases

log = logging.getLogger("salur.clusters")
#: members answered per request at most (each is one transaction): a larger cluster is answered by asking again
#: (members already answered are skipped, since ``respond`` is no longer allowed in their status)
ANSWER_BATCH = 100


def root_of(case: dict) -> str:
    return case.get("cluster_id") or case["tracking_id"]


def summary(case: dict, store: ClusterStore | None = None) -> dict | None:
    """{id, reports, supporters} when the case is one of several reports or has supporters ("laporan tentang
    masalah ini: 214"); None otherwise."""
    root = root_of(case)
    size = (store or ClusterStore()).size(root)
    backers = SupporterStore().count(case["tracking_id"])
    return {"id": root, "reports": size, "supporters": backers} if size > 1 or backers else None


def answer(p: Principal, case: dict, message: str, store: ClusterStore | None = None) -> dict:
    """``respond`` with one message on every member the caller may answer; returns what was answered."""
    store = store or ClusterStore()
    repo = ComplaintRepository()
    answered, skipped = [], []
    now = utcnow()
    members = store.members(root_of(case))
    for tid in members:
        if len(answered) >= ANSWER_BATCH:  # bounded time per request: the caller asks again for the rest
            return {"cluster": root_of(case), "answered": answered, "skipped": skipped, "more": True}
        member = repo.get(tid)
        if member is None or not access_policy.can_see(p, member) or not access_policy.can_act(p, member, "respond") \
                or "respond" not in lifecycle.allowed_actions(member["status"], p.role):
            skipped.append(tid)
            continue
        try:
            cases.transition(tid, "respond", p.role, actor={**p.actor(), "cluster": root_of(case)}, message=message,
                             now=now, repo=repo)
        except (StaleVersion, lifecycle.TransitionError):
            skipped.append(tid)
            continue
        answered.append(tid)
    log.info("cluster answered", extra={"cluster": root_of(case), "answered": len(answered),
                                        "skipped": len(skipped), "agency_id": p.agency_id})
    return {"cluster": root_of(case), "answered": answered, "skipped": skipped, "more": False}


def _move(case: dict, new_root: str | None) -> dict:
    """The case in ``new_root``'s cluster (None: in none): its head's ``cluster_id``, a version-conditioned save."""
    repo = ComplaintRepository()
    tid, at = case["tracking_id"], iso(utcnow())
    new = {k: v for k, v in case.items() if k not in ("cluster_id", "cluster_suggestions")}
    if new_root:
        new["cluster_id"] = new_root
    new["version"] = int(case.get("version") or 0) + 1
    new["updated_at"] = at
    repo.save(new, int(case.get("version") or 0), [], [])
    return {"tracking_id": tid, "cluster_id": new.get("cluster_id"), "version": new["version"]}


def split(p: Principal, case: dict) -> dict:
    """Take a member out of its cluster (the root stays the root of the others)."""
    if not case.get("cluster_id"):
        raise Conflict("not_in_cluster")
    if not access_policy.can_act(p, case, "respond"):
        raise Forbidden()
    return _move(case, None)


def join(p: Principal, case: dict, root: str | None, store: ClusterStore | None = None) -> dict:
    """Put a report (not itself a cluster's root with members) into another report's cluster."""
    store = store or ClusterStore()
    target_id = normalize_tracking_id(root or "")
    target = ComplaintRepository().get(target_id) if target_id else None
    if target is None or not access_policy.can_see(p, target):
        raise Invalid(fields={"root": "invalid"})
    target_root = root_of(target)
    if target_root == case["tracking_id"] or store.size(case["tracking_id"]) > 1:
        raise Conflict("cluster_root")
    if not access_policy.can_act(p, case, "respond"):
        raise Forbidden()
    if case.get("cluster_id") == target_root:
        return {"tracking_id": case["tracking_id"], "cluster_id": target_root, "version": case.get("version")}
    if target.get("confidential") != case.get("confidential") and case.get("confidential"):
        raise Conflict("confidential_cluster")
    return _move(case, target_root)


def load(p: Principal, tracking_id: str) -> dict:
    tid = normalize_tracking_id(tracking_id)
    case = ComplaintRepository().get(tid) if tid else None
    if case is None or not access_policy.can_see(p, case):
        raise NotFound()
    return case
