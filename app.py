"""Salur: routes and event handlers only; each delegates to chalicelib."""
from chalice import Chalice, Rate

from chalicelib.adapters import observability
from chalicelib.api import citizen as web
from chalicelib.api.http import error_middleware
from chalicelib.domain.clock import parse

app = Chalice(app_name="salur")
app.register_middleware(error_middleware, "http")
# Raw mail (POST /v1/channels/email) reaches the function as bytes: API Gateway would otherwise pass it as text.
app.api.binary_types.append("message/rfc822")
observability.register(app)


@app.route("/v1/complaints", methods=["POST"])
def file_complaint():
    return web.file_complaint(app.current_request)


@app.route("/v1/complaints/{tracking_id}", methods=["GET"])
def get_complaint(tracking_id):
    return web.get_complaint(app.current_request, tracking_id)


@app.route("/v1/health", methods=["GET"])
def health():
    return web.health(app.current_request)


@app.route("/openapi.json", methods=["GET"])
def openapi():
    from chalicelib.api import openapi as spec

    return spec.document_response(app)


@app.route("/v1/complaints/{tracking_id}/feedback", methods=["POST"])
def complaint_feedback(tracking_id):
    return web.reporter_action(app.current_request, tracking_id, "feedback")


@app.route("/v1/complaints/{tracking_id}/info", methods=["POST"])
def complaint_info(tracking_id):
    return web.reporter_action(app.current_request, tracking_id, "info")


@app.route("/v1/routing/preview", methods=["POST"])
def routing_preview():
    return web.routing_preview(app.current_request)


@app.route("/v1/agencies", methods=["GET"])
def list_agencies():
    return web.list_agencies(app.current_request)


@app.route("/v1/agencies/{agency_id}", methods=["GET"])
def get_agency(agency_id):
    return web.get_agency(app.current_request, agency_id)


@app.route("/v1/matters", methods=["GET"])
def list_matters():
    return web.list_matters(app.current_request)


@app.schedule(Rate(15, unit=Rate.MINUTES))
def sweep_overdue(event):
    from chalicelib.services import sweeper

    return sweeper.sweep(now=parse(event.time))


@app.on_sqs_message(queue="salur-escalations", batch_size=10)
def handle_escalation(event):
    from chalicelib.services import sweeper

    return sweeper.handle_batch(event)


@app.schedule(Rate(1, unit=Rate.MINUTES))
def relay_outbox(event):
    from chalicelib.services import outbox_relay as events

    return {"sent": events.relay_pending(now=parse(event.time))}


from chalicelib.api import agency, channels, open311
from chalicelib.api import stats as ops  # noqa: E402  (blueprints after the core routes)

app.register_blueprint(agency.bp)
app.register_blueprint(channels.bp)
app.register_blueprint(open311.bp)
app.register_blueprint(ops.bp)
