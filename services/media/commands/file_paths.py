"""Paths from a project's file tree (rules/file_trees.py): a task's working files, an entity's
or asset instance's outputs, the tree a project uses, and a path read back into the project's
rows (guess-from-path). Who may read the entity may ask; the names come from media's replicas
and catalogues; the softwares and output types Zou falls back on are made when missing."""
import sqlalchemy as sa

from shared import permissions
from shared.application import UseCases, answers
from shared.crud import Actor
from shared.crud.store import parse_id
from shared.errors import ApiError, MalformedTree, NotFound, ValidationError
from shared.eventstore import command

from ..models.catalogues import OUTPUT_TYPES, SOFTWARES
from ..models.work_files import OUTPUT_FILES, WORKING_FILES, readable_entity, readable_instance
from ..replicas import ACCESS, ENTITIES, ENTITY_TYPES, PROJECTS, TASK_TYPES
from ..rules import file_requests, file_trees
from ..views.path_guesses import guesses

# what Zou makes when a request names none
PATH_SOFTWARE = {"name": "3ds Max", "short_name": "max", "file_extension": ".max"}
NEW_FILE_SOFTWARE = {"name": "Blender", "short_name": "blender", "file_extension": ".blend"}
TEMPLATE_SOFTWARE = {"name": "3dsmax", "short_name": "max", "file_extension": ".max"}
GEOMETRY = {"name": "Geometry", "short_name": ""}


class FileTreeContext(UseCases):
    """The rows a file tree's tokens name (a base of the parts that render paths)."""

    def row(self, table, row_id):
        return ACCESS.row(self.session, table, row_id)

    def entity_type(self, entity):
        row = self.session.execute(sa.select(ENTITY_TYPES).where(ENTITY_TYPES.c.id == entity["entity_type_id"])
                                   ).mappings().first()
        return dict(row) if row else {"id": entity["entity_type_id"], "name": None}

    def parent(self, entity):
        if not entity or not entity.get("parent_id"):
            return None
        return self.session.execute(sa.select(ENTITIES).where(ENTITIES.c.id == entity["parent_id"])
                                    ).mappings().first()

    def made_if_missing(self, actor, collection, fields):
        """The catalogue row of that name, made when missing (Zou's get-or-create)."""
        table = collection.table
        row = self.session.execute(sa.select(table).where(table.c.name == fields["name"])).mappings().first()
        if row is not None:
            return collection.serialize(row)
        return self.crud.save_new(collection, Actor(actor), dict(fields))

    def known(self, collection, row_id, missing=NotFound):
        """A catalogue row named by a body (`missing`: what an unknown one answers)."""
        try:
            row_id = parse_id(row_id)
        except ApiError:  # malformed: unknown as well
            raise missing()
        row = self.session.execute(sa.select(collection.table).where(collection.table.c.id == row_id)
                                   ).mappings().first()
        if row is None:
            raise missing()
        return collection.serialize(row)

    def task_type(self, task_type_id):
        try:
            return self.row(TASK_TYPES, task_type_id)
        except ApiError:  # malformed: unknown as well
            raise NotFound()

    def output_history(self, entity_id, output_type_id, task_type_id, name, instance=None, temporal_entity_id=None):
        """The columns naming one history of output revisions."""
        return {"entity_id": entity_id, "output_type_id": output_type_id, "task_type_id": task_type_id,
                "name": name, "asset_instance_id": instance["id"] if instance else None,
                "temporal_entity_id": temporal_entity_id if instance else None}

    def next_output_revision(self, history):
        """After the history's last revision (an instance's: whatever the entity)."""
        table = OUTPUT_FILES.table
        if history["asset_instance_id"] is not None:
            history = {key: value for key, value in history.items() if key != "entity_id"}
        last = self.session.execute(sa.select(sa.func.max(table.c.revision)).where(
            table.c.revision > 0, *[table.c[key].is_(None) if value is None else table.c[key] == value
                                    for key, value in history.items()])).scalar()
        return (last or 0) + 1

    def tree_and_tokens(self, actor, entity, asset=None, **values):
        """The entity's project tree and the values of its tokens; `output_type`: the one given,
        else Geometry when a template names it."""
        project = self.row(PROJECTS, entity["project_id"])
        parent = self.parent(entity)
        asset_type = self.entity_type(asset) if asset else None
        values.setdefault("output_type", lambda: self.made_if_missing(actor, OUTPUT_TYPES, GEOMETRY))
        if values.get("software") is None:
            values["software"] = lambda: self.made_if_missing(actor, SOFTWARES, TEMPLATE_SOFTWARE)
        tokens = file_trees.tokens_of(dict(project), dict(entity), self.entity_type(entity), parent=parent,
                                      grandparent=self.parent(parent), asset=asset, asset_type=asset_type,
                                      **values)
        return project["file_tree"], tokens

    def output_paths(self, actor, entity, body, kind=None, separator="separator", **values):
        """(folder, file name) of an output of the entity (an instance's: `values` has its
        asset and instance, `kind` its template)."""
        file_tree, tokens = self.tree_and_tokens(actor, entity, **values)
        kind = kind or file_trees.template_kind(self.entity_type(entity)["name"])
        folder = file_trees.folder_path(file_tree, body["mode"], kind, tokens, body[separator], body)
        name = file_trees.file_name(file_tree, body["mode"], kind, tokens, body["nb_elements"], body)
        return folder, name


