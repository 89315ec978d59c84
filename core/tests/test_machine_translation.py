"""Machine translation is pluggable and off by default (issue 13): nothing leaves the site
unless MACHINE_TRANSLATOR is set; when it is, wagtail-localize's editor uses it."""

import http.server
import json
import threading

import pytest
from django.urls import reverse
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from ocop_site.settings.translators import machine_translator
from products_catalog.tests.factories import make_product

pytestmark = pytest.mark.django_db


def test_settings_from_the_environment():
    assert machine_translator({}) is None
    assert machine_translator({"MACHINE_TRANSLATOR": " "}) is None
    config = machine_translator(
        {"MACHINE_TRANSLATOR": "DeepL", "MACHINE_TRANSLATOR_OPTIONS": '{"AUTH_KEY": "k"}'}
    )
    assert config == {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": "k"},
    }
    assert machine_translator({"MACHINE_TRANSLATOR": "my.Translator"})["CLASS"] == "my.Translator"
    with pytest.raises(ValueError):
        machine_translator({"MACHINE_TRANSLATOR": "deepl", "MACHINE_TRANSLATOR_OPTIONS": "[1]"})


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("bt", "bt@example.org", "pw"))
    return client


@pytest.fixture
def english_draft(site_tree):
    """A product with its (untranslated) English translation record, as "Translate this page"
    leaves it."""
    from wagtail.models import Locale

    for page in (site_tree["home"], site_tree["products"]):
        page.copy_for_translation(Locale.objects.get(language_code="en"))
    product = make_product(
        site_tree["products"], "Nước mắm Tân Lập", summary="Nước mắm truyền thống."
    )
    source, _ = TranslationSource.get_or_create_from_instance(product)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="en")
    )
    translation.save_target(publish=False)
    return translation


@pytest.fixture
def libretranslate():
    """A stand-in LibreTranslate service on loopback: answers "[en] <text>" for each text."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (HTTP method name)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append(body)
            answer = json.dumps({"translatedText": [f"[en] {text}" for text in body["q"]]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer.encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "seen": seen}
    server.shutdown()
    server.server_close()


def test_off_by_default(settings, editor, english_draft):
    assert settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR is None
    url = reverse("wagtail_localize:machine_translate", args=[english_draft.pk])
    assert editor.post(url).status_code == 404
    assert not StringTranslation.objects.exists()


def test_a_configured_translator_fills_the_strings(settings, editor, english_draft, libretranslate):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(
        {
            "MACHINE_TRANSLATOR": "libretranslate",
            "MACHINE_TRANSLATOR_OPTIONS": json.dumps(
                {"LIBRETRANSLATE_URL": libretranslate["url"], "API_KEY": ""}
            ),
        }
    )
    url = reverse("wagtail_localize:machine_translate", args=[english_draft.pk])
    assert editor.post(url, {"next": "/admin/"}).status_code == 302
    [request] = libretranslate["seen"]
    assert (request["source"], request["target"]) == ("vi", "en")
    assert "Nước mắm truyền thống." in request["q"]
    texts = set(StringTranslation.objects.values_list("data", flat=True))
    assert "[en] Nước mắm truyền thống." in texts
