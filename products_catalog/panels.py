"""Admin panel: a product's certification history, read-only, with links to its decisions.

Decisions are documents listing many products (snippets *Certification
decisions*), so they are edited there, not inline on each product.
"""

from django.urls import reverse
from wagtail.admin.panels import Panel


class CertificationHistoryPanel(Panel):
    """Lists the decisions (and revocations) of the edited product; never saved by the form."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "products_catalog/admin/certification_history_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            saved = bool(page and page.pk)
            context.update(
                {
                    "saved": saved,
                    "history": page.certification_history() if saved else [],
                    "revocations": list(page.revocations()) if saved else [],
                    "summary": page.summary_or_none if saved else None,
                    "add_url": reverse(
                        "wagtailsnippets_products_catalog_certificationdecision:add"
                    ),
                    "revoke_url": reverse(
                        "wagtailsnippets_products_catalog_revocationdecision:add"
                    ),
                }
            )
            return context
