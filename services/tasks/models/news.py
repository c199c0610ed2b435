"""The news feed of productions (Zou's News): one item per comment (written by the comment commands),
listed newest first with what the Kitsu news page shows, a page at a time."""
import math

import sqlalchemy as sa

from shared.application import Model, answers
from shared.crud import Actor
from shared.crud.fields import Boolean, Uuid
from shared.crud.store import flag, integer
from shared.errors import NotFound, WrongParameter

from .. import access, replicas
from ..domain import News
from ..replicas import PROJECTS, metadata, open_project_ids, with_entity_context
from ..rules.entity_names import full_entity_name
from ..rules.ids import found_id
from .records import AdminCollection, delete_where
from .tasks import TASKS

NEWS = AdminCollection("news", "News", News, "news", metadata, {
    "change": Boolean(nullable=False, default=False), "author_id": Uuid(nullable=False),
    "comment_id": Uuid(index=True), "task_id": Uuid(nullable=False, index=True),
    "preview_file_id": Uuid(),
    # kept for the news lists and the `news:new` payload
    "task_status_id": Uuid(hidden=True), "task_type_id": Uuid(hidden=True),
    "project_id": Uuid(hidden=True, index=True)})
PERSON_KEYS = ("id", "first_name", "last_name", "full_name", "has_avatar", "role")
DEFAULT_PAGE_SIZE = 50
ENTITY_NEWS_LIMIT = 2000


def positive_int(query, key, default):
    """A page or limit: 400 below 0, at least 1."""
    return max(integer(query, key, default, minimum=0) if query.get(key) else default, 1)


class NewsFeed(Model):
    collection = NEWS

    def announce_comment(self, task, comment_id, comment, change=False):
        """A comment was posted on `task`: the feed gets it (its author's news)."""
        author = comment["person_id"]
        self.crud.save_new(NEWS, Actor(id=author), {
            "author_id": author, "comment_id": comment_id, "task_id": task["id"],
            "project_id": task["project_id"], "change": change,
            "preview_file_id": comment.get("preview_file_id"),
            "task_status_id": comment.get("task_status_id"), "task_type_id": task["task_type_id"]})

    def remove_for_task(self, session, task, actor_id):
        """Removal hook of the Tasks part."""
        delete_where(self.platform, session, NEWS, NEWS.table.c.task_id == task["id"], actor_id)


    def base_query(self, project_ids):
        """News of `project_ids` (a list or a subquery) with their task, entity and project."""
        news, task = NEWS.table, TASKS.table
        query = (sa.select(news, task.c.entity_id.label("task_entity_id"),
                           PROJECTS.c.name.label("project_name"))
                 .select_from(news)
                 .join(task, task.c.id == news.c.task_id)
                 .join(PROJECTS, PROJECTS.c.id == news.c.project_id))
        return (with_entity_context(query, task.c.entity_id)
            .where(news.c.project_id.in_(project_ids)))

    def item(self, row, persons):
        full_name, episode_id = full_entity_name(row)
        person = persons.get(row["author_id"])
        return {
            "id": row["id"], "type": "News", "author_id": row["author_id"],
            "comment_id": row["comment_id"], "task_id": row["task_id"],
            "task_type_id": row["task_type_id"], "task_status_id": row["task_status_id"],
            "task_entity_id": row["task_entity_id"], "preview_file_id": row["preview_file_id"],
            # preview files live in the media service: Kitsu reads them from the preview id
            "preview_file_extension": None, "preview_file_revision": None,
            "project_id": row["project_id"], "project_name": row["project_name"],
            "created_at": row["created_at"].isoformat(timespec="seconds"), "change": row["change"],
            "full_entity_name": full_name, "episode_id": episode_id,
            "entity_preview_file_id": row["entity_preview_file_id"],
            "person": {key: person.get(key) for key in PERSON_KEYS} if person else None,
        }

    def filtered(self, statement, query):
        """Zou's news filters: task_type_id, task_status_id, person_id (author), only_preview,
        before and after (creation dates)."""
        news = NEWS.table
        for key, column in (("task_type_id", news.c.task_type_id),
                            ("task_status_id", news.c.task_status_id),
                            ("person_id", news.c.author_id)):
            if query.get(key):
                statement = statement.where(column == found_id(query[key]))
        if flag(query, "only_preview"):
            statement = statement.where(news.c.preview_file_id.is_not(None))
        for key, compare in (("after", news.c.created_at.__gt__), ("before", news.c.created_at.__lt__)):
            if query.get(key):
                statement = statement.where(compare(sa.cast(query[key], sa.DateTime)))
        return statement

    def page(self, project_ids, query, entity_id=None, with_stats=True):
        """{data, total, nb_pages, limit, offset, page, stats}: stats counts the status changes
        of the whole filtered feed per status."""
        news = NEWS.table
        limit, page = positive_int(query, "limit", DEFAULT_PAGE_SIZE), positive_int(query, "page", 1)
        statement = self.filtered(self.base_query(project_ids), query)
        if entity_id:
            statement = statement.where(TASKS.table.c.entity_id == entity_id)
        listed = statement.add_columns(sa.func.count().over().label("total"))
        try:
            rows = self.session.execute(listed.order_by(news.c.created_at.desc(), news.c.id)
                                        .limit(limit).offset((page - 1) * limit)).mappings().all()
            changes = statement.where(news.c.change.is_(True)).with_only_columns(
                news.c.task_status_id, sa.func.count()).group_by(news.c.task_status_id)
            stats = ({status: count for status, count in self.session.execute(changes) if status}
                     if with_stats else None)
        except sa.exc.DataError:
            raise WrongParameter("Wrong date format for after or before.")
        total = rows[0]["total"] if rows else 0
        persons = replicas.persons(row["author_id"] for row in rows)
        answer = {"data": [self.item(row, persons) for row in rows], "total": total,
                  "nb_pages": math.ceil(total / limit), "limit": limit, "offset": (page - 1) * limit,
                  "page": page}
        return {**answer, "stats": stats} if with_stats else answer

    # -- routes ---------------------------------------------------------------------------------
    @answers("project_news")
    def project_news(self, actor, project_id, query):
        """GET /data/projects/{id}/news: the team's, but its clients'."""
        project = access.project_row(self.session, project_id)
        access.check_project_reader(Actor(actor), project, blocked=("client",))
        return self.page([project["id"]], query)

    @answers("entity_news")
    def entity_news(self, actor, entity_id):
        """GET /data/entities/{id}/news: the news of the entity's tasks, newest first, on one page
        of at most 2,000 (as Zou: no paging, no filter, no stats)."""
        entity = access.entity_row(self.session, found_id(entity_id))
        access.check_entity_read(self.session, Actor(actor), entity)
        return self.page([entity["project_id"]], {"limit": ENTITY_NEWS_LIMIT}, entity["id"],
                         with_stats=False)

    @answers("open_projects_news")
    def open_projects_news(self, actor, query):
        """GET /data/projects/news: the news of the caller's open productions."""
        return self.page(open_project_ids(Actor(actor)).scalar_subquery(), query)

    @answers("project_news_item")
    def news_item(self, actor, project_id, news_id):
        """GET /data/projects/{id}/news/{news_id}: the team's, but its vendors' (as Zou)."""
        project = access.project_row(self.session, project_id)
        access.check_project_reader(Actor(actor), project, blocked=("vendor",))
        news_id = found_id(news_id)
        row = self.session.execute(self.base_query([project["id"]])
                                   .where(NEWS.table.c.id == news_id)).mappings().first()
        if row is None:
            raise NotFound()
        return self.item(row, replicas.persons([row["author_id"]]))
