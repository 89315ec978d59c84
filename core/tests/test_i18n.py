"""The Vietnamese catalogue: complete, compiled, and what visitors get by language."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"


def read_po(path):
    """Entries of a .po file as dicts of ``msgctxt``/``msgid``/``msgid_plural``/``msgstr``…

    Each entry also has ``flags`` (from ``#,`` lines). Obsolete (``#~``) entries are skipped.
    """
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip() or line.startswith("#~"):
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry or {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _sep, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


@pytest.fixture(scope="module")
def po_entries():
    return read_po(LOCALE / "django.po")


def test_header_declares_vietnamese_with_one_plural_form(po_entries):
    header = po_entries[0]
    assert header["msgid"] == ""
    assert "Language: vi\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header["msgstr"]
    assert "fuzzy" not in header["flags"]


def test_every_message_is_translated_and_none_is_fuzzy(po_entries):
    messages = po_entries[1:]
    assert len(messages) > 300
    untranslated = [e["msgid"] for e in messages if not (e.get("msgstr") or e.get("msgstr[0]"))]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []
    # One plural form, and nothing for a second one.
    plurals = [e for e in messages if "msgid_plural" in e]
    assert plurals and all("msgstr[1]" not in e for e in plurals)


def test_placeholders_are_kept(po_entries):
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|%%|%[sd]")
    for entry in po_entries[1:]:
        source = placeholder.findall(entry["msgid"])
        target = placeholder.findall(entry.get("msgstr") or entry.get("msgstr[0]"))
        assert sorted(source) == sorted(target), entry["msgid"]


def test_compiled_catalogue_matches_the_po_file(po_entries):
    """The committed .mo holds exactly the .po's translations (run compilemessages)."""
    with open(LOCALE / "django.mo", "rb") as mo_file:
        catalog = gettext.GNUTranslations(mo_file)._catalog
    for entry in po_entries[1:]:
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            assert catalog[(msgid, 0)] == entry["msgstr[0]"], msgid
        else:
            assert catalog[msgid] == entry["msgstr"], msgid


def test_vietnamese_is_active_by_default():
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("Filter products") == "Lọc sản phẩm"
        assert translation.ngettext("%(counter)s product", "%(counter)s products", 5) == (
            "%(counter)s sản phẩm"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", ["", "vi-VN,vi;q=0.9", "en-US,en;q=0.9"])
def test_the_url_decides_the_language_never_the_browser(client, site_tree, accept_language):
    """Vietnamese at /, English under /en/, whatever ``Accept-Language`` says (issue 13)."""
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get(site_tree["products"].url, **headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Chuyển đến nội dung chính" in html and "Skip to content" not in html
    assert response["Content-Language"] == "vi"
    assert "Accept-Language" not in response.get("Vary", "")
    english = client.get("/en/search/", **headers)
    assert '<html lang="en">' in english.content.decode()
    assert "Skip to content" in english.content.decode()
    assert english["Content-Language"] == "en"
