"""The tasks service: what people do on the breakdown (task types and statuses, tasks, comments,
time, day offs, what follows a task), with local copies of production's projects and entities,
auth's persons and media's files.

The class is the list of what the service owns: its parts (@serves: models/, commands/, views/),
whose `@answers` methods are its entry points, and the events it follows (replicas.py)."""

import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared.consumer import CatchUp
from shared.eventstore import EventStore
from shared.replicas import replica_of
from shared.service import serves

from .commands.assignments import TaskAssignments
from .commands.automations import Automations
from .commands.batch_creation import BatchCreation
from .commands.main_previews import MainPreviews
from .commands.status_changes import TaskStatusChanges
from .commands.task_creation import TaskCreation
from .domain import Comment, Task
from .models import COLLECTIONS, metadata
from .models.chats import Chats
from .models.comments import Comments
from .models.day_offs import DayOffs
from .models.news import NewsFeed
from .models.notifications import Notifications
from .models.search_filters import SearchFilters
from .models.subscriptions import Subscriptions
from .models.task_statuses import TaskStatuses
from .models.task_types import TaskTypes
from .models.tasks import Tasks
from .models.time_spents import TimeSpents
from .replicas import Replication
from .views.boards import Boards
from .views.episode_stats import EpisodeStats
from .views.planning import PlanningRows
from .views.playlist_cells import PlaylistCells
from .views.quotas import Quotas
from .views.production import ProductionTaskViews
from .views.rows_by_ids import RowsByIds
from .views.sheets import ProductionSheets
from .views.studio_tasks import StudioTaskViews
from .views.task_details import TaskDetails
from .views.task_lists import TaskListViews
from .views.timesheets import Timesheets


class TasksApplication(EventStore):
    snapshotting_intervals = {Task: 100, Comment: 100}


class TasksPlatform(shared.service.Platform):
    def setup(self):
        super().setup()
        tasks, comments = self.part(Tasks), self.part(Comments)
        # what a removed task takes along, in this order
        tasks.removal_hooks += [self.part(TimeSpents).remove_for_task, self.part(Subscriptions).remove_for_task,
                                self.part(Notifications).remove_for_task, self.part(NewsFeed).remove_for_task,
                                comments.remove_for_task]
        self.replication = Replication(tasks.remove_entity_tasks, comments.show_file)
        self.part(TaskStatuses).bootstrap()


@serves(
    # models: a /data collection each, with its own commands
    TaskTypes, TaskStatuses, Tasks, Comments, TimeSpents, DayOffs, Subscriptions, Notifications,
    NewsFeed, Chats, SearchFilters,
    # commands spanning several models
    TaskCreation, TaskAssignments, TaskStatusChanges, Automations, BatchCreation, MainPreviews,
    # read views
    TaskDetails, TaskListViews, ProductionTaskViews, StudioTaskViews, Boards, Timesheets, RowsByIds,
    EpisodeStats, PlanningRows, Quotas, PlaylistCells, ProductionSheets)
class TasksService(shared.service.CrudService):
    name = "tasks"
    platform = TasksPlatform(TasksApplication, metadata, COLLECTIONS)
    catch_up = CatchUp()

    # -- replicas: production's rows, auth's persons, media's files ------------------------------
    on_person_row = replica_of("auth", "person")
    on_project_row = replica_of("production", "project")
    on_project_status_row = replica_of("production", "project_status")
    on_entity_type_row = replica_of("production", "entity_type")
    on_entity_row = replica_of("production", "entity")
    on_preview_file_row = replica_of("media", "preview_file")
    on_attachment_file_row = replica_of("media", "attachment_file")
