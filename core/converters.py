"""URL converters shared by the apps' routes."""

from django.urls import register_converter


class RowIdConverter:
    """A database row id: 1–18 digits, so it always fits a 64-bit integer column.

    Django's ``int`` converter takes any length, and an id past 2**63 - 1 makes the
    database driver raise ``OverflowError`` (a 500) instead of "no such row" (a 404).
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(RowIdConverter, "id")
