"""Zou's streamed boards: `GET /data/{shots,assets}/with-tasks?stream=true` answers one JSON
document per line (application/x-ndjson), which the Kitsu web app reads as it arrives: first
`{"compact": …}`, then one line per entity. With `compact=true` the first line also names the
fields, and each entity (and each of its tasks) is the list of its values in that order."""
import orjson
from aiohttp import web

# the fields, in Zou's order, of a compact line (entity fields, then its tasks' fields)
FIELDS = {
    "Shot": (("canceled", "data", "description", "entity_type_id", "episode_id", "episode_name",
              "fps", "frame_in", "frame_out", "id", "name", "nb_frames", "parent_id",
              "preview_file_id", "project_id", "project_name", "sequence_id", "sequence_name",
              "source_id", "nb_entities_out", "is_casting_standby", "type", "tasks"),
             ("id", "duration", "due_date", "end_date", "done_date", "entity_id", "estimation",
              "is_subscribed", "last_comment_date", "last_preview_file_id", "nb_assets_ready",
              "priority", "real_start_date", "retake_count", "start_date", "difficulty",
              "nb_drawings", "task_status_id", "task_type_id", "assignees", "data")),
    "Asset": (("id", "name", "preview_file_id", "description", "asset_type_name", "asset_type_id",
               "canceled", "ready_for", "episode_id", "casting_episode_ids", "is_casting_standby",
               "is_shared", "data", "tasks"),
              ("id", "due_date", "done_date", "duration", "entity_id", "estimation", "end_date",
               "is_subscribed", "last_comment_date", "last_preview_file_id", "priority",
               "real_start_date", "retake_count", "start_date", "difficulty", "task_status_id",
               "task_type_id", "assignees", "data")),
}


def wants_stream(route, query):
    return route.content == "board" and route.params.get("board") in FIELDS and query.get("stream") == "true"


def compact_line(entity, fields, task_fields):
    values = [entity.get(field) for field in fields]
    if "tasks" in fields:
        values[fields.index("tasks")] = [[task.get(field) for field in task_fields]
                                         for task in entity.get("tasks") or ()]
    return values


def stream_response(board, query, rows):
    fields, task_fields = FIELDS[board]
    if query.get("compact") == "true":
        head = {"compact": True, f"{board.lower()}_fields": list(fields), "task_fields": list(task_fields)}
        lines = [head] + [compact_line(row, fields, task_fields) for row in rows]
    else:
        lines = [{"compact": False}] + list(rows)
    body = b"".join(orjson.dumps(line) + b"\n" for line in lines)
    return web.Response(body=body, content_type="application/x-ndjson")
