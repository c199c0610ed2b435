"""ShotGrid persons (written by auth, with their department) and project connections (a person in
a project's team, written by production)."""
from shared.application import answers
from shared.errors import RemoteError

from ..rules import shotgun
from ..rules.shotgun import BadRecord
from .batches import Batches, require_records
from .shotgun_breakdown import as_imported


class ShotgunPeople(Batches):
    @answers("import_shotgun_persons")
    def persons(self, actor, meta, body):
        run = self.begin(actor, meta)
        readings = run.read(require_records(body), shotgun.person)
        departments = self.named_ids(run, "auth", "departments",
                                     {reading.refs["department"] for _, _, reading in readings} - {None}, color="#999999")
        rows = run.owners.rows("auth", "persons")
        known = {row["email"]: row for row in rows if row.get("email")}
        known.update({row["shotgun_id"]: row for row in rows if row.get("shotgun_id") is not None})

        def write(item):
            _, record, reading = item
            fields = reading.fields
            row = run.save("auth", "persons", known.get(fields["shotgun_id"]) or known.get(fields["email"]), fields)
            department_id = departments.get(reading.refs["department"])
            if department_id and department_id not in (row.get("departments") or []):
                run.owners.call("auth", "add_person_to_department", params={"person_id": row["id"]},
                                body={"department_id": department_id})
            return record["id"], as_imported(row, record["id"])
        rows = run.write(readings, write, "HumanUser")
        run.report("HumanUser")
        return rows

    @answers("import_shotgun_project_connections")
    def project_connections(self, actor, meta, body):
        """Each connection puts the person in the project's team; answers the projects."""
        run = self.begin(actor, meta)
        readings = run.read(require_records(body), shotgun.project_connection)
        projects = run.ids.ours("Project", [reading.refs["project"] for _, _, reading in readings])
        persons = run.ids.ours("HumanUser", [reading.refs["person"] for _, _, reading in readings])

        def write(item):
            _, record, reading = item
            project_id = projects.get(str(reading.refs["project"]))
            person_id = persons.get(str(reading.refs["person"]))
            if project_id is None or person_id is None:
                raise BadRecord("project not found" if project_id is None else "person not found")
            team = [member if isinstance(member, str) else member.get("id")
                    for member in run.owners.call("production", "project_team", params={"project_id": project_id})]
            if person_id not in team:
                try:
                    run.owners.call("production", "add_project_team_member", params={"project_id": project_id},
                                    body={"person_id": person_id})
                except RemoteError as error:
                    raise BadRecord(error.message)
            return record["id"], run.owners.row("production", "projects", project_id, relations=False)
        rows = run.write(readings, write, "ProjectConnection")
        run.ids.remember("ProjectConnectionPerson", [  # which link a removal undoes
            (record["id"], persons[str(reading.refs["person"])]) for _, record, reading in readings
            if str(reading.refs["person"]) in persons])
        run.report("ProjectConnection")
        return rows
