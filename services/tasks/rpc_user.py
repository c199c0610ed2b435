"""RPC entry points: a person's task lists and the logged-in person's /data/user/* views."""
from shared.service import entrypoint

from .rpc_tasks import KINDS, entity_param


class UserRpc:
    @entrypoint
    def person_tasks(self, request):
        return self.platform.user_views.person_tasks(request["actor"], request["params"]["person_id"])

    @entrypoint
    def person_done_tasks(self, request):
        return self.platform.user_views.person_tasks(request["actor"], request["params"]["person_id"],
                                                     done=True)

    @entrypoint
    def user_tasks(self, request):
        return self.platform.user_views.user_tasks(request["actor"])

    @entrypoint
    def user_done_tasks(self, request):
        return self.platform.user_views.user_tasks(request["actor"], done=True)

    @entrypoint
    def user_entity_tasks(self, request):
        p = request["params"]
        return self.platform.user_views.user_entity_tasks(request["actor"], entity_param(p), KINDS[p["kind"]])

    @entrypoint
    def user_entity_task_types(self, request):
        p = request["params"]
        return self.platform.user_views.user_entity_task_types(request["actor"], entity_param(p),
                                                               KINDS[p["kind"]])
