"""The production service: the breakdown of productions (projects, entities, casting, planning,
budgets, templates). The class lists what it owns: its parts (@serves: models, commands, views,
whose @answers methods are its entry points) and the replicas its event handlers keep."""
import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared.consumer import CatchUp
from shared.eventstore import EventStore
from shared.service import serves

from .commands.casting import CastingChanges
from .commands.entity_batches import EntityBatches
from .commands.init_data import InitData
from .commands.project_templates import TemplateCopies
from .commands.scene_shots import SceneShots
from .commands.shot_frames import ShotFrames
from .commands.task_links import TaskLinks
from .domain import Entity, Project
from .models import COLLECTIONS, metadata
from .models.asset_instances import AssetInstances
from .models.budgets import Budgets
from .models.descriptors import MetadataDescriptors
from .models.entities import Entities
from .models.entity_creation import EntityCreation
from .models.project_settings import ProjectSettings
from .models.project_templates import ProjectTemplates
from .models.projects import Projects
from .models.salary_scales import SalaryScales
from .models.schedules import ScheduleItems, ScheduleVersionTaskLinks
from .replicas import PERSONS, STATUS_AUTOMATIONS, TASK_STATUSES, TASK_TYPES, TASKS, replica_of
from .views.asset_types import AssetTypeViews
from .views.casting import CastingViews
from .views.entities import EntityViews
from .views.projects import ProjectViews
from .views.sheets import SheetViews


class ProductionApplication(EventStore):
    snapshotting_intervals = {Project: 100, Entity: 100}


class ProductionPlatform(shared.service.Platform):
    def setup(self):
        super().setup()
        InitData(self.crud).run()


@serves(Projects, ProjectSettings, ProjectViews, TaskLinks, TemplateCopies, ProjectTemplates,
        MetadataDescriptors, ScheduleItems, ScheduleVersionTaskLinks, Budgets,
        Entities, EntityCreation, EntityBatches, EntityViews, AssetTypeViews, CastingViews, CastingChanges,
        AssetInstances, SceneShots, ShotFrames, SheetViews, SalaryScales)
class ProductionService(shared.service.CrudService):
    name = "production"
    platform = ProductionPlatform(ProductionApplication, metadata, COLLECTIONS)
    catch_up = CatchUp()

    # -- replicas: auth's persons (who may act), the tasks service's rows a project's settings
    # name (checked against these copies), its tasks (which entities have tasks, and whose) ----
    on_person_access = replica_of("auth", "person", PERSONS)
    on_task_type_row = replica_of("tasks", "task_type", TASK_TYPES)
    on_task_status_row = replica_of("tasks", "task_status", TASK_STATUSES)
    on_status_automation_row = replica_of("tasks", "status_automation", STATUS_AUTOMATIONS)
    on_task_row = replica_of("tasks", "task", TASKS)

