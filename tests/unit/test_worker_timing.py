"""The local worker (#17 item 14) returns a failed message for the deployed visibility timeout, the very value
the cloud package gives the queue and the send claims' lease is derived from."""
from __future__ import annotations

from types import SimpleNamespace

from botocore.stub import Stubber


def test_every_work_queue_is_retried_after_its_deployed_timeout():
    from chalicelib import config
    from infra.bootstrap import load_template
    from scripts.worker import retry_after_seconds

    queues = [r["Properties"] for r in load_template()["Resources"].values()
              if r["Type"] == "AWS::SQS::Queue" and "RedrivePolicy" in r["Properties"]]
    assert len(queues) == len(config.QUEUE_MAX_RECEIVES)
    for q in queues:
        assert retry_after_seconds(q["QueueName"]) == q["VisibilityTimeout"] == config.QUEUE_VISIBILITY_SECONDS


def test_a_failed_message_is_hidden_for_the_deployed_timeout_not_seconds():
    import boto3

    from chalicelib import config
    from scripts.worker import Worker

    sqs = boto3.client("sqs", region_name="ap-southeast-3", aws_access_key_id="x", aws_secret_access_key="x")
    url = "https://sqs.ap-southeast-3.amazonaws.com/123456789012/salur-notifications"
    arn = "arn:aws:sqs:ap-southeast-3:123456789012:salur-notifications"
    class SQSEventConfig:  # what the worker reads of chalice's event source (it matches by class name)
        name, queue, queue_arn, batch_size, handler_string = ("send_notifications", "salur-notifications", None, 10,
                                                              "x.send_notifications")

    src = SQSEventConfig()
    failing = lambda event, ctx: {"batchItemFailures": [{"itemIdentifier": "m-1"}]}  # noqa: E731
    worker = Worker.__new__(Worker)
    worker.module = SimpleNamespace(send_notifications=failing)
    worker.app = SimpleNamespace(event_sources=[src])
    worker.sqs = sqs
    with Stubber(sqs) as stub:
        stub.add_response("get_queue_url", {"QueueUrl": url}, {"QueueName": "salur-notifications"})
        stub.add_response("get_queue_attributes", {"Attributes": {"QueueArn": arn}},
                          {"QueueUrl": url, "AttributeNames": ["QueueArn"]})
        stub.add_response("receive_message", {"Messages": [{"MessageId": "m-1", "ReceiptHandle": "r-1", "Body": "{}"}]},
                          {"QueueUrl": url, "MaxNumberOfMessages": 10, "WaitTimeSeconds": 0, "AttributeNames": ["All"]})
        stub.add_response("change_message_visibility", {},
                          {"QueueUrl": url, "ReceiptHandle": "r-1", "VisibilityTimeout": config.QUEUE_VISIBILITY_SECONDS})
        assert worker.drain_once() == 1
        stub.assert_no_pending_responses()
