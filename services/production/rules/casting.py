"""Casting: which assets an entity casts, how many times, under which label."""
from shared.crud.store import parse_id
from shared.errors import WrongParameter


def is_casting(body):
    """A casting array: a list of objects."""
    return isinstance(body, list) and all(isinstance(item, dict) for item in body)


def occurences(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise WrongParameter("nb_occurences must be an integer.")


def wanted(casting):
    """{asset id: (nb_occurences, label)} of a casting array."""
    return {parse_id(item.get("asset_id")): (occurences(item.get("nb_occurences", 1)),
                                             str(item.get("label") or "")) for item in casting}


def casting_diff(current, wanted_cast, existing_assets):
    """(wanted, added, removed) of a casting replaced by `wanted_cast`: assets that don't exist
    are left out, `current` is {asset id: link} of the links the entity has now."""
    wanted_cast = {asset_id: cast for asset_id, cast in wanted_cast.items() if asset_id in existing_assets}
    removed = [asset_id for asset_id in current if asset_id not in wanted_cast]
    added = [asset_id for asset_id in wanted_cast if asset_id not in current]
    return wanted_cast, added, removed


def link_change(existing, nb, label):
    """The changes of a link cast again with (nb, label): None when it stays as it is."""
    if (existing["nb_occurences"], existing["label"]) == (nb, label):
        return None
    return {"nb_occurences": nb, "label": label}


def recast(current, asset_id, nb, label):
    """The casting {asset id: (nb, label)} once `asset_id` is cast `nb` times (0: uncast)."""
    casting = dict(current)
    if nb > 0:
        casting[asset_id] = (nb, label)
    else:
        casting.pop(asset_id, None)
    return casting
