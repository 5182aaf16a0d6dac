from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel as an app to connect its backstop (every write checked against its columns,
    ``core.columns``, before any other receiver sees it) and to watch every connection's
    writes for the data version (``core.freshness``)."""

    name = "secretariat.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.core.signals import setting_changed
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_save

        from secretariat.core import freshness
        from secretariat.core.columns import before_save

        pre_save.connect(before_save, dispatch_uid="core.columns.before_save")
        connection_created.connect(freshness.install, dispatch_uid="core.freshness.install")
        # A setting changed (the tests do): what this process cached may no longer hold.
        setting_changed.connect(freshness.settings_changed, dispatch_uid="core.freshness.settings")
        freshness.install_on_open_connections()
