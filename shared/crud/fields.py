"""Field types of the generic collections: one place knows how a value is stored, parsed from a
request body, parsed from a query-string filter, and written back as JSON."""
import datetime
import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from ..errors import CrudError, WrongParameter
from ..serialization import isoformat

TRUE = {"true", "1", "yes", "t", "y", "on"}
FALSE = {"false", "0", "no", "f", "n", "off"}


class Field:
    """`hidden` fields never leave the service; `protected` ones can't be set through PUT;
    `references` names the table whose ids a Uuid or UuidList field holds (references.py);
    `key`: the field's name in answers when it differs from the column's (Zou's `type` keys)."""

    column_type = sa.String

    def __init__(self, default=None, nullable=True, unique=False, hidden=False, protected=False,
                 index=False, required=False, references=None, key=None):
        self.default, self.nullable, self.unique = default, nullable, unique
        self.output_key = key
        self.hidden, self.protected, self.index, self.required = hidden, protected, index, required
        self.references = references
        self.name = None

    relation = False  # many-to-many id lists: only serialised with `relations`

    @property
    def key(self):
        return self.output_key or self.name

    def column(self):
        return sa.Column(self.name, self.column_type, nullable=self.nullable, unique=self.unique,
                         index=self.index)

    def initial(self):
        return self.default() if callable(self.default) else self.default

    def parse(self, value):
        """A value from a JSON body, in the JSON-native form events store; raise on a wrong shape."""
        return value

    def to_db(self, value):
        return value

    def parse_filter(self, text):
        return self.parse(text)

    def dump(self, value):
        return value

    json_schema = {}  # what the API document says a value is (gateway/openapi.py)

    def schema(self):
        return {**self.json_schema, **({"nullable": True} if self.nullable else {})}


class String(Field):
    json_schema = {"type": "string"}

    def parse(self, value):
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise CrudError("One of the provided values has an invalid format.")


class Boolean(Field):
    """A JSON boolean (or 0 / 1, as Zou's database takes them); "yes" is text, not a boolean.
    Query-string filters are text: true/false-ish words there."""

    column_type = sa.Boolean
    json_schema = {"type": "boolean"}

    def parse(self, value):
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise CrudError("One of the provided values has an invalid format.")

    def parse_filter(self, text):
        if text.lower() in TRUE | FALSE:
            return text.lower() in TRUE
        raise CrudError("One of the provided values has an invalid format.")


class Integer(Field):
    column_type = sa.Integer
    json_schema = {"type": "integer", "minimum": -2**31, "maximum": 2**31 - 1}

    def parse(self, value):
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        try:
            return int(value)
        except (TypeError, ValueError):
            raise CrudError("One of the provided values has an invalid format.")

    def parse_filter(self, text):
        try:
            return int(text)
        except ValueError:
            raise WrongParameter("One of the value of the filter has not the proper format")


class Float(Integer):
    column_type = sa.Float
    json_schema = {"type": "number"}

    def parse(self, value):
        if value is None:
            return value
        try:
            return float(value)
        except (TypeError, ValueError):
            raise CrudError("One of the provided values has an invalid format.")


class Uuid(Field):
    column_type = UUID(as_uuid=False)
    json_schema = {"type": "string", "format": "uuid"}

    def parse(self, value):
        if value in (None, ""):
            return None
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            raise CrudError("One of the provided values has an invalid format.")

    def parse_filter(self, text):
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise WrongParameter("Invalid UUID value")


class Choice(String):
    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = tuple(choices)
        self.json_schema = {"type": "string", "enum": list(self.choices)}

    def parse(self, value):
        value = super().parse(value)
        if value is not None and value not in self.choices:
            raise WrongParameter(f"Invalid value for {self.name}: {value}.")
        return value


class Date(Field):
    column_type = sa.Date
    kind = datetime.date
    json_schema = {"type": "string", "format": "date"}

    def parse(self, value):
        if value in (None, ""):
            return None
        try:
            parsed = datetime.datetime.fromisoformat(str(value))
        except ValueError:
            raise WrongParameter(f"Invalid date format for '{self.name}'. Expected ISO-8601.")
        return isoformat(parsed.date() if self.kind is datetime.date else parsed)

    def to_db(self, value):
        return None if value is None else self.kind.fromisoformat(value)

    def dump(self, value):
        return isoformat(value)


class DateTime(Date):
    column_type = sa.DateTime
    kind = datetime.datetime
    json_schema = {"type": "string", "format": "date-time"}


class Json(Field):
    """Any JSON value; `mapping=True`: an object (or null), for the fields whose changes are
    merged into the stored object (task and entity `data`)."""

    column_type = JSONB

    def __init__(self, mapping=False, **kwargs):
        super().__init__(**kwargs)
        self.mapping = mapping
        self.json_schema = {"type": "object"} if mapping else {}

    def parse(self, value):
        if self.mapping and value is not None and not isinstance(value, dict):
            raise CrudError("One of the provided values has an invalid format.")
        return value

    def column(self):
        return sa.Column(self.name, JSONB(none_as_null=True), nullable=self.nullable)


class UuidList(Field):
    """A many-to-many relation kept as an id array on the row (filters: "any of")."""

    column_type = ARRAY(UUID(as_uuid=False))
    relation = True
    json_schema = {"type": "array", "items": Uuid.json_schema}

    def __init__(self, **kwargs):
        super().__init__(default=list, **kwargs)

    def parse(self, value):
        if value is None:
            return []
        if not isinstance(value, list):
            raise CrudError("One of the provided values has an invalid format.")
        ids = [item.get("id") if isinstance(item, dict) else item for item in value]
        return [Uuid.parse(self, item) for item in ids]

    def parse_filter(self, text):
        return Uuid.parse_filter(self, text)

    def dump(self, value):
        return list(value or [])
