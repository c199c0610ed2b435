"""Another Kitsu's rows as bodies of our owners' generic CRUD: what they keep, with the ids they
name turned into ours."""
NOT_WRITTEN = {"id", "created_at", "updated_at", "type"}


def body_of(row, fields_known, ours):
    """The row's writable fields (`fields_known`: those the owner's answers carry), every id
    value that the map knows replaced by ours."""
    body = {}
    for key, value in row.items():
        if key in NOT_WRITTEN or (fields_known and key not in fields_known):
            continue
        if key.endswith("_id") and isinstance(value, str):
            value = ours.get(value, value)
        elif isinstance(value, list) and value and all(isinstance(item, str) for item in value):
            value = [ours.get(item, item) for item in value]
        body[key] = value
    return body
