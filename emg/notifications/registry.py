"""The kinds of notification. Each app registers its kinds in its ``notifications`` module
(``register(Kind(...))`` at import), found once a process by ``discover``."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules

from emg.models import Delivery, User


@dataclass(frozen=True)
class Kind:
    """``name`` is stored on each notification; ``label`` is what the preferences page says;
    ``roles`` are the roles that may receive it (and so see it on the preferences page);
    ``defaults`` the delivery per role when the person has not chosen (else immediately);
    ``template`` the base name of its details' templates (``<template>.txt`` and ``.html``),
    included in the mail and in the digest."""

    name: str
    label: str
    roles: frozenset[str]
    template: str
    defaults: Mapping[str, str] = field(default_factory=dict)
    order: int = 100

    def default_for(self, user: User) -> str:
        return self.defaults.get(user.role, Delivery.IMMEDIATE)


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Register ``kind`` (again: replaces it)."""
    _kinds[kind.name] = kind
    return kind


@functools.cache
def discover() -> None:
    """Import every app's ``notifications`` module, which registers its kinds; once a process.
    The Group's own live in emg.notifications.kinds (emg.notifications is this package)."""
    from emg.notifications import kinds  # noqa: F401

    autodiscover_modules("notifications")


def kind_named(name: str) -> Kind:
    discover()
    return _kinds[name]


def kinds() -> list[Kind]:
    discover()
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.name))


def kinds_for(user: User) -> list[Kind]:
    """The kinds ``user``'s role may receive: those their preferences page offers."""
    return [kind for kind in kinds() if user.role in kind.roles]
