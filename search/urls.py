"""Search URLs: include under ``search/`` in ``ocop_site.urls``."""

from django.urls import path

from search import views

urlpatterns = [
    path("", views.search_view, name="search"),
    path("suggest/", views.suggest_view, name="search_suggest"),
]
