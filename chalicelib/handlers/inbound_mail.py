"""SNS entry point of the email door: SES receipt rule → topic ``salur-inbound-mail`` → this handler."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.services import email_door

bp = Blueprint(__name__)


@bp.on_sns_message(topic="salur-inbound-mail")
def inbound_email(event):
    return email_door.handle_notification(event.message)
