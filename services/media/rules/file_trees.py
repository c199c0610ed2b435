"""A project's file tree (Zou's `project.file_tree`): per mode (working, output, preview…) a
mountpoint, a root and templates of folders and file names per entity kind, whose `<Token>`s are
filled with the names of the project, entity, task type, software… Values in, paths out."""
import re

from shared.errors import MalformedTree
from shared.names import slugified


TOKEN = re.compile(r"<([\w.]*)>")
TOKEN_IN_ELEMENT = re.compile(r"(?P<prefix>\w*)<(?P<token>\w*)>(?P<suffix>\w*)")
UUID = re.compile(r"[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89aAbB][a-f0-9]{3}-[a-f0-9]{12}")
FIELDS = {"name", "short_name", "number", "id"}  # `<Asset.id>`…; any other field reads the name
KINDS = ("shot", "sequence", "scene", "episode")  # any other entity (asset, edit, concept…): "asset"


# -- the trees Zou ships (set with /actions/projects/{id}/set-file-tree {tree_name}) ------------
def tree(mountpoint, roots, folders, files, style="lowercase"):
    return {mode: {"mountpoint": mountpoint, "root": roots[mode],
                   "folder_path": {**folders[mode], "style": style},
                   "file_name": {**files[mode], "style": style}} for mode in roots}


def per_kind(shot, asset, sequence, scene, episode, **instances):
    return {"shot": shot, "asset": asset, "sequence": sequence, "scene": scene, "episode": episode,
            **instances}


def folders(leaf, scene_folder="scenes/<Sequence>"):
    """The folders of every kind, ending with `leaf` (e.g. `<TaskType>`)."""
    return per_kind(f"<Project>/shots/<Sequence>/<Shot>/{leaf}", f"<Project>/assets/<AssetType>/<Asset>/{leaf}",
                    f"<Project>/sequences/<Sequence>/{leaf}", f"<Project>/{scene_folder}/<Scene>/{leaf}",
                    f"<Project>/episodes/<Episode>/{leaf}")


def names(tail, shot="<Project>_<Sequence>_<Shot>", scene="<Project>_<Scene>"):
    """The file names of every kind, ending with `tail`."""
    return per_kind(f"{shot}_{tail}", f"<Project>_<AssetType>_<Asset>_{tail}", f"<Project>_<Sequence>_{tail}",
                    f"{scene}_{tail}", f"<Project>_<Episode>_{tail}")


ROOTS = {"working": "productions", "output": "productions/export", "preview": "productions/previews"}
VERSIONED = "<Name>_v<Version>"
INSTANCE_FOLDERS = {  # an asset instance's outputs, in a shot or scene, or inside another asset
    "instance": "<Project>/<TemporalEntityType>/<Sequence>/<TemporalEntity>/<TaskType>/<OutputType>/<AssetType>/"
                "<Asset>/instance_<Instance.number>/<Representation>",
    "instance_asset": "<Project>/assets/<TemporalEntityType>/<TemporalEntity>/<TaskType>/<OutputType>/"
                      "<AssetType>/<Asset>/instance_<Instance.number>/<Representation>"}
INSTANCE_NAMES = {
    "instance": "<Project>_<Sequence>_<TemporalEntity>_<TaskType>_<OutputType>_<Name>_<Instance.name>_v<Version>",
    "instance_asset": "<Project>_<TemporalEntityType>_<TemporalEntity>_<TaskType>_<OutputType>_<Name>_"
                      "<Instance.name>_v<Version>"}
TREES = {
    "default": tree("/simple", ROOTS, {
        "working": folders("<TaskType>"), "output": folders("<OutputType>"),
        "preview": folders("<TaskType>", scene_folder="scene")}, {
        "working": names("<TaskType>", shot="<Project>_<Shot>", scene="<Project>_<Sequence>_<Scene>"),
        "output": names("<OutputType>_<OutputFile>", scene="<Project>_<Sequence>_<Scene>"),
        "preview": names("<TaskType>")}),
    "simple": tree("/simple", ROOTS, {
        "working": folders("<TaskType>/<Software>"),
        "output": {**folders("<TaskType>/<OutputType>"), **INSTANCE_FOLDERS},
        "preview": folders("<TaskType>")}, {
        "working": names(f"<TaskType>_{VERSIONED}"),
        "output": {**names(f"<TaskType>_<OutputType>_{VERSIONED}"), **INSTANCE_NAMES},
        "preview": names("<TaskType>")}),
}


# -- rendering --------------------------------------------------------------------------------
def template_kind(entity_type_name, instance=None):
    """The template key of an entity of that type (an asset instance: `instance`, or
    `instance_asset` when it is inside another asset)."""
    if instance is not None:
        return "instance_asset" if instance.get("target_asset_id") else "instance"
    kind = (entity_type_name or "").lower()
    return kind if kind in KINDS else "asset"


def mode_of(file_tree, mode, received=None):
    if not file_tree:
        raise MalformedTree("No tree can be found for given project.", received)
    if mode not in file_tree:
        raise MalformedTree(f"Mode {mode} cannot be found on given tree.", received)
    return file_tree[mode]


