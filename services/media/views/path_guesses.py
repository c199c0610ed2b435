"""A path read back into the rows of a project (POST /data/entities/guess-from-path): for each
template of the project's tree whose layout the path follows, the ids of the rows its elements
name (matched by name, whatever the case), from left to right until one is not found."""
import sqlalchemy as sa

from shared.errors import MalformedTree

from ..models.catalogues import OUTPUT_TYPES
from ..replicas import ENTITIES, ENTITY_TYPES, PROJECTS, TASK_TYPES
from ..rules import file_trees

NAMED = {"TaskType": TASK_TYPES, "OutputType": OUTPUT_TYPES, "AssetType": ENTITY_TYPES,
         "TemporalEntityType": ENTITY_TYPES, "Project": PROJECTS}
# entity tokens: the token of their parent (narrowing the search when the path named it)
PARENTS = {"Episode": None, "Sequence": "Episode", "Scene": "Sequence", "Shot": "Sequence", "Asset": None,
           "TemporalEntity": None}
TYPE_TOKENS = {"Asset": "AssetType", "TemporalEntity": "TemporalEntityType"}  # others: their kind's type
PLAIN = ("Name", "Representation")


def guesses(session, project, file_path, sep="/"):
    file_tree = project["file_tree"]
    if not file_tree:
        raise MalformedTree("No tree can be found for given project.")
    found = []
    for mode, layout in file_tree.items():
        folders = (layout or {}).get("folder_path") or {}
        style = folders.get("style", "")
        root = file_trees.styled(file_trees.root_path(file_tree, mode, sep), style)
        path = file_trees.styled(file_path, style)
        if not path.startswith(root):
            continue
        elements = path[len(root):].split(sep)
        for kind, template in folders.items():
            template_elements = template.split(sep)
            values = file_trees.path_values(elements, template_elements)
            if not values:
                continue
            guess = named_rows(session, project, {"Template": kind}, values, template_elements)
            if guess not in found:
                found.append(guess)
    return found


def named_rows(session, project, guess, values, template_elements):
    for element in template_elements:
        token = next((token for token in values if f"<{token}>" in element), None)
        if token is None:
            continue
        value = row_named(session, guess, token, values[token])
        if value is None or (token == "Project" and value != project["id"]):
            break
        guess[token] = value
    return guess


def row_named(session, guess, token, name):
    """The id (or value) a path element names, or None."""
    if token in PLAIN:
        return name
    if token in ("Version", "Revision"):
        return str(int(name)) if name.isdigit() else None
    if token in NAMED:
        return first_id(session, NAMED[token], NAMED[token].c.name.ilike(name))
    if token not in PARENTS or not guess.get("Project"):
        return None  # tasks, departments, softwares and instances are not read back
    parent_token = PARENTS[token]
    type_id = (guess.get(TYPE_TOKENS[token]) if token in TYPE_TOKENS
               else first_id(session, ENTITY_TYPES, ENTITY_TYPES.c.name == token))
    if type_id is None or (token == "Shot" and not guess.get("Sequence")):
        return None  # a shot is found only in the sequence the path named
    conditions = [ENTITIES.c.name.ilike(name), ENTITIES.c.entity_type_id == type_id,
                  ENTITIES.c.project_id == guess["Project"]]
    if parent_token and guess.get(parent_token):
        conditions.append(ENTITIES.c.parent_id == guess[parent_token])
    return first_id(session, ENTITIES, *conditions)


def first_id(session, table, *conditions):
    if "replica_deleted" in table.c:
        conditions += (table.c.replica_deleted.is_(False),)
    return session.execute(sa.select(table.c.id).where(*conditions).limit(1)).scalar()
