"""AWS adapters that actually deliver: SES for email, SNS for SMS."""
from __future__ import annotations

from chalicelib import config
from chalicelib.adapters.aws_clients import client


def mail_from() -> str:
    return config.env("SALUR_MAIL_FROM", "Salur <no-reply@salur.go.id>")


def send_email(to: str, subject: str, text: str, html: str | None = None, reply_to: str | None = None,
               headers_in_reply_to: str | None = None) -> str:
    body = {"Text": {"Data": text, "Charset": "UTF-8"}}
    if html:
        body["Html"] = {"Data": html, "Charset": "UTF-8"}
    kwargs = {"Source": mail_from(), "Destination": {"ToAddresses": [to]},
              "Message": {"Subject": {"Data": subject, "Charset": "UTF-8"}, "Body": body}}
    if reply_to:
        kwargs["ReplyToAddresses"] = [reply_to]
    return client("ses").send_email(**kwargs)["MessageId"]


def send_sms(phone: str, text: str) -> str:
    return client("sns").publish(PhoneNumber=phone, Message=text, MessageAttributes={
        "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
        "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": "SALUR"}})["MessageId"]
