"""Saved searches (Zou's SearchFilter and SearchFilterGroup) of the logged-in person
(/data/user/filters, /data/user/filter-groups): their own, plus the ones shared in their
productions, grouped by list type then project ("all")."""
import sqlalchemy as sa

from shared import permissions
from shared.application import Model, answers
from shared.crud import Actor
from shared.crud.fields import Boolean, String, Uuid
from shared.crud.store import as_object
from shared.errors import NotFound, ValidationError, WrongParameter
from shared.eventstore import command

from ..domain import SearchFilter, SearchFilterGroup
from ..replicas import PROJECTS, metadata
from ..rules.ids import found_id
from .records import AdminCollection, delete_record, update_record

SEARCH_FILTERS = AdminCollection("search-filters", "SearchFilter", SearchFilter, "search_filter", metadata, {
    "list_type": String(nullable=False), "entity_type": String(), "name": String(nullable=False, default=""),
    "search_query": String(nullable=False, default=""), "is_shared": Boolean(nullable=False, default=False),
    "department_id": Uuid(), "search_filter_group_id": Uuid(index=True, references="search_filter_group"),
    "person_id": Uuid(index=True), "project_id": Uuid(index=True, references="project_replica")})
SEARCH_FILTER_GROUPS = AdminCollection("search-filter-groups", "SearchFilterGroup", SearchFilterGroup,
                                       "search_filter_group", metadata, {
    "list_type": String(nullable=False), "entity_type": String(), "name": String(nullable=False, default=""),
    "color": String(nullable=False, default=""), "is_shared": Boolean(nullable=False, default=False),
    "person_id": Uuid(index=True), "project_id": Uuid(index=True, references="project_replica"),
    "department_id": Uuid()})
SHARED_MISMATCH = ("A search filter should have the same value for is_shared than its search "
                   "filter group.")
# body key -> (column, required); Zou calls a filter's query `query` in bodies
FILTER_BODY = {"name": ("name", True), "query": ("search_query", True), "list_type": ("list_type", False),
               "project_id": ("project_id", False), "entity_type": ("entity_type", False),
               "is_shared": ("is_shared", False), "search_filter_group_id": ("search_filter_group_id", False),
               "department_id": ("department_id", False)}
GROUP_BODY = {"name": ("name", True), "color": ("color", False), "list_type": ("list_type", False),
              "project_id": ("project_id", False), "entity_type": ("entity_type", False),
              "is_shared": ("is_shared", False), "department_id": ("department_id", False)}
FILTER_CHANGES = ("name", "search_query", "search_filter_group_id", "is_shared", "project_id",
                  "department_id")
GROUP_CHANGES = ("name", "color", "is_shared", "project_id", "department_id")


def read_body(body, spec):
    """The fields of a creation body, with Zou's validation messages for the required ones."""
    body = body if isinstance(body, dict) else {}
    errors = [{"field": key, "message": "Field required"} for key, (_, required) in spec.items()
              if required and body.get(key) is None]
    errors += [{"field": key, "message": "String should have at least 1 character"}
               for key, (_, required) in spec.items() if required and body.get(key) == ""]
    if errors:
        raise ValidationError(errors)
    return {column: body[key] for key, (column, _) in spec.items() if body.get(key) is not None}


