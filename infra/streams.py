"""The complaints table's stream consumers: one definition for the cloud (``infra/package.py`` turns each into
the event source mapping of its function) and the local worker (``scripts/worker.py`` reads the stream with
the same filters, batching and failure handling).

A timeline item is the event (``chalicelib/adapters/event_stream.py``).  Each consumer is invoked only for the
records it uses (``filters``: Lambda FilterCriteria patterns, ORed), in batches that wait up to ``window``
seconds to fill; a failing batch is bisected and retried ``retries`` times, then its records' positions go
to the ``on_failure`` queue (a DLQ of infra/template.json, alarmed on).
"""
from __future__ import annotations

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: a stream record that inserted a timeline item (the table's other writes are no event)
_INSERTED_EVENT = {"eventName": ["INSERT"], "dynamodb": {"Keys": {"SK": {"S": [{"prefix": "EV#"}]}}}}
#: a stream record that confirmed a supporter (``stats_rules.supporter_event``)
_CONFIRMED_SUPPORTER = {"eventName": ["MODIFY"], "dynamodb": {"Keys": {"SK": {"S": [{"prefix": "SUP#"}]}},
                                                              "NewImage": {"confirmed": {"BOOL": [True]}}}}
#: a stream record that inserted a chat file or an Open311 link still to fetch (``services/media_fetches.py``)
_INSERTED_FILE_TO_FETCH = {"eventName": ["INSERT"], "dynamodb": {"Keys": {"SK": {"S": [{"prefix": "MEDIA#"}]}},
                                                                 "NewImage": {"state": {"S": ["pending_fetch"]},
                                                                              "source": {"S": ["chat", "open311"]}}}}


def _stats_filter() -> dict:
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from chalicelib.domain.stats_rules import uncounted_actions
    from chalicelib.domain.vocabulary import ACTIONS

    pattern = json.loads(json.dumps(_INSERTED_EVENT))
    pattern["dynamodb"]["NewImage"] = {"action": {"S": [{"anything-but": uncounted_actions(ACTIONS)}]}}
    return pattern


def consumers() -> dict[str, dict]:
    """handler name (``handlers/streams.py``) → its mapping settings."""
    return {
        # counters: a minute's latency is fine; big batches make one counter update serve many events
        "count_stats": {"filters": [_stats_filter(), _CONFIRMED_SUPPORTER], "batch_size": 100, "window": 60, "retries": 10,
                        "on_failure": "StatsDLQ", "parallelization": 1},
        # people and agency systems: seconds (10 s: at 1 M complaints a month a shard's batch holds ~5 events
        # instead of ~2.4, half the invocations — bench/cost.py; a mail or an SMS reply is still out within seconds)
        "deliver_events": {"filters": [_INSERTED_EVENT, _INSERTED_FILE_TO_FETCH], "batch_size": 25, "window": 10, "retries": 10,
                           "on_failure": "EventsDLQ", "parallelization": 2},
    }


def patterns(name: str) -> list[dict]:
    return consumers()[name]["filters"]


# -- the filter rules the local worker applies (the subset of Lambda's syntax these patterns use) -------------
def _value_matches(rule, value) -> bool:
    if isinstance(rule, dict):
        if "prefix" in rule:
            return isinstance(value, str) and value.startswith(rule["prefix"])
        if "anything-but" in rule:
            return value is not None and value not in rule["anything-but"]
        if "exists" in rule:
            return (value is not None) == bool(rule["exists"])
        raise ValueError(f"filter rule not supported locally: {rule}")
    return value == rule


def matches(pattern: dict, record: dict) -> bool:
    """True if ``record`` (a Lambda stream record) satisfies ``pattern`` (every key, any of a leaf's rules)."""
    for name, rule in pattern.items():
        value = record.get(name) if isinstance(record, dict) else None
        if isinstance(rule, dict):
            if not isinstance(value, dict) or not matches(rule, value):
                return False
        elif not any(_value_matches(r, value) for r in rule):
            return False
    return True


def selected(name: str, record: dict) -> bool:
    return any(matches(p, record) for p in patterns(name))
