"""Who may see or change what. Every view calls one of these; each rule has its test."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def can_edit_flow(user, flow) -> bool:  # type: ignore[no-untyped-def]
    """A coordinator edits every flow; a counsellor only the flows of their own place."""
    return user.is_authenticated and (user.is_coordinator or flow.place_id == user.place_id)


def can_view_flow(user, flow) -> bool:  # type: ignore[no-untyped-def]
    """Shared flows are readable by everyone signed in (the library)."""
    return can_edit_flow(user, flow) or (user.is_authenticated and flow.shared)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Vous n'avez pas accès à cette page.")


def require_coordinator(user) -> None:  # type: ignore[no-untyped-def]
    require(user.is_authenticated and user.is_coordinator)
