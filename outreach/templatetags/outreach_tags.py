from django import template

register = template.Library()


@register.filter
def field_value(obj, name: str):
    """The display value of a model field by name (choices shown by their label)."""
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(obj, name)
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
