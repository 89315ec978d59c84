"""Request guards that run before anything else (issue 12).

:class:`LongRequestMiddleware`: a request line longer than
``settings.MAX_REQUEST_LINE`` characters (default 4000: below gunicorn's
``limit_request_line``, which ``gunicorn.conf.py`` raises to 8190, so the
site — not gunicorn's bare "414 URI Too Long" — answers) gets the tidy 414
page with a search box; the search itself also cuts ``q`` to
:data:`core.search.MAX_QUERY_CHARS` characters.
"""

from django.conf import settings
from django.shortcuts import render

DEFAULT_MAX_REQUEST_LINE = 4000


class LongRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "MAX_REQUEST_LINE", DEFAULT_MAX_REQUEST_LINE)
        if len(request.get_full_path()) > limit:
            return render(request, "core/uri_too_long.html", {"limit": limit}, status=414)
        return self.get_response(request)
