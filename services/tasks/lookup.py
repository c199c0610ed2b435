"""Rows other services show but do not keep (route-free RPC): the production service lists a
project's or template's task types, statuses and automations by asking for them by id, the media
service the comments of attachment files (and a task or comment too new for its replicas)."""
import sqlalchemy as sa

from shared import db
from shared.service import entrypoint

from .collections import COMMENTS, STATUS_AUTOMATIONS, TASK_STATUSES, TASK_TYPES, TASKS

SHOWN = {collection.name: collection
         for collection in (TASK_TYPES, TASK_STATUSES, STATUS_AUTOMATIONS, COMMENTS, TASKS)}


class LookupRpc:
    @entrypoint
    def rows_by_ids(self, request):
        """{"params": {"collection": "task-types" | "task-status" | "status-automations" | "comments" | "tasks",
        "ids": [...], "relations": true}} → the rows found, as the generic CRUD answers them (with
        their relations unless told), ordered by name."""
        collection = SHOWN[request["params"]["collection"]]
        table = collection.table
        ids = [str(item) for item in request["params"]["ids"]]
        if not ids:
            return []
        query = sa.select(table).where(table.c.id.in_(ids))
        if "name" in table.c:
            query = query.order_by(table.c.name)
        rows = db.current_session().execute(query).mappings()
        relations = request["params"].get("relations", True)
        return [collection.serialize(row, None, relations=relations) for row in rows]
