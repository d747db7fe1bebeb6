"""DynamoDB repository for complaints: the case, its timeline (= its events), idempotency.

Key design (one table, see infra/template.json):
- case head   PK=C#<tid>           SK=CASE              what changes (status, deadline, agency …), < 1 KB
- content     PK=C#<tid>           SK=CASE#CONTENT      what the filing said (``CONTENT_FIELDS``), written once
                                                        (again only if a change touches it); read with the
                                                        head in one Query (begins_with CASE)
- timeline    PK=C#<tid>           SK=EV#<at>#000       the event: its stream record is the outbox
                                                        (``adapters/event_stream.py``); one item per write,
                                                        the filing's routed record riding in ``then``
- idempotency PK=IDEM#<key>        SK=IDEM              (TTL 24 h)
Indexes, all sparse and written from the case itself:
- AgencyInbox GSI1PK=A#<agency>         GSI1SK=<status>#<due_at|~>#<tid>
- DueDate     GSI2PK=DUE#<shard>        GSI2SK=<due_at>#<tid>     only while a deadline runs
- Queue       GSI3PK=VQ#<province|NAT>  GSI3SK=<created_at>#<tid> only while awaiting verification
              or GSI3PK=WAIT#<contact hash>   GSI3SK=<created_at>#<tid> while waiting for its reporter's
              information (``needs_info``): a plain SMS/chat reply finds the one case waiting for that number
- PublicList  GSI4PK=PUB                created_at                only while ``case_views.listed_publicly``;
              INCLUDE projection of the list's summary fields and its filters (never body or reporter)
  the inbox without a status (oldest deadline first) merges AgencyInbox's per-status ranges (no second index
  rewritten on every status change: ``ComplaintRepository.inbox``)
- OwnerInbox GSI5PK=O#<owner agency>#<owner role> GSI5SK=<due_at|~>#<tid>  an escalated case in its owner's
              inbox (the level's supervisor, coordinator, national admin or Ombudsman), oldest deadline first
- UnitInbox   GSI8PK=U#<unit_id>        GSI8SK=<status>#<due_at|~>#<tid> while the case is with a unit
- ActorActions (timeline items) GSI7PK=ACT#<account_id>  GSI7SK=<at>#<tid>#<seq>: what one person did (audit)
The inbox indexes (AgencyInbox, OwnerInbox, UnitInbox, Queue) project the head's own summary fields
(``INBOX_PROJECTION``: ``INBOX_FIELDS`` but the tracking id, which is the table key's, the matter and
``GSITitle``, the casefolded title the search filters on): no copy of them in the head, which stays under
1 KB (one write unit, two in a transaction) while a report is open.  18 attributes x 4 indexes fit DynamoDB's
100 projected attributes per table because Similar projects 4.
- Similar     GSI9PK=SIM#<matter>#<regency> created_at        only while listed and open
              (``similar_attributes``): the MinHash of its words (128 bytes, binary), its kecamatan and a
              ~100 m point, for "is this the same problem" at filing (``domain.similarity``); it projects those
              only (they never change while the entry exists, so a transition writes no Similar item); the few
              matches' summaries are read from their heads (``heads``)
- ClusterMembers cluster_id            tracking_id               a member's head (``cluster_store``)
The head leaves out ``HEAD_DEFAULTS`` at their starting value (``GSIDefaults``; ``merge_case`` puts them back).
Every state change is one TransactWriteItems conditioned on the case version, so a
retried or duplicated message can never apply twice.
"""
from __future__ import annotations

import base64
import copy
import json
import zlib
from typing import Any

from botocore.exceptions import ClientError

from chalicelib import config
from chalicelib.adapters.notification_store import contact_hash  # peppered: the index names no number
from chalicelib.adapters.dynamo import (BadCursor, cancellation_reasons, ddb, decode_cursor, encode_cursor, error_code,
                                        fill_page, from_item, key, pack_json, query_partition, to_item,
                                        unpack_json)
from chalicelib.adapters.event_stream import TRANSPORT_FIELDS, packed_item, steps_of
from chalicelib.domain import similarity
from chalicelib.domain.case_views import listed_publicly, public_summary
from chalicelib.domain.vocabulary import ASSIGNED, IN_PROGRESS, NEEDS_INFO, REOPENED, RESPONDED, STORED_STATUSES
from chalicelib.domain.refusals import StaleVersion

