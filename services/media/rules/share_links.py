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


def guest_fields(body, fields, schema):
    """The fields of a guest's body ({name: required}), or Zou's validation answer."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ValidationError([{"field": "", "message": NOT_A_DICT.format(schema)}])
    errors = [{"field": name, "message": "Field required"} for name, required in fields.items()
              if required and body.get(name) in (None, "")]
    values = {name: body.get(name) for name in fields}
    for name, value in values.items():
        if name != "checklist" and name not in ("additions", "updates", "deletions") and value is not None \
                and not isinstance(value, str):
            errors.append({"field": name, "message": "Input should be a valid string"})
    if errors:
        raise ValidationError(errors)
    return values
