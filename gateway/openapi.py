"""OpenAPI 3 document generated from the route table (so it can never drift from what is served)."""
import re

from shared import config

PARAM = re.compile(r"{(\w+)}")
SECURITY = {
    "access": [{"bearerAuth": []}, {"accessCookie": []}],
    "refresh": [{"bearerAuth": []}, {"refreshCookie": []}],
}


def operation(route):
    op_id = f"{route.service}.{route.rpc}"
    if "collection" in route.params:
        op_id += f".{route.params['collection']}"
    op = {
        "operationId": op_id,
        "tags": [route.service],
        "parameters": [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                       for name in PARAM.findall(route.path)],
        "responses": {str(route.status): {"description": "Success"}},
    }
    if route.method in ("POST", "PUT"):
        op["requestBody"] = {"required": False,
                             "content": {"application/json": {"schema": {"type": "object"}}}}
    if route.rule in SECURITY:
        op["security"] = SECURITY[route.rule]
        op["responses"]["401"] = {"description": "Missing, expired or revoked token"}
    else:
        op["security"] = []
    return op


def build(routes):
    paths = {}
    for route in routes:
        paths.setdefault(route.path, {})[route.method.lower()] = operation(route)
    return {
        "openapi": "3.0.3",
        "info": {"title": f"{config.API_NAME} API (Kitsu compatible)",
                 "version": config.API_VERSION},
        "servers": [{"url": "/api"}, {"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {"securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            "accessCookie": {"type": "apiKey", "in": "cookie", "name": "access_token_cookie"},
            "refreshCookie": {"type": "apiKey", "in": "cookie", "name": "refresh_token_cookie"},
        }},
    }
