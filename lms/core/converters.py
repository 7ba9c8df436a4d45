"""URL path converters shared by the apps."""


class ObjectIdConverter:
    """A database id: 1 to 18 digits, so an absurdly long number is a plain 404 instead of an
    error from the database (SQLite refuses integers beyond 64 bits in some lookups)."""

    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
