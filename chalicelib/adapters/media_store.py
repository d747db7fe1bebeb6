"""The private media bucket (``MediaBucket`` in infra/template.json) and the attachment records.

Objects: ``uploads/<tid>/<id>`` (what a client POSTed, unconfirmed; expires after a day) and ``media/<tid>/<id>``
(what Salur re-encoded or checked; the only objects ever presigned for viewing).  The bucket is never
public: every view is a presigned GET of ``domain.media.VIEW_SECONDS``.

Records (complaints table): ``PK=C#<tid> SK=MEDIA#<id>`` one per file, and ``SK=MEDIACOUNT`` holding how many
slots a case used; a new record and the count's increment are one transaction conditioned on the count
staying under ``MAX_FILES`` (two uploads at once never exceed it).
"""
from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from chalicelib import config
from chalicelib.adapters.aws_clients import client
from chalicelib.adapters.complaint_repository import case_pk
from chalicelib.adapters.dynamo import (cancellation_reasons, conditional_write, ddb, error_code, from_item, key,
                                       query_partition, to_item)
from chalicelib.domain import media as rules


class TooManyFiles(Exception):
    """The case has used all its ``MAX_FILES`` slots."""


class AlreadyStored(Exception):
    """A record with this id exists (a redelivered message): no slot was taken."""


def bucket() -> str:
    return config.media_bucket()


def s3():
    return client("s3")


class MediaStore:
    def __init__(self, table: str | None = None, bucket_name: str | None = None) -> None:
        self.table = table or config.complaints_table()
        self.bucket = bucket_name or bucket()

    # -- records ------------------------------------------------------------------------
    def add(self, record: dict) -> None:
        """Store a new record in one of the case's free slots; TooManyFiles when none is left."""
        tid = record["tracking_id"]
        items = [
            {"Update": {"TableName": self.table, "Key": key(case_pk(tid), "MEDIACOUNT"),
                        "UpdateExpression": "ADD n :one",
                        "ConditionExpression": "attribute_not_exists(n) OR n < :max",
                        "ExpressionAttributeValues": {":one": {"N": "1"}, ":max": {"N": str(rules.MAX_FILES)}}}},
            {"Put": {"TableName": self.table, "ConditionExpression": "attribute_not_exists(PK)",
                     "Item": to_item({**record, "PK": case_pk(tid), "SK": f"MEDIA#{record['media_id']}"})}},
        ]
        try:
            ddb().transact_write_items(TransactItems=items)
        except ClientError as exc:
            reasons = cancellation_reasons(exc) if error_code(exc) == "TransactionCanceledException" else []
            if reasons[1:2] == ["ConditionalCheckFailed"]:
                raise AlreadyStored(record["media_id"]) from exc
            if reasons[:1] == ["ConditionalCheckFailed"]:
                raise TooManyFiles(tid) from exc
            raise

    def get(self, tid: str, media_id: str) -> dict | None:
        res = ddb().get_item(TableName=self.table, Key=key(case_pk(tid), f"MEDIA#{media_id}"), ConsistentRead=True)
        return from_item(res.get("Item"))

    def list(self, tid: str) -> list[dict]:
        """The case's records (at most ``MAX_FILES``: one bounded Query)."""
        return [{k: v for k, v in r.items() if k not in ("PK", "SK")}
                for r in query_partition(self.table, case_pk(tid), "MEDIA#")]

    def update(self, tid: str, media_id: str, expected_state: str, changes: dict[str, Any]) -> bool:
        """Change a record only if it is still in ``expected_state`` (False when another call moved it first)."""
        names = {f"#k{i}": k for i, k in enumerate(changes)}
        values = {f":v{i}": to_item({"v": v})["v"] for i, v in enumerate(changes.values())}
        values[":expected"] = {"S": expected_state}
        return conditional_write(ddb().update_item, TableName=self.table, Key=key(case_pk(tid), f"MEDIA#{media_id}"),
                                 UpdateExpression="SET " + ", ".join(f"#k{i} = :v{i}" for i in range(len(changes))),
                                 ConditionExpression="#state = :expected",
                                 ExpressionAttributeNames={**names, "#state": "state"},
                                 ExpressionAttributeValues=values)

    def claim_fetch(self, tid: str, media_id: str, attempt: int, now: int, lease_seconds: int) -> bool:
        """Take try ``attempt`` of fetching a ``pending_fetch`` file: True once per try.  False when the file is no
        longer pending, a later try was taken, or this one is finished (``fetch_done``) or held by another
        message whose lease (``fetch_lease_until``) has not run out: a redelivered message never fetches twice,
        while the redelivery of a message that crashed mid-try takes it over after the lease."""
        return conditional_write(
            ddb().update_item, TableName=self.table, Key=key(case_pk(tid), f"MEDIA#{media_id}"),
            UpdateExpression="SET fetch_attempts = :n, fetch_lease_until = :until",
            ConditionExpression="#state = :pending AND (attribute_not_exists(fetch_attempts) OR fetch_attempts < :n"
                                " OR (fetch_attempts = :n AND fetch_lease_until < :now"
                                " AND (attribute_not_exists(fetch_done) OR fetch_done < :n)))",
            ExpressionAttributeNames={"#state": "state"},
            ExpressionAttributeValues={":pending": {"S": rules.PENDING_FETCH}, ":n": {"N": str(attempt)},
                                       ":now": {"N": str(now)}, ":until": {"N": str(now + lease_seconds)}})

    # -- objects ------------------------------------------------------------------------
    def presigned_post(self, object_key: str, content_type: str, max_bytes: int) -> dict:
        """A browser form POST straight to S3 for exactly this key, this content type and at most ``max_bytes``
        (S3 enforces the policy; moto does not, so ``head`` is checked again at confirmation)."""
        return s3().generate_presigned_post(
            self.bucket, object_key, Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", rules.MIN_BYTES, max_bytes]],
            ExpiresIn=rules.UPLOAD_SECONDS)

    def head(self, object_key: str) -> dict | None:
        try:
            res = s3().head_object(Bucket=self.bucket, Key=object_key)
        except ClientError as exc:
            if error_code(exc) in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return {"content_type": res.get("ContentType"), "size": int(res.get("ContentLength") or 0)}

    def read(self, object_key: str, max_bytes: int) -> bytes:
        res = s3().get_object(Bucket=self.bucket, Key=object_key, Range=f"bytes=0-{max_bytes}")
        return res["Body"].read(max_bytes + 1)

    def put(self, object_key: str, data: bytes, content_type: str, disposition: str) -> None:
        s3().put_object(Bucket=self.bucket, Key=object_key, Body=data, ContentType=content_type,
                        ContentDisposition=disposition, ServerSideEncryption="AES256")

    def delete(self, object_key: str) -> None:
        s3().delete_object(Bucket=self.bucket, Key=object_key)

    def scan_tag(self, object_key: str) -> str | None:
        """The scanner's verdict tag on an object (GuardDuty writes ``GuardDutyMalwareScanStatus``), if any."""
        try:
            tags = s3().get_object_tagging(Bucket=self.bucket, Key=object_key).get("TagSet", [])
        except ClientError:
            return None
        return next((t["Value"] for t in tags if t.get("Key") == "GuardDutyMalwareScanStatus"), None)

    def view_url(self, object_key: str, content_type: str, disposition: str) -> str:
        """A presigned GET valid ``VIEW_SECONDS``; the response headers are fixed by the signature."""
        return s3().generate_presigned_url("get_object", ExpiresIn=rules.VIEW_SECONDS, Params={
            "Bucket": self.bucket, "Key": object_key, "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition})
