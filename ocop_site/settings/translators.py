"""Machine translation for editors (issue 13): pluggable, nothing external by default.

wagtail-localize shows a *Translate with …* button in its translation editor when
``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` is set; with nothing set there is no button and
no text leaves the site. ``MACHINE_TRANSLATOR`` picks one of wagtail-localize's own
translators by name, or any class by dotted path; ``MACHINE_TRANSLATOR_OPTIONS`` is a
JSON object of its options, e.g.::

    MACHINE_TRANSLATOR=libretranslate
    MACHINE_TRANSLATOR_OPTIONS='{"LIBRETRANSLATE_URL": "http://127.0.0.1:5000", "API_KEY": ""}'

    MACHINE_TRANSLATOR=deepl
    MACHINE_TRANSLATOR_OPTIONS='{"AUTH_KEY": "…"}'

A machine translation is a draft: the editor reviews it in the editor, then publishes.
"""

import json

#: wagtail-localize's translators by short name.
BUILT_IN = {
    "deepl": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
    "google": "wagtail_localize.machine_translators.google.GoogleCloudTranslator",
    "libretranslate": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
    "dummy": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}


def machine_translator(environ):
    """``{"CLASS": dotted path, "OPTIONS": {…}}`` or ``None`` (no machine translation).

    Raises ``ValueError`` when ``MACHINE_TRANSLATOR_OPTIONS`` is not a JSON object.
    """
    name = environ.get("MACHINE_TRANSLATOR", "").strip()
    if not name:
        return None
    options = json.loads(environ.get("MACHINE_TRANSLATOR_OPTIONS") or "{}")
    if not isinstance(options, dict):
        raise ValueError("MACHINE_TRANSLATOR_OPTIONS must be a JSON object")
    return {"CLASS": BUILT_IN.get(name.lower(), name), "OPTIONS": options}