DUE_SHARDS = 4
#: statuses in which a public report is still open: the ones a new report may be "the same problem" as
OPEN_STATUSES = frozenset({ASSIGNED, IN_PROGRESS, NEEDS_INFO, RESPONDED, REOPENED})
IDEMPOTENCY_TTL_SECONDS = 24 * 3600


def decode_deadline_cursor(cursor: str | None, pk: str) -> tuple[str, list[str]]:
    """The every-status inbox's cursor for partition ``pk``: (the position ``<due_at|~>#<tid>`` read up to, the
    statuses still to read).  Anything else, or another partition's cursor, is a ``BadCursor`` (→ 400); the
    position must be printable ASCII, so it can never fall outside its range's bounds."""
    if not cursor:
        return "", sorted(STORED_STATUSES)
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode()) if len(cursor) <= 4096 else None
    except Exception as exc:  # noqa: BLE001 - any garbage is a bad cursor
        raise BadCursor("bad cursor") from exc
    if not (isinstance(data, dict) and set(data) == {"pk", "after", "statuses"} and data["pk"] == pk
            and isinstance(data["after"], str)
            and 0 < len(data["after"]) <= 200 and all("!" <= c <= "~" for c in data["after"])
            and isinstance(data["statuses"], list) and data["statuses"]
            and all(isinstance(s, str) for s in data["statuses"])
            and len(set(data["statuses"])) == len(data["statuses"]) and set(data["statuses"]) <= STORED_STATUSES):
        raise BadCursor("bad cursor")
    return data["after"], sorted(data["statuses"])


class AlreadyExists(Exception):
    """A conditional create found the key taken (tracking id or idempotency key)."""
    def __init__(self, which: str) -> None:
        super().__init__(which)
        self.which = which


def shard_of(tracking_id: str, shards: int) -> int:
    return zlib.crc32(tracking_id.encode()) % shards


def case_pk(tid: str) -> str:
    return f"C#{tid}"


def index_attributes(case: dict) -> dict:
    tid = case["tracking_id"]
    attrs: dict[str, Any] = {}
    if case.get("agency_id"):
        attrs["GSI1PK"] = f"A#{case['agency_id']}"
        attrs["GSI1SK"] = f"{case['status']}#{case.get('due_at') or '~'}#{tid}"
    if case.get("due_at") and case.get("sweepable", True):
        attrs["GSI2PK"] = f"DUE#{shard_of(tid, DUE_SHARDS)}"
        attrs["GSI2SK"] = f"{case['due_at']}#{tid}"
    if case.get("status") == "awaiting_verification":
        attrs["GSI3PK"] = f"VQ#{case.get('province_code') or 'NAT'}"
        attrs["GSI3SK"] = f"{case['created_at']}#{tid}"
    elif case.get("status") == "needs_info" and (case.get("reporter") or {}).get("phone"):
        attrs["GSI3PK"] = f"WAIT#{contact_hash(case['reporter']['phone'])}"
        attrs["GSI3SK"] = f"{case['created_at']}#{tid}"
    if case.get("owner_agency_id") and case.get("status") != "closed":
        attrs["GSI5PK"] = f"O#{case['owner_agency_id']}#{case.get('owner_role')}"
        attrs["GSI5SK"] = f"{case.get('due_at') or '~'}#{tid}"
    if case.get("unit_id") and case.get("agency_id"):
        attrs["GSI8PK"] = f"U#{case['unit_id']}"
        attrs["GSI8SK"] = f"{case['status']}#{case.get('due_at') or '~'}#{tid}"
    if {"GSI1PK", "GSI3PK", "GSI5PK", "GSI8PK"} & set(attrs):
        attrs["GSITitle"] = str(case.get("title") or "").casefold()
    attrs.update(similar_attributes(case))
    if listed_publicly(case):
        attrs["GSI4PK"] = PUBLIC_PARTITION
        attrs.update({name: value for name, value in public_filter_values(case).items() if value})
    return attrs


#: what the inbox indexes hold of a case: the desk's summary fields
INBOX_FIELDS = ("tracking_id", "kind", "title", "status", "due_at", "escalation_level", "version", "created_at",
                "updated_at", "confidential", "anonymous", "agency_id", "unit_id", "province_code", "channel",
                "owner_agency_id", "owner_role")
#: the head's attributes the inbox indexes project (infra/template.json): the summary fields (the tracking id is
#: the table key's), the matter (its id) and the casefolded title the search filters on
INBOX_PROJECTION = (*(f for f in INBOX_FIELDS if f != "tracking_id"), "matter", "GSITitle")


