"""Mail made from templates: a subject, a plain-text body and an HTML alternative.

``mail_send(template="emg/email/notification", context=…, to=[…])`` renders
``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html``. The HTML is autoescaped
like any page; the text parts are written inside ``{% autoescape off %}`` (a mail reader shows
them as they are, so what a person typed must not come out as ``&lt;``). Nothing in the HTML
runs: no script, no style attribute, no remote image, only links.

Links in a mail are absolute: ``absolute(path)`` puts settings.SITE_URL in front, since a
background task has no request to take the host from."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute(path: str) -> str:
    """``path`` (``/inbox/``) as a link that works from outside: settings.SITE_URL + path."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def mail_render(*, template: str, context: dict) -> tuple[str, str, str]:
    """The subject (one line), the text and the HTML of ``template`` with ``context``."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context)
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return " ".join(subject.split()), text, html


def mail_send(*, template: str, context: dict, to: list[str]) -> int:
    """Render ``template`` (see the module's doc) and send it to ``to``; answers how many
    messages went (0 or 1)."""
    to = [address for address in to if address]
    if not to:
        return 0
    subject, text, html = mail_render(template=template, context=context)
    message = EmailMultiAlternatives(subject, text, None, to)
    message.attach_alternative(html, "text/html")
    return message.send()
