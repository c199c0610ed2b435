"""Routes answered by the importer service: ShotGrid, Kitsu-to-Kitsu, CSV and OTIO imports, CSV
exports (it writes through the owning services)."""
from shared import config

from . import rows

SHOTGUN = "/import/shotgun"
ENTITY_KINDS = {"episodes": "Episode", "sequences": "Sequence", "scenes": "Scene", "shots": "Shot",
                "assets": "Asset"}
KITSU_RESOURCES = ("projects", "tasks", "comments", "entity-links", "attachment-files", "build-jobs",
                   "metadata-descriptors", "milestones", "news", "notifications", "playlists", "preview-files",
                   "schedule-items", "subscriptions", "time-spents")
REMOVALS = ("project", "person", "shot", "scene", "episode", "sequence", "asset", "step", "status",
            "task", "note", "version", "project-connection")

ROUTES = rows(
    "importer",
    # -- ShotGrid (API.md §9) ---------------------------------------------------------------------
    ("POST", SHOTGUN + "/projects", "import_shotgun_projects"),
    *[("POST", f"{SHOTGUN}/{plural}", "import_shotgun_entities", "access", 200, {"kind": kind})
      for plural, kind in ENTITY_KINDS.items()],
    ("POST", SHOTGUN + "/persons", "import_shotgun_persons"),
    ("POST", SHOTGUN + "/project-connections", "import_shotgun_project_connections"),
    ("POST", SHOTGUN + "/projectconnections", "import_shotgun_project_connections"),
    ("POST", SHOTGUN + "/steps", "import_shotgun_steps"),
    ("POST", SHOTGUN + "/status", "import_shotgun_statuses"),
    ("POST", SHOTGUN + "/tasks", "import_shotgun_tasks"),
    ("POST", SHOTGUN + "/notes", "import_shotgun_notes"),
    ("POST", SHOTGUN + "/versions", "import_shotgun_versions"),
    *[("POST", f"{SHOTGUN}/remove/{kind}", "remove_shotgun_record", "access", 200, {"kind": kind})
      for kind in REMOVALS],
    ("POST", SHOTGUN + "/remove/projectconnection", "remove_shotgun_record", "access", 200,
     {"kind": "project-connection"}),
    ("GET", SHOTGUN + "/errors", "shotgun_import_errors"),
    ("POST", SHOTGUN + "/errors", "add_shotgun_import_error", "access", 201),
    ("DELETE", SHOTGUN + "/errors/{error_id}", "delete_shotgun_import_error", "access", 204),
)

ROUTES += rows(
    "importer",
    # -- Kitsu -> Kitsu ----------------------------------------------------------------------------
    ("POST", "/import/kitsu/entities", "import_kitsu_entities"),
    *[("POST", f"/import/kitsu/{resource}", "import_kitsu_resource", "access", 200, {"resource": resource})
      for resource in KITSU_RESOURCES],
)

PROJECT_EXPORT = "/export/csv/projects/{project_id}"
ROUTES += rows(
    "importer",
    # -- CSV exports (the gateway writes the rows as Zou's `;`-separated file; the shots, assets
    # and edits sheets are answered by tasks: gateway/routes/tasks.py) -----------------------------
    ("GET", PROJECT_EXPORT + "/casting.csv", "export_casting_csv", "access", 200, {}, "csv"),
    ("GET", "/export/csv/playlists/{playlist_id}", "export_playlist_csv", "access", 200, {}, "csv"),
    *[("GET", f"/export/csv/{sheet}.csv", f"export_{sheet.replace('-', '_')}_csv", "access", 200, {}, "csv")
      for sheet in ("projects", "task-types", "persons", "tasks", "time-spents")],
)

SHEETS = {"store": "files/imports"}  # the uploaded sheet waits there for the importer
ROUTES += rows(
    "importer",
    # -- CSV imports (multipart `file`) --------------------------------------------------------------
    ("POST", "/import/csv/projects/{project_id}/shots", "import_shots_csv", "access", 201, SHEETS, "upload"),
    ("POST", "/import/csv/projects/{project_id}/assets", "import_assets_csv", "access", 201, SHEETS, "upload"),
    ("POST", "/import/csv/projects/{project_id}/edits", "import_edits_csv", "access", 201, SHEETS, "upload"),
    ("POST", "/import/csv/projects/{project_id}/casting", "import_casting_csv", "access", 201, SHEETS, "upload"),
    ("POST", "/import/csv/persons", "import_persons_csv", "access", 201, SHEETS, "upload"),
    ("POST", "/import/csv/projects/{project_id}/task-types/{task_type_id}/estimations", "import_estimations_csv",
     "access", 201, SHEETS, "upload"),
    ("POST", "/import/csv/projects/{project_id}/episodes/{episode_id}/task-types/{task_type_id}/estimations",
     "import_estimations_csv", "access", 201, SHEETS, "upload"),
)

ROUTES += rows(
    "importer",
    # -- OTIO / EDL (multipart `file`) ---------------------------------------------------------------
    ("POST", "/import/otio/projects/{project_id}", "import_otio", "access", 201, SHEETS, "upload"),
    ("POST", "/import/otio/projects/{project_id}/episodes/{episode_id}", "import_otio", "access", 201, SHEETS,
     "upload"),
)
# an import's page of records may take minutes (a ShotGrid migration sends 500 at a time)
ROUTES = [route._replace(timeout=config.IMPORT_TIMEOUT) if route.path.startswith("/import/") else route
          for route in ROUTES]
