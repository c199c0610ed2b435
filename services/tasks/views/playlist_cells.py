"""What the importer's playlist CSV reads of tasks (route-free RPC): the tasks its entries show,
each with its type's and status's names, its retake count and its last comment (author's name,
date, text), in one query; and the caller's timezone, that its dates are written in."""
import sqlalchemy as sa

from shared.application import UseCases, answers
from shared.crud.store import parse_id
from shared.serialization import isoformat

from ..models.comments import COMMENTS
from ..models.task_statuses import TASK_STATUSES
from ..models.task_types import TASK_TYPES
from ..models.tasks import TASKS
from ..replicas import PERSONS

DEFAULT_TIMEZONE = "Europe/Paris"  # Zou's, for a person who set none


class PlaylistCells(UseCases):
    @answers("playlist_task_cells")
    def cells(self, actor, task_ids):
        """{tasks: {id: {entity_id, task_type_name, task_status_name, retake_count, last_comment:
        {author, date, text} or None}}, timezone}: the known ones among `task_ids`."""
        ids = {parse_id(task_id) for task_id in task_ids or []}
        task, types, statuses, comments = TASKS.table, TASK_TYPES.table, TASK_STATUSES.table, COMMENTS.table
        last = (sa.select(comments.c.text, comments.c.created_at, comments.c.person_id)
                .where(comments.c.object_id == task.c.id)
                .order_by(comments.c.created_at.desc()).limit(1).lateral("last_comment"))
        author = sa.func.btrim(sa.func.concat(PERSONS.c.first_name, " ", PERSONS.c.last_name))
        rows = self.session.execute(
            sa.select(task.c.id, task.c.entity_id, task.c.retake_count, types.c.name.label("task_type_name"),
                      statuses.c.name.label("task_status_name"), last.c.text, last.c.created_at,
                      last.c.person_id, author.label("author"))
            .join(types, types.c.id == task.c.task_type_id)
            .outerjoin(statuses, statuses.c.id == task.c.task_status_id)
            .outerjoin(last, sa.true())
            .outerjoin(PERSONS, PERSONS.c.id == last.c.person_id)
            .where(task.c.id.in_(ids))).mappings() if ids else []
        return {"tasks": {row["id"]: {
            "entity_id": row["entity_id"], "task_type_name": row["task_type_name"],
            "task_status_name": row["task_status_name"] or "", "retake_count": row["retake_count"] or 0,
            "last_comment": None if row["created_at"] is None else {
                "author": row["author"] or "", "date": isoformat(row["created_at"]), "text": row["text"] or ""}}
            for row in rows}, "timezone": self.timezone(actor)}

    def timezone(self, actor):
        row = self.session.execute(sa.select(PERSONS.c.row).where(PERSONS.c.id == actor.id)).scalar()
        return (row or {}).get("timezone") or DEFAULT_TIMEZONE
