"""Alerts by area: anyone may ask, by e-mail, for a daily digest of new public reports and answers in a
regency/city, a kecamatan or for an agency.  Pure rules.

* **double opt-in**: a subscription is stored unconfirmed and its address gets one confirmation mail (rate-
  limited per address and per source like every confirmation); nothing else until its link is opened;
* **one-click unsubscribe**: every digest carries a signed link (``List-Unsubscribe`` + ``-Post``) that ends
  the subscription without signing in;
* **a daily digest at most**: one mail per subscription per day (claimed per (area, day, address)),
  and only on a day with news;
* what a digest lists is the public projection's summary of listed reports (never confidential, masked).
"""
from __future__ import annotations

import re

#: events that put a report into its areas' feed (a report on the public list, an agency's answer)
FEED_EVENTS = {"complaint.assigned": "new", "complaint.responded": "answered"}
#: feed entries listed per area in one digest (and read at most: one bounded Query)
DIGEST_MAX = 50
_REGION = re.compile(r"^\d{2}\.\d{2}$")
_DISTRICT = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
_AGENCY = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,63}$")


def area_key(kind: str, value: str) -> str | None:
    """``region:51.71`` | ``district:51.71.01`` | ``agency:pemkot-51.71``; None when malformed."""
    ok = {"region": _REGION, "district": _DISTRICT, "agency": _AGENCY}.get(kind)
    return f"{kind}:{value}" if ok and isinstance(value, str) and ok.match(value) else None


def case_areas(case: dict) -> list[str]:
    """The areas whose subscribers hear about this report."""
    region = case.get("region") or {}
    out = []
    if region.get("level") == "district":
        out += [f"district:{region.get('code')}", f"region:{region.get('parent_code')}"]
    elif region.get("level") in ("regency", "city"):
        out.append(f"region:{region.get('code')}")
    if case.get("agency_id"):
        out.append(f"agency:{case['agency_id']}")
    return [a for a in out if "None" not in a]
