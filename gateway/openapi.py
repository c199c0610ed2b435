"""OpenAPI 3 document generated from the route table (so it can never drift from what is served).

It describes what a client (or a fuzzer: tests/test_fuzzing.py) needs to get past validation:
path parameters (ids are UUIDs, dates are dates), the query parameters of the lists, the JSON
bodies of the generic CRUD collections (from their fields, shared/crud/fields.py) and of the
action routes most used (BODIES)."""
import re

from shared import config

PARAM = re.compile(r"{(\w+)}")
SECURITY = {
    "access": [{"bearerAuth": []}, {"accessCookie": []}],
    "refresh": [{"bearerAuth": []}, {"refreshCookie": []}],
}
UUID = {"type": "string", "format": "uuid"}
UUIDS = {"type": "array", "items": UUID}
TEXT = {"type": "string"}
INTEGER = {"type": "integer", "minimum": -2**31, "maximum": 2**31 - 1}
KINDS = ["assets", "shots", "sequences", "episodes", "scenes", "edits", "concepts"]
PATH_PARAMS = {
    "date": {"type": "string", "format": "date"},
    "year": {"type": "integer", "minimum": 1970, "maximum": 2100},
    "month": {"type": "integer", "minimum": 1, "maximum": 12},
    "week": {"type": "integer", "minimum": 1, "maximum": 53},
    "day": {"type": "integer", "minimum": 1, "maximum": 31},
    "month_date": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
    "entity_type": {"type": "string", "enum": KINDS},
    "field_name": TEXT, "file_name": TEXT,
}
LIST_OPTIONS = {"page": INTEGER, "limit": INTEGER, "relations": {"type": "boolean"},
                "fields": TEXT}
PAGINATED = {"project_comments", "project_tasks", "project_news", "open_projects_news",
             "project_entity_links", "open_tasks", "events_last", "login_logs_last"}


def obj(required=(), **properties):
    schema = {"type": "object", "properties": properties}
    return {**schema, "required": list(required)} if required else schema


# The bodies of the action routes, by RPC method (the others: any JSON object).
BODIES = {
    "login": obj(("email", "password"), email=TEXT, password=TEXT),
    "create_entity": obj(("name",), name=TEXT, description=TEXT, data={"type": "object"},
                         sequence_id=UUID, episode_id=UUID, parent_id=UUID, nb_frames=INTEGER),
    "update_entity": obj(name=TEXT, description=TEXT, data={"type": "object"}, parent_id=UUID,
                         nb_frames=INTEGER),
    "delete_entities": UUIDS, "delete_tasks": UUIDS, "create_tasks_for_kind": UUIDS,
    "add_shot_to_scene": obj(("shot_id",), shot_id=UUID),
    "update_entity_casting": {"type": "array", "items": obj(
        ("asset_id",), asset_id=UUID, nb_occurences=INTEGER, label=TEXT)},
    "update_asset_casting": {"type": "array", "items": obj(
        ("asset_id",), asset_id=UUID, nb_occurences=INTEGER, label=TEXT)},
    "cast_asset": obj(("entity_ids",), entity_ids=UUIDS, nb_occurences=INTEGER, label=TEXT),
    "add_project_team_member": obj(("person_id",), person_id=UUID, role={
        "type": "string", "enum": ["user", "supervisor", "manager", "client", "vendor"]}),
    "add_project_settings_batch": obj(task_types={"type": "array", "items": obj(
        ("task_type_id",), task_type_id=UUID, priority=INTEGER)}),
    "create_task_link": obj(("project_id",), project_id=UUID, task_type_id=UUID,
                            task_status_id=UUID, priority=INTEGER),
    "create_project_budget": obj(("name",), name=TEXT, currency=TEXT),
    "reorder_task_types": obj(("task_type_ids",), task_type_ids=UUIDS),
    "create_entity_tasks": obj(("task_type_ids",), task_type_ids=UUIDS),
    "set_tasks_priority": obj(("task_ids", "priority"), task_ids=UUIDS, priority=INTEGER),
    "assign_task": obj(("person_id",), person_id=UUID),
    "assign_tasks_to_person": obj(("task_ids",), task_ids=UUIDS),
    "clear_assignation": obj(("task_ids",), task_ids=UUIDS, person_id=UUID),
    "comment_task": obj(("task_status_id",), task_status_id=UUID, comment=TEXT,
                        checklist={"type": "array"}, links={"type": "array"}),
    "comment_many": {"type": "array", "items": obj(
        ("task_id", "task_status_id"), task_id=UUID, task_status_id=UUID, comment=TEXT)},
    "reply_comment": obj(("text",), text=TEXT),
    "move_comment": obj(("target_task_id",), target_task_id=UUID),
    "set_time_spent": obj(("duration",), duration={"type": "number"}),
    "subscribe_to_tasks": obj(("task_ids",), task_ids=UUIDS),
    "unsubscribe_from_tasks": obj(("task_ids",), task_ids=UUIDS),
    "update_user_notification": obj(read={"type": "boolean"}),
    "post_chat_message": obj(("message",), message=TEXT),
    "create_user_filter": obj(("list_type", "name", "search_query"), list_type=TEXT, name=TEXT,
                              search_query=TEXT, entity_type=TEXT, project_id=UUID,
                              search_filter_group_id=UUID, is_shared={"type": "boolean"}),
    "create_user_filter_group": obj(("list_type", "name", "color"), list_type=TEXT, name=TEXT,
                                    color=TEXT, entity_type=TEXT, project_id=UUID,
                                    is_shared={"type": "boolean"}),
    "search": obj(("query",), query=TEXT, project_id=UUID, limit=INTEGER, offset=INTEGER),
}


