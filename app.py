"""Salur: routes and event handlers only; each delegates to chalicelib."""
from chalice import Chalice

from chalicelib import observability, web
from chalicelib.http import error_middleware

app = Chalice(app_name="salur")
app.register_middleware(error_middleware, "http")
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
    from chalicelib import openapi as spec

    return spec.document_response(app)


from chalicelib.api import agency, channels, open311, ops  # noqa: E402  (blueprints after the core routes)

app.register_blueprint(agency.bp)
app.register_blueprint(channels.bp)
app.register_blueprint(open311.bp)
app.register_blueprint(ops.bp)
