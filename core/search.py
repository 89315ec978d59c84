"""Vietnamese-folding search for page types: one mechanism for every search backend.

How it works
------------
* **Indexed text.** :class:`FoldedSearchMixin` replaces every ``SearchField`` and
  ``AutocompleteField`` of a model by a folding twin (:class:`FoldedSearchField`,
  :class:`FoldedAutocompleteField`) whose value is the original text followed by
  its :func:`core.text.fold` ("Nước mắm Tân Lập nuoc mam tan lap"). The same
  document therefore reaches Wagtail's database backend (SQLite FTS5,
  PostgreSQL full text) and Elasticsearch/OpenSearch: no backend has to know
  Vietnamese, and PostgreSQL's ``unaccent`` is not needed. The original words
  stay indexed so that searches typed with marks by other clients (the admin's
  page search and choosers) still match.
* **Queries.** :func:`query_terms` folds the visitor's query the same way and
  keeps only word characters, so "NƯỚC MẮM!", "nước mắm" and "nuoc mam" all
  become ``["nuoc", "mam"]``, and nothing a visitor types can reach a backend's
  query syntax (quotes, minus signs, operators, NUL...).

Enabling it on a page type is one line: put the mixin first in the bases::

    class NewsPage(FoldedSearchMixin, BasePage):
        search_fields = BasePage.search_fields + [index.SearchField("body")]

The site search (``search`` app) then finds the type and offers it as a facet
(:func:`searchable_page_models`); run ``manage.py update_index`` once to
re-index existing pages.

``core`` imports no app of ours: this module only depends on Wagtail.
"""

import functools
import re
import threading

import snowballstemmer
from django.apps import apps
from django.utils.functional import lazy
from django.utils.text import capfirst
from wagtail.search import index

from core.text import fold

# A "word" for queries and highlighting: letters and digits; "_" separates.
WORD_RE = re.compile(r"[^\W_]+")

#: At most this many characters of a raw query are looked at.
MAX_QUERY_CHARS = 500
#: At most this many distinct words are searched for (more add cost, not precision).
MAX_QUERY_TERMS = 10
#: Longer words are cut (PostgreSQL rejects lexemes over 2 KB; nobody types them).
MAX_TERM_LENGTH = 40


def _capitalised(text):
    return capfirst(str(text))


#: ``capfirst`` of a lazy label, and picklable: a cached search outcome holds these
#: labels, and the proxy of Django's own ``capfirst`` names a function pickle cannot find.
capitalised = lazy(_capitalised, str)


