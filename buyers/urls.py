"""Public URLs of the buyers app (included at the site root, before Wagtail's pages)."""

from django.urls import path

from buyers import views

app_name = "buyers"

urlpatterns = [
    path("ket-noi/hoi-hang/<int:page_id>/", views.inquiry, name="inquiry"),
    path("ket-noi/cam-on/<uuid:reference>/", views.inquiry_thanks, name="inquiry_thanks"),
    path("ma-qr/<int:page_id>.svg", views.qr_svg, name="qr_svg"),
    path("ma-qr/<int:page_id>.png", views.qr_png, name="qr_png"),
    path("ma-qr/<int:page_id>/nhan-in/", views.qr_labels, name="qr_labels"),
    path("du-lieu-mo/san-pham-ocop.csv", views.register_csv, name="register_csv"),
    path("du-lieu-mo/san-pham-ocop.json", views.register_json, name="register_json"),
    path("api/v1/products/", views.api_products, name="api_products"),
]
