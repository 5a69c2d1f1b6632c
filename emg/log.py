"""How requests are logged.

Django logs every answer of 400 and above on ``django.request``; a refusal (PermissionDenied)
with its full traceback, though a refusal is the permission check doing its job. A line per
refusal says all there is to say: who asked, with which method, for which path, and the status
they were given. Server errors (500 and above) keep their traceback: it is what they are read for.
"""

from __future__ import annotations

import logging


def _escaped(text: str) -> str:
    # As Django escapes the path it logs: a name or path cannot start a line of its own.
    return text.encode("unicode_escape").decode("ascii")


class RefusalsOnOneLine(logging.Filter):
    """On ``django.request``: a 4xx answer as one line, "Forbidden (Permission denied):
    /mandates/3/edit/ (GET, 403, fiona)", without the exception's traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        request = getattr(record, "request", None)
        if status is None or status >= 500 or request is None:
            return True
        user = getattr(request, "user", None)
        who = user.get_username() if user is not None and user.is_authenticated else "anonymous"
        said = record.getMessage()
        record.msg = "%s (%s, %s, %s)"
        record.args = (said, _escaped(request.method or ""), status, _escaped(who))
        record.exc_info = None
        record.exc_text = None
        return True
