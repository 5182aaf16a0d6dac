"""Template helpers of the audit log: a link to an object's history, for those who may see it."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from secretariat.audit import labels

register = template.Library()


@register.filter
def can(user: Any, action: str) -> bool:
    """Whether a logged-in ``user``'s role allows ``action``: ``{% if user|can:"audit.all" %}``."""
    if not getattr(user, "is_authenticated", False) or not hasattr(user, "can"):
        return False  # a visitor (AnonymousUser), or no user at all
    return bool(user.can(action))


@register.simple_tag(takes_context=True)
def history_link(context: template.Context, obj: models.Model) -> SafeString:
    """A link to ``obj``'s history for logged-in users with ``audit.history``; else nothing."""
    html = render_to_string(
        "audit/_history_link.html",
        {
            "user": context.get("user"),
            "model_label": obj._meta.label_lower,
            "object_id": obj.pk,
            "name": labels.object_name(obj),
        },
    )
    return mark_safe(html.strip())  # noqa: S308  # rendered by the template engine, escaped there
