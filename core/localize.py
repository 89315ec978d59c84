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
from wagtail_localize.fields import SynchronizedField
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from core import fastpath
from core.i18n import language_code


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
        # A snippet without drafts (news category, menu item) is simply saved.
        drafts = isinstance(instance, DraftStateMixin)
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


# Shared facts ------------------------------------------------------------------------------


def shared_field_names(model):
    """Names (``attname``) of the model's synchronised, non-overridable plain-column fields.

    Read from ``override_translatable_fields`` (wagtail-localize's declaration); child
    relations and many-to-many fields are left to wagtail-localize's sync.
    """
    names = []
    for field in getattr(model, "override_translatable_fields", []):
        if isinstance(field, SynchronizedField) and not field.overridable:
            names.append(model._meta.get_field(field.field_name).attname)
    return names


def share_facts(sender, instance, **kwargs):
    """``page_published`` handler: copy the shared facts between source and translations.

    Publishing the source (default locale) writes its shared fields into every
    translation at once; publishing a translation takes them from its source again, so a
    translator cannot change a fact and a translation never shows a stale one.
    """
    model = type(instance)
    names = shared_field_names(model)
    if not names:
        return
    default = Locale.get_default()
    if instance.locale_id == default.pk:
        values = {name: getattr(instance, name) for name in names}
        model.objects.filter(translation_key=instance.translation_key).exclude(
            pk=instance.pk
        ).update(**values)
        return
    source = (
        model.objects.filter(translation_key=instance.translation_key, locale=default)
        .values(*names)
        .first()
    )
    if source:
        model.objects.filter(pk=instance.pk).update(**source)
        for name, value in source.items():
            setattr(instance, name, value)


def connect_shared_facts(*models):
    """Keep the shared facts of ``models`` (page classes) in step on every publish."""
    from wagtail.signals import page_published

    for model in models:
        page_published.connect(
            share_facts, sender=model, dispatch_uid=f"share_facts_{model.__name__}"
        )


def source_of(instance):
    """The default-locale version of a translatable ``instance`` (itself when it is the
    source or has none): where shared records such as registrations hang."""
    if instance is None or not getattr(instance, "pk", None):
        return instance
    default = Locale.get_default()
    if instance.locale_id == default.pk:
        return instance
    source = (
        type(instance)
        .objects.filter(translation_key=instance.translation_key, locale=default)
        .first()
    )
    return source or instance


def in_locale(objects, locale, queryset=None):
    """``objects`` (translatable snippets or pages) each replaced by its translation in
    ``locale`` when there is one, else kept as they are; order kept. One query.

    ``queryset``: where the translations are looked for (default: the model's manager;
    pass ``live().public()`` with the card joins for pages). An object kept in another
    language gets ``other_language`` (its language code, for a ``lang`` attribute).
    Used for many-to-many links (news categories), which wagtail-localize copies
    untranslated into a translated page, and for the home page's sections, which list the
    source events and campaigns in the reader's language where a translation exists.
    """
    objects = list(objects)
    if not objects or locale is None:
        return objects
    locale_id = getattr(locale, "pk", locale)
    missing = [obj for obj in objects if obj.locale_id != locale_id]
    if not missing:
        return objects
    if queryset is None:
        queryset = type(missing[0]).objects.all()
    found = {
        obj.translation_key: obj
        for obj in queryset.filter(
            translation_key__in=[obj.translation_key for obj in missing], locale_id=locale_id
        ).order_by()  # order kept from ``objects``: no sort of wide card rows
    }
    result = []
    for obj in objects:
        if obj.locale_id != locale_id:
            translated = found.get(obj.translation_key)
            if translated is None:
                obj.other_language = language_code(fastpath.locale_of(obj))
            obj = translated or obj
        result.append(obj)
    return result