def inbox_row(item: dict) -> dict:
    """An inbox index item as the case summary it holds (``tracking_id`` always there, ``matter`` by id)."""
    row = {k: item[k] for k in INBOX_FIELDS if item.get(k) is not None}
    matter = item.get("matter")
    if isinstance(matter, dict) and matter.get("id"):
        row["matter"] = {"id": matter["id"]}
    row.setdefault("tracking_id", str(item.get("PK", ""))[2:])
    return row


#: One partition for the public list: ~200k reports a year is far below a partition's write rate, and one
#: partition keeps "newest first, any filter" a single Query.
PUBLIC_PARTITION = "PUB"
#: filter name → the attribute holding it, projected into PublicList: the case's own where it is flat, else
#: an index-only attribute written with the GSI4 keys (no copy of a flat field: the head stays under 1 KB)
PUBLIC_FILTERS = {"province": "province_code", "region": "GSI4Region", "agency": "agency_id",
                  "matter": "GSI4Matter", "status": "status", "kind": "kind"}
#: inbox filter → (FilterExpression clause on the inbox index's own attributes, names it uses)
INBOX_FILTERS: dict[str, tuple[str, dict[str, str]]] = {
    "matter": ("#mt.#mid = :matter", {"#mt": "matter", "#mid": "id"}),
    "channel": ("#ch = :channel", {"#ch": "channel"}),
    "escalation_level": ("#el = :escalation_level", {"#el": "escalation_level"}),
    "due_before": ("#du < :due_before", {"#du": "due_at"}),
    "q": ("contains(#ti, :q)", {"#ti": "GSITitle"}),
    "created_from": ("#cr >= :created_from", {"#cr": "created_at"}),
    "created_to": ("#cr < :created_to", {"#cr": "created_at"}),
}
INBOX_READ_PAGE = 100
INBOX_READ_PAGES = 5
#: items read per Query page of a filtered list, and pages read at most per request (bounded time)
PUBLIC_READ_PAGE = 100
PUBLIC_READ_PAGES = 5


def public_filter_values(case: dict) -> dict[str, str | None]:
    """The index-only values the public list filters on: those the case holds nested or derived (its flat
    fields are filtered on as themselves: ``PUBLIC_FILTERS``)."""
    region = case.get("region") or {}
    regency = region.get("parent_code") if region.get("level") == "district" else \
        (region.get("code") if region.get("level") in ("regency", "city") else None)
    matter = case.get("matter") or {}
    return {"GSI4Region": regency, "GSI4Matter": matter.get("id") if isinstance(matter, dict) else None}


def similar_key(matter_id: str | None, regency: str | None) -> str | None:
    """The Similar index partition of one matter in one regency/city (None without both)."""
    return f"SIM#{matter_id}#{regency}" if matter_id and regency else None


def similar_attributes(case: dict) -> dict:
    """The case's entry in the Similar index while it is an open public report (else nothing)."""
    if not listed_publicly(case) or case.get("status") not in OPEN_STATUSES:
        return {}
    values = public_filter_values(case)
    pk = similar_key(values["GSI4Matter"], values["GSI4Region"])
    if pk is None:
        return {}
    region = case.get("region") or {}
    loc = case.get("location") or {}
    text = similarity.encode(similarity.signature(similarity.case_text(case)))
    attrs: dict[str, Any] = {"GSI9PK": pk, "GSI9Sig": base64.b64decode(text + "=" * (-len(text) % 4))}
    if region.get("level") == "district":
        attrs["GSI9District"] = region.get("code")
    if loc.get("lat") is not None and loc.get("lon") is not None:
        attrs["GSI9Lat"], attrs["GSI9Lon"] = str(round(float(loc["lat"]), 3)), str(round(float(loc["lon"]), 3))
    return attrs


#: the fields of a case that its filing fixes: stored apart from the head, so a transition rewrites ~1 KB
CONTENT_FIELDS = ("body", "location", "reporter", "routing", "tags", "occurred_on", "category",
                  "requested_agency_id", "channel_ref", "source_key", "access_salt", "access_hash")
CONTENT_SK = "CASE#CONTENT"
#: content fields stored deflated (``dynamo.pack_json``): the routing record's bilingual reasons and candidates
#: made the content item over 1 KB (2 write units); read back whole, so the desk sees what it always saw
PACKED_CONTENT = {"routing": "routing_z"}


