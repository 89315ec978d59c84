"""Shared django-filter pieces: report ignored query-string values instead of failing."""


class IgnoredValuesMixin:
    """Report the query-string values a filter set ignored (bad values never raise)."""

    @property
    def invalid_params(self):
        """``{param: message}`` for every value that was ignored (keys are query-string names)."""
        return {name: " ".join(errors) for name, errors in self.form.errors.items()}

    @property
    def ignored_filters(self):
        """Rows ``{"name", "label", "message"}`` for visitors: the filter's translated label
        instead of the raw parameter name, with the (translated) reason."""
        rows = []
        for name, message in self.invalid_params.items():
            field = self.form.fields.get(name)
            label = field.label if field is not None and field.label else name
            rows.append({"name": name, "label": label, "message": message})
        return rows
