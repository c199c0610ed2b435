"""Playlist share links: the bodies their routes read (as Zou's schemas read them) and when a
link still opens its playlist. Pure: values in, values out."""
import datetime

from shared.errors import ValidationError, WrongParameter

NOT_A_DICT = "Input should be a valid dictionary or instance of {}"
NOT_A_BOOLEAN = "Input should be a valid boolean, unable to interpret input"
BOOLEANS = {"true": True, "1": True, "yes": True, "on": True, "y": True, "t": True,
            "false": False, "0": False, "no": False, "off": False, "n": False, "f": False}


def expiration(value):
    """The instant a link stops working (ISO, naive UTC): a day names the whole day (its last
    second), a full timestamp is kept as given; None: never."""
    if not value:
        return None
    try:
        return datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time(23, 59, 59)).isoformat()
    except ValueError:
        pass
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise WrongParameter(f"{value} is not a valid ISO 8601 date") from None
    if moment.tzinfo is not None:  # stored naive, in UTC, as Zou's column
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment.isoformat()


def boolean(value, field, errors):
    if isinstance(value, bool):
        return value
    if isinstance(value, (str, int)) and str(value).lower() in BOOLEANS:
        return BOOLEANS[str(value).lower()]
    errors.append({"field": field, "message": NOT_A_BOOLEAN})
    return None


def text(value, field, errors):
    if value is None or isinstance(value, str):
        return value
    errors.append({"field": field, "message": "Input should be a valid string"})
    return None


def new_link(body):
    """{expiration_date, can_comment, password} of POST /data/playlists/{id}/share."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ValidationError([{"field": "", "message": NOT_A_DICT.format("CreatePlaylistShareLinkSchema")}])
    errors = []
    fields = {"expiration_date": text(body.get("expiration_date"), "expiration_date", errors),
              "can_comment": boolean(body.get("can_comment", True), "can_comment", errors),
              "password": text(body.get("password"), "password", errors)}
    if errors:
        raise ValidationError(errors)
    fields["expiration_date"] = expiration(fields["expiration_date"])
    return fields


def is_open(link, now):
    """Whether a stored link still opens its playlist at `now` (naive UTC): active, not expired."""
    if not link["is_active"]:
        return False
    return link["expiration_date"] is None or now <= link["expiration_date"]


HEX = set("0123456789abcdefABCDEF")
LISTS = ("checklist", "additions", "updates", "deletions")


def uuid_problem(value):
    """Why a text is not a UUID (as Zou's schemas say it), or None."""
    for position, character in enumerate(value, start=1):
        if character not in HEX and character != "-":
            return f"Input should be a valid UUID, invalid character: found `{character}` at {position}"
    if len(value.replace("-", "")) != 32:
        return f"Input should be a valid UUID, invalid length: expected length 32 for simple format, found {len(value)}"
    return None


def guest_fields(body, fields, schema, ids=()):
    """The fields of a guest's body ({name: required}; `ids`: those that are UUIDs; the lists:
    a checklist, annotation changes), or Zou's validation answer."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ValidationError([{"field": "", "message": NOT_A_DICT.format(schema)}])
    errors = [{"field": name, "message": "Field required"} for name, required in fields.items()
              if required and body.get(name) in (None, "")]
    missing = {error["field"] for error in errors}
    values = {name: body.get(name) for name in fields}
    for name, value in values.items():
        if value is None or name in missing:
            continue
        if name in LISTS:
            if not isinstance(value, list):
                errors.append({"field": name, "message": "Input should be a valid list"})
            else:
                errors += [{"field": f"{name}.{index}", "message": "Input should be a valid dictionary"}
                           for index, item in enumerate(value) if not isinstance(item, dict)]
        elif not isinstance(value, str):
            errors.append({"field": name, "message": "Input should be a valid string"})
        elif name in ids and uuid_problem(value):
            errors.append({"field": name, "message": uuid_problem(value)})
    if errors:
        raise ValidationError(errors)
    return values


def guest_email(random_hex):
    """A guest's address: unique, and no one's mailbox (a guest never logs in)."""
    return f"guest-{random_hex[:8]}@guest.kitsu"
