"""The CSV sheets of a production, as Zou's exports lay them out: pure functions from rows to
lines (the gateway writes them `;`-separated)."""

SHOT_COLUMNS = ["Project", "Episode", "Sequence", "Name", "Description", "Time Spent", "Frames",
                "Frame In", "Frame Out", "FPS"]
ASSET_COLUMNS = ["Project", "Type", "Name", "Description", "Time Spent"]
EDIT_COLUMNS = ["Project", "Episode", "Name", "Description", "Time Spent"]
CASTING_COLUMNS = ["Parent", "Name", "Asset Type", "Asset", "Occurences", "Label"]
TEMPORAL = ("Shot", "Sequence", "Episode", "Scene", "Edit", "Concept")


def days(minutes):
    """Zou's "Time Spent": days of 8 hours."""
    return "%.2f" % ((minutes or 0) / 60 / 8)


def text(value):
    return "" if value is None else value


class Breakdown:
    """A project's entities and tasks, indexed for the sheets."""

    def __init__(self, entities, tasks, task_types, statuses, persons, types):
        self.entities = {row["id"]: row for row in entities}
        self.tasks_of = {}
        for task in tasks:
            self.tasks_of.setdefault(task["entity_id"], {})[task["task_type_id"]] = task
        self.task_types, self.statuses = task_types, statuses
        self.names = {person["id"]: person.get("full_name") or f"{person['first_name']} {person['last_name']}".strip()
                      for person in persons}
        self.types = types

    def used_task_types(self, entities):
        used = {task_type_id for entity in entities for task_type_id in self.tasks_of.get(entity["id"], {})}
        return sorted((self.task_types[task_type_id] for task_type_id in used if task_type_id in self.task_types),
                      key=lambda task_type: (task_type.get("priority") or 0, task_type["name"]))

    def task_cells(self, entity, task_types):
        cells = []
        for task_type in task_types:
            task = self.tasks_of.get(entity["id"], {}).get(task_type["id"])
            status = self.statuses.get(task["task_status_id"]) if task else None
            cells += [status["short_name"] if status else "",
                      ",".join(self.names.get(person_id, "") for person_id in (task or {}).get("assignees") or [])]
        return cells

    def time_spent(self, entity):
        return days(sum(task.get("duration") or 0 for task in self.tasks_of.get(entity["id"], {}).values()))

    def name_of(self, entity_id):
        return self.entities[entity_id]["name"] if entity_id in self.entities else ""

    def shots_sheet(self, project):
        shots = [row for row in self.entities.values() if row["type"] == "Shot"]
        lines = []
        for shot in shots:
            sequence = self.entities.get(shot["parent_id"]) or {}
            data = shot.get("data") or {}
            lines.append(([self.name_of(sequence.get("parent_id")), sequence.get("name") or "", shot["name"]], [
                project["name"], self.name_of(sequence.get("parent_id")), sequence.get("name") or "",
                shot["name"], text(shot.get("description")), self.time_spent(shot), text(shot.get("nb_frames")),
                text(data.get("frame_in")), text(data.get("frame_out")), text(data.get("fps"))], shot))
        task_types = self.used_task_types(shots)
        header = SHOT_COLUMNS + [name for task_type in task_types for name in (task_type["name"], "Assignations")]
        return [header] + [cells + self.task_cells(shot, task_types) for _, cells, shot in sorted(lines, key=lambda line: line[0])]

    def assets_sheet(self, project):
        assets = [row for row in self.entities.values() if row["type"] not in TEMPORAL]
        task_types = self.used_task_types(assets)
        header = ASSET_COLUMNS + [name for task_type in task_types for name in (task_type["name"], "Assignations")]
        lines = sorted(([self.types.get(asset["entity_type_id"], ""), asset["name"]], asset) for asset in assets)
        return [header] + [[project["name"], key[0], asset["name"], text(asset.get("description")),
                            self.time_spent(asset)] + self.task_cells(asset, task_types) for key, asset in lines]

    def edits_sheet(self, project):
        edits = [row for row in self.entities.values() if row["type"] == "Edit"]
        task_types = self.used_task_types(edits)
        header = EDIT_COLUMNS + [name for task_type in task_types for name in (task_type["name"], "Assignations")]
        lines = sorted(([self.name_of(edit["parent_id"]), edit["name"]], edit) for edit in edits)
        return [header] + [[project["name"], key[0], edit["name"], text(edit.get("description")),
                            self.time_spent(edit)] + self.task_cells(edit, task_types) for key, edit in lines]

    def casting_sheet(self, project, links):
        """One line per cast asset of a shot, an episode or an asset; episodes first for a TV show."""
        with_episodes = project.get("production_type") == "tvshow"
        lines = []
        for link in links:
            cast_in, asset = self.entities.get(link["entity_in_id"]), self.entities.get(link["entity_out_id"])
            if cast_in is None or asset is None:
                continue
            parent = self.entities.get(cast_in.get("parent_id")) or {}
            line = [parent.get("name") or "", cast_in["name"], self.types.get(asset["entity_type_id"], ""),
                    asset["name"], str(link.get("nb_occurences") or 1), link.get("label") or ""]
            if with_episodes:
                line = [self.name_of(parent.get("parent_id"))] + line
            lines.append(line)
        return [(["Episode"] if with_episodes else []) + CASTING_COLUMNS] + sorted(lines)
