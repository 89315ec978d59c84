"""Translations made through wagtail-localize's own records (issue 13).

:func:`translate` is what the demo loader and the tests use to put English content in:
it goes through ``TranslationSource`` → ``Translation`` → ``StringTranslation`` →
``Translation.save_target()``, exactly what the admin's translation editor reads and
writes, so an editor can open any of those translations and carry on. Idempotent: a
second call with the same strings creates no page, record or revision.

:func:`source_changed` is the "source changed since translation" marker: the source
page's latest published revision is newer than the translation's last sync
(``TranslationSource.last_updated_at``).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from wagtail.models import DraftStateMixin, Locale, Page, RevisionMixin
from wagtail_localize.models import StringTranslation, Translation, TranslationSource


def _strings_for(source, strings):
    """``[(string segment, translated text)]`` for the source's segments ``strings`` covers.

    ``strings`` maps a segment's field path (``"title"``, ``"summary"``, ``"slug"``) or
    its source text (rich text and StreamField paragraphs) to the translation.
    """
    found = []
    for segment in source.stringsegment_set.select_related("string", "context"):
        text = strings.get(segment.context.path)
        if text is None:
            text = strings.get(segment.string.data)
        if text:
            found.append((segment, text))
    return found


@transaction.atomic
def translate(instance, language_code, strings, *, publish=True):
    """Translate ``instance`` (a page or translatable snippet) into ``language_code``.

    ``strings``: ``{field path or source text: translation}``; what it does not cover stays
    in the source language (wagtail-localize's fallback). The parent of a page is
    translated first when it has no translation (wagtail-localize copies it). Returns
    ``(target instance, changed)``; ``changed`` is False when nothing new was written
    (a second run with the same source and strings).
    """
    locale = Locale.objects.get(language_code=language_code)
    # As stored: an instance just saved may differ in memory (revision fields), which
    # would look like a change of the source on the next run.
    instance = type(instance).objects.get(pk=instance.pk)
    # Re-extracts the source only when its content changed since the last run.
    source, changed = TranslationSource.update_or_create_from_instance(instance)
    changed = changed or source.last_updated_at > _synced_at(source, locale)
    translation, made = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    changed = changed or made
    for segment, text in _strings_for(source, strings):
        row, made = StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": text},
        )
        if not made and row.data != text:
            row.data = text
            row.save(update_fields=["data"])
            made = True
        changed = changed or made
    try:
        target = source.get_translated_instance(locale)
    except ObjectDoesNotExist:
        target, changed = None, True
    if changed:
        # Translation.save_target() without its deferred publish (an on-commit callback,
        # which never runs inside an outer transaction such as a test's): publish here.
        # A model without drafts (a plain snippet such as a menu item) can only be saved
        # "published"; wagtail-localize refuses a draft of it.
        drafts = issubclass(source.specific_content_type.model_class(), DraftStateMixin)
        source.create_or_update_translation(
            locale, publish=not drafts, copy_parent_pages=True, fallback=True
        )
        target = source.get_translated_instance(locale)
        if publish and isinstance(target, DraftStateMixin) and target.latest_revision_id:
            target.latest_revision.publish()
            target = source.get_translated_instance(locale)
    return target, changed


def _synced_at(source, locale):
    """When ``source`` was last written into ``locale`` (its latest ``TranslationLog``)."""
    log = source.translation_logs.filter(locale=locale).order_by("-created_at").first()
    return log.created_at if log else source.last_updated_at


def _source_is_newer(source, instance):
    """Whether ``instance`` changed after ``source`` last read it (see :func:`source_changed`)."""
    latest = _latest_change(instance)
    return latest is not None and latest > source.last_updated_at


def _latest_change(instance):
    """When the instance last changed: its latest published revision (or last edit)."""
    if isinstance(instance, DraftStateMixin) and getattr(instance, "last_published_at", None):
        return instance.last_published_at
    if isinstance(instance, RevisionMixin) and instance.latest_revision_id:
        return instance.latest_revision.created_at
    return None


def source_changed(translated):
    """For a translation (not the source itself), whether its source changed since its last sync.

    ``True`` when the source page's last published revision is newer than the
    ``TranslationSource`` the translation was made from; ``False`` for a source, an
    untranslated page or a translation made by hand (no ``TranslationSource``).
    """
    if translated is None or translated.locale_id == Locale.get_default().pk:
        return False
    source = (
        TranslationSource.objects.filter(
            object_id=translated.translation_key,
            translations__target_locale_id=translated.locale_id,
        )
        .order_by("-last_updated_at")
        .first()
    )
    if source is None:
        return False
    original = source.get_source_instance()
    if isinstance(original, Page):
        original = original.specific
    return _source_is_newer(source, original)


def stale_translation_ids(pages):
    """Ids of the translated pages among ``pages`` whose source changed since their sync.

    A fixed number of queries for any number of pages (admin listings).
    """
    default = Locale.get_default().pk
    translated = [page for page in pages if page.locale_id != default]
    if not translated:
        return set()
    keys = {page.translation_key for page in translated}
    synced = {}
    rows = TranslationSource.objects.filter(object_id__in=keys).values_list(
        "object_id", "translations__target_locale_id", "last_updated_at"
    )
    for key, locale_id, updated in rows:
        if locale_id is not None:
            synced[(key, locale_id)] = max(updated, synced.get((key, locale_id), updated))
    published = dict(
        Page.objects.filter(translation_key__in=keys, locale_id=default).values_list(
            "translation_key", "last_published_at"
        )
    )
    stale = set()
    for page in translated:
        last_sync = synced.get((page.translation_key, page.locale_id))
        source_published = published.get(page.translation_key)
        if last_sync and source_published and source_published > last_sync:
            stale.add(page.pk)
    return stale
