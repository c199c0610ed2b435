"""A production's CSV sheets of shots, assets and edits, as Zou's exports lay them out: pure
functions from rows to lines (the gateway writes them `;`-separated)."""

SHOT_COLUMNS = ["Project", "Episode", "Sequence", "Name", "Description", "Time Spent", "Frames",
                "Frame In", "Frame Out", "FPS"]
ASSET_COLUMNS = ["Project", "Type", "Name", "Description", "Time Spent"]
EDIT_COLUMNS = ["Project", "Episode", "Name", "Description", "Time Spent"]


def days(minutes):
    """Zou's "Time Spent": days of 8 hours."""
    return "%.2f" % ((minutes or 0) / 60 / 8)


def text(value):
    return "" if value is None else value


class Sheet:
    """A project's entities of one kind, each with its task of each type, for the sheets.

    `entities`: rows with the names a sheet shows (`parent_name`, `grandparent_name`,
    `type_name`); `cells`: the tasks of those entities, each with its type's name and priority,
    its status's short name, its assignees' ids and its duration (one per entity and type);
    `names`: {person id: full name} ("" for an unknown person)."""

    def __init__(self, project, entities, cells, names):
        self.project, self.entities, self.names = project, entities, names
        self.tasks_of, types = {}, {}
        for cell in cells:
            self.tasks_of.setdefault(cell["entity_id"], {})[cell["task_type_id"]] = cell
            types[cell["task_type_id"]] = (cell["task_type_priority"] or 0, cell["task_type_name"])
        self.task_types = sorted(types.items(), key=lambda item: item[1])  # [(id, (priority, name))]

    def header(self, columns):
        return columns + [name for _, (_, task_type) in self.task_types for name in (task_type, "Assignations")]

    def task_cells(self, entity):
        cells, tasks = [], self.tasks_of.get(entity["id"], {})
        for task_type_id, _ in self.task_types:
            task = tasks.get(task_type_id) or {}
            cells += [task.get("status") or "",
                      ",".join(self.names.get(person_id, "") for person_id in task.get("assignees") or [])]
        return cells

    def time_spent(self, entity):
        return days(sum(task["duration"] or 0 for task in self.tasks_of.get(entity["id"], {}).values()))

    def line(self, entity, cells):
        """The first cells of a line: the project's name, `cells`, the description, the time spent."""
        return [self.project["name"], *cells, text(entity.get("description")), self.time_spent(entity)]

    def shots(self):
        lines = sorted((([text(shot["grandparent_name"]), text(shot["parent_name"]), shot["name"]], shot)
                        for shot in self.entities), key=by_key)
        return [self.header(SHOT_COLUMNS)] + [
            self.line(shot, key) + [text(shot.get("nb_frames")), *frame_range(shot.get("data") or {})]
            + self.task_cells(shot) for key, shot in lines]

    def assets(self):
        lines = sorted((([text(asset["type_name"]), asset["name"]], asset) for asset in self.entities), key=by_key)
        return [self.header(ASSET_COLUMNS)] + [self.line(asset, key) + self.task_cells(asset)
                                               for key, asset in lines]

    def edits(self):
        lines = sorted((([text(edit["parent_name"]), edit["name"]], edit) for edit in self.entities), key=by_key)
        return [self.header(EDIT_COLUMNS)] + [self.line(edit, key) + self.task_cells(edit) for key, edit in lines]


def by_key(line):
    return line[0]


def frame_range(data):
    return [text(data.get("frame_in")), text(data.get("frame_out")), text(data.get("fps"))]
