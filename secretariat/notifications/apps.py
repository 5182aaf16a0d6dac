from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "secretariat.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from secretariat.notifications import checks  # noqa: F401  # registers the check
