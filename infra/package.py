"""Build the deployable package: `chalice package` + the one infrastructure definition.

    python -m infra.package            # (make package) -> build/package/sam.json + deployment.zip
    python -m infra.package --no-lint  # skip cfn-lint / checkov

Steps:
1. ``chalice package --stage prod build/discover`` to learn the functions, roles and the
   API resource chalice generates (their logical ids are chalice's: ``APIHandler``,
   ``RestAPI``, ``<CamelCaseHandlerName>``, ``<...>Role``, ``<...>SqsEventSource``).
2. Write ``build/merge.json``: ``infra/template.json`` (tables, queues + DLQs, alarm topic,
   DLQ alarms) + ``infra/cloud.json`` (alarms, dashboard) + generated pieces:
   environment wiring (``COMPLAINTS_TABLE: {"Ref": "ComplaintsTable"}`` ...) into every
   function, ``FunctionResponseTypes: [ReportBatchItemFailures]`` on SQS event sources, SNS
   event sources pointed at the template's own topic (``salur-inbound-mail``: a reference, so
   the topic exists before chalice's subscription; cloud.json lets SES publish to it),
   X-Ray tracing, per-function error/throttle alarms, a least-privilege IAM policy scoped
   with ``Fn::GetAtt`` ARNs to the exact tables, indexes and queues, and stage throttling
   (``MethodSettings``) on the REST API.
3. ``chalice package --stage prod --merge-template build/merge.json build/package``.
4. ``cfn-lint build/package/sam.json`` (and ``checkov`` when installed): no errors allowed.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INFRA = os.path.join(ROOT, "infra")
BUILD = os.path.join(ROOT, "build")
STAGE = "prod"

#: environment variable -> the template resource whose Ref is its value
ENV_REFS = {
    "COMPLAINTS_TABLE": "ComplaintsTable",
    "AGENCIES_TABLE": "AgenciesTable",
    "STATS_TABLE": "StatsTable",
    "ESCALATIONS_QUEUE_URL": "EscalationsQueue",
    "ESCALATIONS_DLQ_URL": "EscalationsDLQ",
    "NOTIFICATIONS_QUEUE_URL": "NotificationsQueue",
    "NOTIFICATIONS_DLQ_URL": "NotificationsDLQ",
    "DELIVERIES_QUEUE_URL": "DeliveriesQueue",
    "DELIVERIES_DLQ_URL": "DeliveriesDLQ",
    "FETCHES_QUEUE_URL": "FetchesQueue",
    "FETCHES_DLQ_URL": "FetchesDLQ",
    "SCHEDULES_DLQ_URL": "SchedulesDLQ",
    "STATS_DLQ_URL": "StatsDLQ",
    "EVENTS_DLQ_URL": "EventsDLQ",
    "ALARM_TOPIC_ARN": "AlarmTopic",
    "INBOUND_MAIL_TOPIC_ARN": "InboundMailTopic",
    "COGNITO_USER_POOL_ID": "UserPool",
    "COGNITO_CLIENT_ID": "UserPoolClient",
    "MEDIA_BUCKET": "MediaBucket",  # the bucket's generated name: config.media_bucket(), media_origin()
}

#: consumers wait on DynamoDB, SES and webhook endpoints, not on CPU: half the API's memory
CONSUMER_MEMORY_MB = 512

#: Lambda's advanced logging controls on every function.  The functions already write JSON (Powertools Logger and
#: Metrics; Lambda does not encode a JSON line twice).  System logs at WARN: Lambda's own START/END/REPORT lines
#: (system logs at INFO, ~350 B per invocation, more than half of the log bytes of a complaint: bench/cost.py) are
#: not sent; durations, errors, throttles and concurrency stay in Lambda's CloudWatch metrics and the alarms on
#: them.  For a function's memory or init figures while investigating, set its SystemLogLevel to INFO.
LOGGING_CONFIG = {"LogFormat": "JSON", "ApplicationLogLevel": "INFO", "SystemLogLevel": "WARN"}

#: functions with their own time budget (seconds; every other one has the stage's ``lambda_timeout``, 30 s): the
#: file fetch waits on a stranger's server, twice for a chat photo, so it does not share the webhooks' 30 s
def function_timeouts() -> dict[str, int]:
    sys.path.insert(0, ROOT)
    from chalicelib import config

    return {"fetch_media": config.MEDIA_FETCH_SECONDS}


#: where the stream consumers' records go after their retries (infra/streams.py's ``on_failure``)
STREAM_FAILURES = ("StatsDLQ", "EventsDLQ")
#: where a scheduled run that failed Lambda's retries goes (its event, for a look and a replay)
SCHEDULE_FAILURES = "SchedulesDLQ"
#: Lambda's own retries of a failed scheduled (asynchronous) run before its on-failure destination
SCHEDULE_RETRIES = 2


def schedule_invoke_config() -> dict:
    """Every scheduled function's asynchronous-invocation config: retried, then its event to the schedules DLQ."""
    return {"MaximumRetryAttempts": SCHEDULE_RETRIES, "MaximumEventAgeInSeconds": 3600,
            "DestinationConfig": {"OnFailure": {"Type": "SQS", "Destination": _arn(SCHEDULE_FAILURES)}}}


