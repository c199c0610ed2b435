"""Rows other services show but do not keep (route-free RPC): the production service lists a
project's or template's task types, statuses and automations by asking for them by id, the media
service the comments of attachment files (and a task or comment too new for its replicas)."""
import sqlalchemy as sa

from shared.application import UseCases, answers

from ..models.comments import COMMENTS
from ..models.status_automations import STATUS_AUTOMATIONS
from ..models.task_statuses import TASK_STATUSES
from ..models.task_types import TASK_TYPES
from ..models.tasks import TASKS

SHOWN = {collection.name: collection
         for collection in (TASK_TYPES, TASK_STATUSES, STATUS_AUTOMATIONS, COMMENTS, TASKS)}


class RowsByIds(UseCases):

    @answers("rows_by_ids")
    def rows(self, collection, ids, relations=True):
        """{"params": {"collection": "task-types" | "task-status" | "status-automations" | "comments" | "tasks",
        "ids": [...], "relations": true}} → the rows found, as the generic CRUD answers them (with
        their relations unless told), ordered by name."""
        collection = SHOWN[collection]
        table = collection.table
        ids = [str(item) for item in ids]
        if not ids:
            return []
        query = sa.select(table).where(table.c.id.in_(ids))
        if "name" in table.c:
            query = query.order_by(table.c.name)
        rows = self.session.execute(query).mappings()
        return [collection.serialize(row, None, relations=relations) for row in rows]
