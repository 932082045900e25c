"""The sign-in pages name the jobcenter a person is on their way into, where it is known."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import Resolver404, resolve

from accounts import mfa, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def next_jobcenter(context: dict[str, Any]) -> str:
    """The name of the jobcenter the page's `next` address leads into, if the signed-in person
    is a member of it; otherwise "" (a stranger never learns a jobcenter's name this way)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return ""
    target = mfa.safe_next(request)
    if not target:
        return ""
    try:
        slug = resolve(target.split("?", 1)[0]).kwargs.get("jobcenter")
    except Resolver404:
        return ""
    for membership in selectors.memberships_of(user=user):
        if membership.tenant.slug == slug:
            return membership.tenant.name
    return ""
