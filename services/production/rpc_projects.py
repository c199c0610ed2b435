"""RPC entry points of the projects area: projects, team, settings, metadata descriptors,
milestones, quotas, budgets and project templates. Each calls one application command or query."""
from shared.service import entrypoint

from .budgets import BudgetsApp
from .collections import PROJECTS
from .descriptors import DescriptorsApp
from .links import LinksApp
from .projects import ProjectsApp
from .schedules import SchedulesApp
from .templates import TemplatesApp


def args(request, *names):
    params = request["params"]
    return [request["actor"], *[params[name] for name in names]]


class ProjectsRpc:
    # -- projects through the generic CRUD (Zou's rules for creation, reads and deletion) --------
    @entrypoint
    def crud_create(self, request):
        if request["params"]["collection"] == PROJECTS.name:
            return ProjectsApp(self.platform).create(request["actor"], request["body"])
        return super().crud_create(request)

    @entrypoint
    def crud_get(self, request):
        params = request["params"]
        if params["collection"] == PROJECTS.name:
            return ProjectsApp(self.platform).get(request["actor"], params["instance_id"], request["query"])
        return super().crud_get(request)

    @entrypoint
    def crud_delete(self, request):
        params = request["params"]
        if params["collection"] == PROJECTS.name:
            force = str(request["query"].get("force", "")).lower() in ("true", "1")
            return ProjectsApp(self.platform).delete(request["actor"], params["instance_id"], force)
        return super().crud_delete(request)

    @entrypoint
    def open_projects(self, request):
        return ProjectsApp(self.platform).open_projects(request["actor"])

    @entrypoint
    def all_projects(self, request):
        return ProjectsApp(self.platform).all_projects(request["actor"])

    # -- team ---------------------------------------------------------------------------------
    @entrypoint
    def project_team(self, request):
        return ProjectsApp(self.platform).team(*args(request, "project_id"))

    @entrypoint
    def add_project_team_member(self, request):
        return ProjectsApp(self.platform).add_team_member(*args(request, "project_id"), request["body"])

    @entrypoint
    def set_project_team_member_role(self, request):
        return ProjectsApp(self.platform).set_team_member_role(
            *args(request, "project_id", "person_id"), request["body"])

    @entrypoint
    def remove_project_team_member(self, request):
        return ProjectsApp(self.platform).remove_team_member(*args(request, "project_id", "person_id"))

    # -- settings (`setting` is a fixed route param: asset-types, task-types…) ----------------
    @entrypoint
    def add_project_setting(self, request):
        return ProjectsApp(self.platform).add_setting(*args(request, "project_id", "setting"), request["body"])

    @entrypoint
    def remove_project_setting(self, request):
        return ProjectsApp(self.platform).remove_setting(*args(request, "project_id", "setting", "linked_id"))

    @entrypoint
    def add_project_settings_batch(self, request):
        return ProjectsApp(self.platform).add_settings_batch(*args(request, "project_id"), request["body"])

    @entrypoint
    def project_preview_background_files(self, request):
        return ProjectsApp(self.platform).preview_background_files(*args(request, "project_id"))

    # -- task type / task status links (`kind`, `owner` are fixed route params) ----------------
    @entrypoint
    def create_task_link(self, request):
        return LinksApp(self.platform).create(*args(request, "kind"), request["body"])

    @entrypoint
    def reorder_task_links(self, request):
        return LinksApp(self.platform).reorder(*args(request, "owner", "owner_id", "kind"), request["body"])

    # -- planning -----------------------------------------------------------------------------
    @entrypoint
    def project_schedule_items(self, request):
        return SchedulesApp(self.platform).project_items(*args(request, "project_id"))

    @entrypoint
    def task_type_schedule_items(self, request):
        return SchedulesApp(self.platform).task_type_items(*args(request, "project_id", "task_type_id", "of"))

    @entrypoint
    def schedule_version_task_links(self, request):
        return SchedulesApp(self.platform).version_task_links(*args(request, "production_schedule_version_id"))

    @entrypoint
    def copy_schedule_version_task_links(self, request):
        return SchedulesApp(self.platform).copy_version_links(*args(request, "production_schedule_version_id"),
                                                              request["body"])

    @entrypoint
    def project_milestones(self, request):
        return ProjectsApp(self.platform).milestones(*args(request, "project_id"))

    @entrypoint
    def project_quotas(self, request):
        return ProjectsApp(self.platform).quotas(*args(request, "project_id"), request["params"].get("person_id"))

    # -- metadata descriptors -----------------------------------------------------------------
    @entrypoint
    def project_metadata_descriptors(self, request):
        return DescriptorsApp(self.platform).list(*args(request, "project_id"))

    @entrypoint
    def project_metadata_descriptor(self, request):
        return DescriptorsApp(self.platform).get(*args(request, "project_id", "descriptor_id"))

    @entrypoint
    def create_project_metadata_descriptor(self, request):
        return DescriptorsApp(self.platform).create(*args(request, "project_id"), request["body"])

    @entrypoint
    def update_project_metadata_descriptor(self, request):
        return DescriptorsApp(self.platform).update(*args(request, "project_id", "descriptor_id"),
                                                    request["body"])

    @entrypoint
    def delete_project_metadata_descriptor(self, request):
        return DescriptorsApp(self.platform).delete(*args(request, "project_id", "descriptor_id"))

    @entrypoint
    def reorder_project_metadata_descriptors(self, request):
        return DescriptorsApp(self.platform).reorder(*args(request, "project_id"), request["body"])

    @entrypoint
    def create_all_projects_metadata_descriptor(self, request):
        return DescriptorsApp(self.platform).create_all(request["actor"], request["body"])

    @entrypoint
    def update_all_projects_metadata_descriptor(self, request):
        return DescriptorsApp(self.platform).update_all(*args(request, "field_name"), request["body"])

    @entrypoint
    def delete_all_projects_metadata_descriptor(self, request):
        return DescriptorsApp(self.platform).delete_all(*args(request, "field_name"), request["query"])

    @entrypoint
    def reorder_all_projects_metadata_descriptors(self, request):
        return DescriptorsApp(self.platform).reorder_all(request["actor"], request["body"])

    # -- budgets ------------------------------------------------------------------------------
    @entrypoint
    def project_budgets(self, request):
        return BudgetsApp(self.platform).list(*args(request, "project_id"))

    @entrypoint
    def create_project_budget(self, request):
        return BudgetsApp(self.platform).create(*args(request, "project_id"), request["body"])

    @entrypoint
    def project_budget(self, request):
        return BudgetsApp(self.platform).get(*args(request, "project_id", "budget_id"))

    @entrypoint
    def update_project_budget(self, request):
        return BudgetsApp(self.platform).update(*args(request, "project_id", "budget_id"), request["body"])

    @entrypoint
    def delete_project_budget(self, request):
        return BudgetsApp(self.platform).delete(*args(request, "project_id", "budget_id"))

    @entrypoint
    def project_budget_entries(self, request):
        return BudgetsApp(self.platform).entries(*args(request, "project_id", "budget_id"))

    @entrypoint
    def create_project_budget_entry(self, request):
        return BudgetsApp(self.platform).create_entry(*args(request, "project_id", "budget_id"),
                                                      request["body"])

    @entrypoint
    def project_budget_entry(self, request):
        return BudgetsApp(self.platform).get_entry(*args(request, "project_id", "budget_id", "entry_id"))

    @entrypoint
    def update_project_budget_entry(self, request):
        return BudgetsApp(self.platform).update_entry(
            *args(request, "project_id", "budget_id", "entry_id"), request["body"])

    @entrypoint
    def delete_project_budget_entry(self, request):
        return BudgetsApp(self.platform).delete_entry(*args(request, "project_id", "budget_id", "entry_id"))

    # -- project templates --------------------------------------------------------------------
    @entrypoint
    def project_template_from_project(self, request):
        return TemplatesApp(self.platform).from_project(*args(request, "project_id"), request["body"])

    @entrypoint
    def apply_project_template(self, request):
        return TemplatesApp(self.platform).apply(*args(request, "project_id", "project_template_id"))

    @entrypoint
    def project_template_asset_types(self, request):
        return TemplatesApp(self.platform).asset_types(*args(request, "project_template_id"))

    @entrypoint
    def project_template_links(self, request):
        return TemplatesApp(self.platform).linked(*args(request, "project_template_id", "link"),
                                                  self.tasks_rows)

    def tasks_rows(self, collection, ids):
        """Rows of the tasks service (task types, statuses, automations) by id, over RPC."""
        return self.tasks.rows_by_ids(request={"params": {"collection": collection, "ids": list(ids)}})

    @entrypoint
    def add_project_template_link(self, request):
        return TemplatesApp(self.platform).add_link(*args(request, "project_template_id", "link"),
                                                    request["body"])

    @entrypoint
    def remove_project_template_link(self, request):
        return TemplatesApp(self.platform).remove_link(
            *args(request, "project_template_id", "link", "linked_id"))

    @entrypoint
    def set_project_template_default_background(self, request):
        return TemplatesApp(self.platform).set_default_background(*args(request, "project_template_id"),
                                                                  request["body"])

    @entrypoint
    def set_project_template_descriptors(self, request):
        return TemplatesApp(self.platform).set_descriptors(*args(request, "project_template_id"),
                                                           request["body"])
