"""A list page's filter fields in the rows their FilterHelper lays out
(templates/emg/includes/filter_form.html), with Bootstrap's classes on each widget."""

from django import forms, template

register = template.Library()


@register.simple_tag
def filter_rows(form) -> list[list[tuple]]:
    """The rows of ``form``'s filters: for each field its bound field, its column's class and
    its widget drawn with Bootstrap's class (and marked invalid, pointing to its errors, when it
    has some)."""
    return [
        [(field, css, _widget(field)) for field, css in row] for row in form.helper.fields_of(form)
    ]


def _widget(field) -> str:
    select = isinstance(field.field.widget, forms.Select)
    attrs = {"class": "form-select" if select else "form-control"}
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    return field.as_widget(attrs=attrs)
