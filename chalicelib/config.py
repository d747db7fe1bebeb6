"""Runtime settings from the environment (set by .chalice/config.json in the cloud,
by the local bootstrap from the stack outputs, and by the test fixtures)."""
from __future__ import annotations

import os


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def stage() -> str:
    return env("SALUR_STAGE", "local")


def complaints_table() -> str:
    return env("COMPLAINTS_TABLE", "salur-complaints")


def agencies_table() -> str:
    return env("AGENCIES_TABLE", "salur-agencies")


def complaints_stream_arn() -> str:
    """The complaints table's stream (the events).  Packaging replaces it by the table's ``StreamArn``
    (infra/package.py); the local worker finds the stream from the table itself."""
    return env("COMPLAINTS_STREAM_ARN",
               "arn:aws:dynamodb:ap-southeast-3:000000000000:table/salur-complaints/stream/local")


def queue_url(name: str) -> str:
    """URL of one of the queues named in infra/template.json (escalations, notifications, deliveries, fetches)."""
    return env(f"{name.upper()}_QUEUE_URL")


# -- queue timing: the ONE setting the queues (infra/template.json, filled in by ``infra.bootstrap.load_template``
#    for the cloud package, the local stack and the local worker) and the send claims derive from ----------------
#: seconds a received message stays hidden before SQS hands it out again (every work queue's VisibilityTimeout)
QUEUE_VISIBILITY_SECONDS = 180
#: receives before a message moves to its dead-letter queue (each work queue's ``maxReceiveCount``)
QUEUE_MAX_RECEIVES = {"escalations": 5, "notifications": 5, "deliveries": 8, "fetches": 4}
#: the file fetch function's own timeout (``handlers/queues.fetch_media``: set by infra/package.py) and the lease of
#: one fetch try (``MediaStore.claim_fetch``): two guarded GETs of ``media_links.TIMEOUT_SECONDS`` plus the checks,
#: re-encoding and S3 writes; under the visibility timeout, so a crashed try's redelivery finds its lease run out
MEDIA_FETCH_SECONDS = 60


def redelivery_window_seconds(queue: str) -> int:
    """How long SQS may hand one message of ``queue`` out again: every receive's visibility timeout, back to back.

    A send claim (``adapters/notification_store.py``) holds its lease this long, so no redelivery of the
    message that claimed it can take over a claim whose send may have gone out."""
    return QUEUE_VISIBILITY_SECONDS * QUEUE_MAX_RECEIVES[queue]


#: stages that run on a developer's machine or in the tests, where well-known secrets are acceptable
DEVELOPMENT_STAGES = frozenset({"local", "test", "bench"})
#: secrets a deployed stage must be given: the pepper everywhere outside development, the channel secrets in
#: prod (other stages fall back to the well-known local ones: ``api/channel_signatures.py``)
REQUIRED_SECRETS = {"*": ("SALUR_PEPPER",),
                    "prod": ("SALUR_PEPPER", "SMS_GATEWAY_SECRET", "CHAT_APP_SECRET", "CHAT_VERIFY_TOKEN",
                             "CHAT_ACCESS_TOKEN", "MAIL_INBOUND_TOKEN")}


class MissingSecrets(RuntimeError):
    def __init__(self, names: list[str]) -> None:
        super().__init__(f"stage {stage()!r} refuses to start without: {', '.join(names)}")
        self.names = names


def missing_secrets() -> list[str]:
    """The required secrets this stage was not given (none in development stages)."""
    if stage() in DEVELOPMENT_STAGES:
        return []
    return [n for n in REQUIRED_SECRETS.get(stage(), REQUIRED_SECRETS["*"]) if not env(n)]


def require_secrets() -> None:
    """Refuse to start a deployed function without its secrets (raised at import, so Lambda's init fails).
    Packaging (``chalice package`` imports the app to read its routes) is not a start: only a Lambda runtime
    (``AWS_LAMBDA_FUNCTION_NAME``) or ``SALUR_REQUIRE_SECRETS=1`` makes the check fatal."""
    if not (env("AWS_LAMBDA_FUNCTION_NAME") or env("SALUR_REQUIRE_SECRETS") == "1"):
        return
    missing = missing_secrets()
    if missing:
        raise MissingSecrets(missing)


def secret_pepper() -> bytes:
    """Server-side pepper mixed into access-code, API-key and contact hashes; a public fallback only in
    development stages (anywhere else a missing pepper is an error, never a silent default)."""
    value = env("SALUR_PEPPER")
    if value:
        return value.encode()
    if stage() in DEVELOPMENT_STAGES:
        return b"local-development-pepper"
    raise MissingSecrets(["SALUR_PEPPER"])


def public_url() -> str:
    """Where people open Salur's pages (no trailing slash): the links in notifications point here.

    Per stage: .chalice/config.json sets it for dev and prod; the local run sets it to its own URL."""
    return env("SALUR_PUBLIC_URL", "https://salur.go.id").rstrip("/")


def cors_origins() -> frozenset[str]:
    """Other web origins whose pages may call the JSON API from a browser (comma-separated
    ``SALUR_CORS_ORIGINS``); Salur's own pages are same-origin and need none."""
    return frozenset(o.strip().rstrip("/") for o in env("SALUR_CORS_ORIGINS").split(",") if o.strip())


MAX_BODY_BYTES = 64 * 1024


# --------------------------------------------------------------------------- staff sign-in (Amazon Cognito)
def cognito_user_pool_id() -> str:
    return env("COGNITO_USER_POOL_ID")


def cognito_client_id() -> str:
    return env("COGNITO_CLIENT_ID")


def aws_region() -> str:
    return env("AWS_REGION") or env("AWS_DEFAULT_REGION", "ap-southeast-3")


def media_bucket() -> str:
    return env("MEDIA_BUCKET", "salur-media")


def media_origin() -> str:
    """The origin a browser uploads attachments to (the presigned POST's URL): the moto server's address when
    ``AWS_ENDPOINT_URL`` points at one, else the media bucket's regional S3 origin.  The pages' CSP
    ``connect-src`` names it (``page_kit.csp``)."""
    endpoint = env("AWS_ENDPOINT_URL").rstrip("/")
    if endpoint:
        scheme, _, rest = endpoint.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"
    region = aws_region()
    suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return f"https://{media_bucket()}.s3.{region}.{suffix}"  # the regional virtual host (adapters/aws_clients)


def cognito_issuer() -> str:
    """The ``iss`` of the pool's tokens (the same string in the cloud and on moto)."""
    return f"https://cognito-idp.{aws_region()}.amazonaws.com/{cognito_user_pool_id()}"


def cognito_jwks_url() -> str:
    """Where the pool's signing keys are published: under the issuer in the cloud (and in ``mock_aws``, which
    answers that address); under the moto server's own address when ``AWS_ENDPOINT_URL`` points at one."""
    endpoint = env("AWS_ENDPOINT_URL").rstrip("/")
    base = f"{endpoint}/{cognito_user_pool_id()}" if endpoint else cognito_issuer()
    return f"{base}/.well-known/jwks.json"


def demo_accounts_allowed() -> bool:
    """Seeded demo staff accounts exist only on a developer's machine, never in a deployed stage."""
    return stage() == "local" and not env("AWS_LAMBDA_FUNCTION_NAME")
