"""Shared facts stay shared (issue 13): a product's or producer's translations follow its source.

wagtail-localize copies synchronised fields (``override_translatable_fields`` on the page
models: producer, groups, locality, figures, contact…) only when a translation is synced.
So that an English page never shows a stale producer, group or locality in between,
publishing the Vietnamese source writes those fields into every translation at once, and
publishing a translation takes them from its source again (a translator cannot change a
fact). The certificate needs nothing: it is the summary of the ``translation_key``.
"""

from wagtail.models import Locale
from wagtail.signals import page_published
from wagtail_localize.fields import SynchronizedField

from products_catalog.models import ProducerPage, ProductPage


def shared_field_names(model):
    """Names of the model's synchronised, non-overridable fields that are plain columns."""
    names = []
    for field in getattr(model, "override_translatable_fields", []):
        if isinstance(field, SynchronizedField) and not field.overridable:
            names.append(model._meta.get_field(field.field_name).attname)
    return names


def share_facts(sender, instance, **kwargs):
    """``page_published`` handler: copy the shared facts between source and translations."""
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


def connect_signals():
    for model in (ProductPage, ProducerPage):
        page_published.connect(
            share_facts, sender=model, dispatch_uid=f"share_facts_{model.__name__}"
        )