class SearchFilters(Model):
    """The /data/search-filters CRUD is the generic one; the user routes are these."""
    collection = SEARCH_FILTERS

    def can_share(self, actor, project_id):
        """Sharing is for admins and the managers of the production."""
        if not project_id:
            return False
        project = self.session.execute(sa.select(PROJECTS.c.team, PROJECTS.c.team_roles)
                                       .where(PROJECTS.c.id == project_id)).mappings().first()
        return project is not None and permissions.is_project_manager(actor, project)

    def listed(self, collection, actor):
        table = collection.table
        shared_in = sa.select(PROJECTS.c.id).where(PROJECTS.c.team.any(actor.id))
        query = sa.select(table).where(sa.or_(
            table.c.person_id == actor.id,
            sa.and_(table.c.is_shared.is_(True), table.c.project_id.in_(shared_in.scalar_subquery()))))
        grouped = {}
        for row in self.session.execute(query.order_by(table.c.name)).mappings():
            by_project = grouped.setdefault(row["list_type"], {})
            by_project.setdefault(row["project_id"] or "all", []).append(collection.serialize(row))
        return grouped

    def own(self, collection, actor, instance_id):
        table = collection.table
        query = sa.select(table).where(table.c.id == found_id(instance_id))
        if not actor.is_admin:
            query = query.where(table.c.person_id == actor.id)
        row = self.session.execute(query).mappings().first()
        if row is None:
            raise NotFound()
        return dict(row)

    def check_group(self, group_id, is_shared):
        if group_id is None:
            return
        group = self.session.execute(sa.select(SEARCH_FILTER_GROUPS.table).where(
            SEARCH_FILTER_GROUPS.table.c.id == found_id(group_id))).mappings().first()
        if group is None:
            raise NotFound()
        if bool(is_shared) != group["is_shared"]:
            raise WrongParameter(SHARED_MISMATCH)

    def new_fields(self, actor, body, spec, **defaults):
        """A new filter's or group's fields: the caller's, shared only where they may share."""
        fields = {"list_type": "todo", **defaults, "is_shared": False, **read_body(body, spec),
                  "person_id": actor.id}
        fields["is_shared"] = bool(fields["is_shared"]) and self.can_share(actor, fields.get("project_id"))
        return fields

    # -- filters --------------------------------------------------------------------------------
    @answers("user_filters")
    def filters(self, actor):
        return self.listed(SEARCH_FILTERS, Actor(actor))

    @answers("create_user_filter")
    @command
    def create_filter(self, actor, body):
        actor = Actor(actor)
        fields = self.new_fields(actor, body, FILTER_BODY)
        self.check_group(fields.get("search_filter_group_id"), fields["is_shared"])
        return self.crud.save_new(SEARCH_FILTERS, actor, fields)

    @answers("update_user_filter")
    @command
    def update_filter(self, actor, filter_id, body):
        actor = Actor(actor)
        row = self.own(SEARCH_FILTERS, actor, filter_id)
        changes = {key: value for key, value in as_object(body).items()
                   if key in FILTER_CHANGES and (value is not None or key == "search_filter_group_id")}
        self.check_group(changes.get("search_filter_group_id", row["search_filter_group_id"]),
                         changes.get("is_shared", row["is_shared"]))
        return self.change(SEARCH_FILTERS, actor, row, changes)

    @answers("delete_user_filter")
    @command
    def remove_filter(self, actor, filter_id):
        self.remove(SEARCH_FILTERS, Actor(actor), self.own(SEARCH_FILTERS, Actor(actor), filter_id))

    # -- filter groups --------------------------------------------------------------------------
    @answers("user_filter_groups")
    def groups(self, actor):
        return self.listed(SEARCH_FILTER_GROUPS, Actor(actor))

    @answers("user_filter_group")
    def group(self, actor, filter_group_id):
        return SEARCH_FILTER_GROUPS.serialize(self.own(SEARCH_FILTER_GROUPS, Actor(actor), filter_group_id))

    @answers("create_user_filter_group")
    @command
    def create_group(self, actor, body):
        actor = Actor(actor)
        fields = self.new_fields(actor, body, GROUP_BODY, color="")
        return self.crud.save_new(SEARCH_FILTER_GROUPS, actor, fields)

    @answers("update_user_filter_group")
    @command
    def update_group(self, actor, filter_group_id, body):
        actor = Actor(actor)
        row = self.own(SEARCH_FILTER_GROUPS, actor, filter_group_id)
        changes = {key: value for key, value in as_object(body).items()
                   if key in GROUP_CHANGES and value is not None}
        answer = self.change(SEARCH_FILTER_GROUPS, actor, row, changes)
        if "is_shared" in changes:  # the group's filters follow it
            for member in self.members(row["id"]):
                self.change(SEARCH_FILTERS, actor, member, {"is_shared": answer["is_shared"]})
        return answer

    @answers("delete_user_filter_group")
    @command
    def remove_group(self, actor, filter_group_id):
        actor = Actor(actor)
        row = self.own(SEARCH_FILTER_GROUPS, actor, filter_group_id)
        for member in self.members(row["id"]):
            self.remove(SEARCH_FILTERS, actor, member)
        self.remove(SEARCH_FILTER_GROUPS, actor, row)

    def members(self, group_id):
        table = SEARCH_FILTERS.table
        return [dict(row) for row in self.session.execute(
            sa.select(table).where(table.c.search_filter_group_id == group_id)).mappings()]

    # -- writes through the aggregates ------------------------------------------------------------
    def change(self, collection, actor, row, changes):
        project_id = changes.get("project_id", row["project_id"])
        if changes.get("is_shared") and not self.can_share(actor, project_id):
            changes["is_shared"] = False
        row = {**row, **update_record(self.platform, collection, row["id"], changes, actor.id)}
        return collection.serialize(row)

    def remove(self, collection, actor, row):
        delete_record(self.platform, collection, row["id"], actor.id)
