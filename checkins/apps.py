from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "checkins"
    verbose_name = "Check-ins and reminders"

    def ready(self) -> None:
        from cases import closing, pages, retention, timeline, worklist
        from checkins import (
            actions,
            backlog,
            lines,
            producers,  # noqa: F401  (registers the check-in and fit-note producers)
        )
        from checkins.pages import case_check_ins
        from checkins.retention import anonymise_check_ins
        from checkins.worklist import EXTENSION
        from rtw import outbox

        worklist.register(EXTENSION)
        pages.register_case_context(case_check_ins, sections=("summary", "check_ins"))
        outbox.register_backlog(backlog.due_reminders)
        retention.register(anonymise_check_ins)
        closing.register(actions.end_open_check_ins)
        timeline.register(*lines.ALL, values=lines.VALUES)