#: stage throttling of the REST API (requests/second steady, burst)
THROTTLE_RATE = 200
THROTTLE_BURST = 400


def gateway_responses() -> dict:
    """API Gateway's own answers (no route, throttled, its own 4xx/5xx) in Salur's error shape.

    A path or method no route has is API Gateway's MISSING_AUTHENTICATION_TOKEN (403 "Missing
    Authentication Token" by default): answered 404 ``not_found`` like an unknown id.  Messages are
    Indonesian (the default language; a gateway response cannot read Accept-Language).
    scripts/chalice_local.py makes ``chalice local`` answer unmatched paths the same way."""
    import json as _json

    sys.path.insert(0, ROOT)
    from chalicelib.api.errors import error_body

    def response(status: int, code: str) -> dict:
        return {"StatusCode": str(status),
                "ResponseParameters": {"Headers": {"Content-Type": "'application/json; charset=utf-8'",
                                                   "Cache-Control": "'no-store'"}},
                "ResponseTemplates": {"application/json": _json.dumps(error_body(code, "id"), ensure_ascii=False)}}

    return {"MISSING_AUTHENTICATION_TOKEN": response(404, "not_found"),
            "THROTTLED": response(429, "too_many_requests"),
            "REQUEST_TOO_LARGE": response(413, "payload_too_large"),
            "UNSUPPORTED_MEDIA_TYPE": response(415, "unsupported_media_type"),
            "DEFAULT_4XX": {**response(400, "bad_request"), "StatusCode": None},
            "DEFAULT_5XX": {**response(500, "service_unavailable"), "StatusCode": None}}


class PackageError(Exception):
    pass


