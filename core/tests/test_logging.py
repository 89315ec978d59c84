"""The logging settings: each record is written once, by the root's console handler."""

import copy
import logging
import logging.config

from django.conf import settings
from django.utils.log import DEFAULT_LOGGING


def test_a_not_found_in_debug_is_written_once(monkeypatch):
    """Django configures its DEFAULT_LOGGING, then ours (django.utils.log.configure_logging):
    its "django" logger printed in DEBUG and passed the record on to the root's handler too."""
    monkeypatch.setattr(settings, "DEBUG", True)
    saved = {
        name: (logging.getLogger(name).handlers[:], logging.getLogger(name).level)
        for name in ("", "django")
    }
    try:
        logging.config.dictConfig(DEFAULT_LOGGING)
        logging.config.dictConfig(copy.deepcopy(settings.LOGGING))
        written = []
        for handler in logging.getLogger().handlers:
            monkeypatch.setattr(handler, "emit", written.append)
        for handler in logging.getLogger("django").handlers:
            monkeypatch.setattr(handler, "emit", written.append)
        logging.getLogger("django.request").warning("Not Found: %s", "/khong-co/")
        assert [record.getMessage() for record in written] == ["Not Found: /khong-co/"]
    finally:
        for name, (handlers, level) in saved.items():
            logging.getLogger(name).handlers[:] = handlers
            logging.getLogger(name).setLevel(level)
