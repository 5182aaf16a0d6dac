from django.apps import AppConfig


class DatabankConfig(AppConfig):
    name = "secretariat.databank"
    label = "databank"
    verbose_name = "Databank"

    def ready(self) -> None:
        # Every write of a searchable model queues its object for the index (search.outbox).
        from secretariat.databank.search import outbox

        outbox.connect()
