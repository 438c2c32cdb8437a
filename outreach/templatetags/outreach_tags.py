from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from outreach.money import money_text

register = template.Library()


@register.filter
def money(amount) -> str:
    """Issue 18: an amount as money, ``¥29,786.93`` (outreach/money.py decides how);
    "—" when there is none. `{{ x|default:0|money }}` shows a missing total as ¥0.00."""
    return money_text(amount) or "—"


@register.filter
def yes_no(value) -> str:
    """A boolean in words (是 / 否), never "True" / "False"; "—" when unknown."""
    if value is None or value == "":
        return "—"
    return _("yes") if value else _("no")


@register.filter
def rule_label(obj) -> str:
    """Issue 18: a violation or rulebook rule by its name, the code after it in small
    type (串岗 POST-CROSS). The name comes from the object's `rule_name`."""
    name = getattr(obj, "rule_name", None) or obj
    code = getattr(obj, "code", "")
    if not code or str(name) == code:
        return format_html("{}", name)
    return format_html('{} <small class="text-muted">{}</small>', name, code)


@register.filter
def field_value(obj, name: str):
    """The display value of a model field by name (choices shown by their label,
    a yes/no field as 是 / 否)."""
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(obj, name)
    if isinstance(value, bool):
        return yes_no(value)
    return "" if value is None else value


@register.filter
def field_label(model_or_obj, name: str) -> str:
    return model_or_obj._meta.get_field(name).verbose_name


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def dict_get(mapping, key):
    return mapping.get(key) if mapping else None