def flatten_text(value):
    """Join what a search field yields into one string.

    ``value`` may be a string, a list/tuple (StreamField and RichTextField
    searchable content, tag lists), a dict, ``None`` or any object (``str()``).
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(part for part in (flatten_text(item) for item in value) if part)
    if isinstance(value, dict):
        return flatten_text(list(value.values()))
    return str(value)


_stemmers = threading.local()


def english_stems(words):
    """The English (Snowball) stems of ``words`` (folded, lower case), in order.

    ``["sauces", "fish"]`` → ``["sauc", "fish"]``. The stemmer keeps state, so each
    thread has its own.
    """
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer.stemWords(list(words))


def folded_index_text(value):
    """The text indexed for ``value``: the original, its folded form if different, then the
    English stems that differ from their word (issue 13).

    "Nước mắm" → "Nước mắm nuoc mam"; "Honey" → "Honey" (folding changes nothing
    but case, which every backend ignores); "Fish sauces" → "Fish sauces sauc". English
    queries are stemmed the same way (:func:`query_terms`), so "sauce" finds
    "sauces" on every backend. Shape: ``str``.
    """
    text = flatten_text(value).strip()
    folded = fold(text)
    parts = [text] if folded == text.lower() else [text, folded]
    words = WORD_RE.findall(folded)
    stems = [stem for word, stem in zip(words, english_stems(words), strict=True) if stem != word]
    if stems:
        parts.append(" ".join(dict.fromkeys(stems)))
    return " ".join(parts)


class FoldedSearchField(index.SearchField):
    """A ``SearchField`` whose indexed value carries its folded form too."""

    def get_value(self, obj):
        return folded_index_text(super().get_value(obj))


class FoldedAutocompleteField(index.AutocompleteField):
    """An ``AutocompleteField`` (prefix matching) with the folded form appended."""

    def get_value(self, obj):
        return folded_index_text(super().get_value(obj))


def fold_search_fields(fields):
    """Return ``fields`` with every search/autocomplete field swapped for its folding twin.

    Filter fields are kept as they are; ``RelatedFields`` are rebuilt with
    their inner fields swapped. Fields that already fold are kept.
    """
    result = []
    for field in fields:
        if isinstance(field, (FoldedSearchField, FoldedAutocompleteField)):
            result.append(field)
        elif isinstance(field, index.SearchField):
            result.append(FoldedSearchField(field.field_name, boost=field.boost, **field.kwargs))
        elif isinstance(field, index.AutocompleteField):
            result.append(FoldedAutocompleteField(field.field_name, **field.kwargs))
        elif isinstance(field, index.RelatedFields):
            result.append(index.RelatedFields(field.field_name, fold_search_fields(field.fields)))
        else:
            result.append(field)
    return result


class FoldedSearchMixin:
    """Mixin for page types searched with Vietnamese folding (put it first in the bases).

    * every ``SearchField``/``AutocompleteField`` in ``search_fields`` (inherited
      ones included) is indexed with its folded form, on every backend;
    * the type is listed by :func:`searchable_page_models`, so the site search
      includes it and offers it as a facet.

    Optional class attributes:

    ``search_type_label``
        Label of the type in results and facets (default: the model's
        ``verbose_name``).
    ``search_type_order``
        Position of the type in the facet list (lower first; default 100).
    ``search_snippet_fields``
        Names of the search fields result snippets are cut from (default:
        every ``SearchField`` but the title).
    ``search_select_related`` / ``search_prefetch_related``
        Relations loaded in bulk when indexing (``update_index``), for
        search fields that read related objects.
    """

    search_type_label = None
    search_type_order = 100
    search_snippet_fields = None
    search_select_related = ()
    search_prefetch_related = ()

    @classmethod
    def get_search_fields(cls):
        return fold_search_fields(super().get_search_fields())

    @classmethod
    def get_indexed_objects(cls):
        queryset = super().get_indexed_objects()
        if cls.search_select_related:
            queryset = queryset.select_related(*cls.search_select_related)
        if cls.search_prefetch_related:
            queryset = queryset.prefetch_related(*cls.search_prefetch_related)
        return queryset

    @classmethod
    def search_type_key(cls):
        """Short, URL-friendly name of the type: ``ProductPage`` → "product"."""
        name = cls._meta.model_name
        return name[: -len("page")] if name.endswith("page") and name != "page" else name

    @classmethod
    def get_search_type_label(cls):
        """Human label of the type ("OCOP product"), translatable."""
        return capitalised(cls.search_type_label or cls._meta.verbose_name)

    def search_snippet_text(self):
        """Plain text a result snippet is cut from: the searchable fields except the title.

        Shape: ``str`` (original spelling, HTML already stripped by the
        fields' ``get_searchable_content``). Override for a better source.
        """
        parts = []
        wanted = self.search_snippet_fields
        for field in super().get_search_fields():
            if not isinstance(field, index.SearchField) or field.field_name == "title":
                continue
            if wanted is None or field.field_name in wanted:
                parts.append(flatten_text(field.get_value(self)).strip())
        description = getattr(self, "search_description", "")
        if description:
            parts.insert(0, description)
        return "\n".join(part for part in parts if part)


@functools.cache
def searchable_page_models():
    """Concrete page models that use :class:`FoldedSearchMixin`, in facet order.

    Discovered from the app registry, so a page type that adds the mixin
    (news, campaigns, events...) appears in the site search without any
    change to the search app. Computed once (the app registry does not
    change at run time).
    """
    models = [
        model
        for model in apps.get_models()
        if issubclass(model, FoldedSearchMixin) and not model._meta.abstract
    ]
    return tuple(sorted(models, key=lambda model: (model.search_type_order, model._meta.label)))


def query_terms(raw, *, max_terms=MAX_QUERY_TERMS, language=""):
    """The query folding step: the distinct folded words of a raw query string.

    "  NƯỚC-MẮM  \"Tân Lập\" -x 🐟" → ``["nuoc", "mam", "tan", "lap", "x"]``.
    Anything that is not a letter or digit separates words and is dropped
    (quotes, minus signs, operators, emoji, control characters, NUL), so the
    result is safe for every backend. ``None`` or blank gives ``[]``. At most
    ``max_terms`` words of at most :data:`MAX_TERM_LENGTH` characters each,
    from the first :data:`MAX_QUERY_CHARS` characters. With ``language="en"`` each
    word is replaced by its English stem ("sauces" → "sauc"), as indexed.
    """
    if not raw:
        return []
    terms = []
    words = WORD_RE.findall(fold(str(raw)[:MAX_QUERY_CHARS]))
    if language.startswith("en"):
        words = english_stems(words)
    for word in words:
        word = word[:MAX_TERM_LENGTH]
        if word not in terms:
            terms.append(word)
        if len(terms) >= max_terms:
            break
    return terms
