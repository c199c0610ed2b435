"""New revisions of working files (a task's) and output files (an entity's, or an asset
instance's in a shot or scene), their paths rendered from the project's file tree, and the
revisions already made: the next one, the last of each name."""
import sqlalchemy as sa

from shared.application import answers
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import ApiError
from shared.eventstore import command

from ..models.catalogues import FILE_STATUSES, OUTPUT_TYPES, SOFTWARES
from ..models.work_files import OUTPUT_FILES, WORKING_FILES, output_filters, readable_entity, readable_instance
from ..replicas import ACCESS, ENTITIES, PERSONS
from ..rules import file_requests, file_trees
from .file_paths import NEW_FILE_SOFTWARE, FileTreeContext

FILE_STATUS = {"name": "To review", "color": "#FFFFFF"}  # Zou's default status of a new output
OUTPUT_GROUP = ("task_type_id", "output_type_id", "name", "representation")  # one history of outputs


def refused(message, key="error"):
    return lambda: ApiError({key: message}, 400)


def exists(session, table, **values):
    return session.execute(sa.select(table.c.id).where(
        *[table.c[name].is_(None) if value is None else table.c[name] == value for name, value in values.items()]
    ).limit(1)).first() is not None


def last_revisions(session, table, group, condition):
    """The rows of the highest revision of each group (`group`: columns) among `condition`'s."""
    ranked = sa.select(table.c.id, sa.func.rank().over(
        partition_by=[table.c[name] for name in group], order_by=table.c.revision.desc()).label("rank")
    ).where(condition).subquery()
    return session.execute(sa.select(table).join(ranked, ranked.c.id == table.c.id)
                           .where(ranked.c.rank == 1).order_by(table.c.created_at)).mappings()