def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def chalice_package(outdir: str, merge_template: str | None = None, stage: str = STAGE) -> dict:
    """Run ``chalice package`` and return the generated sam.json."""
    shutil.rmtree(outdir, ignore_errors=True)
    cmd = [os.path.join(os.path.dirname(sys.executable), "chalice"), "package", "--stage", stage]
    if merge_template:
        cmd += ["--merge-template", merge_template]
    cmd.append(outdir)
    env = {**os.environ, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "ap-southeast-3")}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise PackageError(f"chalice package failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return _load(os.path.join(outdir, "sam.json"))


def _arn(logical: str) -> dict:
    return {"Fn::GetAtt": [logical, "Arn"]}


def _index_arn(logical: str) -> dict:
    return {"Fn::Sub": ["${T}/index/*", {"T": {"Fn::GetAtt": [logical, "Arn"]}}]}


def policy_document(template: dict) -> dict:
    """The functions' permissions, each statement scoped to the exact resources of the template."""
    res = template["Resources"]
    tables = [k for k, v in res.items() if v["Type"] == "AWS::DynamoDB::Table"]
    queues = [k for k, v in res.items() if v["Type"] == "AWS::SQS::Queue"]
    main_queues = [q for q in queues if not q.endswith("DLQ")]
    table_arns = [_arn(t) for t in tables] + [_index_arn(t) for t in tables
                                              if res[t]["Properties"].get("GlobalSecondaryIndexes")]
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream",
                                                      "logs:PutLogEvents"],
         "Resource": {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:"
                                 "log-group:/aws/lambda/${AWS::StackName}-*"}},
        {"Sid": "Tables", "Effect": "Allow",
         "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem",
                    "dynamodb:TransactWriteItems", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"],
         "Resource": table_arns},
        {"Sid": "SendToQueues", "Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:GetQueueAttributes"],
         "Resource": [_arn(q) for q in main_queues]},
        {"Sid": "ConsumeQueues", "Effect": "Allow",
         "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                    "sqs:GetQueueAttributes"],
         "Resource": [_arn(q) for q in main_queues]},
        {"Sid": "ScheduleFailures", "Effect": "Allow", "Action": ["sqs:SendMessage"],
         "Resource": [_arn(q) for q in queues if q == SCHEDULE_FAILURES]},
        {"Sid": "StreamFailures", "Effect": "Allow", "Action": ["sqs:SendMessage"],
         "Resource": [_arn(q) for q in queues if q in STREAM_FAILURES]},
        {"Sid": "ReadDLQDepth", "Effect": "Allow", "Action": ["sqs:GetQueueAttributes"],
         "Resource": [_arn(q) for q in queues if q.endswith("DLQ")]},
        {"Sid": "ReadEventStream", "Effect": "Allow",
         "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                    "dynamodb:ListStreams"],
         "Resource": [{"Fn::GetAtt": [t, "StreamArn"]} for t in tables
                      if res[t]["Properties"].get("StreamSpecification")]},
        {"Sid": "Email", "Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"],
         "Resource": {"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*"}},
        {"Sid": "StaffAccounts", "Effect": "Allow",
         "Action": ["cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword", "cognito-idp:AdminDisableUser",
                    "cognito-idp:AdminEnableUser", "cognito-idp:AdminUserGlobalSignOut",
                    "cognito-idp:AdminSetUserMFAPreference"],
         "Resource": {"Fn::GetAtt": ["UserPool", "Arn"]}},
        {"Sid": "AlarmTopic", "Effect": "Allow", "Action": ["sns:Publish"], "Resource": {"Ref": "AlarmTopic"}},
        {"Sid": "MediaObjects", "Effect": "Allow",
         "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectTagging"],
         "Resource": {"Fn::Join": ["", [_arn("MediaBucket"), "/*"]]}},
        # SMS to a phone number is sns:Publish without a topic: IAM cannot scope it to a resource,
        # so it is limited to direct (non-topic) publishes by the condition below.
        {"Sid": "Sms", "Effect": "Allow", "Action": ["sns:Publish"], "Resource": "*",
         "Condition": {"Null": {"sns:Protocol": "true"}}},
        # X-Ray accepts no resource-level permissions.
        {"Sid": "Tracing", "Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
         "Resource": "*"},
    ]}


def _alarm(name: str, description: str, metric: str, function: str, threshold: float = 0) -> dict:
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmName": {"Fn::Sub": f"${{AWS::StackName}}-{name}"}, "AlarmDescription": description,
        "Namespace": "AWS/Lambda", "MetricName": metric,
        "Dimensions": [{"Name": "FunctionName", "Value": {"Ref": function}}],
        "Statistic": "Sum", "Period": 300, "EvaluationPeriods": 1, "Threshold": threshold,
        "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "notBreaching",
        "AlarmActions": [{"Ref": "AlarmTopic"}]}}


def _own_topic(event: dict, resources: dict) -> str | None:
    """The logical id of the template's SNS topic a chalice ``on_sns_message(topic=<name>)`` source names."""
    topic = (event.get("Properties") or {}).get("Topic")
    arn = topic.get("Fn::Sub") if isinstance(topic, dict) else topic
    if not isinstance(arn, str):
        return None
    name = arn.rsplit(":", 1)[-1]
    for logical, res in resources.items():
        if res.get("Type") == "AWS::SNS::Topic" and (res.get("Properties") or {}).get("TopicName") == name:
            return logical
    return None


def _handler_name(fn: str, sam: dict) -> str:
    return sam["Resources"][fn]["Properties"]["Handler"].rsplit(".", 1)[-1]


def stream_source(fn: str, sam: dict) -> dict:
    """A stream consumer's event source mapping from infra/streams.py: the table's own stream, filters,
    batching window, bisect on error, retries, the on-failure queue and partial batch responses."""
    from infra.streams import consumers

    name = _handler_name(fn, sam)
    spec = consumers()[name] if name in consumers() else consumers()[_camel_to_snake(fn)]
    return {"Stream": {"Fn::GetAtt": ["ComplaintsTable", "StreamArn"]}, "StartingPosition": "TRIM_HORIZON",
            "BatchSize": spec["batch_size"], "MaximumBatchingWindowInSeconds": spec["window"],
            "BisectBatchOnFunctionError": True, "MaximumRetryAttempts": spec["retries"],
            "MaximumRecordAgeInSeconds": 86400, "ParallelizationFactor": spec.get("parallelization", 1),
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "FilterCriteria": {"Filters": [{"Pattern": json.dumps(p, separators=(",", ":"))}
                                           for p in spec["filters"]]},
            "DestinationConfig": {"OnFailure": {"Destination": _arn(spec["on_failure"])}}}


