"""Reading a production manager's CSV sheet (Zou's imports): lines as dicts by column name, each
line checked before anything is written; a bad line answers Zou's 400 with its line number."""
import csv
import io

from .shotgun import BadRecord


class BadLine(BadRecord):
    def __init__(self, message, line_number):
        super().__init__(message)
        self.message, self.line_number = message, line_number


def lines(content):
    """[(line number, {column: value})] of a `;` or `,` separated sheet (header on line 1)."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [(number, {key.strip(): (value or "").strip() for key, value in row.items() if key})
            for number, row in enumerate(reader, start=2)]


def integer(value, name, line_number):
    if value in ("", None):
        return None
    try:
        return int(value)
    except ValueError:
        raise BadLine(f"{name} must be an integer, got {value!r}", line_number) from None


def shot_line(line_number, line):
    """{episode, sequence, name, description, nb_frames, data} of a line of the shots sheet."""
    for column in ("Sequence", "Name"):
        if column not in line:
            raise BadLine(f"A columns is missing: {column!r}", line_number)
    if not line["Name"] or not line["Sequence"]:
        raise BadLine("Sequence and Name must not be empty", line_number)
    data = {}
    for column, key in (("Frame In", "frame_in"), ("Frame Out", "frame_out")):
        value = integer(line.get(column), key, line_number)
        if value is not None:
            data[key] = value
    if line.get("FPS"):
        data["fps"] = line["FPS"]
    return {"episode": line.get("Episode") or None, "sequence": line["Sequence"], "name": line["Name"],
            "description": line.get("Description") or "",
            "nb_frames": integer(line.get("Frames", line.get("Nb Frames")), "nb_frames", line_number),
            "data": data}


def asset_line(line_number, line):
    """{type, name, description} of a line of the assets sheet."""
    for column in ("Type", "Name"):
        if not line.get(column):
            raise BadLine(f"A columns is missing: {column!r}", line_number)
    return {"type": line["Type"], "name": line["Name"], "description": line.get("Description") or "",
            "episode": line.get("Episode") or None}


def require(line, line_number, *columns):
    for column in columns:
        if column not in line:
            raise BadLine(f"A columns is missing: {column!r}", line_number)


def person_line(line_number, line):
    """Our person fields of a line of the persons sheet."""
    require(line, line_number, "First Name", "Last Name", "Email")
    if not line["Email"]:
        raise BadLine("Email must not be empty", line_number)
    fields = {"first_name": line["First Name"], "last_name": line["Last Name"], "email": line["Email"]}
    for column, key in (("Phone", "phone"), ("Role", "role"), ("Contract Type", "contract_type"),
                        ("Position", "position"), ("Seniority", "seniority"), ("Country", "country")):
        if line.get(column):
            fields[key] = line[column].lower() if key in ("role", "contract_type", "position", "seniority") else line[column]
    if line.get("Daily Salary"):
        fields["daily_salary"] = integer(line["Daily Salary"], "daily_salary", line_number)
    if line.get("Active"):
        fields["active"] = line["Active"].lower() in ("yes", "true", "1")
    return fields


def edit_line(line_number, line):
    require(line, line_number, "Name")
    if not line["Name"]:
        raise BadLine("Name must not be empty", line_number)
    return {"episode": line.get("Episode") or None, "name": line["Name"],
            "description": line.get("Description") or ""}


def casting_line(line_number, line):
    """{episode, parent, name, asset_type, asset, nb_occurences, label} of the casting sheet."""
    require(line, line_number, "Parent", "Name", "Asset Type", "Asset")
    occurences = integer(line.get("Occurences"), "nb_occurences", line_number)
    return {"episode": line.get("Episode") or None, "parent": line["Parent"] or None, "name": line["Name"],
            "asset_type": line["Asset Type"], "asset": line["Asset"],
            "nb_occurences": 1 if occurences is None else occurences, "label": line.get("Label") or ""}


def estimation_line(line_number, line):
    """{parent, entity, estimation (days), start_date, due_date} of the estimations sheet."""
    require(line, line_number, "Parent", "Entity")
    estimation = line.get("Estimation") or ""
    try:
        days = float(estimation) if estimation else None
    except ValueError:
        raise BadLine(f"estimation must be a number, got {estimation!r}", line_number) from None
    return {"episode": line.get("Episode") or None, "parent": line["Parent"] or None, "entity": line["Entity"],
            "estimation": days, "start_date": line.get("Start date") or None,
            "due_date": line.get("Due date") or None}
