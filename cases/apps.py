from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from cases import (
            lines,
            rules,  # noqa: F401  (registers the permission rules for cases)
            timeline,
        )

        timeline.register(*lines.ALL, values=lines.VALUES)
