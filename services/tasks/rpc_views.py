"""RPC entry points of the read views: the with-tasks boards, a production's task data and
settings, the studio-wide task views, the logged-in person's entities."""
from shared.service import entrypoint


def params(request):
    return request["params"]


class ViewsRpc:
    # -- the with-tasks boards (boards.py) ------------------------------------------------------
    @entrypoint
    def board(self, request):
        kind, boards = params(request)["board"], self.platform.boards
        answer = {"Shot": boards.shots, "Asset": boards.assets, "Edit": boards.edits,
                  "Concept": boards.concepts}.get(kind)
        if answer is None:
            return boards.containers(request["actor"], kind, request["query"])
        return answer(request["actor"], request["query"])

    # -- a production's task data (project_views.py) --------------------------------------------
    @entrypoint
    def project_task_types(self, request):
        return self.platform.project_views.task_types(request["actor"], params(request)["project_id"])

    @entrypoint
    def project_task_statuses(self, request):
        return self.platform.project_views.task_statuses(request["actor"], params(request)["project_id"])

    @entrypoint
    def project_status_automations(self, request):
        return self.platform.project_views.status_automations(request["actor"],
                                                              params(request)["project_id"])

    @entrypoint
    def project_tasks(self, request):
        return self.platform.project_views.project_tasks(request["actor"], params(request)["project_id"],
                                                         request["query"])

    @entrypoint
    def project_comments(self, request):
        return self.platform.project_views.project_comments(request["actor"], params(request)["project_id"],
                                                            request["query"])

    @entrypoint
    def entity_type_tasks(self, request):
        p = params(request)
        return self.platform.project_views.entity_type_tasks(request["actor"], p["entity_id"], p["task_type_id"])

    # -- the logged-in person's entities --------------------------------------------------------
    @entrypoint
    def user_asset_types(self, request):
        return self.platform.project_views.user_asset_types(request["actor"], params(request)["project_id"])

    @entrypoint
    def user_assets(self, request):
        p = params(request)
        return self.platform.project_views.user_assets(request["actor"], p["project_id"], p["asset_type_id"])

    @entrypoint
    def user_project_entities(self, request):
        p = params(request)
        return self.platform.project_views.user_project_entities(request["actor"], p["project_id"], p["kind"])

    @entrypoint
    def user_sequence_children(self, request):
        p = params(request)
        return self.platform.project_views.user_sequence_children(request["actor"], p["sequence_id"], p["kind"])

    # -- studio-wide task views (todo_views.py) -------------------------------------------------
    @entrypoint
    def open_tasks(self, request):
        return self.platform.todo_views.open_tasks(request["actor"], request["query"])

    @entrypoint
    def open_tasks_stats(self, request):
        return self.platform.todo_views.open_tasks_stats(request["actor"])

    @entrypoint
    def tasks_to_check(self, request):
        return self.platform.todo_views.tasks_to_check(request["actor"], request["query"])

    @entrypoint
    def persons_task_dates(self, request):
        return self.platform.todo_views.persons_task_dates(request["actor"], request["query"])

    @entrypoint
    def person_related_tasks(self, request):
        p = params(request)
        return self.platform.todo_views.related_tasks(request["actor"], p["person_id"], p["task_type_id"])
