"""Salur: the Chalice app and its registrations only; every route and handler lives in chalicelib."""
from chalice import Chalice

from chalicelib import config
from chalicelib.api import (agency, channels, citizen, citizen_pages, cross_origin, desk_pages, open311, page_assets,
                            staff, stats)
from chalicelib.api.errors import error_middleware
from chalicelib.api.openapi import document_response
from chalicelib.handlers import inbound_mail, media_scans, middleware, queues, schedules, streams

config.require_secrets()  # a deployed stage without its secrets refuses to start
app = Chalice(app_name="salur")
app.register_middleware(cross_origin.cors_middleware, "http")  # outermost: error answers carry CORS too
app.register_middleware(error_middleware, "http")
# Raw mail (POST /v1/channels/email) reaches the function as bytes: API Gateway would otherwise pass it as text.
app.api.binary_types.append("message/rfc822")
middleware.register(app)

for blueprint in (citizen.bp, agency.bp, staff.bp, channels.bp, open311.bp, stats.bp, citizen_pages.bp, desk_pages.bp,
                  page_assets.bp,
                  queues.bp, streams.bp, schedules.bp, inbound_mail.bp, media_scans.bp):
    app.register_blueprint(blueprint)


@app.route("/openapi.json", methods=["GET"])
def openapi():
    """This document, built from the app's own route table."""
    return document_response(app)


cross_origin.register_preflight(app)  # last: an OPTIONS route for every API path registered above
