"""A production's CSV sheets of shots, assets and edits, as Zou's exports lay them out: pure
functions from the sheet's rows (views/sheets.py: one per entity, in the sheet's order, each with
its task cells in the order of the task types) to lines (the gateway writes them `;`-separated)."""

SHOT_COLUMNS = ["Project", "Episode", "Sequence", "Name", "Description", "Time Spent", "Frames",
                "Frame In", "Frame Out", "FPS"]
ASSET_COLUMNS = ["Project", "Type", "Name", "Description", "Time Spent"]
EDIT_COLUMNS = ["Project", "Episode", "Name", "Description", "Time Spent"]


def days(minutes):
    """Zou's "Time Spent": days of 8 hours."""
    return "%.2f" % ((minutes or 0) / 60 / 8)


def text(value):
    return "" if value is None else value


def header(columns, task_types):
    return columns + [name for task_type in task_types for name in (task_type, "Assignations")]


def line(project, key, row):
    """The project's name, the entity's `key` cells, its description and its time spent (its
    tasks' durations); then the columns of the sheet, then its task cells."""
    return [project["name"], *key, text(row["description"]), days(row["duration"])]


def task_cells(row):
    """Per task type: the entity's task's status and its assignees' names."""
    return [value for cell in row["cells"] for value in cell]


def shots(project, task_types, rows):
    return [header(SHOT_COLUMNS, task_types)] + [
        line(project, [text(row["grandparent_name"]), text(row["parent_name"]), row["name"]], row)
        + [text(row["nb_frames"]), text(row["frame_in"]), text(row["frame_out"]), text(row["fps"])]
        + task_cells(row) for row in rows]


def assets(project, task_types, rows):
    return [header(ASSET_COLUMNS, task_types)] + [
        line(project, [text(row["type_name"]), row["name"]], row) + task_cells(row) for row in rows]


def edits(project, task_types, rows):
    return [header(EDIT_COLUMNS, task_types)] + [
        line(project, [text(row["parent_name"]), row["name"]], row) + task_cells(row) for row in rows]
