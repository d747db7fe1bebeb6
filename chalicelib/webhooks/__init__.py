"""Outbound and inbound webhooks (Standard Webhooks).

- ``signing``  pure: secrets, signatures, verification (standard library only)
- ``urls``     pure-ish: which receiver URLs are allowed (SSRF guard; resolves DNS)
- ``store``    adapter: subscriptions, delivery log, replay guard in the agencies table
- ``delivery`` adapter: HTTP POST to receivers, the deliveries-queue handler, retries, DLQ
- ``service``  what the API does: register/list/delete/rotate/test, verify agency callbacks
"""
