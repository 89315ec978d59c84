"""Admin panel: the other units a split unit is now in, read-only (set from the register)."""

from wagtail.admin.panels import Panel


class AlsoNowInPanel(Panel):
    """Lists ``Locality.also_now_in``; never saved by the form (``seed_localities`` sets it)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "taxonomy/admin/also_now_in_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            unit = self.instance
            saved = bool(unit and unit.pk)
            context["units"] = list(unit.also_now_in.select_related("parent")) if saved else []
            return context
