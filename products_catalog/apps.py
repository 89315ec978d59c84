from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsCatalogConfig(AppConfig):
    name = "products_catalog"
    verbose_name = _("OCOP catalogue")

    def ready(self):
        from products_catalog.certification import connect_signals

        connect_signals()
