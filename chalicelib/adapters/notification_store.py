"""Sent-once claims and opt-outs on the complaints table (no contact is stored in clear).

- claim    PK=NOTIF#<event_id>       SK=<channel>#<contact hash>  state sending|sent, TTL 14 days
- opt-out  PK=OPTOUT#<contact hash>  SK=OPTOUT   (a phone/email that replied STOP)
- opt-out  PK=C#<tid>                SK=OPTOUT   (a reporter who muted one case)
- watermark PK=SCHEDULE#<name>       SK=WATERMARK  until=<ISO time> a schedule has covered (only moves forward)
"""
from __future__ import annotations

import hashlib
import hmac
import time

from chalicelib import config
from chalicelib.adapters.dynamo import conditional_write, ddb, key, to_item, write_after_effect

CLAIM_TTL_SECONDS = 14 * 24 * 3600
#: a claim not marked sent stays ours this long: longer than any redelivery of the notifications queue's message
#: (its visibility timeout x receives, ``config.redelivery_window_seconds``), so a send whose mark failed is
#: never taken over by a retry of the same message and sent again
LEASE_SECONDS = config.redelivery_window_seconds("notifications")


clock = time.time  # the claims' clock (a fault test moves it past a redelivery)


def contact_hash(address: str) -> str:
    return hmac.new(config.secret_pepper(), address.strip().lower().encode(), hashlib.sha256).hexdigest()[:40]


class NotificationStore:
    def __init__(self, table: str | None = None) -> None:
        self.table = table or config.complaints_table()

    def claim(self, event_id: str, channel: str, address: str, now: float | None = None,
              outcome: str | None = None) -> bool:
        """True if this (event, recipient) is ours to send: never sent, and no live lease held by another try.

        ``outcome``: the claim is final at once (state sent, that outcome as the provider id) — a message decided
        without sending it (over a limit) costs one write and is never sent by a later try."""

        now = int(now or clock())
        state = {"state": "sent", "provider_id": outcome} if outcome else \
            {"state": "sending", "lease_until": now + LEASE_SECONDS}
        item = to_item({"PK": f"NOTIF#{event_id}", "SK": f"{channel}#{contact_hash(address)}", **state,
                        "expires_at": now + CLAIM_TTL_SECONDS})
        return conditional_write(
            ddb().put_item, TableName=self.table, Item=item,
            ConditionExpression="attribute_not_exists(PK) OR (#s = :sending AND lease_until < :now)",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={":sending": {"S": "sending"}, ":now": {"N": str(now)}})

    def is_sent(self, event_id: str, channel: str, address: str) -> bool:
        """True if this (event, recipient) was marked sent (a claim refused is either sent or still leased)."""
        res = ddb().get_item(TableName=self.table, Key=key(f"NOTIF#{event_id}", f"{channel}#{contact_hash(address)}"),
                             ConsistentRead=True, ProjectionExpression="#s", ExpressionAttributeNames={"#s": "state"})
        return (res.get("Item") or {}).get("state", {}).get("S") == "sent"

    def mark_sent(self, event_id: str, channel: str, address: str, provider_id: str | None) -> None:
        """Record a send; raises if DynamoDB refuses (see ``confirm_sent`` after a provider accepted)."""
        ddb().update_item(TableName=self.table, Key=key(f"NOTIF#{event_id}", f"{channel}#{contact_hash(address)}"),
                          UpdateExpression="SET #s = :sent, provider_id = :p",
                          ExpressionAttributeNames={"#s": "state"},
                          ExpressionAttributeValues={":sent": {"S": "sent"}, ":p": {"S": provider_id or "-"}})

    def confirm_sent(self, event_id: str, channel: str, address: str, provider_id: str | None,
                     pause=None) -> bool:
        """After the provider accepted a send: mark it, retrying in-process; never raises.

        False if every try failed: the claim stays "sending" under its lease, which outlives every
        redelivery of the message, so nothing sends it again; the caller reports the send as done."""
        return write_after_effect(lambda: self.mark_sent(event_id, channel, address, provider_id), pause=pause)

    def release(self, event_id: str, channel: str, address: str, pause=None) -> bool:
        """Nothing was sent: let the retry claim it again at once (retried in-process, never raises).

        False if every try failed: the claim then waits out its lease, and the message its redeliveries (at
        worst the DLQ, whose redrive sends it) — never a send twice."""
        return write_after_effect(lambda: conditional_write(
            ddb().delete_item, TableName=self.table, Key=key(f"NOTIF#{event_id}", f"{channel}#{contact_hash(address)}"),
            ConditionExpression="#s = :sending", ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={":sending": {"S": "sending"}}), pause=pause)

    # -- schedule watermarks ----------------------------------------------------------------
    def watermark(self, name: str) -> str | None:
        """Up to when the schedule ``name`` has done its work (an ISO time), or None before its first success."""
        res = ddb().get_item(TableName=self.table, Key=key(f"SCHEDULE#{name}", "WATERMARK"), ConsistentRead=True)
        return (res.get("Item") or {}).get("until", {}).get("S")

    def advance_watermark(self, name: str, until: str) -> None:
        """Record that ``name`` covered everything before ``until``; an older value (a replayed run) is ignored."""
        conditional_write(ddb().put_item, TableName=self.table,
                          Item={**key(f"SCHEDULE#{name}", "WATERMARK"), "until": {"S": until}},
                          ConditionExpression="attribute_not_exists(PK) OR #u < :u",
                          ExpressionAttributeNames={"#u": "until"}, ExpressionAttributeValues={":u": {"S": until}})

    # -- opt-out -----------------------------------------------------------------------
    def _set_opt_out(self, k: dict, opted_out: bool) -> None:
        if opted_out:
            ddb().put_item(TableName=self.table, Item={**k, "at": {"N": str(int(time.time()))}})
        else:
            ddb().delete_item(TableName=self.table, Key=k)

    def opt_out_contact(self, address: str, opted_out: bool = True) -> None:
        self._set_opt_out(key(f"OPTOUT#{contact_hash(address)}", "OPTOUT"), opted_out)

    def opt_out_case(self, tracking_id: str, opted_out: bool = True) -> None:
        self._set_opt_out(key(f"C#{tracking_id}", "OPTOUT"), opted_out)

    def opted_out(self, tracking_id: str | None, address: str) -> bool:
        keys = [key(f"OPTOUT#{contact_hash(address)}", "OPTOUT")]
        if tracking_id:
            keys.append(key(f"C#{tracking_id}", "OPTOUT"))
        res = ddb().batch_get_item(RequestItems={self.table: {"Keys": keys, "ProjectionExpression": "PK"}})
        return bool(res.get("Responses", {}).get(self.table))
