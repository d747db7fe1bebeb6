"""Create Salur's resources from infra/template.json on the AWS that boto3 points at
(moto's server locally via AWS_ENDPOINT_URL, ``moto.mock_aws`` in tests), seed the
agency directory, and return the environment the app reads (names from stack outputs).

    python -m infra.bootstrap            # prints KEY=VALUE lines
"""
from __future__ import annotations

import json
import os
import sys

import boto3

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TEMPLATE = os.path.join(os.path.dirname(__file__), "template.json")
STACK = "salur-local"

OUTPUT_ENV = {
    "ComplaintsTableName": "COMPLAINTS_TABLE",
    "AgenciesTableName": "AGENCIES_TABLE",
    "EscalationsQueueUrl": "ESCALATIONS_QUEUE_URL",
    "EscalationsDLQUrl": "ESCALATIONS_DLQ_URL",
    "NotificationsQueueUrl": "NOTIFICATIONS_QUEUE_URL",
    "NotificationsDLQUrl": "NOTIFICATIONS_DLQ_URL",
    "DeliveriesQueueUrl": "DELIVERIES_QUEUE_URL",
    "DeliveriesDLQUrl": "DELIVERIES_DLQ_URL",
    "FetchesQueueUrl": "FETCHES_QUEUE_URL",
    "FetchesDLQUrl": "FETCHES_DLQ_URL",
    "SchedulesDLQUrl": "SCHEDULES_DLQ_URL",
    "StatsTableName": "STATS_TABLE",
    "StatsDLQUrl": "STATS_DLQ_URL",
    "EventsDLQUrl": "EVENTS_DLQ_URL",
    "ComplaintsStreamArn": "COMPLAINTS_STREAM_ARN",
    "AlarmTopicArn": "ALARM_TOPIC_ARN",
    "InboundMailTopicArn": "INBOUND_MAIL_TOPIC_ARN",
    "UserPoolId": "COGNITO_USER_POOL_ID",
    "UserPoolClientId": "COGNITO_CLIENT_ID",
    "MediaBucketName": "MEDIA_BUCKET",
}

#: resource types moto's CloudFormation does not model: created through their API from the same properties
API_CREATED = ("AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient")


def queue_timing() -> dict[str, dict]:
    """Per work queue (by its SQS name): the visibility timeout and receives before the DLQ, from
    ``chalicelib.config`` — the one setting the send claims' lease also derives from."""
    from chalicelib import config

    return {f"salur-{name}": {"VisibilityTimeout": config.QUEUE_VISIBILITY_SECONDS, "maxReceiveCount": receives}
            for name, receives in config.QUEUE_MAX_RECEIVES.items()}


def load_template() -> dict:
    """infra/template.json with every work queue's timing filled in (``queue_timing``)."""
    with open(TEMPLATE, encoding="utf-8") as fh:
        template = json.load(fh)
    timing = queue_timing()
    for res in template["Resources"].values():
        props = res.get("Properties") or {}
        if res["Type"] == "AWS::SQS::Queue" and "RedrivePolicy" in props:
            t = timing[props["QueueName"]]  # a work queue config does not time is an error, never a default
            props["VisibilityTimeout"] = t["VisibilityTimeout"]
            props["RedrivePolicy"]["maxReceiveCount"] = t["maxReceiveCount"]
    return template


def _outputs(cf, stack: str) -> dict:
    desc = cf.describe_stacks(StackName=stack)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in desc.get("Outputs", [])}


def _apply_ttl(template: dict, outputs: dict) -> None:
    """moto's CloudFormation ignores TimeToLiveSpecification; apply it from the same template."""
    ddb = boto3.client("dynamodb")
    for logical, res in template["Resources"].items():
        spec = res.get("Properties", {}).get("TimeToLiveSpecification")
        out_key = f"{logical}Name"
        if res["Type"] == "AWS::DynamoDB::Table" and spec and out_key in outputs:
            ddb.update_time_to_live(TableName=outputs[out_key],
                                    TimeToLiveSpecification={"AttributeName": spec["AttributeName"],
                                                             "Enabled": bool(spec["Enabled"])})


