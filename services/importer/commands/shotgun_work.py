"""ShotGrid steps (task types), statuses, tasks and notes (comments), written by tasks, and
versions (preview files, no media fetched), written by media. Their rows carry the ShotGrid id,
so an earlier import's rows are found by it even when the map lost them."""
from shared.application import answers

from ..rules import shotgun
from ..rules.shotgun import BadRecord
from .batches import Batches, require_records
from .shotgun_breakdown import as_imported


# rows the owner creates many at a time (tasks' create_many)
CREATED_IN_BATCHES = {("tasks", "tasks"), ("tasks", "comments")}
# relations our owners answer that Zou's import answers leave out (its rows are serialised bare)
RELATIONS = ("assignees", "previews", "mentions", "department_mentions", "acknowledgements", "attachment_files")


def answered(record, row):
    """Our row as the import answers it."""
    row = as_imported(row, record["id"])
    return record["id"], {key: value for key, value in row.items() if key not in RELATIONS}


class ShotgunWork(Batches):
    def import_rows(self, run, records, reader, kind, service, collection, complete, fallback=None):
        """The common path: read, find the current rows (by ShotGrid id, else `fallback(fields)`),
        `complete(reading)` -> our fields (BadRecord when a reference is unknown), save."""
        readings = run.read(require_records(records), reader)
        known = self.by_shotgun_id(run, service, collection,
                                   [reading.fields["shotgun_id"] for _, _, reading in readings])
        prepared = []
        for index, record, reading in readings:
            try:
                prepared.append((index, record, complete(reading)))
            except BadRecord as error:
                run.fail(index, record, str(error))

        def current_of(fields):
            return known.get(fields["shotgun_id"]) or (fallback(fields) if fallback else None)

        def write(item):
            _, record, fields = item
            return answered(record, run.save(service, collection, current_of(fields), fields))
        if (service, collection) in CREATED_IN_BATCHES:
            def write_batch(batch):
                return run.create_batch(
                    batch, [position for position, (_, _, fields) in enumerate(batch) if current_of(fields) is None],
                    lambda items: run.owners.send(service, "create_many", params={"collection": collection},
                                                  body=[fields for _, _, fields in items]),
                    lambda item, row: answered(item[1], row), write)
            rows = run.write_batches(prepared, write_batch, kind)
        else:
            rows = run.write(prepared, write, kind)
        run.report(kind)
        return rows

    # -- steps and statuses -----------------------------------------------------------------------
    @answers("import_shotgun_steps")
    def steps(self, actor, meta, body):
        run = self.begin(actor, meta)
        readings = [reading for reading in (self.peek(shotgun.step, record) for record in require_records(body))
                    if reading]
        departments = self.named_ids(run, "auth", "departments", {reading.refs["department"] for reading in readings},
                                     color="#999999")
        existing = {(row["name"], row["for_entity"]): row for row in run.owners.rows("tasks", "task-types")}
        return self.import_rows(
            run, body, shotgun.step, "Step", "tasks", "task-types",
            lambda reading: {**reading.fields, "department_id": departments[reading.refs["department"]]},
            lambda fields: existing.get((fields["name"], fields["for_entity"])))

    @answers("import_shotgun_statuses")
    def statuses(self, actor, meta, body):
        run = self.begin(actor, meta)
        existing = {row["short_name"]: row for row in run.owners.rows("tasks", "task-status")}
        return self.import_rows(run, body, shotgun.status, "Status", "tasks", "task-status",
                                lambda reading: reading.fields,
                                lambda fields: existing.get(fields["short_name"]))

    # -- tasks, notes, versions -----------------------------------------------------------------
    @answers("import_shotgun_tasks")
    def tasks(self, actor, meta, body):
        run = self.begin(actor, meta)
        records = require_records(body)
        readings = [reading for reading in (self.peek(shotgun.task, record) for record in records) if reading]
        steps = run.ids.ours("Step", [reading.refs["step"] for reading in readings])
        projects = run.ids.ours("Project", [reading.refs["project"] for reading in readings])
        entities = {kind: run.ids.ours(kind, [reading.refs["entity"][1] for reading in readings
                                              if reading.refs["entity"][0] == kind])
                    for kind in shotgun.ENTITY_KINDS}
        people = run.ids.ours("HumanUser", [sg_id for reading in readings
                                            for sg_id in [reading.refs["assigner"], *reading.refs["assignees"]]])
        statuses = {row["short_name"]: row["id"] for row in run.owners.rows("tasks", "task-status")}

        def complete(reading):
            refs = reading.refs
            task_type_id = steps.get(str(refs["step"]))
            project_id = projects.get(str(refs["project"]))
            entity_id = entities[refs["entity"][0]].get(str(refs["entity"][1]))
            for name, value in (("step", task_type_id), ("project", project_id), ("entity", entity_id)):
                if value is None:
                    raise BadRecord(f"unknown {name}")
            fields = {**reading.fields, "task_type_id": task_type_id, "project_id": project_id,
                      "entity_id": entity_id, "assigner_id": people.get(str(refs["assigner"])),
                      "assignees": [people[str(sg_id)] for sg_id in refs["assignees"] if str(sg_id) in people]}
            if statuses.get(refs["status"]):
                fields["task_status_id"] = statuses[refs["status"]]
            return fields
        return self.import_rows(run, records, shotgun.task, "Task", "tasks", "tasks", complete)

    @staticmethod
    def peek(reader, record):
        """The reading of a record, or None (the import reports it when it reads it)."""
        try:
            return reader(record) if isinstance(record, dict) else None
        except BadRecord:
            return None

    def on_tasks(self, run, records, reader, fields_of):
        """Notes and versions: each names a task and an author; `fields_of(reading, task id,
        author id)` -> our fields."""
        readings = [reading for reading in (self.peek(reader, record) for record in records) if reading]
        tasks = run.ids.ours("Task", [reading.refs["task"] for reading in readings])
        people = run.ids.ours("HumanUser", [reading.refs["author"] for reading in readings])

        def complete(reading):
            task_id = tasks.get(str(reading.refs["task"]))
            if task_id is None:
                raise BadRecord("unknown task")
            return fields_of(reading, task_id, people.get(str(reading.refs["author"])))
        return complete

    @answers("import_shotgun_notes")
    def notes(self, actor, meta, body):
        run, records = self.begin(actor, meta), require_records(body)
        complete = self.on_tasks(run, records, shotgun.note, lambda reading, task_id, author_id: {
            **reading.fields, "object_id": task_id, "object_type": "Task", "person_id": author_id or run.actor.id})
        return self.import_rows(run, records, shotgun.note, "Note", "tasks", "comments", complete)

    @answers("import_shotgun_versions")
    def versions(self, actor, meta, body):
        run, records = self.begin(actor, meta), require_records(body)
        complete = self.on_tasks(run, records, shotgun.version, lambda reading, task_id, author_id: {
            **reading.fields, "task_id": task_id, "person_id": author_id})
        return self.import_rows(run, records, shotgun.version, "Version", "media", "preview-files", complete)