def _camel_to_snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


def merge_template(sam: dict, trace_sdk: bool = False) -> dict:
    """The template merged into chalice's output (see the module docstring)."""
    from infra.bootstrap import load_template  # the template with the queues' timing (chalicelib.config)

    base = load_template()
    cloud = _load(os.path.join(INFRA, "cloud.json"))
    resources: dict = {**base["Resources"], **cloud["Resources"]}
    outputs: dict = {**base.get("Outputs", {}), **cloud.get("Outputs", {})}
    env = {k: {"Ref": v} for k, v in ENV_REFS.items() if v in resources}
    # Lambda's own X-Ray segments (Tracing: Active) cost nothing at start-up; the Powertools
    # Tracer (X-Ray SDK, ~0.6-1 s to import: bench/cold_start.py) is opt-in: --trace, or flip
    # this variable on one function while investigating.
    env["POWERTOOLS_TRACE_DISABLED"] = "false" if trace_sdk else "true"
    policy = policy_document({"Resources": resources})
    functions = [k for k, v in sam["Resources"].items() if v["Type"] == "AWS::Serverless::Function"]
    if not functions:
        raise PackageError("chalice produced no functions")
    for fn in functions:
        props = sam["Resources"][fn]["Properties"]
        # Tracing: sampled on the API (the sampling rule in cloud.json), pass-through on consumers: a queue or
        # stream batch has no caller's trace to continue, and tracing every batch would cost more than it tells.
        api = fn == "APIHandler"
        patch: dict = {"Environment": {"Variables": env}, "Tracing": "Active" if api else "PassThrough",
                       "LoggingConfig": dict(LOGGING_CONFIG)}
        if not api:
            patch["MemorySize"] = CONSUMER_MEMORY_MB
        if _handler_name(fn, sam) in function_timeouts():
            patch["Timeout"] = function_timeouts()[_handler_name(fn, sam)]
        events = {}
        for ev_name, ev in (props.get("Events") or {}).items():
            if ev.get("Type") == "SQS":
                events[ev_name] = {"Properties": {"FunctionResponseTypes": ["ReportBatchItemFailures"]}}
            elif ev.get("Type") == "DynamoDB":
                events[ev_name] = {"Properties": stream_source(fn, sam)}
            elif ev.get("Type") == "SNS" and (topic := _own_topic(ev, resources)):
                # chalice names an existing topic by ARN string (Fn::Sub ...:salur-inbound-mail): nothing
                # tells CloudFormation the subscription needs the topic this template creates.  "${Topic}"
                # is the same ARN *and* a reference, so the topic is created first.
                events[ev_name] = {"Properties": {"Topic": {"Fn::Sub": f"${{{topic}}}"}}}
        if events:
            patch["Events"] = events
        if any(ev.get("Type") == "Schedule" for ev in (props.get("Events") or {}).values()):
            patch["EventInvokeConfig"] = schedule_invoke_config()
        resources[fn] = {"Properties": patch}
        resources[f"{fn}ErrorsAlarm"] = _alarm(f"{fn}-errors", f"{fn} raised errors (unhandled exceptions).",
                                               "Errors", fn)
        resources[f"{fn}ThrottlesAlarm"] = _alarm(f"{fn}-throttles", f"{fn} was throttled (concurrency).",
                                                  "Throttles", fn)
        role = (props.get("Role") or {}).get("Fn::GetAtt", [None])[0]
        if role and role in sam["Resources"]:
            resources[role] = {"Properties": {"Policies": [{"PolicyName": f"{role}Policy",
                                                            "PolicyDocument": policy}]}}
    for name, res in sam["Resources"].items():
        if res["Type"] == "AWS::Serverless::Api":
            resources[name] = {"Properties": {
                "MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": True,
                                    "ThrottlingRateLimit": THROTTLE_RATE,
                                    "ThrottlingBurstLimit": THROTTLE_BURST}],
                "TracingEnabled": True,
                "GatewayResponses": {k: {f: v for f, v in r.items() if v is not None}
                                     for k, r in gateway_responses().items()}}}
    merged = {"Resources": resources, "Outputs": outputs}
    for section in ("Parameters", "Conditions"):
        if cloud.get(section):
            merged[section] = cloud[section]
    return merged


