"""Notifications: domain events (outbox → ``notifications`` queue) become emails (SES) and SMS (SNS).

``plan`` (pure) decides who hears what, ``templates`` (pure) words it in Indonesian or
English, ``service`` claims each (event, recipient) once in DynamoDB and sends it.
"""
