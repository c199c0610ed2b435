"""Routes of the production service's projects area: team, settings, metadata descriptors,
planning, budgets and project templates (projects themselves use the generic CRUD)."""
from . import rows

PROJECT = "/data/projects/{project_id}"
BUDGET = PROJECT + "/budgets/{budget_id}"
TEMPLATE = "/data/project-templates/{project_template_id}"
SCHEDULE_VERSION = "/data/production-schedule-versions/{production_schedule_version_id}"
ALL_PROJECTS = "/data/metadata-descriptors/all-projects"
SETTINGS = ("asset-types", "task-types", "task-status", "status-automations", "preview-background-files")
TEMPLATE_LINKS = ("asset-types", "task-types", "task-statuses", "status-automations",
                  "preview-background-files")

ROUTES = rows(
    "production",
    ("GET", "/data/projects/open", "open_projects"),
    ("GET", "/data/projects/all", "all_projects"),
    ("GET", PROJECT + "/team", "project_team"),
    ("POST", PROJECT + "/team", "add_project_team_member", "access", 201),
    ("PUT", PROJECT + "/team/{person_id}", "set_project_team_member_role"),
    ("DELETE", PROJECT + "/team/{person_id}", "remove_project_team_member", "access", 204),
    *[row for setting in SETTINGS for row in (
        ("POST", f"{PROJECT}/settings/{setting}", "add_project_setting", "access", 201,
         {"setting": setting}),
        ("DELETE", f"{PROJECT}/settings/{setting}/{{linked_id}}", "remove_project_setting", "access",
         204, {"setting": setting}))],
    ("POST", PROJECT + "/settings/batch", "add_project_settings_batch"),
    ("GET", PROJECT + "/settings/preview-background-files", "project_preview_background_files"),
    *[row for kind, path in (("task-types", "task-type-links"), ("task-statuses", "task-status-links"))
      for row in (
          ("POST", f"/data/{path}", "create_task_link", "access", 201, {"kind": kind}),
          ("POST", f"/actions/projects/{{owner_id}}/{path}/reorder", "reorder_task_links", "access", 200,
           {"kind": kind, "owner": "project"}),
          ("POST", f"/actions/project-templates/{{owner_id}}/{kind}/reorder", "reorder_task_links", "access",
           200, {"kind": kind, "owner": "template"}))],
    ("GET", PROJECT + "/milestones", "project_milestones"),
    ("GET", PROJECT + "/schedule-items", "project_schedule_items"),
    *[("GET", f"{PROJECT}/schedule-items/{{task_type_id}}/{of}", "task_type_schedule_items", "access", 200,
       {"of": of}) for of in ("sequences", "episodes", "asset-types", "edits")],
    # owned by tasks in routes.tsv: schedule items are ours, tasks says which types its tasks use
    ("GET", PROJECT + "/schedule-items/task-types", "task_types_schedule_items"),
    ("GET", SCHEDULE_VERSION + "/task-links", "schedule_version_task_links"),
    ("POST", "/actions" + SCHEDULE_VERSION[5:] + "/set-task-links-from-production-schedule-version",
     "copy_schedule_version_task_links"),
    ("POST", "/actions" + SCHEDULE_VERSION[5:] + "/set-task-links-from-production",
     "schedule_version_links_from_production"),
    ("POST", "/actions" + SCHEDULE_VERSION[5:] + "/apply-to-production", "apply_schedule_version"),
    ("GET", PROJECT + "/quotas/{task_type_id}", "project_quotas"),
    ("GET", PROJECT + "/quotas/persons/{person_id}", "project_quotas"),
    ("GET", PROJECT + "/metadata-descriptors", "project_metadata_descriptors"),
    ("POST", PROJECT + "/metadata-descriptors", "create_project_metadata_descriptor", "access", 201),
    ("POST", PROJECT + "/metadata-descriptors/reorder", "reorder_project_metadata_descriptors"),
    ("POST", ALL_PROJECTS, "create_all_projects_metadata_descriptor", "access", 201),
    ("PUT", ALL_PROJECTS + "/{field_name}", "update_all_projects_metadata_descriptor"),
    ("DELETE", ALL_PROJECTS + "/{field_name}", "delete_all_projects_metadata_descriptor"),
    ("POST", "/actions/metadata-descriptors/all-projects/reorder", "reorder_all_projects_metadata_descriptors"),
    ("GET", PROJECT + "/metadata-descriptors/{descriptor_id}", "project_metadata_descriptor"),
    ("PUT", PROJECT + "/metadata-descriptors/{descriptor_id}", "update_project_metadata_descriptor"),
    ("DELETE", PROJECT + "/metadata-descriptors/{descriptor_id}", "delete_project_metadata_descriptor",
     "access", 204),
    ("GET", PROJECT + "/budgets", "project_budgets"),
    ("POST", PROJECT + "/budgets", "create_project_budget"),
    ("GET", BUDGET, "project_budget"),
    ("PUT", BUDGET, "update_project_budget"),
    ("DELETE", BUDGET, "delete_project_budget", "access", 204),
    ("GET", BUDGET + "/entries", "project_budget_entries"),
    ("POST", BUDGET + "/entries", "create_project_budget_entry"),
    ("GET", BUDGET + "/entries/{entry_id}", "project_budget_entry"),
    ("PUT", BUDGET + "/entries/{entry_id}", "update_project_budget_entry"),
    ("DELETE", BUDGET + "/entries/{entry_id}", "delete_project_budget_entry", "access", 204),
    ("POST", "/data/project-templates/from-project/{project_id}", "project_template_from_project",
     "access", 201),
    ("POST", PROJECT + "/apply-template/{project_template_id}", "apply_project_template"),
    ("GET", TEMPLATE + "/asset-types", "project_template_asset_types"),
    *[("GET", f"{TEMPLATE}/{link}", "project_template_links", "access", 200, {"link": link})
      for link in TEMPLATE_LINKS if link != "asset-types"],
    *[row for link in TEMPLATE_LINKS for row in (
        ("POST", f"{TEMPLATE}/{link}", "add_project_template_link", "access", 201, {"link": link}),
        ("DELETE", f"{TEMPLATE}/{link}/{{linked_id}}", "remove_project_template_link", "access", 204,
         {"link": link}))],
    ("PUT", TEMPLATE + "/default-preview-background-file", "set_project_template_default_background"),
    ("PUT", TEMPLATE + "/metadata-descriptors", "set_project_template_descriptors"),
)
