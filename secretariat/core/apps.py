from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel as an app only to connect its backstop: every write checked against its
    columns (``core.columns``) before any other receiver sees it."""

    name = "secretariat.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from secretariat.core.columns import before_save

        pre_save.connect(before_save, dispatch_uid="core.columns.before_save")
