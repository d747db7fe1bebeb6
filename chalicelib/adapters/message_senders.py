"""AWS adapters that actually deliver: SES for email, SNS for SMS.

A mail that must carry its own headers (the alert digest's ``List-Unsubscribe`` and ``List-Unsubscribe-Post``,
RFC 2369/8058) goes as SES ``SendRawEmail`` of a MIME message the standard library's ``email`` package builds: SES
v1 ``SendEmail`` cannot set headers, and moto drops the ``Content.Simple.Headers`` of SES v2 ``SendEmail``
(``tests/integration/test_area_alerts.py`` shows it), so the raw message is the one form whose headers a test
can see arrive.  Every other mail is sent exactly as before.
"""
from __future__ import annotations

from chalicelib import config
from chalicelib.adapters.aws_clients import client


def mail_from() -> str:
    return config.env("SALUR_MAIL_FROM", "Salur <no-reply@salur.go.id>")


def mime_message(to: str, subject: str, text: str, html: str | None, reply_to: str | None,
                 headers: dict[str, str]) -> bytes:
    """The whole message (text, and HTML as its alternative) with ``headers`` added.  A header value with a line
    break is refused (ValueError), so no caller's value can add a header or a recipient."""
    from email.message import EmailMessage
    from email.policy import SMTP

    msg = EmailMessage(policy=SMTP.clone(cte_type="7bit"))  # 7-bit on the wire: any relay takes it
    msg["From"], msg["To"], msg["Subject"] = mail_from(), to, subject
    if reply_to:
        msg["Reply-To"] = reply_to
    for name, value in headers.items():
        msg[name] = value
    msg.set_content(text, charset="utf-8")
    if html:
        msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg.as_bytes()


def send_email(to: str, subject: str, text: str, html: str | None = None, reply_to: str | None = None,
               headers_in_reply_to: str | None = None, headers: dict[str, str] | None = None) -> str:
    if headers:
        return client("ses").send_raw_email(Source=mail_from(), Destinations=[to], RawMessage={
            "Data": mime_message(to, subject, text, html, reply_to, headers)})["MessageId"]
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
