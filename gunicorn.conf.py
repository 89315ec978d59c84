"""gunicorn settings for production (``gunicorn ocop_site.wsgi``; read from the working directory).

``limit_request_line`` is raised to gunicorn's maximum so that a long address
reaches Django, which answers with a tidy 414 page past ``MAX_REQUEST_LINE``
(4000) instead of gunicorn's bare "414 URI Too Long".
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
limit_request_line = 8190
timeout = 30
