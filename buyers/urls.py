"""Public URLs of the buyers app (included at the site root, before Wagtail's pages)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from buyers import views
from core import converters  # noqa: F401  (registers the "id" converter)

app_name = "buyers"


# Routes in the page's language: the msgid is the English route under /en/, the
# Vietnamese catalogue gives the route at / (e.g. "ket-noi/hoi-hang/<id:page_id>/").
urlpatterns = [
    path(pgettext_lazy("URL", "connect/inquiry/<id:page_id>/"), views.inquiry, name="inquiry"),
    path(
        pgettext_lazy("URL", "connect/thanks/<uuid:reference>/"),
        views.inquiry_thanks,
        name="inquiry_thanks",
    ),
    path(pgettext_lazy("URL", "qr/<id:page_id>.svg"), views.qr_svg, name="qr_svg"),
    path(pgettext_lazy("URL", "qr/<id:page_id>.png"), views.qr_png, name="qr_png"),
    path(pgettext_lazy("URL", "qr/<id:page_id>/labels/"), views.qr_labels, name="qr_labels"),
    path(
        pgettext_lazy("URL", "open-data/ocop-products.csv"), views.register_csv, name="register_csv"
    ),
    path(
        pgettext_lazy("URL", "open-data/ocop-products.json"),
        views.register_json,
        name="register_json",
    ),
    path("api/v1/products/", views.api_products, name="api_products"),
]