def template(file_tree, mode, section, kind, received=None):
    try:
        return mode_of(file_tree, mode, received)[section][kind]
    except (KeyError, TypeError):
        raise MalformedTree(f"Can't find given template ({section}/{kind}) in given tree.", received)


def root_path(file_tree, mode, sep, received=None):
    """mountpoint<sep>root<sep> (the root left out when empty)."""
    try:
        mountpoint, root = mode_of(file_tree, mode, received)["mountpoint"], file_tree[mode]["root"]
    except (KeyError, TypeError):
        raise MalformedTree(f"Can't find given mode ({mode}) in given tree.", received)
    return f"{mountpoint}{sep}{root}{sep}" if root else f"{mountpoint}{sep}"


def styled(text, style):
    return text.upper() if style == "uppercase" else text.lower() if style == "lowercase" else text


def render(text, tokens, style, received=None):
    """Each `<Type>` or `<Type.field>` replaced by its value, slugified and styled (an id as is).
    `tokens`: type → a text, a dict of fields, or a function answering one of them (read only
    when the template asks for it)."""
    for token in TOKEN.findall(text):
        kind, _, field = token.partition(".")
        field = field if field in FIELDS else "name"
        if kind not in tokens:
            raise MalformedTree(f"Unknown data type: {kind}.", received)
        value = tokens[kind]() if callable(tokens[kind]) else tokens[kind]
        if isinstance(value, dict):
            value = value.get(field) if field in value else value.get("name")
        if value is None:
            continue
        value = str(value) if field == "id" else styled(slugified(value), style)
        text = text.replace(f"<{token}>", value)
    return text


def folder_path(file_tree, mode, kind, tokens, sep="/", received=None):
    root = root_path(file_tree, mode, sep, received)
    section = file_tree[mode].get("folder_path") or {}
    rendered = render(template(file_tree, mode, "folder_path", kind, received), tokens,
                      section.get("style", ""), received)
    return root + rendered.replace("/", sep)


def file_name(file_tree, mode, kind, tokens, nb_elements=1, received=None):
    """The rendered name, slugified as a whole (ids kept as they are), with `_[1-N]` for an
    output of several elements."""
    rendered = render(template(file_tree, mode, "file_name", kind, received), tokens, "lowercase", received)
    style = (file_tree[mode].get("file_name") or {}).get("style", "")
    name = styled(slugified(rendered), style)
    for uuid in UUID.findall(rendered):
        name = name.replace(styled(slugified(uuid), style), uuid)
    return name + (f"_[1-{nb_elements}]" if nb_elements > 1 else "")


# -- token values ----------------------------------------------------------------------------
def sequence_folder(name):
    """Zou names a sequence called "Seq<n>" S<n padded to 3>."""
    return f"S{name[3:].zfill(3)}" if name and "Seq" in name else name


def instance_value(instance, field):
    number = str(instance.get("number") or 0).zfill(4)
    return (instance.get("name") or number) if field == "name" else number


def lowered(row):
    return {**row, "name": (row.get("name") or "").lower()}


def tokens_of(project, entity, entity_type, parent=None, grandparent=None, asset=None, asset_type=None,
              task=None, task_type=None, software=None, output_type=None, instance=None, name="",
              revision=1, representation="", department=None):
    """The values of every token for an entity (a shot: `parent` its sequence, `grandparent`
    its episode; an instance's outputs: `asset` its asset, the entity the shot or scene it is in).
`software` and `output_type` may be functions, called only when a template names them."""
    kind = template_kind(entity_type.get("name"))
    sequence = entity if kind == "sequence" else parent if kind in ("shot", "scene") else None
    episode = entity if kind == "episode" else parent if kind == "sequence" else grandparent if sequence else None
    return {
        "Project": project, "Task": task, "TaskType": task_type or "", "Department": department or "",
        "Shot": entity, "Scene": entity, "TemporalEntity": entity,
        "TemporalEntityType": lowered(entity_type),
        "Asset": asset or entity, "AssetType": asset_type or entity_type,
        "Sequence": {**sequence, "name": sequence_folder(sequence.get("name") or "")} if sequence else "",
        "Episode": episode or "e001",
        "Software": software, "OutputType": lambda: lowered(output_type() if callable(output_type) else output_type),
        "Instance": {"name": instance_value(instance, "name"), "number": instance_value(instance, "number"),
                     "id": instance.get("id")} if instance else "",
        "Representation": representation, "Name": name, "OutputFile": name, "WorkingFile": name,
        "Version": str(revision).zfill(3), "Revision": str(revision).zfill(3),
    }


# -- reading a path back ----------------------------------------------------------------------
def path_values(elements, template_elements):
    """{token: value} read from the path's elements at the template's positions (`v<Version>`
    and `v003`: `003`; underscores read as spaces), or None when a literal element differs."""
    values = {}
    for element, template_element in zip(elements, template_elements):
        match = TOKEN_IN_ELEMENT.search(template_element)
        if match is None:
            if element != template_element:
                return None
            continue
        value = element.replace("_", " ")
        value = value[len(match["prefix"]):len(value) - len(match["suffix"])]
        values.setdefault(match["token"], value)
    return values
