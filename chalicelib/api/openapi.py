"""OpenAPI 3.1 document built from the pydantic models and the app's route table.

Each route documents its request body, its success shape and every status code it
can return, so generated clients and fuzzers (schemathesis) can rely on it.
"""
from __future__ import annotations

import functools
import json
import re

from chalice import Response

from chalicelib.domain.directory import get_directory

ERROR_CODES = {
    "400": "Malformed request (bad JSON, bad cursor, bad header).",
    "401": "Missing or invalid API key.",
    "403": "Authenticated but not allowed.",
    "404": "Unknown, or not visible to the caller.",
    "405": "Method not allowed on this path.",
    "409": "Conflict (idempotency key reuse, stale version, illegal transition).",
    "413": "Body too large.",
    "415": "Unsupported content type.",
    "422": "Validation failed; `fields` names each bad field.",
    "429": "Too many requests.",
}

#: the paths this document describes: the JSON API (pages, their assets and CORS preflights are not API)
API_PREFIXES = ("/v1/", "/open311/", "/openapi.json")


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIXES)


# (method, path) → documentation. Paths are Chalice's, e.g. /v1/complaints/{tracking_id}.
OPERATIONS: dict[tuple[str, str], dict] = {}


def operation(method: str, path: str, *, summary: str, request: str | None = None, response: str | None = None,
              success: str = "200", errors: tuple[str, ...] = ("400", "404"), tags: tuple[str, ...] = (),
              params: tuple[dict, ...] = (), security: bool = False, content_type: str = "application/json",
              description: str = "", error_schema: str = "ErrorResponse",
              response_content_type: str = "application/json", validation_status: str = "422",
              error_content_type: str | None = None, other_success: tuple[str, ...] = ()) -> None:
    """Document one route.  ``errors`` lists the statuses particular to it; the builder adds the ones
    every route can answer (``ALWAYS``) and those its shape implies (``_implied_errors``).
    ``validation_status``: what a failed body/query validation answers (Open311 says 400).
    ``other_success``: further success statuses with the same body (a 302 that answers 200 on request)."""
    OPERATIONS[(method.upper(), path)] = dict(summary=summary, request=request, response=response, success=success,
                                              errors=errors, tags=tags, params=params, security=security,
                                              content_type=content_type, description=description,
                                              error_schema=error_schema, response_content_type=response_content_type,
                                              validation_status=validation_status,
                                              error_content_type=error_content_type or response_content_type,
                                              other_success=other_success)


# Plain JSON schemas registered by feature modules (no pydantic needed at import).
RAW_SCHEMAS: dict[str, dict] = {}


def register_schemas(schemas: dict[str, dict]) -> None:
    RAW_SCHEMAS.update(schemas)


def header_param(name: str, description: str, required: bool = False) -> dict:
    return {"name": name, "in": "header", "required": required, "description": description,
            "schema": {"type": "string"}}


def query_param(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


LANG = header_param("Accept-Language", "`en` for English messages; Indonesian by default.")

#: Shared parameter schemas (components/schemas), so every parameter of a kind is described alike.
IDEMPOTENCY_KEY = {"type": "string", "pattern": r"^[\x21-\x7e]{1,128}$"}
AGENCY_ID = {"$ref": "#/components/schemas/AgencyId"}
PROVINCE_CODE = {"$ref": "#/components/schemas/ProvinceCode"}
MONTH = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}


def limit_param(maximum: int, default: int) -> dict:
    return query_param("limit", f"Page size 1–{maximum} (default {default}).",
                  {"type": "integer", "minimum": 1, "maximum": maximum})


def cursor_param() -> dict:
    return query_param("cursor", "Opaque `next_cursor` of the previous page (same query).",
                  {"type": "string", "maxLength": 4096})


def _directory_schemas() -> dict:
    """Agency ids (a pattern: ~700 of them would make a huge enum) and province codes (a closed set)."""
    d = get_directory()
    return {"AgencyId": {"type": "string", "pattern": r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$", "maxLength": 64,
                         "description": "An agency id from the directory (GET /v1/agencies), e.g. "
                                        "`pemkot-51.71`; an id not in it answers 422 `unknown_agency`."},
            "ProvinceCode": {"type": "string", "description": "2-digit Kemendagri province code.",
                             "enum": sorted(c for c, r in d.regions.items() if r.level == "province")}}

