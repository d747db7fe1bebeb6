"""Intake doors other than the JSON API: SMS 1708, inbound email, chat webhook, Open311.

Each door parses its own format, then files through ``chalicelib.intake.file_complaint``
(the one intake service) and answers on the same channel.
"""
