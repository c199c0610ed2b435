"""Routes answered by the tasks service (what people do on the breakdown). The time & social
area keeps its rows in tasks_time.py."""
from .media import COMMENT_ATTACHMENTS
from . import Route, rows

COLLECTIONS = {
    "task-types": "tasks",
    "task-status": "tasks",
    "tasks": "tasks",
    "comments": "tasks",
    "status-automations": "tasks",
    # time & social area (tasks_time.py)
    "time-spents": "tasks", "day-offs": "tasks", "subscriptions": "tasks", "notifications": "tasks",
    "news": "tasks", "chats": "tasks", "chat-messages": "tasks", "search-filters": "tasks",
    "search-filter-groups": "tasks",
}


def per_kind(method, template, rpc, kinds, status=200, extra=None):
    """One row per entity kind: template has {kind} (plural, as in the URL) and {param}."""
    return [(method, template.format(kind=kind, param=kind[:-1] + "_id"), rpc, "access", status,
             {"kind": kind, **(extra or {})}) for kind in kinds]


ALL_KINDS = ("assets", "shots", "sequences", "episodes", "scenes", "edits", "concepts")

ROUTES = rows(
    "tasks",
    # task types
    ("POST", "/actions/task-types/reorder", "reorder_task_types"),
    # tasks
    ("GET", "/data/tasks/{task_id}/full", "task_full"),
    ("POST", "/data/entities/{entity_id}/tasks", "create_entity_tasks", "access", 201),
    *[("POST", f"/actions/projects/{{project_id}}/task-types/{{task_type_id}}/{kind}/create-tasks",
       "create_tasks_for_kind", "access", 201, {"kind": kind})
      for kind in ("assets", "shots", "edits", "concepts")],
    ("POST", "/actions/projects/{project_id}/task-types/{task_type_id}/create-tasks/{entity_type}",
     "create_tasks_for_kind", "access", 201),
    ("PUT", "/actions/tasks/set-priority", "set_tasks_priority"),
    ("PUT", "/actions/tasks/set-main-preview", "set_tasks_main_previews"),
    ("PUT", "/actions/tasks/{task_id}/set-main-preview", "set_task_main_preview"),
    ("PUT", "/actions/tasks/{task_id}/assign", "assign_task"),
    ("PUT", "/actions/persons/{person_id}/assign", "assign_tasks_to_person"),
    ("PUT", "/actions/tasks/clear-assignation", "clear_assignation"),
    ("POST", "/actions/projects/{project_id}/delete-tasks", "delete_tasks"),
    ("DELETE", "/actions/projects/{project_id}/task-types/{task_type_id}/delete-tasks",
     "delete_tasks_for_type", "access", 204),
    # per-entity lists
    *per_kind("GET", "/data/{kind}/{{{param}}}/tasks", "entity_tasks", ALL_KINDS),
    *per_kind("GET", "/data/{kind}/{{{param}}}/task-types", "entity_task_types", ALL_KINDS),
    *per_kind("GET", "/data/{kind}/{{{param}}}/shot-tasks", "children_tasks", ("sequences", "episodes"),
              extra={"child": "Shot"}),
    *per_kind("GET", "/data/{kind}/{{{param}}}/edit-tasks", "children_tasks", ("episodes",), extra={"child": "Edit"}),
    ("GET", "/data/episodes/{episode_id}/asset-tasks", "episode_asset_tasks"),
    # comments
    ("POST", "/actions/tasks/{task_id}/comment", "comment_task", "access", 201, COMMENT_ATTACHMENTS, "upload"),
    ("GET", "/data/tasks/{task_id}/comments", "task_comments"),
    ("GET", "/data/tasks/{task_id}/comments/{comment_id}", "task_comment"),
    ("DELETE", "/data/tasks/{task_id}/comments/{comment_id}", "delete_task_comment", "access", 204),
    ("POST", "/data/tasks/{task_id}/comments/{comment_id}/reply", "reply_comment"),
    ("DELETE", "/data/tasks/{task_id}/comments/{comment_id}/reply/{reply_id}", "delete_comment_reply"),
    ("POST", "/data/tasks/{task_id}/comments/{comment_id}/ack", "acknowledge_comment"),
    ("POST", "/actions/projects/{project_id}/tasks/comment-many", "comment_many", "access", 201),
    ("POST", "/actions/tasks/{task_id}/comments/{comment_id}/move", "move_comment"),
    # the main screens: every entity of a kind with its tasks
    *[("GET", f"/data/{kind}/with-tasks", "board", "access", 200, {"board": board}, "board")
      for kind, board in (("shots", "Shot"), ("assets", "Asset"), ("sequences", "Sequence"),
                          ("episodes", "Episode"), ("edits", "Edit"), ("concepts", "Concept"),
                          ("scenes", "Scene"))],
    # a production's task data and settings (the rows are here, the project's id lists replicated)
    ("GET", "/data/projects/{project_id}/task-types", "project_task_types"),
    # gazu's project.get_project_task_types asks here (Zou 1.0.97 answers 405): the same list
    ("GET", "/data/projects/{project_id}/settings/task-types", "project_task_types"),
    ("GET", "/data/projects/{project_id}/settings/task-status", "project_task_statuses"),
    ("GET", "/data/projects/{project_id}/settings/status-automations", "project_status_automations"),
    ("GET", "/data/projects/{project_id}/tasks", "project_tasks"),
    ("GET", "/data/projects/{project_id}/comments", "project_comments"),
    ("GET", "/data/entities/{entity_id}/task-types/{task_type_id}/tasks", "entity_type_tasks"),
    ("GET", "/data/projects/{project_id}/episodes/stats", "episode_stats"),
    ("GET", "/data/projects/{project_id}/episodes/retake-stats", "episode_retake_stats"),
    # a production's sheets of entities with their tasks (the gateway writes the `;`-separated file)
    *[("GET", f"/export/csv/projects/{{project_id}}/{kind}.csv", f"export_{kind}_csv", "access", 200, {}, "csv")
      for kind in ("shots", "assets", "edits")],
    # studio-wide task views
    ("GET", "/data/tasks/open-tasks", "open_tasks"),
    ("GET", "/data/tasks/open-tasks/stats", "open_tasks_stats"),
    ("GET", "/data/user/tasks-to-check", "tasks_to_check"),
    ("GET", "/data/persons/task-dates", "persons_task_dates"),
    ("GET", "/data/persons/{person_id}/related-tasks/{task_type_id}", "person_related_tasks"),
    # a person's tasks and the logged-in person's views
    ("GET", "/data/persons/{person_id}/tasks", "person_tasks"),
    ("GET", "/data/persons/{person_id}/done-tasks", "person_done_tasks"),
    ("GET", "/data/user/tasks", "user_tasks"),
    ("GET", "/data/user/done-tasks", "user_done_tasks"),
    *per_kind("GET", "/data/user/{kind}/{{{param}}}/tasks", "user_entity_tasks",
              ("assets", "shots", "scenes", "sequences")),
    *per_kind("GET", "/data/user/{kind}/{{{param}}}/task-types", "user_entity_task_types",
              ("assets", "shots", "scenes", "sequences")),
    ("GET", "/data/user/projects/{project_id}/asset-types", "user_asset_types"),
    ("GET", "/data/user/projects/{project_id}/asset-types/{asset_type_id}/assets", "user_assets"),
    ("GET", "/data/user/projects/{project_id}/sequences", "user_project_entities", "access", 200,
     {"kind": "Sequence"}),
    ("GET", "/data/user/projects/{project_id}/episodes", "user_project_entities", "access", 200,
     {"kind": "Episode"}),
    ("GET", "/data/user/sequences/{sequence_id}/shots", "user_sequence_children", "access", 200,
     {"kind": "Shot"}),
    ("GET", "/data/user/sequences/{sequence_id}/scenes", "user_sequence_children", "access", 200,
     {"kind": "Scene"}),
) + [
    # the same answer as /data/projects/open (open projects of the caller's teams): production's rows
    Route("GET", "/data/user/projects/open", "production", "open_projects"),
]
