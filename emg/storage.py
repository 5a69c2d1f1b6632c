"""Uploaded documents and rendered packs are kept outside the web root and served only by views
that check who is asking."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.VAR_DIR / "private", base_url=None)