def _lifecycle_rule(rule: dict) -> dict:
    """A CloudFormation lifecycle rule in the S3 API's shape."""
    out: dict = {"ID": rule["Id"], "Status": rule["Status"], "Filter": {"Prefix": rule.get("Prefix", "")}}
    if "ExpirationInDays" in rule:
        out["Expiration"] = {"Days": rule["ExpirationInDays"]}
    if "NoncurrentVersionExpirationInDays" in rule:
        out["NoncurrentVersionExpiration"] = {"NoncurrentDays": rule["NoncurrentVersionExpirationInDays"]}
    if "AbortIncompleteMultipartUpload" in rule:
        out["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
    return out


def _apply_buckets(template: dict, outputs: dict) -> None:
    """moto's CloudFormation creates a bucket but ignores its public access block, versioning, lifecycle,
    CORS and ownership settings and the bucket policy: apply them from the same template."""
    s3 = boto3.client("s3")
    resources = template["Resources"]
    for logical, res in resources.items():
        name = outputs.get(f"{logical}Name")
        if res["Type"] != "AWS::S3::Bucket" or not name:
            continue
        props = res.get("Properties", {})
        if "PublicAccessBlockConfiguration" in props:
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"])
        if "VersioningConfiguration" in props:
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration=props["VersioningConfiguration"])
        if "LifecycleConfiguration" in props:
            s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={
                "Rules": [_lifecycle_rule(r) for r in props["LifecycleConfiguration"]["Rules"]]})
        if "CorsConfiguration" in props:
            s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": [
                {("MaxAgeSeconds" if k == "MaxAge" else k): v for k, v in rule.items()}
                for rule in props["CorsConfiguration"]["CorsRules"]]})
        if "OwnershipControls" in props:
            s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls=props["OwnershipControls"])
        for other in resources.values():
            if other["Type"] == "AWS::S3::BucketPolicy" and other["Properties"]["Bucket"] == {"Ref": logical}:
                arn = f"arn:aws:s3:::{name}"
                doc = json.loads(json.dumps(other["Properties"]["PolicyDocument"])
                                 .replace(json.dumps({"Fn::GetAtt": [logical, "Arn"]}), json.dumps(arn)))
                for st in doc["Statement"]:
                    st["Resource"] = [r if isinstance(r, str) else "".join(
                        x if isinstance(x, str) else arn for x in r["Fn::Join"][1]) for r in st["Resource"]]
                # moto evaluates aws:SecureTransport as false for every request, TLS or not, so the TLS-only
                # deny would refuse everything (tests/integration/test_attachments.py shows it): left out here
                doc["Statement"] = [st for st in doc["Statement"] if "aws:SecureTransport" not in json.dumps(st)]
                if doc["Statement"]:
                    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(doc))


def _verify_mail_identity() -> None:
    """SES sends only from a verified identity (in the cloud: the DNS-verified salur.go.id domain)."""
    domain = os.environ.get("SALUR_MAIL_DOMAIN", "salur.go.id")
    boto3.client("ses").verify_domain_identity(Domain=domain)


def stack_template(template: dict) -> dict:
    """The template without the resources moto's CloudFormation cannot create (and the outputs naming them)."""
    skipped = {k for k, v in template["Resources"].items() if v["Type"] in API_CREATED}
    return {**template, "Resources": {k: v for k, v in template["Resources"].items() if k not in skipped},
            "Outputs": {k: v for k, v in template.get("Outputs", {}).items()
                        if v["Value"].get("Ref") not in skipped}}


def _create_user_pool(template: dict, stack: str) -> dict:
    """moto's CloudFormation has no AWS::Cognito::UserPool (it skips the type): create the pool and its client
    through the Cognito API from the template's very properties; the outputs the stack would have had."""
    idp = boto3.client("cognito-idp")
    res = template["Resources"]
    pool_props = dict(res["UserPool"]["Properties"])
    name = pool_props.pop("UserPoolName")["Fn::Sub"].replace("${AWS::StackName}", stack)
    enabled = pool_props.pop("EnabledMfas", [])
    existing = [p for p in idp.list_user_pools(MaxResults=60)["UserPools"] if p["Name"] == name]
    if existing:
        pool_id = existing[0]["Id"]
    else:
        pool_id = idp.create_user_pool(PoolName=name, **pool_props)["UserPool"]["Id"]
        idp.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration=pool_props["MfaConfiguration"],
                                     SoftwareTokenMfaConfiguration={"Enabled": "SOFTWARE_TOKEN_MFA" in enabled})
    client_props = {k: v for k, v in res["UserPoolClient"]["Properties"].items() if k != "UserPoolId"}
    clients = [c for c in idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
               if c["ClientName"] == client_props["ClientName"]]
    client_id = clients[0]["ClientId"] if clients else \
        idp.create_user_pool_client(UserPoolId=pool_id, **client_props)["UserPoolClient"]["ClientId"]
    return {"UserPoolId": pool_id, "UserPoolClientId": client_id}


def bootstrap(stack: str = STACK, seed: bool = True) -> dict:
    """Create (or reuse) the stack and return the app's environment variables."""
    import warnings

    cf = boto3.client("cloudformation")
    template = load_template()
    try:
        outputs = _outputs(cf, stack)
    except Exception:  # noqa: BLE001 - no stack yet
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # moto warns about alarm resources it does not model
            cf.create_stack(StackName=stack, TemplateBody=json.dumps(stack_template(template)))
        outputs = _outputs(cf, stack)
        _apply_ttl(template, outputs)
        _apply_buckets(template, outputs)
        _verify_mail_identity()
    outputs.update(_create_user_pool(template, stack))
    env = {OUTPUT_ENV[k]: v for k, v in outputs.items() if k in OUTPUT_ENV}
    if seed:
        os.environ.update(env)
        from chalicelib.adapters.agency_repository import AgencyRepository

        AgencyRepository(env["AGENCIES_TABLE"]).seed()
    return env


def main() -> int:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("AWS_DEFAULT_REGION", "ap-southeast-3")
    for k, v in bootstrap().items():
        print(f"{k}={v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
