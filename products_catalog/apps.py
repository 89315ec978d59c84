from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsCatalogConfig(AppConfig):
    name = "products_catalog"
    verbose_name = _("OCOP catalogue")

    def ready(self):
        # Models are ready only now: the signal modules import them.
        from products_catalog import certification, translations

        certification.connect_signals()
        translations.connect_signals()