class FileRevisions(FileTreeContext):
    # -- working files ---------------------------------------------------------------------------
    @answers("new_working_file")
    @command
    def new_working_file(self, actor, task_id, body):
        """POST /data/tasks/{task_id}/working-files/new {name, software_id?, revision?, comment,
        person_id?, mode, sep}: the next revision of that name, its path from the tree; the task
        is assigned to the caller (Zou's)."""
        values = file_requests.read(body, file_requests.NEW_WORKING_FILE)
        task = self.platform.tasks_rows.task(task_id)
        entity = readable_entity(self.session, actor, task["entity_id"])
        software = (self.known(SOFTWARES, values["software_id"]) if values["software_id"]
                    else self.made_if_missing(actor, SOFTWARES, NEW_FILE_SOFTWARE))
        revision = values["revision"] or self.next_working_revision(task["id"], values["name"])
        if exists(self.session, WORKING_FILES.table, task_id=task["id"], name=values["name"], revision=revision):
            raise refused("The given working file already exists.")()
        person_id = self.person_id(actor, values["person_id"])
        file_tree, tokens = self.tree_and_tokens(actor, entity, task=task, task_type=self.task_type(
            task["task_type_id"]), software=software, name=values["name"], revision=revision)
        kind = file_trees.template_kind(self.entity_type(entity)["name"])
        path = (file_trees.folder_path(file_tree, values["mode"], kind, tokens, "/", body) + values["sep"]
                + file_trees.file_name(file_tree, values["mode"], kind, tokens, received=body))
        created = self.crud.save_new(WORKING_FILES, Actor(actor), {
            "name": values["name"], "comment": values["comment"], "revision": revision, "path": path,
            "task_id": task["id"], "entity_id": entity["id"], "person_id": person_id, "software_id": software["id"]})
        if Actor(actor).id not in (task.get("assignees") or []):
            self.platform.remote(actor={**actor, "role": "admin"}).call(
                "tasks", "assign_task", params={"task_id": task["id"]}, body={"person_id": Actor(actor).id})
        return created

    def next_working_revision(self, task_id, name):
        table = WORKING_FILES.table
        last = self.session.execute(sa.select(sa.func.max(table.c.revision)).where(
            table.c.task_id == task_id, table.c.name == name)).scalar()
        return (last or 0) + 1

    def person_id(self, actor, person_id):
        if person_id is None:
            return Actor(actor).id
        try:
            return ACCESS.row(self.session, PERSONS, person_id)["id"]
        except Exception:
            raise refused("Cannot find given person.")()

    @answers("task_last_working_files")
    def last_working_files(self, actor, task_id):
        """GET /data/tasks/{task_id}/working-files/last-revisions: {name: its last revision}."""
        task = self.platform.tasks_rows.task(task_id)
        ACCESS.check_task_access(self.session, actor, task)
        rows = last_revisions(self.session, WORKING_FILES.table, ("task_id", "name"),
                              WORKING_FILES.table.c.task_id == task["id"])
        return {row["name"]: WORKING_FILES.serialize(row) for row in rows}

    # -- output files ----------------------------------------------------------------------------
    @answers("new_entity_output_file")
    @command
    def new_entity_output_file(self, actor, entity_id, body):
        """POST /data/entities/{entity_id}/output-files/new {output_type_id, task_type_id, name,
        revision?, representation, extension, nb_elements, comment, person_id?, working_file_id?,
        file_status_id?, sep}: the file, with its folder_path and file_name."""
        values = file_requests.read(body, file_requests.NEW_OUTPUT_FILE)
        entity = readable_entity(self.session, actor, entity_id)
        return self.new_output(actor, values, entity, entity, "error")

    @answers("new_instance_output_file")
    @command
    def new_instance_output_file(self, actor, asset_instance_id, temporal_entity_id, body):
        """POST /data/asset-instances/{id}/entities/{temporal_entity_id}/output-files/new."""
        values = file_requests.read(body, file_requests.NEW_OUTPUT_FILE)
        instance, asset = readable_instance(self.platform, self.session, actor, asset_instance_id)
        temporal = self.row(ENTITIES, temporal_entity_id)
        return self.new_output(actor, values, temporal, asset, "message", instance)

    def new_output(self, actor, values, entity, owner, error_key, instance=None):
        """`entity`: the one the tree's templates render (for an instance: the shot or scene);
        `owner`: the entity the file belongs to (the instance's asset)."""
        output_type = self.known(OUTPUT_TYPES, values["output_type_id"],
                                 refused("Cannot find given output type.", error_key))
        task_type = self.task_type(values["task_type_id"])
        person_id = self.person_id(actor, values["person_id"])
        history = self.output_history(owner["id"], output_type["id"], task_type["id"], values["name"],
                                      instance, entity["id"])
        revision = values["revision"] if values["revision"] >= 1 else self.next_output_revision(history)
        if exists(self.session, OUTPUT_FILES.table, **history, representation=values["representation"],
                  revision=revision):
            raise refused("The given output file already exists.", error_key)()
        working_file = self.session.execute(sa.select(WORKING_FILES.table.c.id).where(
            WORKING_FILES.table.c.id == file_requests.as_uuid(values["working_file_id"]))).scalar()
        status_id = (values["file_status_id"]
                     or self.made_if_missing(actor, FILE_STATUSES, FILE_STATUS)["id"])
        extra = {"asset": dict(owner), "instance": instance} if instance else {}
        kind = file_trees.template_kind(None, instance) if instance else None
        folder, name = self.output_paths(
            actor, entity, {**values, "mode": "output"}, kind=kind, separator="sep", output_type=output_type,
            task_type=task_type, name=values["name"], revision=revision,
            representation=values["representation"], **extra)
        created = self.crud.save_new(OUTPUT_FILES, Actor(actor), {
            **history, "comment": values["comment"], "extension": values["extension"],
            "representation": values["representation"], "revision": revision, "nb_elements": values["nb_elements"],
            "person_id": person_id, "source_file_id": working_file, "file_status_id": status_id,
            "path": f"{folder}{values['sep']}{name}{values['extension']}"})
        return {**created, "folder_path": folder, "file_name": name}

    @answers("entity_output_next_revision")
    def entity_next_revision(self, actor, entity_id, body):
        """POST /data/entities/{entity_id}/output-files/next-revision {output_type_id,
        task_type_id, name}: {next_revision}."""
        values = file_requests.read(body, file_requests.NEXT_REVISION)
        entity = readable_entity(self.session, actor, entity_id)
        output_type, task_type = self.known(OUTPUT_TYPES, values["output_type_id"]), self.task_type(
            values["task_type_id"])
        history = self.output_history(entity["id"], output_type["id"], task_type["id"], values["name"])
        return {"next_revision": self.next_output_revision(history)}

    @answers("instance_output_next_revision")
    def instance_next_revision(self, actor, asset_instance_id, temporal_entity_id, body):
        """POST /data/asset-instances/{id}/entities/{temporal_entity_id}/output-files/next-revision."""
        values = file_requests.read(body, file_requests.NEXT_REVISION)
        instance, asset = readable_instance(self.platform, self.session, actor, asset_instance_id)
        output_type, task_type = self.known(OUTPUT_TYPES, values["output_type_id"]), self.task_type(
            values["task_type_id"])
        history = self.output_history(asset["id"], output_type["id"], task_type["id"], values["name"],
                                      instance, parse_id(temporal_entity_id))
        return {"next_revision": self.next_output_revision(history)}

    @answers("entity_last_output_files")
    def entity_last_outputs(self, actor, entity_id, query):
        """GET /data/entities/{entity_id}/output-files/last-revisions (?output_type_id,
        task_type_id, representation, file_status_id, name)."""
        entity = readable_entity(self.session, actor, entity_id)
        table = OUTPUT_FILES.table
        return self.last_outputs(query, (table.c.entity_id == entity["id"]) & table.c.asset_instance_id.is_(None),
                                 ("entity_id",))

    @answers("instance_last_output_files")
    def instance_last_outputs(self, actor, asset_instance_id, temporal_entity_id, query):
        """GET /data/asset-instances/{id}/entities/{temporal_entity_id}/output-files/last-revisions."""
        instance, _ = readable_instance(self.platform, self.session, actor, asset_instance_id)
        table = OUTPUT_FILES.table
        return self.last_outputs(query, (table.c.asset_instance_id == instance["id"])
                                 & (table.c.temporal_entity_id == temporal_entity_id),
                                 ("asset_instance_id", "temporal_entity_id"))

    def last_outputs(self, query, condition, owner):
        group = owner + OUTPUT_GROUP + (("file_status_id",) if query.get("file_status_id") else ())
        condition = sa.and_(condition, *output_filters(query))
        return [OUTPUT_FILES.serialize(row) for row in last_revisions(self.session, OUTPUT_FILES.table, group,
                                                                      condition)]
