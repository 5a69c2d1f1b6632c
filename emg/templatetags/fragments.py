"""``{% cached_include "name.html" var=value ... %}``: like ``{% include "name.html" with
var=value only %}``, but kept per content (emg/fragments.py explains why that is safe)."""

from django import template

from emg.fragments import render_cached

register = template.Library()


@register.simple_tag(takes_context=True)
def cached_include(context, template_name, **values):
    """The fragment sees only ``values`` (and the CSRF token): name every variable it reads."""
    fragment = context.template.engine.get_template(template_name)
    return render_cached(context, fragment, values)
