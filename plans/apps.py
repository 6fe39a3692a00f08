from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Return-to-work plans"

    def ready(self) -> None:
        from cases import worklist
        from plans.worklist import EXTENSION

        worklist.register(EXTENSION)
