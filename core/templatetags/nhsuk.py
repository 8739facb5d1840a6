"""Template helpers for rendering form fields with NHS.UK frontend classes."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_CLASS_BY_WIDGET = {
    forms.Select: "nhsuk-select",
    forms.SelectMultiple: "nhsuk-select",
    forms.Textarea: "nhsuk-textarea",
}


def _describedby(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def nhsuk_widget(field: BoundField, extra_class: str = "") -> SafeString:
    """Render a single-control widget (input, select, textarea) with design-system classes."""
    widget = field.field.widget
    base = next(
        (css for kind, css in _CLASS_BY_WIDGET.items() if isinstance(widget, kind)),
        "nhsuk-input",
    )
    classes = [base]
    if field.errors:
        classes.append(f"{base}--error")
    existing = widget.attrs.get("class")
    if existing:
        classes.append(existing)
    if extra_class:
        classes.append(extra_class)
    attrs: dict[str, Any] = {"class": " ".join(classes)}
    describedby = _describedby(field)
    if describedby:
        attrs["aria-describedby"] = describedby
    return field.as_widget(attrs=attrs)


@register.filter
def describedby(field: BoundField) -> str:
    return _describedby(field)


@register.filter
def choice_hint(field: BoundField, value: Any) -> str:
    hints = getattr(field.field.widget, "choice_hints", {})
    return hints.get(str(value), "")


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id the error summary should link to: the first focusable control."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.MultiWidget):
        return f"{field.auto_id}_0"
    return field.auto_id or field.html_name


@register.filter
def field_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.MultiWidget):
        return "fieldset"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "control"


@register.inclusion_tag("includes/error_summary_multi.html")
def error_summary(*forms: Any) -> dict[str, Any]:
    """One error summary for several forms submitted together."""
    return {"forms": [f for f in forms if f is not None and f.errors]}
