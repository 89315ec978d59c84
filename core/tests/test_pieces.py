"""Page pieces (core.pieces): one call-to-action rule for pages and body blocks; rich intros."""

import importlib

import pytest
from django.core.exceptions import ValidationError

from core.blocks import CallToActionBlock
from core.pieces import CallToActionMixin, HeroImageMixin, IntroMixin, call_to_action_href
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import CampaignPage, NewsPage

pytestmark = pytest.mark.django_db

intro_migration = importlib.import_module("events.migrations.0004_rich_intro_related_rows")


def test_call_to_action_goes_to_the_live_page_else_the_address(site_tree):
    catalogue = site_tree["products"]
    assert call_to_action_href(catalogue, "https://example.vn") == catalogue.url
    catalogue.unpublish()
    catalogue.refresh_from_db()
    assert call_to_action_href(catalogue, "https://example.vn") == "https://example.vn"
    assert call_to_action_href(None, "") == ""


def test_home_page_button_is_the_call_to_action(client, site_tree):
    home = site_tree["home"]
    html = client.get(home.url).content.decode()
    assert f'href="{site_tree["products"].url}"' in html  # default: the catalogue
    home.cta_text, home.cta_url = "Hội chợ OCOP 2030", "https://hoicho.example.vn/"
    home.save_revision().publish()
    html = client.get(home.url).content.decode()
    assert '<a class="button" href="https://hoicho.example.vn/">Hội chợ OCOP 2030</a>' in html
    home.cta_page = site_tree["producers"]
    home.cta_text = ""
    home.save_revision().publish()
    html = client.get(home.url).content.decode()
    producers = site_tree["producers"]
    assert f'<a class="button" href="{producers.url}">{producers.title}</a>' in html


def test_body_button_follows_the_same_rule(site_tree):
    block = CallToActionBlock()
    value = block.to_python(
        {"text": "Xem", "page": site_tree["products"].pk, "url": "https://x.vn"}
    )
    assert value.href == site_tree["products"].url
    assert (
        block.to_python({"text": "Xem", "page": None, "url": "https://x.vn"}).href == "https://x.vn"
    )
    assert 'href="https://x.vn"' in block.render(
        block.to_python({"text": "Xem", "url": "https://x.vn"})
    )


def test_an_address_without_text_is_refused():
    page = CampaignPage(title="Tuần lễ OCOP", cta_url="https://example.vn")
    with pytest.raises(ValidationError) as error:
        CallToActionMixin.clean(page)
    assert "cta_text" in error.value.message_dict


@pytest.mark.parametrize(
    ("model", "mixin"),
    [
        (HomePage, HeroImageMixin),
        (NewsPage, HeroImageMixin),
        (CampaignPage, HeroImageMixin),
        (EventPage, HeroImageMixin),
        (EventPage, IntroMixin),
        (EventIndexPage, IntroMixin),
        (StandardPage, IntroMixin),
        (HomePage, CallToActionMixin),
        (CampaignPage, CallToActionMixin),
    ],
)
def test_pages_are_built_from_the_pieces(model, mixin):
    assert issubclass(model, mixin)
    panel_fields = {name for panel in model.content_panels for name in _field_names(panel)}
    own = {f.name for f in mixin._meta.get_fields()} if hasattr(mixin, "_meta") else set()
    assert own <= panel_fields


def _field_names(panel):
    children = getattr(panel, "children", None)
    if children:
        for child in children:
            yield from _field_names(child)
    elif getattr(panel, "field_name", None):
        yield panel.field_name


def test_plain_intros_become_paragraphs_and_back():
    to_rich, to_plain = intro_migration.to_rich_text, intro_migration.to_plain_text
    assert to_rich("Hội chợ 70 gian hàng.") == "<p>Hội chợ 70 gian hàng.</p>"
    assert to_rich("Một <b>\n\nHai\nba") == "<p>Một &lt;b&gt;</p><p>Hai<br/>ba</p>"
    assert to_rich("<p>Đã là HTML</p>") == "<p>Đã là HTML</p>"
    assert to_rich("") == ""
    assert to_plain(to_rich("Một <b>\n\nHai")) == "Một <b>\n\nHai"
