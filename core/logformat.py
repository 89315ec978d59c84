"""Structured logs (issue 14): one JSON object a line when ``LOG_FORMAT=json``.

``{"time": ISO 8601 UTC, "level", "logger", "message", "process", ...}`` plus
``exception`` (the formatted traceback) when there is one and any ``extra=``
fields given to the logging call. For log collectors (journald, Loki, ELK)
that index fields instead of parsing text.
"""

import datetime
import json
import logging

#: Attributes every ``LogRecord`` has: not repeated as extra fields.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        data = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        for name, value in vars(record).items():
            if name not in _STANDARD and not name.startswith("_"):
                data[name] = (
                    value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
                )
        return json.dumps(data, ensure_ascii=False)


class NotCachedPurgeFilter(logging.Filter):
    """Drop Wagtail's "Couldn't purge … HTTPError: 404" records (logger ``wagtail.frontendcache``).

    nginx's purge module answers 404 for a URL that was not in its cache (a page
    nobody visited since its last purge): nothing went wrong, and every publish
    purges a few such URLs (translations, ancestors). Other failures stay errors.
    """

    def filter(self, record):
        args = record.args if isinstance(record.args, tuple) else ()
        return not (len(args) >= 2 and args[1] == 404 and "HTTPError" in str(record.msg))


class WithoutTracebackFilter(logging.Filter):
    """Keep the record, drop its traceback (logger ``django.security.DisallowedHost``).

    A request naming a host outside ``ALLOWED_HOSTS`` (scanners send them all day)
    gets Django's 400 page; the log needs the one line saying which host, not the
    stack of whichever middleware first asked for the host.
    """

    def filter(self, record):
        record.exc_info = record.exc_text = None
        return True
