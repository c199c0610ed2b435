"""RPC entry points: commenting a task, replies, acknowledgements, a task's comments."""
from shared.service import entrypoint


def ids(request, *names):
    return [request["params"][name] for name in names]


class CommentsRpc:
    @entrypoint
    def comment_task(self, request):
        return self.platform.comments.create(request["actor"], *ids(request, "task_id"),
                                             request["body"], self.directory)

    @entrypoint
    def task_comments(self, request):
        return self.platform.comments.task_comments(request["actor"], *ids(request, "task_id"),
                                                    self.directory)

    @entrypoint
    def task_comment(self, request):
        return self.platform.comments.task_comment(request["actor"], *ids(request, "task_id", "comment_id"))

    @entrypoint
    def delete_task_comment(self, request):
        return self.platform.comments.delete_task_comment(request["actor"],
                                                          *ids(request, "task_id", "comment_id"))

    @entrypoint
    def reply_comment(self, request):
        return self.platform.comments.reply(request["actor"], *ids(request, "task_id", "comment_id"),
                                            request["body"], self.directory)

    @entrypoint
    def delete_comment_reply(self, request):
        return self.platform.comments.delete_reply(
            request["actor"], *ids(request, "task_id", "comment_id", "reply_id"))

    @entrypoint
    def acknowledge_comment(self, request):
        return self.platform.comments.acknowledge(request["actor"], *ids(request, "task_id", "comment_id"))

    @entrypoint
    def comment_many(self, request):
        return self.platform.comment_actions.comment_many(request["actor"], *ids(request, "project_id"),
                                                          request["body"], self.directory)

    @entrypoint
    def move_comment(self, request):
        return self.platform.comment_actions.move(request["actor"], *ids(request, "task_id", "comment_id"),
                                                  request["body"])
