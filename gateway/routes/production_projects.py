"""Routes of the production service's projects area: team, settings, metadata descriptors,
planning, budgets and project templates (projects themselves use the generic CRUD)."""
from . import rows

PROJECT = "/data/projects/{project_id}"
BUDGET = PROJECT + "/budgets/{budget_id}"
TEMPLATE = "/data/project-templates/{project_template_id}"
SETTINGS = ("asset-types", "task-types", "task-status", "status-automations", "preview-background-files")
TEMPLATE_LINKS = ("asset-types", "task-types", "task-statuses", "status-automations",
                  "preview-background-files")

ROUTES = rows(
    "production",
    ("GET", "/data/projects/open", "open_projects"),
    ("GET", PROJECT + "/team", "project_team"),
    ("POST", PROJECT + "/team", "add_project_team_member", "access", 201),
    ("PUT", PROJECT + "/team/{person_id}", "set_project_team_member_role"),
    ("DELETE", PROJECT + "/team/{person_id}", "remove_project_team_member", "access", 204),
    *[row for setting in SETTINGS for row in (
        ("POST", f"{PROJECT}/settings/{setting}", "add_project_setting", "access", 201,
         {"setting": setting}),
        ("DELETE", f"{PROJECT}/settings/{setting}/{{linked_id}}", "remove_project_setting", "access",
         204, {"setting": setting}))],
    ("GET", PROJECT + "/milestones", "project_milestones"),
    ("GET", PROJECT + "/quotas/{task_type_id}", "project_quotas"),
    ("GET", PROJECT + "/quotas/persons/{person_id}", "project_quotas"),
    ("GET", PROJECT + "/metadata-descriptors", "project_metadata_descriptors"),
    ("POST", PROJECT + "/metadata-descriptors", "create_project_metadata_descriptor", "access", 201),
    ("POST", PROJECT + "/metadata-descriptors/reorder", "reorder_project_metadata_descriptors"),
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
    *[row for link in TEMPLATE_LINKS for row in (
        ("POST", f"{TEMPLATE}/{link}", "add_project_template_link", "access", 201, {"link": link}),
        ("DELETE", f"{TEMPLATE}/{link}/{{linked_id}}", "remove_project_template_link", "access", 204,
         {"link": link}))],
    ("PUT", TEMPLATE + "/default-preview-background-file", "set_project_template_default_background"),
    ("PUT", TEMPLATE + "/metadata-descriptors", "set_project_template_descriptors"),
)
