"""`chalice local` whose gateway edges answer as Salur's deployed API Gateway does.

    python -m scripts.chalice_local local --no-autoreload --port 8000 --stage local

The same command line as the ``chalice`` CLI (scripts/local_run.py starts it).  Chalice's local
server is a stand-in for API Gateway and differs from the deployed one in ways a fuzzer finds:

* a path no route matches answered 403 ``{"message": "Missing Authentication Token"}``; deployed,
  the gateway response ``MISSING_AUTHENTICATION_TOKEN`` (infra/package.py ``GATEWAY_RESPONSES``)
  answers 404 in Salur's error shape, so here too;
* a method the HTTP server has no handler for (TRACE, CONNECT, WebDAV verbs, ...) answered an HTML
  501; here it goes to the app like PATCH does, which answers 405 in Salur's error shape;
* OPTIONS was answered 200 by a CORS stand-in although Salur configures no CORS; it goes to the app
  too (405);
* a HEAD answer carried a body, which corrupts the next answer on a kept-alive connection;
* its access log printed whole URLs: a rejected ``?api_key=`` (or any secret in a query) landed in the log;
  here query values are masked unless harmless (``log_safe``).
"""
from __future__ import annotations

import sys


def _gateway_error(handler, status: int, code: str) -> None:
    import json

    from chalicelib.api.errors import error_body
    from chalicelib.api.i18n import language

    body = json.dumps(error_body(code, language(handler.headers.get("accept-language"))),
                      ensure_ascii=False).encode("utf-8")
    handler._send_http_response(status, {"Content-Type": "application/json; charset=utf-8",
                                         "Cache-Control": "no-store"}, body)


#: query parameters whose values may appear in the access log; every other value is masked (an ``api_key``,
#: ``hub.verify_token`` or access code a caller put in a URL — accepted or not — never lands in a log)
LOGGED_PARAMS = frozenset({"status", "limit", "level", "province", "period", "start_date", "end_date", "month",
                           "service_code", "agency_id", "webhook_id", "hub.mode", "lang"})


def log_safe(line: str) -> str:
    """A request line with query values masked unless harmless (``LOGGED_PARAMS``), and no personal data."""
    from urllib.parse import parse_qsl, quote

    from chalicelib.adapters.observability import redact

    head, sep, rest = line.partition("?")
    if not sep:
        return redact(line)
    query, space, tail = rest.partition(" ")
    pairs = parse_qsl(query, keep_blank_values=True)
    shown = "&".join(f"{quote(k)}={quote(v) if k in LOGGED_PARAMS else '[redacted]'}" for k, v in pairs)
    return redact(f"{head}?{shown}{space}{tail}")


def patch() -> None:
    from chalice import local

    handler = local.ChaliceRequestHandler
    if getattr(handler, "_salur_patched", False):
        return
    original_log_message = handler.log_message

    def log_message(self, format, *args):  # noqa: A002 - http.server's own signature
        return original_log_message(self, format, *(log_safe(a) if isinstance(a, str) else a for a in args))
    original_send_error = handler._send_error_response
    original_with_body = handler._send_http_response_with_body

    def _send_error_response(self, error):
        if isinstance(error, local.ForbiddenError):  # no route matches (Salur has no authorizers)
            return _gateway_error(self, 404, "not_found")
        return original_send_error(self, error)

    def _send_http_response_with_body(self, code, headers, body):
        if self.command != "HEAD":
            return original_with_body(self, code, headers, body)
        if not isinstance(body, bytes):
            body = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
        self._send_headers(headers)  # headers only: a HEAD answer has no body

    def __getattr__(self, name):
        if name.startswith("do_"):  # any method: let the app (and its middleware) answer
            return self._generic_handle
        raise AttributeError(name)

    original_handle_request = local.LocalGateway.handle_request

    def handle_request(self, method, path, headers, body):
        if method == "OPTIONS":  # no CORS configured: the app answers (405), not a CORS stand-in
            lambda_event = self._generate_lambda_event(method, path, headers, body)  # ValueError → 404 above
            context = self._generate_lambda_context()
            return self._app_object(lambda_event, context)
        return original_handle_request(self, method, path, headers, body)

    def _generate_lambda_event(self, method, path, headers, body):
        try:
            return original_generate(self, method, path, headers, body)
        except ValueError:
            raise local.ForbiddenError({}, b"") from None

    original_generate = local.LocalGateway._generate_lambda_event
    handler.log_message = log_message
    handler._send_error_response = _send_error_response
    handler._send_http_response_with_body = _send_http_response_with_body
    handler.__getattr__ = __getattr__
    local.LocalGateway.handle_request = handle_request
    local.LocalGateway._generate_lambda_event = _generate_lambda_event
    handler._salur_patched = True


def main() -> int:
    patch()
    from chalice.cli import main as chalice_main

    sys.argv[0] = "chalice"
    return chalice_main()


if __name__ == "__main__":
    raise SystemExit(main())
