"""Every page type of the project previews in the admin before it was ever saved.

Editors press "Preview" on a new page (Wagtail's ``preview_on_add``): the
page has no primary key, no revision and no children yet, and it must render
(once a preview of a never-saved product page gave a 500). The form data are
the minimum the page's own admin form accepts: title, slug, empty StreamFields,
rich text and inline panels, plus the fields a type requires
(:data:`REQUIRED`).
"""

import pytest
from django.urls import reverse
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.blocks.base import BlockField
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.tests.factories import EventIndexPageFactory
from news.tests.factories import CampaignIndexPageFactory, NewsIndexPageFactory
from products_catalog.rules import ProducerType

pytestmark = pytest.mark.django_db

OUR_APPS = {"core", "taxonomy", "products_catalog", "programme", "home", "news", "events"}
OUR_APPS |= {"buyers", "search"}
PAGE_MODELS = sorted(
    (m for m in get_page_models() if m._meta.app_label in OUR_APPS), key=lambda m: m._meta.label
)

#: Fields a page type requires beyond the title (values as the admin's widgets post them).
REQUIRED = {
    "events.EventPage": {
        "event_type": "trade_fair",
        "start": "2030-07-14 08:00",
        "end": "2030-07-14 17:00",
    },
    "news.CampaignPage": {"start_date": "2030-07-01", "end_date": "2030-07-31"},
    "products_catalog.ProducerPage": {"producer_type": ProducerType.COOPERATIVE},
}


def minimal_form_data(model):
    """POST data for the admin form of ``model``: required fields, empty rich text,
    StreamFields and inline formsets."""
    form_class = model.get_edit_handler().get_form_class()
    data = {"title": f"Xem trước {model._meta.verbose_name}", "slug": "xem-truoc"}
    for name, field in form_class.base_fields.items():
        if isinstance(field, BlockField):
            data[name] = streamfield([])
        elif isinstance(field.widget, DraftailRichTextArea):
            data[name] = rich_text("")
    for name in form_class.formsets:
        data[name] = inline_formset([])
    data.update(REQUIRED.get(model._meta.label, {}))
    return nested_form_data(data)


@pytest.fixture
def tree(site_tree):
    home = site_tree["home"]
    return [
        Page.get_first_root_node(),
        home,
        site_tree["products"],
        site_tree["producers"],
        NewsIndexPageFactory(parent=home),
        CampaignIndexPageFactory(parent=home),
        EventIndexPageFactory(parent=home),
    ]


def parent_for(model, pages):
    """The most specific page of ``pages`` under which ``model`` may be created."""
    allowed = [m for m in model.allowed_parent_page_models() if m is not Page]
    for page in pages:
        if type(page.specific) in allowed:
            return page
    return pages[0]  # the root: only the home page has no other parent


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda m: m._meta.label)
def test_a_new_page_previews_before_its_first_save(admin_client, tree, model):
    parent = parent_for(model, tree)
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=(model._meta.app_label, model._meta.model_name, parent.pk),
    )
    response = admin_client.post(url, minimal_form_data(model))
    assert response.status_code == 200
    assert response.json() == {"is_valid": True, "is_available": True}

    response = admin_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Traceback" not in html
    assert "preview-error" not in html
    assert model().get_template(response.wsgi_request) in [t.name for t in response.templates]
