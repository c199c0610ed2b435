"""The collections production owns, one module per model (or family of small ones): each holds
its Collection (fields, checks, validation, answers) and, where Zou's model does more than the
generic CRUD, its Model part and the model's own commands (`@answers`)."""
from ..replicas import metadata
from .asset_instances import ASSET_INSTANCES
from .budgets import BUDGET_ENTRIES, BUDGETS
from .descriptors import METADATA_DESCRIPTORS
from .entities import ENTITIES
from .entity_links import ENTITY_LINKS
from .entity_types import ENTITY_TYPES
from .project_templates import PROJECT_TEMPLATES
from .projects import PROJECT_STATUSES, PROJECTS
from .salary_scales import SALARY_SCALES
from .schedules import (MILESTONES, PRODUCTION_SCHEDULE_VERSION_TASK_LINKS, PRODUCTION_SCHEDULE_VERSIONS,
                        SCHEDULE_ITEMS)
from .studio_settings import CUSTOM_ACTIONS, PLUGINS

__all__ = ("COLLECTIONS", "metadata")

COLLECTIONS = (PROJECTS, PROJECT_STATUSES, ENTITY_TYPES, ENTITIES, ENTITY_LINKS, ASSET_INSTANCES,
               METADATA_DESCRIPTORS, MILESTONES, SCHEDULE_ITEMS, BUDGETS, BUDGET_ENTRIES,
               PROJECT_TEMPLATES, PRODUCTION_SCHEDULE_VERSIONS, PRODUCTION_SCHEDULE_VERSION_TASK_LINKS,
               CUSTOM_ACTIONS, PLUGINS, SALARY_SCALES)