#: cfn-lint rules ignored, each with its reason (none needed today: the packaged template is clean).
CFN_LINT_IGNORES: dict[str, str] = {}


def cfn_lint(path: str) -> tuple[int, str]:
    """cfn-lint the packaged template; returns (errors, output).  Warnings are reported, not fatal."""
    exe = os.path.join(os.path.dirname(sys.executable), "cfn-lint")
    cmd = [exe, "--format", "parseable", "--regions", "ap-southeast-3"]
    for rule in sorted(CFN_LINT_IGNORES):
        cmd += ["--ignore-checks", rule]
    proc = subprocess.run(cmd + ["--", path], capture_output=True, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ":E" in ln]
    return len(errors), proc.stdout + proc.stderr


#: checkov checks skipped (each fails without the skip; reasons below).  checkov is not in
#: requirements-dev.txt: it takes ~5 minutes to install, pins boto3/botocore to older versions
#: than the app uses, and calls a SaaS endpoint unless --skip-download.  Install it in its own
#: environment (``pipx install checkov``); package.py runs it when it is on PATH.
CHECKOV_SKIPS = {
    "CKV_AWS_27": "Queues are encrypted with SSE-SQS (SqsManagedSseEnabled: true); the check only "
                  "recognises KmsMasterKeyId (SSE-KMS), which would add a KMS call per message.",
    "CKV_AWS_26": "The SNS alarm topic carries alarm names only, no personal data.  The inbound-mail topic "
                  "carries mail content (SES → SNS → Lambda, TLS in transit, nothing kept by SNS): encrypting "
                  "it needs a customer-managed KMS key whose policy admits ses.amazonaws.com (SES cannot use "
                  "the AWS-managed SNS key) - a follow-up, not a blocker.",
    "CKV_AWS_119": "DynamoDB tables are encrypted at rest (SSESpecification, AWS-managed key); a customer "
                   "CMK adds KMS cost per request with no exposure reduced for this data.",
    "CKV_AWS_116": "SQS sources have redrive DLQs on the queues; scheduled (asynchronous) functions have an "
                   "on-failure destination (EventInvokeConfig → SchedulesDLQ), which the check does not "
                   "recognise; the API is synchronous.",
    "CKV_AWS_117": "Lambda outside a VPC: it reaches only DynamoDB/SQS/SES/SNS endpoints; a VPC would add "
                   "NAT cost and cold-start latency for no isolation gain.",
    "CKV_AWS_173": "Function environments hold resource names and queue URLs only (no secrets); the "
                   "AWS-managed Lambda key encrypts them at rest.",
    "CKV_AWS_120": "API caching off: answers are per caller (access codes, API keys) or must be fresh; "
                   "public statistics set Cache-Control for CDNs instead.",
    "CKV_AWS_21": "Media bucket without versioning: a reporter's or agency's erasure must remove the photo (a "
                  "kept noncurrent version would not), and objects are written once under fresh keys, so there "
                  "is nothing to roll back.",
    "CKV_AWS_18": "Media bucket without S3 server access logs: objects are read only through 5-minute presigned "
                  "URLs that Salur issues to a known reporter or agency and logs (request id, case); a log bucket "
                  "of its own would hold requester IPs of every citizen who opens a photo.",
    "CKV_AWS_76": "API access logs duplicate the function's structured JSON logs, which carry the API "
                  "Gateway request id on every line (chalicelib/handlers/middleware.py).",
}


def checkov(path: str) -> tuple[int | None, str]:
    """Run checkov if installed (separate tool; see requirements-dev.txt note); None when unavailable."""
    exe = (os.environ.get("CHECKOV") or shutil.which("checkov")
           or os.path.join(os.path.dirname(sys.executable), "checkov"))
    if not os.path.exists(exe):
        return None, "checkov not installed"
    cmd = [exe, "-f", path, "--framework", "cloudformation", "--compact", "--quiet", "--skip-download",
           "--skip-check", ",".join(sorted(CHECKOV_SKIPS))]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