def crud_collections():
    """The generic collections, by route name: their fields describe their bodies and filters.
    Read from the services' read-model modules (importing them connects to nothing)."""
    from services.auth import collections as auth, history
    from services.media import models as media
    from services.production import collections as production
    from services.tasks import collections as tasks
    every = [*auth.COLLECTIONS, history.EVENTS, *production.COLLECTIONS, *tasks.COLLECTIONS,
             *media.COLLECTIONS]
    return {collection.name: collection for collection in every}


def writable(collection, creation):
    """The fields a body may set: hidden ones are never shown, protected ones never changed."""
    return {name: field for name, field in collection.fields.items()
            if not field.hidden and (creation or not field.protected)}


def body_schema(route, collections):
    if route.rpc in ("crud_create", "crud_update"):
        creation = route.rpc == "crud_create"
        fields = writable(collections[route.params["collection"]], creation)
        schema = {"type": "object", "properties": {name: field.schema() for name, field in fields.items()},
                  "additionalProperties": not creation, "minProperties": 1}
        required = [name for name, field in fields.items()
                    if creation and not field.nullable and field.default is None]
        return {**schema, "required": required} if required else schema
    return BODIES.get(route.rpc, {"type": "object"})


def query_parameters(route, collections):
    """The options and filters of the lists (a CRUD list filters on any field it shows)."""
    if route.rpc == "crud_list":
        collection = collections[route.params["collection"]]
        filters = {name: field.schema() for name, field in collection.fields.items()
                   if not field.hidden and field.schema().get("type") in ("string", "integer", "boolean")}
        return {**LIST_OPTIONS, "id": UUID, **filters}
    if route.rpc in PAGINATED:
        return {"page": INTEGER, "limit": INTEGER}
    return {}


def parameters(route, collections):
    path = [{"name": name, "in": "path", "required": True,
             "schema": PATH_PARAMS.get(name, UUID if name.endswith("_id") else TEXT)}
            for name in PARAM.findall(route.path)]
    query = [{"name": name, "in": "query", "required": False,
              "schema": {key: value for key, value in schema.items() if key != "nullable"}}
             for name, schema in query_parameters(route, collections).items()]
    return path + query


def operation(route, collections):
    op_id = f"{route.service}.{route.rpc}"
    if "collection" in route.params:
        op_id += f".{route.params['collection']}"
    op = {
        "operationId": op_id,
        "tags": [route.service],
        "parameters": parameters(route, collections),
        "responses": {str(route.status): {"description": "Success"},
                      "default": {"description": "An error, in Zou's shape: {error, message, data}"}},
    }
    if route.method in ("POST", "PUT"):
        content = "multipart/form-data" if route.content == "upload" else "application/json"
        schema = {"type": "object"} if route.content == "upload" else body_schema(route, collections)
        op["requestBody"] = {"required": False, "content": {content: {"schema": schema}}}
    if route.rule in SECURITY:
        op["security"] = SECURITY[route.rule]
        op["responses"]["401"] = {"description": "Missing, expired or revoked token"}
    else:
        op["security"] = []
    return op


def build(routes):
    collections = crud_collections()
    paths = {}
    for route in routes:
        paths.setdefault(route.path, {})[route.method.lower()] = operation(route, collections)
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