def _models() -> dict:
    from chalicelib.api import schemas as models

    return {name: getattr(models, name) for name in dir(models)
            if isinstance(getattr(models, name), type) and hasattr(getattr(models, name), "model_json_schema")
            and getattr(models, name).__module__ == models.__name__}


def _schemas() -> dict:
    from pydantic.json_schema import models_json_schema

    all_models = _models()
    pairs = [(m, "validation") for m in all_models.values()]
    _, top = models_json_schema(pairs, ref_template="#/components/schemas/{model}")
    return top.get("$defs", {})


def _path_params(path: str) -> list[dict]:
    return [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
            for n in re.findall(r"{(\w+)}", path)]


#: answered by the shared machinery on every route: bad header/body/cursor, wrong method, body too
#: large, wrong content type, throttling (API Gateway).
ALWAYS = frozenset({"400", "405", "413", "415", "429"})


def _implied_errors(path: str, op: dict, doc: dict) -> set[str]:
    """Statuses an operation can return because of its shape, whatever its own list says: an id in
    the path can be unknown (404); a body or a query parameter can fail validation (422)."""
    implied = set(ALWAYS)
    if "{" in path:
        implied.add("404")
    if op.get("requestBody") or any(p.get("in") == "query" for p in op.get("parameters", ())):
        implied.add(doc.get("validation_status", "422"))
    return implied


def build(app) -> dict:
    paths: dict[str, dict] = {}
    for path, methods in sorted(app.routes.items()):
        if not is_api_path(path):
            continue
        for method in sorted(m for m in methods if m != "OPTIONS"):
            doc = OPERATIONS.get((method, path), {"summary": f"{method} {path}", "errors": ("400", "404"),
                                                  "success": "200", "params": (), "tags": ()})
            op: dict = {"summary": doc["summary"], "operationId": methods[method].view_name,
                        "parameters": _path_params(path) + list(doc.get("params", ())) + [LANG],
                        "responses": {}}
            if doc.get("description"):
                op["description"] = doc["description"]
            if doc.get("tags"):
                op["tags"] = list(doc["tags"])
            if doc.get("request"):
                op["requestBody"] = {"required": True, "content": {doc.get("content_type", "application/json"): {
                    "schema": {"$ref": f"#/components/schemas/{doc['request']}"}}}}
            ok: dict = {"description": "Success"}
            rtype = doc.get("response_content_type", "application/json")
            success = doc.get("success", "200")
            if success == "204":
                pass  # No Content: no body to describe
            elif doc.get("response"):
                ok["content"] = {rtype: {"schema": {"$ref": f"#/components/schemas/{doc['response']}"}}}
            else:
                ok["content"] = {rtype: {"schema": {"type": "string" if rtype.startswith("text/") else "object"}}}
            op["responses"][success] = ok
            for other in doc.get("other_success", ()):
                op["responses"][other] = ok
            errors = set(doc.get("errors", ())) | _implied_errors(path, op, doc)
            if doc.get("security"):
                errors |= {"401", "403"}
                op["security"] = [{"ApiKey": []}]
            for code in sorted(errors):
                op["responses"][code] = {"description": ERROR_CODES.get(code, "Error"), "content": {
                    doc.get("error_content_type") or rtype: {
                        "schema": {"$ref": f"#/components/schemas/{doc.get('error_schema', 'ErrorResponse')}"}}}}
            if path == "/v1/health":
                op["responses"]["503"] = {"description": "A table does not answer.",
                                          "content": {"application/json": {"schema": {"type": "object"}}}}
            paths.setdefault(path, {})[method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "Salur API", "version": "1.0.0",
                 "description": "National public-service complaint channel: file, route, follow up, escalate."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": {**_schemas(), **RAW_SCHEMAS, **_directory_schemas()},
                       "securitySchemes": {"ApiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}},
    }


@functools.lru_cache(maxsize=1)
def _cached(app_id: int, app) -> str:

    return json.dumps(build(app), ensure_ascii=False)


def document_response(app):

    return Response(body=_cached(id(app), app), status_code=200,
                    headers={"Content-Type": "application/json", "Cache-Control": "public, max-age=300"})
