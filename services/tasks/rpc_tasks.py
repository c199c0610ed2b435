"""RPC entry points: task types and statuses, tasks (create, read, change, assign, delete) and
the per-entity task lists."""
from shared.crud.store import flag
from shared.service import entrypoint

from .collections import TASK_STATUSES, TASKS

# /data/<kind>s/{id}/tasks and /task-types: route kind -> entity kind
KINDS = {"assets": "Asset", "shots": "Shot", "sequences": "Sequence", "episodes": "Episode",
         "scenes": "Scene", "edits": "Edit", "concepts": "Concept"}


def params(request):
    return request["params"]


def entity_param(p):
    """The entity id of a per-entity route, whatever its kind names it (asset_id, shot_id…)."""
    return next(p[key] for key in ("entity_id", *(f"{kind[:-1]}_id" for kind in KINDS)) if key in p)


class TasksRpc:
    # -- the generic CRUD, where tasks and task statuses have rules of their own ----------------
    @entrypoint
    def crud_create(self, request):
        collection = params(request)["collection"]
        if collection == TASKS.name:
            return self.platform.tasks.create(request["actor"], request["body"])
        if collection == TASK_STATUSES.name:
            return self.platform.workflow.create_status(request["actor"], request["body"])
        return super().crud_create(request)

    @entrypoint
    def crud_get(self, request):
        if params(request)["collection"] == TASKS.name:
            return self.platform.tasks.get(request["actor"], params(request)["instance_id"])
        if params(request)["collection"] == "comments":
            return self.platform.comments.get(request["actor"], params(request)["instance_id"],
                                              self.directory)
        return super().crud_get(request)

    @entrypoint
    def crud_update(self, request):
        collection, instance_id = params(request)["collection"], params(request)["instance_id"]
        if collection == TASKS.name:
            return self.platform.tasks.update(request["actor"], instance_id, request["body"])
        if collection == TASK_STATUSES.name:
            return self.platform.workflow.update_status(request["actor"], instance_id, request["body"])
        if collection == "comments":
            return self.platform.comments.update(request["actor"], instance_id, request["body"])
        return super().crud_update(request)

    @entrypoint
    def crud_delete(self, request):
        collection, instance_id = params(request)["collection"], params(request)["instance_id"]
        if collection == TASKS.name:
            return self.platform.tasks.delete(request["actor"], instance_id, request["query"])
        if collection == "comments":
            return self.platform.comments.delete(request["actor"], instance_id)
        return super().crud_delete(request)

    @entrypoint
    def reorder_task_types(self, request):
        return self.platform.workflow.reorder_task_types(request["actor"], request["body"])

    # -- tasks ----------------------------------------------------------------------------------
    @entrypoint
    def task_full(self, request):
        return self.platform.tasks.full(request["actor"], params(request)["task_id"], self.directory)

    @entrypoint
    def create_entity_tasks(self, request):
        return self.platform.tasks.create_for_entity(request["actor"], params(request)["entity_id"],
                                                     request["body"])

    @entrypoint
    def create_tasks_for_kind(self, request):
        p = params(request)
        kind = KINDS.get(p.get("kind") or p.get("entity_type"), (p.get("entity_type") or "").capitalize())
        return self.platform.tasks.create_for_kind(request["actor"], p["project_id"], p["task_type_id"],
                                                   kind, request["body"])

    @entrypoint
    def set_tasks_priority(self, request):
        return self.platform.tasks.set_priority(request["actor"], request["body"])

    @entrypoint
    def assign_task(self, request):
        return self.platform.tasks.assign(request["actor"], params(request)["task_id"], request["body"])

    @entrypoint
    def assign_tasks_to_person(self, request):
        return self.platform.tasks.assign_to_person(request["actor"], params(request)["person_id"],
                                                    request["body"])

    @entrypoint
    def clear_assignation(self, request):
        return self.platform.tasks.clear_assignation(request["actor"], request["body"])

    @entrypoint
    def delete_tasks(self, request):
        return self.platform.tasks.delete_many(request["actor"], params(request)["project_id"],
                                               request["body"])

    @entrypoint
    def delete_tasks_for_type(self, request):
        return self.platform.tasks.delete_for_type(request["actor"], params(request)["project_id"],
                                                   params(request)["task_type_id"])

    # -- per-entity lists -----------------------------------------------------------------------
    @entrypoint
    def entity_tasks(self, request):
        p = params(request)
        return self.platform.user_views.entity_tasks(request["actor"], entity_param(p), KINDS[p["kind"]],
                                                     flag(request["query"], "relations"))

    @entrypoint
    def entity_task_types(self, request):
        p = params(request)
        return self.platform.user_views.entity_task_types(request["actor"], entity_param(p), KINDS[p["kind"]])

    @entrypoint
    def children_tasks(self, request):
        """A sequence's or an episode's shot tasks, an episode's edit tasks."""
        p = params(request)
        return self.platform.user_views.children_tasks(request["actor"], entity_param(p), KINDS[p["kind"]],
                                                       p["child"], flag(request["query"], "relations"))

    @entrypoint
    def episode_asset_tasks(self, request):
        return self.platform.user_views.episode_asset_tasks(
            request["actor"], params(request)["episode_id"], flag(request["query"], "relations"))
