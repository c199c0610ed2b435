"""How Zou names a task's entity in the inbox, the news feed and the chats."""

NOT_ASSET = ("Shot", "Sequence", "Episode")


def full_entity_name(row):
    """(display name, episode id) of an entity given with its kind, name, type name, source and
    its parent's and grandparent's ids and names: `Seq / Shot`, `Ep / Seq / Shot`, `Ep / Seq`,
    `Asset type / Asset`."""
    kind, name = row["entity_kind"], row["entity_name"]
    if kind == "Shot" and row["parent_name"]:
        if row["grandparent_name"]:
            return f"{row['grandparent_name']} / {row['parent_name']} / {name}", row["grandparent_id"]
        return f"{row['parent_name']} / {name}", None
    if kind == "Sequence" and row["parent_name"]:
        return f"{row['parent_name']} / {name}", row["parent_id"]
    if kind in NOT_ASSET or name is None:
        return name or "", None
    return (f"{row['entity_type_name']} / {name}" if row["entity_type_name"] else name), row["source_id"]
