"""Who may download a document: not everyone when it belongs to a private page (issue 12).

Wagtail's ``before_serve_document`` hook calls :func:`check_document`. A
document is "of" a page when the page links or chooses it (Wagtail's
reference index) or when it is the decision document of a certification or
revocation decision naming the product (read from the decision lines
directly, so it holds even before the reference index is updated by the
task worker). If any such page has a view restriction (login, group or
password, on it or an ancestor) that the request does not pass, the answer
is a 403 — the decision of a private product names that product. People
with access to the Wagtail admin always get the file. Documents are only
served through this view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``);
the web server must not serve ``media/documents/`` itself (see README).
"""

from django.http import HttpResponseForbidden
from django.template.loader import render_to_string
from wagtail.models import Page, PageViewRestriction, ReferenceIndex

from products_catalog.models import DecisionLine, RevocationLine


def page_ids_using(document):
    """Ids of the pages that use ``document`` (links, choosers, decision lines)."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    ids = set(
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type_id=page_type)
        .values_list("object_id", flat=True)
    )
    ids = {int(pk) for pk in ids}
    ids.update(
        DecisionLine.objects.filter(decision__document=document).values_list(
            "product_id", flat=True
        )
    )
    ids.update(
        RevocationLine.objects.filter(revocation__document=document).values_list(
            "product_id", flat=True
        )
    )
    return ids


def restrictions_for(page_ids):
    """View restrictions on those pages or any of their ancestors."""
    paths = list(Page.objects.filter(pk__in=page_ids).values_list("path", flat=True))
    if not paths:
        return []
    step = Page.steplen
    ancestors = {path[:n] for path in paths for n in range(step, len(path) + 1, step)}
    return list(PageViewRestriction.objects.filter(page__path__in=ancestors))


def check_document(document, request):
    """``before_serve_document``: ``None`` to serve, or a 403 response."""
    user = getattr(request, "user", None)
    if user is not None and user.has_perm("wagtailadmin.access_admin"):
        return None
    for restriction in restrictions_for(page_ids_using(document)):
        if not restriction.accept_request(request):
            body = render_to_string("products_catalog/document_private.html", request=request)
            return HttpResponseForbidden(body)
    return None
