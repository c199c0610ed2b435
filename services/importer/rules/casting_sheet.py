"""The casting CSV sheet, as Zou's export lays it out: a pure function from rows to lines (the
gateway writes them `;`-separated)."""

CASTING_COLUMNS = ["Parent", "Name", "Asset Type", "Asset", "Occurences", "Label"]


def casting_sheet(project, entities, types, links):
    """One line per cast asset of a shot, an episode or an asset; episodes first for a TV show.
    `entities`: the project's rows by id; `types`: asset type names by id."""
    with_episodes = project.get("production_type") == "tvshow"
    lines = []
    for link in links:
        cast_in, asset = entities.get(link["entity_in_id"]), entities.get(link["entity_out_id"])
        if cast_in is None or asset is None:
            continue
        parent = entities.get(cast_in.get("parent_id")) or {}
        line = [parent.get("name") or "", cast_in["name"], types.get(asset["entity_type_id"], ""),
                asset["name"], str(link.get("nb_occurences") or 1), link.get("label") or ""]
        if with_episodes:
            grandparent = entities.get(parent.get("parent_id")) or {}
            line = [grandparent.get("name") or ""] + line
        lines.append(line)
    return [(["Episode"] if with_episodes else []) + CASTING_COLUMNS] + sorted(lines)
