"""What the mandates' pages share: the addresses of a mandate's page and of a ToR's clauses, and
what a form page says it is about."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from mandates.models import Mandate, TermsOfReference


def detail_url(mandate_id: int, anchor: str = "") -> str:
    url = reverse("mandates:detail", args=[mandate_id])
    return f"{url}#{anchor}" if anchor else url


def clauses_url(tor_id: int, clause_id: int | None = None) -> str:
    url = reverse("mandates:tor_clauses", args=[tor_id])
    return f"{url}#clause-{clause_id}" if clause_id else url


def about(*, mandate: Mandate | None = None, tor: TermsOfReference | None = None) -> dict:
    """What a form page (emg.views.editing.form_page) says it is about: the breadcrumb down to
    the mandate, or to the ToR under it, and their name as the page's lead."""
    if tor is not None:
        mandate = tor.mandate
    crumbs = [(_("Mandates"), reverse("mandates:list"))]
    if mandate is not None:
        crumbs.append((mandate.short_name or mandate.name, detail_url(mandate.pk)))
    if tor is not None:
        crumbs.append((_("Terms of reference"), clauses_url(tor.pk)))
    lead = tor.title if tor is not None else mandate.name if mandate is not None else ""
    return {"crumbs": crumbs, "lead": lead}