class FilePaths(FileTreeContext):
    @answers("working_file_path")
    @command
    def working_file_path(self, actor, task_id, body):
        """POST /data/tasks/{task_id}/working-file-path {name, mode, software_id, revision, sep}:
        {path, name}; revision 0: the next one of that name."""
        values = file_requests.read(body, file_requests.WORKING_FILE_PATH)
        task = self.platform.tasks_rows.task(task_id)
        entity = readable_entity(self.session, actor, task["entity_id"])
        software = (self.known(SOFTWARES, values["software_id"]) if values["software_id"]
                    else self.made_if_missing(actor, SOFTWARES, PATH_SOFTWARE))
        revision = values["revision"] or self.next_working_revision(task["id"], values["name"])
        file_tree, tokens = self.tree_and_tokens(actor, entity, task=task, task_type=self.task_type(
            task["task_type_id"]), software=software, name=values["name"], revision=revision)
        kind = file_trees.template_kind(self.entity_type(entity)["name"])
        return {"path": file_trees.folder_path(file_tree, values["mode"], kind, tokens, values["sep"], body),
                "name": file_trees.file_name(file_tree, values["mode"], kind, tokens, received=body)}

    def next_working_revision(self, task_id, name):
        table = WORKING_FILES.table
        last = self.session.execute(sa.select(sa.func.max(table.c.revision)).where(
            table.c.task_id == task_id, table.c.name == name)).scalar()
        return (last or 0) + 1

    @answers("entity_output_file_path")
    @command
    def entity_output_file_path(self, actor, entity_id, body):
        """POST /data/entities/{entity_id}/output-file-path {output_type_id, task_type_id, name,
        mode, revision, representation, separator}: {folder_path, file_name}."""
        values = file_requests.read(body, file_requests.OUTPUT_FILE_PATH)
        entity = readable_entity(self.session, actor, entity_id)
        output_type, task_type = self.known(OUTPUT_TYPES, values["output_type_id"]), self.task_type(
            values["task_type_id"])
        revision = values["revision"] or self.next_output_revision(self.output_history(
            entity["id"], output_type["id"], task_type["id"], values["name"]))
        folder, name = self.output_paths(actor, entity, values, output_type=output_type, task_type=task_type,
                                         name=values["name"], revision=revision,
                                         representation=values["representation"])
        return {"folder_path": folder, "file_name": name}

    @answers("instance_output_file_path")
    @command
    def instance_output_file_path(self, actor, asset_instance_id, temporal_entity_id, body):
        """POST /data/asset-instances/{id}/entities/{temporal_entity_id}/output-file-path."""
        values = file_requests.read(body, file_requests.OUTPUT_FILE_PATH)
        instance, asset = readable_instance(self.platform, self.session, actor, asset_instance_id)
        entity = self.row(ENTITIES, temporal_entity_id)
        output_type, task_type = self.known(OUTPUT_TYPES, values["output_type_id"]), self.task_type(
            values["task_type_id"])
        folder, name = self.output_paths(
            actor, entity, values, kind=file_trees.template_kind(None, instance), asset=dict(asset),
            instance=instance, output_type=output_type, task_type=task_type, name=values["name"],
            revision=values["revision"], representation=values["representation"])  # Zou's: 0 as given
        return {"folder_path": folder, "file_name": name}

    @answers("set_file_tree")
    def set_file_tree(self, actor, project_id, body):
        """POST /actions/projects/{project_id}/set-file-tree {tree_name}: one of the trees Zou
        ships becomes the project's (production changes the project: its managers may)."""
        name = body.get("tree_name") if isinstance(body, dict) else None
        if not name:
            raise ValidationError([{"field": "tree_name", "message": "Field required"}])
        if name not in file_trees.TREES:
            raise MalformedTree(f"File Tree file not found: {name}.", body)
        return self.platform.remote().update("production", "projects", parse_id(project_id),
                                             {"file_tree": file_trees.TREES[name]})

    @answers("guess_from_path")
    def guess_from_path(self, actor, body):
        """POST /data/entities/guess-from-path {project_id, file_path, sep}: the templates of the
        project's tree the path matches, with the ids of the rows it names, left to right, as
        far as they are found."""
        values = file_requests.read(body, file_requests.GUESS_FROM_PATH)
        project = ACCESS.project(self.session, parse_id(values["project_id"]))
        permissions.check_project_access(actor, project)
        return guesses(self.session, project, values["file_path"], values["sep"])
