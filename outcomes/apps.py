from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcome check-ins and questionnaires"

    def ready(self) -> None:
        from cases import pages, timeline, worklist
        from outcomes import (
            lines,
            schedule,  # noqa: F401  (registers the outcome producers)
        )
        from outcomes.pages import case_outcomes
        from outcomes.worklist import EXTENSION

        worklist.register(EXTENSION)
        pages.register_case_context(case_outcomes)
        timeline.register(*lines.ALL, values=lines.VALUES)