#: head fields left out while they hold the value every case starts with (a bit of ``GSIDefaults`` each):
#: ``merge_case`` puts them back, so every reader sees the case it always saw; the head stays under 1 KB
HEAD_DEFAULTS: dict[str, Any] = {"info_extension_used": False, "appealed": False, "reopen_count": 0,
                                 "contact_verified": [], "sweepable": True}


def _is_default(value: Any, default: Any) -> bool:
    return type(value) is type(default) and value == default


def case_item(case: dict) -> dict:
    """The case head: every field but the content (those at their ``HEAD_DEFAULTS`` value left out), with its
    index keys."""
    data = {k: v for k, v in case.items() if not k.startswith("GSI") and k not in CONTENT_FIELDS}
    bits = 0
    for i, (name, default) in enumerate(HEAD_DEFAULTS.items()):
        if name in data and _is_default(data[name], default):
            del data[name]
            bits |= 1 << i
    if bits:
        data["GSIDefaults"] = bits
    data.update(PK=case_pk(case["tracking_id"]), SK="CASE", **index_attributes(case))
    binary = {k: data.pop(k) for k in [k for k, v in data.items() if isinstance(v, bytes)]}
    return {**to_item(data), **{k: {"B": v} for k, v in binary.items()}}


def _restore_defaults(head: dict) -> dict:
    """The head as a case: its ``HEAD_DEFAULTS`` back, without the index-only binary signature (derived again
    on every write; a case stays plain JSON)."""
    bits = int(head.get("GSIDefaults") or 0)
    restored = {name: copy.deepcopy(default) for i, (name, default) in enumerate(HEAD_DEFAULTS.items())
                if bits & (1 << i)}
    return {**restored, **{k: v for k, v in head.items() if k not in ("GSIDefaults", "GSI9Sig")}}


def content_of(case: dict) -> dict:
    return {k: case[k] for k in CONTENT_FIELDS if k in case}


def content_item(case: dict) -> dict:
    content = content_of(case)
    packed = {PACKED_CONTENT[k]: pack_json(content.pop(k)) for k in list(content)
              if k in PACKED_CONTENT and content[k] is not None}
    item = to_item({**content, "PK": case_pk(case["tracking_id"]), "SK": CONTENT_SK})
    item.update({name: {"B": blob} for name, blob in packed.items()})
    return item


def merge_case(items: list[dict]) -> dict | None:
    """A case from its head and content items (plain dicts); None without a head."""
    head = next((i for i in items if i.get("SK") == "CASE"), None)
    if head is None:
        return None
    content = dict(next((i for i in items if i.get("SK") == CONTENT_SK), {}))
    for name, stored in PACKED_CONTENT.items():
        if stored in content:
            content[name] = unpack_json(content.pop(stored))
    return {**{k: v for k, v in content.items() if k not in ("PK", "SK")}, **_restore_defaults(head)}


def event_item(tid: str, events: list[dict], messages: list[dict] | None = None) -> dict:
    """The ONE timeline item of a write's records (``events``: the filing's submitted and routed, else one);
    with the domain events they produced (``messages``), the stream delivers them (``event_stream``).
    A person's own step is also in their ActorActions (audit)."""
    item = {**packed_item(events, messages or []), "PK": case_pk(tid), "SK": f"EV#{events[0]['at']}#000",
            "tracking_id": tid}
    account_id = (events[0].get("actor") or {}).get("account_id")
    if account_id:
        item.update(GSI7PK=f"ACT#{account_id}", GSI7SK=f"{events[0]['at']}#{tid}#000")
    return to_item(item)