#: top-level distributions the Lambda runtime provides (boto3 and its dependencies): left out of the zip
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3")  # holidays needs dateutil: kept
#: the X-Ray SDK and its dependency, needed only by the Powertools Tracer (``--trace``)
TRACE_SDK = ("aws_xray_sdk", "wrapt")
#: data folders of packaged libraries Salur never loads: phonenumbers' geocoder, carrier and time-zone tables
#: (~21 MB; only ``phonenumbers.geocoder``/``carrier``/``timezone`` read them, and ``domain/contacts`` parses and
#: formats numbers only; tests/unit/test_phone_numbers.py checks that it stays so)
UNUSED_DATA = ("phonenumbers/geodata/", "phonenumbers/carrierdata/", "phonenumbers/tzdata/")


def _top_level(name: str) -> str:
    """The distribution a zip entry belongs to: ``botocore/x.py`` → botocore, ``six.py`` → six,
    ``boto3-1.2.dist-info/...`` → boto3, ``python_dateutil-2.9.dist-info`` → dateutil."""
    first = name.split("/", 1)[0]
    if first.endswith((".dist-info", ".data")):
        first = first.rsplit("-", 1)[0] if first.count("-") else first
        first = first.split("-")[0].replace("python_", "")
    return first[:-3] if first.endswith(".py") else first


def slim_package(path: str, trace_sdk: bool = False) -> dict:
    """Rewrite ``deployment.zip`` without what the runtime provides (and the X-Ray SDK when tracing is off, and
    ``UNUSED_DATA``);
    returns the sizes before and after, zipped and unzipped."""
    import zipfile

    drop = set(RUNTIME_PROVIDED) | (set() if trace_sdk else set(TRACE_SDK))
    before = os.path.getsize(path)
    tmp = path + ".slim"
    unzipped_before = unzipped = 0
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            unzipped_before += info.file_size
            if _top_level(info.filename) in drop or info.filename.startswith(UNUSED_DATA):
                continue
            unzipped += info.file_size
            dst.writestr(info, src.read(info.filename))
    os.replace(tmp, path)
    return {"zipped_before": before, "unzipped_before": unzipped_before, "zipped": os.path.getsize(path),
            "unzipped": unzipped, "dropped": sorted(drop) + [d.rstrip("/") for d in UNUSED_DATA]}


def build(lint: bool = True, out=sys.stdout, trace_sdk: bool = False) -> dict:
    os.makedirs(BUILD, exist_ok=True)
    discovered = chalice_package(os.path.join(BUILD, "discover"))
    merge = merge_template(discovered, trace_sdk=trace_sdk)
    merge_path = os.path.join(BUILD, "merge.json")
    with open(merge_path, "w", encoding="utf-8") as fh:
        json.dump(merge, fh, indent=1)
    package_dir = os.path.join(BUILD, "package")
    sam = chalice_package(package_dir, merge_path)
    shutil.rmtree(os.path.join(BUILD, "discover"), ignore_errors=True)
    sam_path = os.path.join(package_dir, "sam.json")
    print(f"packaged: {sam_path} ({len(sam['Resources'])} resources)", file=out)
    sizes = slim_package(os.path.join(package_dir, "deployment.zip"), trace_sdk=trace_sdk)
    mb = 1024 * 1024
    print(f"deployment.zip: {sizes['zipped'] / mb:.1f} MB zipped, {sizes['unzipped'] / mb:.1f} MB unzipped "
          f"(was {sizes['zipped_before'] / mb:.1f} / {sizes['unzipped_before'] / mb:.1f} MB; left out, provided by "
          f"the runtime or unused without --trace: {', '.join(sizes['dropped'])})", file=out)
    result = {"sam": sam, "sam_path": sam_path, "merge_path": merge_path, "sizes": sizes}
    if lint:
        errors, text = cfn_lint(sam_path)
        result["cfn_lint_errors"], result["cfn_lint_output"] = errors, text
        print(f"cfn-lint: {errors} error(s)", file=out)
        if text.strip():
            print(text, file=out)
        ck, ck_text = checkov(sam_path)
        result["checkov"] = ck
        print(f"checkov: {'not installed' if ck is None else ('passed' if ck == 0 else 'FAILED')}", file=out)
        if ck:
            print(ck_text, file=out)
        if errors:
            raise PackageError("cfn-lint reported errors")
        if ck:
            raise PackageError("checkov reported failed checks")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.package")
    parser.add_argument("--no-lint", action="store_true")
    parser.add_argument("--trace", action="store_true", help="enable the Powertools Tracer (X-Ray SDK) in every function")
    args = parser.parse_args(argv)
    try:
        build(lint=not args.no_lint, trace_sdk=args.trace)
    except PackageError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
