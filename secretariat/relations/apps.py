from django.apps import AppConfig


class RelationsConfig(AppConfig):
    name = "secretariat.relations"
    label = "relations"
    verbose_name = "External relations"

    def ready(self) -> None:
        from secretariat.audit.visibility import register_visibility
        from secretariat.relations.selectors import may_see_record

        for model in self.get_models():
            register_visibility(model._meta.label_lower, may_see_record)
