"""Every save and deletion of a registry row gives the registry a new generation token.

``registry.reference.reference`` keeps the registry's facts in memory per process and checks
the token on each call, so an edit in the admin (a calendar override, a summit's date) or a
new load of the reference data is seen by every process on its next call.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from secretariat.registry.models import RegistryGeneration
from secretariat.registry.services import registry_changed


def _changed(sender: type[Any], **kwargs: Any) -> None:
    registry_changed()


def connect() -> None:
    """Connect every registry model but the generation row itself (called by apps.ready)."""
    for model in apps.get_app_config("registry").get_models():
        if model is RegistryGeneration:
            continue
        uid = f"registry-generation-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
