"""The production service: the breakdown of productions (projects, entities, casting…).

The service class stays thin: the RPC entry points of each area live in a mixin of their own
module (rpc_*.py), each calling one application command or query."""
from nameko.rpc import RpcProxy

import shared.service  # not `from … import CrudService`: nameko run would take it for a service
from shared import db
from shared.consumer import CatchUp, subscribe
from shared.eventstore import EventStore
from shared.replicas import apply_row

from .bootstrap import InitData
from .collections import COLLECTIONS, PERSONS, STATUS_AUTOMATIONS, TASK_STATUSES, TASK_TYPES, metadata
from .domain import Entity, Project
from . import rpc_entities, rpc_projects  # modules: `nameko run` would take an imported mixin class for a service


class ProductionApplication(EventStore):
    snapshotting_intervals = {Project: 100, Entity: 100}


class ProductionPlatform(shared.service.Platform):
    def setup(self):
        super().setup()
        InitData(self.crud).run()


def replica_of(source, table, replica):
    """The event handler keeping `replica`, the local copy of `source`'s `table`."""
    @subscribe(source, f"row.{table}")
    def on_row(self, envelope):
        apply_row(db.current_session(), replica, envelope)
    return on_row


class ProductionService(rpc_entities.EntitiesRpc, rpc_projects.ProjectsRpc, shared.service.CrudService):
    name = "production"
    platform = ProductionPlatform(ProductionApplication, metadata, COLLECTIONS)
    catch_up = CatchUp()
    tasks = RpcProxy("tasks")  # task types, statuses and automations are the tasks service's rows

    # -- replicas: auth's persons (who may act), the tasks service's rows a project's settings
    # name (checked against these copies) -----------------------------------------------------
    on_person_access = replica_of("auth", "person", PERSONS)
    on_task_type_row = replica_of("tasks", "task_type", TASK_TYPES)
    on_task_status_row = replica_of("tasks", "task_status", TASK_STATUSES)
    on_status_automation_row = replica_of("tasks", "status_automation", STATUS_AUTOMATIONS)