class ComplaintRepository:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.complaints_table()
        self._content: dict[str, dict | None] = {}  # tid -> content as last read (save rewrites it if changed)

    # -- writes -------------------------------------------------------------------------
    def _transact(self, items: list[dict]) -> None:

        try:
            ddb().transact_write_items(TransactItems=items)
        except ClientError as exc:
            if error_code(exc) == "TransactionCanceledException":
                reasons = cancellation_reasons(exc)
                if "ConditionalCheckFailed" in reasons:
                    idx = reasons.index("ConditionalCheckFailed")
                    raise AlreadyExists(str(idx)) from exc
            raise

    def create(self, case: dict, events: list[dict], outbox: list[dict], idempotency: dict | None = None,
               extra: list[dict] | None = None) -> None:
        """Write a new case, its first timeline events (carrying their domain events ``outbox``) and ``extra``
        items (a cluster's membership) atomically.

        Raises AlreadyExists('case') if the tracking id is taken, AlreadyExists('idempotency')
        if the idempotency key was used first by another request.
        """
        items: list[dict] = [{"Put": {"TableName": self.table, "Item": case_item(case),
                                      "ConditionExpression": "attribute_not_exists(PK)"}},
                             {"Put": {"TableName": self.table, "Item": content_item(case)}}]
        if idempotency is not None:
            items.append({"Put": {"TableName": self.table, "Item": to_item(
                {**idempotency, "PK": f"IDEM#{idempotency['key']}", "SK": "IDEM"}),
                "ConditionExpression": "attribute_not_exists(PK)"}})
        items += self._event_puts(case["tracking_id"], events, outbox)
        items += extra or []
        try:
            self._transact(items)
        except AlreadyExists as exc:
            raise AlreadyExists("case" if exc.which == "0" else "idempotency") from exc
        self._content[case["tracking_id"]] = content_of(case)

    def save(self, case: dict, expected_version: int, events: list[dict], outbox: list[dict],
             extra: list[dict] | None = None) -> None:
        """Replace the case if it is still at ``expected_version``; add its timeline events atomically.

        ``outbox``: the domain events of ``events``; they ride on the timeline items and leave by the stream."""
        items: list[dict] = [{"Put": {"TableName": self.table, "Item": case_item(case),
                                      "ConditionExpression": "#v = :v",
                                      "ExpressionAttributeNames": {"#v": "version"},
                                      "ExpressionAttributeValues": {":v": {"N": str(expected_version)}}}}]
        tid = case["tracking_id"]
        if self._content.get(tid) != content_of(case):  # changed, or not read through this repository
            items.append({"Put": {"TableName": self.table, "Item": content_item(case)}})
        items += self._event_puts(tid, events, outbox)
        items += extra or []
        try:
            self._transact(items)
        except AlreadyExists as exc:
            raise StaleVersion(tid) from exc
        self._content[tid] = content_of(case)

    def _event_puts(self, tid: str, events: list[dict], outbox: list[dict]) -> list[dict]:
        return [{"Put": {"TableName": self.table, "Item": event_item(tid, events, outbox)}}] if events else []

    def forget_private(self, pk: str, sk: str) -> None:
        """Drop the access code a ``complaint.submitted`` item carried once its notifications are handled."""
        if not (pk.startswith("C#") and sk.startswith("EV#")):
            return
        try:
            ddb().update_item(TableName=self.table, Key=key(pk, sk), UpdateExpression="REMOVE #p",
                              ConditionExpression="attribute_exists(#p)", ExpressionAttributeNames={"#p": "private"})
        except ClientError as exc:
            if error_code(exc) != "ConditionalCheckFailedException":
                raise

    # -- reads --------------------------------------------------------------------------
    def get(self, tid: str, consistent: bool = True) -> dict | None:
        """The case (head + content: one Query, one read unit for both)."""
        res = ddb().query(TableName=self.table, KeyConditionExpression="PK = :pk AND begins_with(SK, :c)",
                          ExpressionAttributeValues={":pk": {"S": case_pk(tid)}, ":c": {"S": "CASE"}},
                          ConsistentRead=consistent)
        items = [from_item(i) for i in res.get("Items", [])]
        case = merge_case(items)
        if case is not None:
            has_content = any(i.get("SK") == CONTENT_SK for i in items)
            self._content[tid] = content_of(case) if has_content else None
        return case

    def get_many(self, tids: list[str], batch: int = 50, parts: tuple[str, ...] = ("CASE", CONTENT_SK)) -> dict[str, dict]:
        """Cases by tracking id (BatchGetItem of heads and contents), unknown ids left out."""
        found: dict[str, list[dict]] = {}
        unique = list(dict.fromkeys(tids))
        for i in range(0, len(unique), batch):
            keys = [key(case_pk(t), sk) for t in unique[i:i + batch] for sk in parts]
            request = {self.table: {"Keys": keys}}
            for _attempt in range(5):
                res = ddb().batch_get_item(RequestItems=request)
                for raw in res.get("Responses", {}).get(self.table, []):
                    item = from_item(raw)
                    found.setdefault(item["PK"][2:], []).append(item)
                request = res.get("UnprocessedKeys") or {}
                if not request:
                    break
        cases = {tid: merge_case(items) for tid, items in found.items()}
        return {tid: c for tid, c in cases.items() if c is not None}

    def heads(self, tids: list[str]) -> dict[str, dict]:
        """The case heads (no content: what a summary shows) by tracking id, unknown ids left out."""
        return self.get_many(tids, parts=("CASE",))

    def timeline(self, tid: str) -> list[dict]:
        """The timeline records, each step of a packed item (``event_stream.steps_of``) on its own."""
        return [{k: v for k, v in step.items() if k not in TRANSPORT_FIELDS and not k.startswith("GSI")}
                for ev in query_partition(self.table, case_pk(tid), "EV#") for step in steps_of(ev)]

    def get_idempotency(self, idem_key: str) -> dict | None:
        res = ddb().get_item(TableName=self.table, Key=key(f"IDEM#{idem_key}", "IDEM"), ConsistentRead=True)
        return from_item(res.get("Item"))

    def _page(self, index: str, pk_name: str, pk: str, sk_name: str, sk_prefix: str | None, limit: int,
              cursor: str | None, forward: bool = True) -> tuple[list[dict], str | None]:
        cond = f"{pk_name} = :pk"
        values = {":pk": {"S": pk}}
        if sk_prefix:
            cond += f" AND begins_with({sk_name}, :sk)"
            values[":sk"] = {"S": sk_prefix}
        kwargs: dict[str, Any] = {"TableName": self.table, "IndexName": index, "KeyConditionExpression": cond,
                                  "ExpressionAttributeValues": values, "Limit": limit, "ScanIndexForward": forward}
        start = decode_cursor(cursor, {"PK", "SK", pk_name, sk_name}, equals={pk_name: pk}, prefixes={sk_name: sk_prefix})
        if start:
            kwargs["ExclusiveStartKey"] = start
        res = ddb().query(**kwargs)
        return [from_item(i) for i in res.get("Items", [])], encode_cursor(res.get("LastEvaluatedKey"))

    def inbox(self, agency_id: str, status: str | None, limit: int, cursor: str | None,
              filters: dict | None = None, unit_id: str | None = None):
        """An agency's (or one unit's) cases matching ``filters`` (``INBOX_FILTERS`` names): in one status, oldest
        deadline first; in every status, the agency's oldest deadline first (``_deadline_page``), a unit's by
        status then deadline.  A filtered read stops after INBOX_READ_PAGES pages (bounded time): fewer rows than
        ``limit`` may come back, with a cursor to go on."""
        if unit_id:
            return self._filtered_page("UnitInbox", "GSI8PK", f"U#{unit_id}", "GSI8SK",
                                       f"{status}#" if status else None, limit, cursor, filters)
        if status is None:
            return self._deadline_page(agency_id, limit, cursor, filters)
        return self._filtered_page("AgencyInbox", "GSI1PK", f"A#{agency_id}", "GSI1SK", f"{status}#", limit, cursor,
                                   filters)

    def owned(self, agency_id: str, role: str, limit: int, cursor: str | None, filters: dict | None = None):
        """The escalated cases an owner (agency and role) oversees, oldest deadline first."""
        return self._filtered_page("OwnerInbox", "GSI5PK", f"O#{agency_id}#{role}", "GSI5SK", None, limit, cursor,
                                   filters)

    def _deadline_page(self, agency_id: str, limit: int, cursor: str | None, filters: dict | None):
        """The agency's cases in every status, oldest deadline first (no deadline last): one Query per status
        range of AgencyInbox (``<status>#<due_at|~>#<tid>``) from the cursor's position, merged.  A row is
        returned only when no unfinished range can still hold an earlier one (its last read key is past it), so
        the order is exact; at most ``len(STORED_STATUSES)`` Queries of one page each (bounded time)."""
        pk = f"A#{agency_id}"
        after, statuses = decode_deadline_cursor(cursor, pk)
        read = INBOX_READ_PAGE if filters else limit
        rows: list[tuple[str, str, dict]] = []
        frontier: dict[str, str | None] = {}  # status → position of its last read key (None: read to its end)
        for status in statuses:
            kwargs = self._inbox_kwargs("AgencyInbox", "GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi",
                                        {":pk": {"S": pk}, ":hi": {"S": f"{status}#\x7f"},
                                         ":lo": {"S": f"{status}#{after} " if after else f"{status}#"}}, filters)
            kwargs["Limit"] = read
            res = ddb().query(**kwargs)
            cut = len(status) + 1
            rows += [(raw["GSI1SK"]["S"][cut:], status, inbox_row(from_item(raw))) for raw in res.get("Items", [])]
            last = res.get("LastEvaluatedKey")
            frontier[status] = last["GSI1SK"]["S"][cut:] if last else None
        bound = min((f for f in frontier.values() if f is not None), default=None)
        safe = sorted((r for r in rows if bound is None or r[0] <= bound), key=lambda r: r[0])
        out = safe[:limit]
        if bound is None and len(safe) <= limit:
            return [r[2] for r in out], None
        upto = out[-1][0] if len(out) == limit else bound
        rest = [s for s in statuses if frontier[s] is not None or any(r[1] == s and r[0] > upto for r in rows)]
        return [r[2] for r in out], encode_cursor({"pk": pk, "after": upto, "statuses": rest}) if rest else None

    def _inbox_kwargs(self, index: str, cond: str, values: dict, filters: dict | None) -> dict[str, Any]:
        """A Query of an inbox index with ``filters`` (``INBOX_FILTERS``) as its FilterExpression."""
        kwargs: dict[str, Any] = {"TableName": self.table, "IndexName": index, "KeyConditionExpression": cond,
                                  "ExpressionAttributeValues": values}
        names: dict[str, str] = {}
        clauses = []
        for name, value in (filters or {}).items():
            clause, attr_names = INBOX_FILTERS[name]
            clauses.append(clause)
            names.update(attr_names)
            values[f":{name}"] = {"N": str(value)} if isinstance(value, int) else {"S": value}
        if clauses:
            kwargs["FilterExpression"] = " AND ".join(clauses)
            kwargs["ExpressionAttributeNames"] = names
        return kwargs

    def _filtered_page(self, index: str, pk_name: str, pk: str, sk_name: str, prefix: str | None, limit: int,
                       cursor: str | None, filters: dict | None):
        cond, values = f"{pk_name} = :pk", {":pk": {"S": pk}}
        if prefix:
            cond += f" AND begins_with({sk_name}, :sk)"
            values[":sk"] = {"S": prefix}
        kwargs = self._inbox_kwargs(index, cond, values, filters)
        keys = {"PK", "SK", pk_name, sk_name}
        start = decode_cursor(cursor, keys, equals={pk_name: pk}, prefixes={sk_name: prefix})
        if start:
            kwargs["ExclusiveStartKey"] = start
        return fill_page(kwargs, keys, limit, inbox_row, read_size=INBOX_READ_PAGE if "FilterExpression" in kwargs
                         else None, max_reads=INBOX_READ_PAGES)

    def inbox_counts(self, agency_id: str, statuses, unit_id: str | None = None) -> dict[str, int]:
        """How many cases per status in the agency's (or unit's) inbox: one COUNT Query per status."""
        index, pk_name, sk_name = ("UnitInbox", "GSI8PK", "GSI8SK") if unit_id else ("AgencyInbox", "GSI1PK", "GSI1SK")
        pk = f"U#{unit_id}" if unit_id else f"A#{agency_id}"
        out = {}
        for status in sorted(statuses):
            kwargs: dict[str, Any] = {"TableName": self.table, "IndexName": index, "Select": "COUNT",
                                      "KeyConditionExpression": f"{pk_name} = :pk AND begins_with({sk_name}, :sk)",
                                      "ExpressionAttributeValues": {":pk": {"S": pk}, ":sk": {"S": f"{status}#"}}}
            n = 0
            while True:
                res = ddb().query(**kwargs)
                n += res.get("Count", 0)
                if "LastEvaluatedKey" not in res:
                    break
                kwargs["ExclusiveStartKey"] = res["LastEvaluatedKey"]
            out[status] = n
        return out

    def public_reports(self, filters: dict[str, str], limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
        """Listed reports, newest first, matching every filter (``PUBLIC_FILTERS`` names): public summaries.

        Filters are applied to the index's own items; a request reads at most PUBLIC_READ_PAGES pages of
        PUBLIC_READ_PAGE items, so a narrow filter may answer fewer rows than ``limit`` with a cursor to go on."""
        keys = {"PK", "SK", "GSI4PK", "created_at"}
        kwargs: dict[str, Any] = {"TableName": self.table, "IndexName": "PublicList",
                                  "KeyConditionExpression": "GSI4PK = :pk", "ScanIndexForward": False,
                                  "ExpressionAttributeValues": {":pk": {"S": PUBLIC_PARTITION}}}
        if filters:
            kwargs["FilterExpression"] = " AND ".join(f"#f{i} = :f{i}" for i in range(len(filters)))
            kwargs["ExpressionAttributeNames"] = {f"#f{i}": PUBLIC_FILTERS[name] for i, name in enumerate(filters)}
            kwargs["ExpressionAttributeValues"].update({f":f{i}": {"S": v} for i, v in enumerate(filters.values())})
        start = decode_cursor(cursor, keys, equals={"GSI4PK": PUBLIC_PARTITION})
        if start:
            kwargs["ExclusiveStartKey"] = start
        return fill_page(kwargs, keys, limit, public_summary, read_size=PUBLIC_READ_PAGE if filters else None,
                         max_reads=PUBLIC_READ_PAGES)

    def actions_of(self, account_id: str, limit: int, cursor: str | None):
        """What one person did, newest first (ActorActions: the timeline items they wrote)."""
        return self._page("ActorActions", "GSI7PK", f"ACT#{account_id}", "GSI7SK", None, limit, cursor,
                          forward=False)
    def similar_candidates(self, matter_id: str | None, regency: str | None,
                           limit: int = similarity.READ_LIMIT) -> tuple[list[dict], int]:
        """The newest open public reports of one matter in one regency/city: (entries, items read).  One Query
        of at most ``limit`` items, however many cases the table holds."""
        pk = similar_key(matter_id, regency)
        if pk is None:
            return [], 0
        res = ddb().query(TableName=self.table, IndexName="Similar", KeyConditionExpression="GSI9PK = :pk",
                          ExpressionAttributeValues={":pk": {"S": pk}}, ScanIndexForward=False, Limit=limit)
        entries = []
        for raw in res.get("Items", []):
            sig = raw.get("GSI9Sig", {})
            entry = from_item(raw)
            entry["tracking_id"] = str(entry["PK"])[2:]
            # binary (128 bytes) as written now; a string as written before: both read as ``similarity.decode``'s
            entry["GSI9Sig"] = base64.b64encode(sig["B"]).decode().rstrip("=") if "B" in sig else sig.get("S")
            entries.append(entry)
        return entries, int(res.get("ScannedCount", 0))

    def verification_queue(self, scope: str, limit: int, cursor: str | None):
        """Cases awaiting verification in a province (``scope`` = province code) or nationally ('NAT')."""
        items, nxt = self._page("Queue", "GSI3PK", f"VQ#{scope}", "GSI3SK", None, limit, cursor)
        return [inbox_row(i) for i in items], nxt

    def waiting_for(self, phone: str, limit: int = 2) -> list[dict]:
        """Cases waiting for this reporter's information (at most ``limit``: a door needs to know if it is one)."""
        items, _ = self._page("Queue", "GSI3PK", f"WAIT#{contact_hash(phone)}", "GSI3SK", None, limit, None)
        return [inbox_row(i) for i in items]

    def due_entries(self, shard: int, before_iso: str, cursor: dict | None = None, limit: int = 100,
                    after_iso: str = "0"):
        """(tracking_id, due_at) of cases whose deadline is in [after_iso, before_iso): cost grows with those only."""
        kwargs: dict[str, Any] = {
            "TableName": self.table, "IndexName": "DueDate",
            "KeyConditionExpression": "GSI2PK = :pk AND GSI2SK BETWEEN :after AND :now",
            "ExpressionAttributeValues": {":pk": {"S": f"DUE#{shard}"}, ":after": {"S": after_iso},
                                          ":now": {"S": before_iso}},
            "Limit": limit, "ReturnConsumedCapacity": "TOTAL"}
        if cursor:
            kwargs["ExclusiveStartKey"] = cursor
        res = ddb().query(**kwargs)
        entries = [tuple(reversed(i["GSI2SK"]["S"].rsplit("#", 1))) for i in res.get("Items", [])]
        return entries, res.get("LastEvaluatedKey"), res.get("ConsumedCapacity", {}).get("CapacityUnits", 0)

    def due_before(self, shard: int, before_iso: str, cursor: dict | None = None, limit: int = 100):
        """Tracking ids of cases whose deadline is before ``before_iso``."""
        entries, last, cu = self.due_entries(shard, before_iso, cursor, limit)
        return [tid for tid, _due in entries], last, cu
