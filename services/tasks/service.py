"""The tasks service: what people do on the breakdown (task types and statuses, tasks, comments,
the logged-in person's views), with local replicas of production's projects and entities.

The service class stays thin: the RPC entry points of each area live in a mixin of their own module
(rpc_*.py), each calling one application command or query."""

import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared.consumer import CatchUp
from shared.eventstore import EventStore
from shared.replicas import replica_of

from .collections import COLLECTIONS, metadata
from .comments import Comments
from .directory import PersonDirectory
from . import lookup  # a module: `nameko run` would take an imported mixin class for a service
from .domain import Comment, Task
from .replication import Replication
from .rpc_tasks import TasksRpc
from .rpc_comments import CommentsRpc
from .rpc_user import UserRpc
from . import rpc_views
from .automations import Automations
from .boards import Boards
from .comment_actions import CommentActions
from .project_views import ProjectViews
from .todo_views import TodoViews
from .rpc_time import SocialRpc, TimeRpc
from .chats import Chats
from .day_offs import DayOffs
from .filters import Filters
from .news import News
from .social import Social
from .time import TimeSpents
from .time_tables import TimeTables
from .tasks import Tasks
from .user_views import UserViews
from .workflow import Workflow


class TasksApplication(EventStore):
    snapshotting_intervals = {Task: 100, Comment: 100}


class TasksPlatform(shared.service.Platform):
    def setup(self):
        super().setup()
        self.workflow = Workflow(self)
        self.tasks = Tasks(self)
        self.comments = Comments(self)
        self.user_views = UserViews(self)
        self.replication = Replication(self)
        # time & social area
        self.time_spents = TimeSpents(self)
        self.day_offs = DayOffs(self, self.time_spents)
        self.time_tables = TimeTables(self)
        self.social = Social(self)
        self.news = News(self)
        self.chats = Chats(self)
        self.filters = Filters(self)
        self.tasks.removal_hooks += [self.time_spents.remove_for_task, self.social.remove_for_task]
        self.comments.comment_hooks.append(self.social.on_comment)
        self.comments.automations = Automations(self, self.comments)
        self.comment_actions = CommentActions(self, self.comments)
        # read views
        self.boards = Boards(self)
        self.project_views = ProjectViews(self)
        self.todo_views = TodoViews(self)
        self.workflow.bootstrap()


class TasksService(TasksRpc, CommentsRpc, UserRpc, rpc_views.ViewsRpc, TimeRpc, SocialRpc,
                   lookup.LookupRpc,
                   shared.service.CrudService):
    name = "tasks"
    platform = TasksPlatform(TasksApplication, metadata, COLLECTIONS)
    catch_up = CatchUp()
    directory = PersonDirectory()

    # -- replicas: production's rows, auth's persons, media's files ------------------------------
    on_person_row = replica_of("auth", "person")
    on_project_row = replica_of("production", "project")
    on_project_status_row = replica_of("production", "project_status")
    on_entity_type_row = replica_of("production", "entity_type")
    on_entity_row = replica_of("production", "entity")
    on_preview_file_row = replica_of("media", "preview_file")
    on_attachment_file_row = replica_of("media", "attachment_file")
