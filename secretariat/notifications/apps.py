from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "secretariat.notifications"
    label = "notifications"
    verbose_name = "Notifications"
